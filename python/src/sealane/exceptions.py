"""PEP 249 exceptions carrying what the service said about a failure.

Every error raised by sealane derives from :class:`Error`. Errors from the
driver (``adbc_driver_manager.Error``) are translated into the class of the
same name here, keeping the original as ``__cause__``, and carry:

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
    the ADBC status code (``adbc_driver_manager.AdbcStatusCode``), or None.
"""

from __future__ import annotations

import contextlib
import re
from typing import Dict, Iterator, List, Optional, Tuple, Type

import adbc_driver_manager

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
]

# Keys of the error details the driver attaches (adbcdriver/errors.go).
DETAIL_STATEMENT_ID = "databricks.statement_id"
DETAIL_HTTP_STATUS = "databricks.http_status"
DETAIL_ERROR_CODE = "databricks.error_code"


class Warning(Exception):  # noqa: A001 - the PEP 249 name
    """PEP 249 Warning."""


class Error(Exception):
    """Base class of every sealane error (PEP 249)."""

    sqlstate: Optional[str]
    error_code: Optional[str]
    statement_id: Optional[str]
    http_status: Optional[int]
    error_class: Optional[str]
    status_code: Optional[adbc_driver_manager.AdbcStatusCode]
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
        status_code: Optional[adbc_driver_manager.AdbcStatusCode] = None,
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


_BY_NAME: Dict[str, Type[Error]] = {
    cls.__name__: cls
    for cls in (
        InterfaceError,
        DatabaseError,
        DataError,
        OperationalError,
        IntegrityError,
        InternalError,
        ProgrammingError,
        NotSupportedError,
    )
}


def _clean_sqlstate(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    value = value.strip("\x00").strip()
    if not value or value == "00000":
        return None
    return value


_RE_SQLSTATE = re.compile(r"SQLSTATE: ([0-9A-Z]{5})")
_RE_STATEMENT = re.compile(r"\[statement ([0-9A-Za-z_-]+)\]")
_RE_CLASS = re.compile(r"\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]")


def _text(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


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


def from_adbc(exc: adbc_driver_manager.Error) -> Error:
    """The sealane error for an adbc_driver_manager error."""
    cls: Type[Error] = DatabaseError
    for base in type(exc).__mro__:
        if base.__name__ in _BY_NAME:
            cls = _BY_NAME[base.__name__]
            break
    details: List[Tuple[str, bytes]] = []
    for key, value in getattr(exc, "details", None) or []:
        raw = bytes(value) if isinstance(value, (bytes, bytearray)) else _text(value).encode()
        details.append((_text(key), raw))
    found = {k: _text(v) for k, v in details}
    http_status: Optional[int] = None
    if found.get(DETAIL_HTTP_STATUS):
        try:
            http_status = int(found[DETAIL_HTTP_STATUS])
        except ValueError:
            pass
    status_code = getattr(exc, "status_code", None)
    return from_message(
        cls,
        str(exc),
        sqlstate=_clean_sqlstate(getattr(exc, "sqlstate", None)),
        error_code=found.get(DETAIL_ERROR_CODE) or None,
        statement_id=found.get(DETAIL_STATEMENT_ID) or None,
        http_status=http_status,
        status_code=status_code,
        details=details,
    )


@contextlib.contextmanager
def translate() -> Iterator[None]:
    """Re-raise driver and Arrow errors as sealane errors."""
    try:
        yield
    except Error:
        raise
    except adbc_driver_manager.Error as exc:
        raise from_adbc(exc) from exc
    except adbc_driver_manager.Warning as exc:  # pragma: no cover - not raised today
        raise Warning(str(exc)) from exc
    except _arrow_errors() as exc:
        # A result stream that failed without ADBC error details.
        raise from_message(OperationalError, str(exc)) from exc


def _arrow_errors() -> Tuple[Type[BaseException], ...]:
    import pyarrow

    return (pyarrow.ArrowException,)
