"""databricks-sql-connector's API over sealane.

Code written for ``from databricks import sql`` runs with
``from sealane import sql``::

    from sealane import sql

    with sql.connect(server_hostname=host, http_path=http_path, access_token=token) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT * FROM t WHERE id > :min", {"min": 10})
            for row in cursor.fetchall():
                print(row.id, row["name"], row.asDict())

Differences that remain are listed in the package README ("Coming from
databricks-sql-connector").
"""

from __future__ import annotations

import datetime
import time
from typing import Any, Optional

from . import exc, types
from .client import Connection, Cursor
from .exc import (
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
from .types import BINARY, DATE, DATETIME, NUMBER, ROWID, STRING, CommandState, Row

#: PEP 249 module globals, as the connector's.
apilevel = "2.0"
threadsafety = 1
#: ``:name`` markers with a mapping; ``?`` markers with a sequence work too.
paramstyle = "named"

Date = datetime.date
Timestamp = datetime.datetime


def DateFromTicks(ticks: float) -> datetime.date:
    return Date(*time.localtime(ticks)[:3])


def TimestampFromTicks(ticks: float) -> datetime.datetime:
    return Timestamp(*time.localtime(ticks)[:6])


def connect(
    server_hostname: str,
    http_path: str,
    access_token: Optional[str] = None,
    **kwargs: Any,
) -> Connection:
    """Open a connection, with the connector's arguments: ``server_hostname``
    (a host, or a URL such as ``"http://127.0.0.1:8080"`` for
    ``sealane serve``), ``http_path``, ``access_token`` or
    ``credentials_provider``, ``catalog``, ``schema``,
    ``session_configuration``, ``auth_type``, ``user_agent_entry``."""
    return Connection(server_hostname, http_path, access_token, **kwargs)


__all__ = [
    "connect",
    "Connection",
    "Cursor",
    "Row",
    "CommandState",
    "exc",
    "types",
    "apilevel",
    "threadsafety",
    "paramstyle",
    "STRING",
    "BINARY",
    "NUMBER",
    "DATETIME",
    "DATE",
    "ROWID",
    "Date",
    "Timestamp",
    "DateFromTicks",
    "TimestampFromTicks",
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
