"""The exception classes, under databricks-sql-connector's names
(``databricks.sql.exc``): every one is sealane's own class."""

from __future__ import annotations

from ..exceptions import (
    CursorAlreadyClosedError,
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    MaxRetryDurationError,
    NonRecoverableNetworkError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    RequestError,
    ServerOperationError,
    SessionAlreadyClosedError,
    UnsafeToRetryError,
    Warning,
)

__all__ = [
    "Error",
    "Warning",
    "InterfaceError",
    "DatabaseError",
    "InternalError",
    "OperationalError",
    "ProgrammingError",
    "IntegrityError",
    "DataError",
    "NotSupportedError",
    "ServerOperationError",
    "RequestError",
    "MaxRetryDurationError",
    "NonRecoverableNetworkError",
    "UnsafeToRetryError",
    "SessionAlreadyClosedError",
    "CursorAlreadyClosedError",
]
