"""PEP 249 exceptions carrying what the service said about a failure.

Every error raised by sealane derives from :class:`Error`. Errors of the
driver library carry:

``sqlstate``
    the SQLSTATE of a failed statement (``"42P01"`` for a missing table), or
    None;
``error_code``
    the service's error code (``"BAD_REQUEST"``, ``"NOT_FOUND"``, …), or None;
``statement_id``
    the id of the statement that failed, when the server had assigned one;
``http_status``
    the HTTP status of the failing API call, when there was one;
``error_class``
    the Databricks error class named in the message
    (``"TABLE_OR_VIEW_NOT_FOUND"``), or None;
``status_code``
    the ADBC status code (:class:`AdbcStatusCode`), or None.

databricks-sql-connector's exception names are here too
(``RequestError``, ``ServerOperationError``, …), as subclasses of the PEP 249
classes, so ``except`` clauses written for the connector keep working.
"""

from __future__ import annotations

import contextlib
import enum
import re
from typing import Iterator, List, Optional, Tuple, Type

__all__ = [
    "Warning",
    "Error",
    "InterfaceError",
    "DatabaseError",
    "DataError",
    "OperationalError",
    "IntegrityError",
    "InternalError",
    "ProgrammingError",
    "NotSupportedError",
    "AdbcStatusCode",
    "RequestError",
    "ServerOperationError",
    "MaxRetryDurationError",
    "NonRecoverableNetworkError",
    "UnsafeToRetryError",
    "SessionAlreadyClosedError",
    "CursorAlreadyClosedError",
    "ServerProgrammingError",
    "ServerDataError",
]


class AdbcStatusCode(enum.IntEnum):
    """ADBC status codes (adbc.h)."""

    OK = 0
    UNKNOWN = 1
    NOT_IMPLEMENTED = 2
    NOT_FOUND = 3
    ALREADY_EXISTS = 4
    INVALID_ARGUMENT = 5
    INVALID_STATE = 6
    INVALID_DATA = 7
    INTEGRITY = 8
    INTERNAL = 9
    IO = 10
    CANCELLED = 11
    TIMEOUT = 12
    UNAUTHENTICATED = 13
    UNAUTHORIZED = 14


# Keys of the error details the driver attaches (adbcdriver/errors.go).
DETAIL_STATEMENT_ID = "databricks.statement_id"
DETAIL_HTTP_STATUS = "databricks.http_status"
DETAIL_ERROR_CODE = "databricks.error_code"


class Warning(Exception):  # the PEP 249 name (shadows the builtin here)
    """PEP 249 Warning."""


class Error(Exception):
    """Base class of every sealane error (PEP 249)."""

    sqlstate: Optional[str]
    error_code: Optional[str]
    statement_id: Optional[str]
    http_status: Optional[int]
    error_class: Optional[str]
    status_code: Optional[AdbcStatusCode]
    details: List[Tuple[str, bytes]]

    def __init__(
        self,
        message: str,
        *,
        sqlstate: Optional[str] = None,
        error_code: Optional[str] = None,
        statement_id: Optional[str] = None,
        http_status: Optional[int] = None,
        error_class: Optional[str] = None,
        status_code: Optional[AdbcStatusCode] = None,
        details: Optional[List[Tuple[str, bytes]]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sqlstate = sqlstate
        self.error_code = error_code
        self.statement_id = statement_id
        self.http_status = http_status
        self.error_class = error_class
        self.status_code = status_code
        self.details = list(details or [])


class InterfaceError(Error):
    """An error of the interface (this package), not of the database."""


class DatabaseError(Error):
    """An error related to the database."""


class DataError(DatabaseError):
    """A problem with the processed data (division by zero, out of range …)."""


class OperationalError(DatabaseError):
    """An error of the database's operation (connection lost, cancelled, timeout …)."""


class IntegrityError(DatabaseError):
    """The relational integrity of the database is affected."""


class InternalError(DatabaseError):
    """The database met an internal error."""


class ProgrammingError(DatabaseError):
    """A programming error: missing table, syntax error, wrong parameters …"""


class NotSupportedError(DatabaseError):
    """A method or database API that is not supported."""


# The connector's names (databricks.sql.exc), under the PEP 249 class its
# errors of that kind derive from.


class RequestError(OperationalError):
    """A request to the service failed (the connector's name)."""


class MaxRetryDurationError(RequestError):
    """Retries ran out of time (the connector's name)."""


class NonRecoverableNetworkError(RequestError):
    """A network failure that retrying does not fix (the connector's name)."""


class UnsafeToRetryError(RequestError):
    """A failed request that could not be retried safely (the connector's name)."""


class SessionAlreadyClosedError(RequestError):
    """The session was closed already (the connector's name)."""


class CursorAlreadyClosedError(RequestError):
    """The cursor was closed already (the connector's name)."""


class ServerOperationError(DatabaseError):
    """The statement failed on the server (the connector's name)."""


class ServerProgrammingError(ProgrammingError, ServerOperationError):
    """A statement the server refused or failed (missing table, syntax …):
    both the PEP 249 ProgrammingError and the connector's
    ServerOperationError."""


class ServerDataError(DataError, ServerOperationError):
    """A statement that failed on the server on its data (division by zero,
    overflow …): DataError and ServerOperationError."""


_RE_SQLSTATE = re.compile(r"SQLSTATE: ([0-9A-Z]{5})")
_RE_STATEMENT = re.compile(r"\[statement ([0-9A-Za-z_-]+)\]")
_RE_CLASS = re.compile(r"\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]")


def from_message(cls: Type[Error], message: str, **kwargs: object) -> Error:
    """An error whose SQLSTATE, statement id and error class are read from the
    driver's message (for errors that reach Python without details, such as a
    failed result stream)."""
    m = _RE_SQLSTATE.search(message)
    if m and not kwargs.get("sqlstate"):
        kwargs["sqlstate"] = m.group(1)
    m = _RE_STATEMENT.search(message)
    if m and not kwargs.get("statement_id"):
        kwargs["statement_id"] = m.group(1)
    m = _RE_CLASS.search(message)
    if m and not kwargs.get("error_class"):
        kwargs["error_class"] = m.group(1)
    return cls(message, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def translate() -> Iterator[None]:
    """Re-raise Arrow errors (a failed result stream without ADBC error
    details) as sealane errors."""
    try:
        yield
    except Error:
        raise
    except _arrow_errors() as exc:
        raise from_message(OperationalError, str(exc)) from exc


def _arrow_errors() -> Tuple[Type[BaseException], ...]:
    import pyarrow

    return (pyarrow.ArrowException,)
