"""sealane: Databricks SQL from Python over Apache Arrow.

A thin layer over sealane's Go ADBC driver (bundled in this package), called
through ctypes: results stream as pyarrow RecordBatches without copies (and
hand over to any Arrow library through the Arrow PyCapsule interface), driver
calls release the GIL, and Ctrl-C cancels the running statement on the
server. ``from sealane import sql`` is a databricks-sql-connector look-alike.

First-party API::

    with sealane.Connection("https://adb-1.azuredatabricks.net", "/sql/1.0/warehouses/abc",
                            access_token=token) as conn:
        rs = conn.execute("SELECT * FROM t WHERE id > ?", [10])
        table = rs.fetch_all_arrow()

        job = conn.execute_async("SELECT …")      # the statement id at once
        job.statement_id, job.status()            # "RUNNING", …
        table = job.wait().fetch_all_arrow()      # or job.cancel()

PEP 249::

    conn = sealane.connect(host, http_path, token)
    cur = conn.cursor()
    cur.execute("SELECT :x AS x", {"x": 1})
    cur.fetchall()
"""

from __future__ import annotations

from . import exceptions
from ._capi import WaitTimeout
from ._driver import driver_path
from ._log import logger
from ._logbridge import flush as flush_logs
from ._version import __version__
from .asyncstatement import AsyncStatement
from .connection import Connection, Cursor, ResultSet, connect
from .exceptions import (
    AdbcStatusCode,
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    Warning,
)
from .types import (
    BINARY,
    DATETIME,
    NUMBER,
    ROWID,
    STRING,
    Binary,
    Date,
    DateFromTicks,
    Time,
    TimeFromTicks,
    Timestamp,
    TimestampFromTicks,
)

#: PEP 249 module globals.
apilevel = "2.0"
#: Threads may share the module, not connections.
threadsafety = 1
#: "?" markers with a sequence; ":name" markers with a mapping work too.
paramstyle = "qmark"

__all__ = [
    "__version__",
    "apilevel",
    "threadsafety",
    "paramstyle",
    "connect",
    "Connection",
    "Cursor",
    "ResultSet",
    "AsyncStatement",
    "WaitTimeout",
    "driver_path",
    "logger",
    "flush_logs",
    "exceptions",
    "AdbcStatusCode",
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
    "STRING",
    "BINARY",
    "NUMBER",
    "DATETIME",
    "ROWID",
    "Date",
    "Time",
    "Timestamp",
    "DateFromTicks",
    "TimeFromTicks",
    "TimestampFromTicks",
    "Binary",
]
