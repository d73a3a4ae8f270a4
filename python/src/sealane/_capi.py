"""ctypes bindings to the driver library (capi/sealane_adbc.h).

The library exports the ADBC 1.1.0 API (``AdbcDatabaseNew`` & co.) and the
``Sealane*`` extensions (asynchronous execution, the logging bridge); sealane
calls them directly: no driver manager. ``ctypes.CDLL`` releases the GIL
during every call.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    byref,
    c_char,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint8,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import Any, Callable, Dict, List, Optional, Tuple, Type

from ._driver import driver_path
from .exceptions import (
    DETAIL_ERROR_CODE,
    DETAIL_HTTP_STATUS,
    DETAIL_STATEMENT_ID,
    AdbcStatusCode,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    RequestError,
    ServerDataError,
    ServerProgrammingError,
    from_message,
)

VENDOR_CODE_PRIVATE_DATA = -(2**31)

STATUS_OK = 0
STATUS_NOT_IMPLEMENTED = 2
STATUS_TIMEOUT = 12


# --- structures (layouts of adbc.h and Arrow's abi.h) ---------------------------


class AdbcError(Structure):
    pass


ERROR_RELEASE = CFUNCTYPE(None, POINTER(AdbcError))

AdbcError._fields_ = [
    ("message", c_void_p),
    ("vendor_code", c_int32),
    ("sqlstate", c_char * 5),
    ("release", ERROR_RELEASE),
    ("private_data", c_void_p),
    ("private_driver", c_void_p),
]


class AdbcErrorDetail(Structure):
    _fields_ = [("key", c_char_p), ("value", c_void_p), ("value_length", c_size_t)]


class AdbcHandle(Structure):
    """struct AdbcDatabase, AdbcConnection and AdbcStatement (same layout)."""

    _fields_ = [("private_data", c_void_p), ("private_driver", c_void_p)]


class ArrowSchema(Structure):
    pass


SCHEMA_RELEASE = CFUNCTYPE(None, POINTER(ArrowSchema))

ArrowSchema._fields_ = [
    ("format", c_char_p),
    ("name", c_char_p),
    ("metadata", c_char_p),
    ("flags", c_int64),
    ("n_children", c_int64),
    ("children", c_void_p),
    ("dictionary", c_void_p),
    ("release", c_void_p),
    ("private_data", c_void_p),
]


class ArrowArray(Structure):
    _fields_ = [
        ("length", c_int64),
        ("null_count", c_int64),
        ("offset", c_int64),
        ("n_buffers", c_int64),
        ("n_children", c_int64),
        ("buffers", c_void_p),
        ("children", c_void_p),
        ("dictionary", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


class ArrowArrayStream(Structure):
    _fields_ = [
        ("get_schema", c_void_p),
        ("get_next", c_void_p),
        ("get_last_error", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


ARRAY_RELEASE = CFUNCTYPE(None, POINTER(ArrowArray))
STREAM_RELEASE = CFUNCTYPE(None, POINTER(ArrowArrayStream))
STREAM_GET_SCHEMA = CFUNCTYPE(c_int, POINTER(ArrowArrayStream), POINTER(ArrowSchema))
STREAM_GET_LAST_ERROR = CFUNCTYPE(c_char_p, POINTER(ArrowArrayStream))

#: void (*)(int level, const char* logger, const char* message)
LOG_CALLBACK = CFUNCTYPE(None, c_int, c_char_p, c_char_p)

_lib: Optional[ctypes.CDLL] = None
_lib_lock = threading.Lock()


def lib() -> ctypes.CDLL:
    """The driver library, loaded once, with the prototypes set."""
    global _lib
    with _lib_lock:
        if _lib is None:
            _lib = _load(driver_path())
        return _lib


def _load(path: str) -> ctypes.CDLL:
    so = ctypes.CDLL(path)
    h = POINTER(AdbcHandle)
    err = POINTER(AdbcError)
    stream = POINTER(ArrowArrayStream)
    status_fns: Dict[str, List[Any]] = {
        "AdbcDatabaseNew": [h, err],
        "AdbcDatabaseSetOption": [h, c_char_p, c_char_p, err],
        "AdbcDatabaseInit": [h, err],
        "AdbcDatabaseRelease": [h, err],
        "AdbcConnectionNew": [h, err],
        "AdbcConnectionSetOption": [h, c_char_p, c_char_p, err],
        "AdbcConnectionInit": [h, h, err],
        "AdbcConnectionRelease": [h, err],
        "AdbcConnectionCancel": [h, err],
        "AdbcConnectionGetInfo": [h, POINTER(c_uint32), c_size_t, stream, err],
        "AdbcConnectionGetObjects": [h, c_int, c_char_p, c_char_p, c_char_p, POINTER(c_char_p), c_char_p, stream, err],
        "AdbcConnectionGetTableSchema": [h, c_char_p, c_char_p, c_char_p, POINTER(ArrowSchema), err],
        "AdbcConnectionGetTableTypes": [h, stream, err],
        "AdbcStatementNew": [h, h, err],
        "AdbcStatementRelease": [h, err],
        "AdbcStatementCancel": [h, err],
        "AdbcStatementSetSqlQuery": [h, c_char_p, err],
        "AdbcStatementSetOption": [h, c_char_p, c_char_p, err],
        "AdbcStatementGetOptionInt": [h, c_char_p, POINTER(c_int64), err],
        "AdbcStatementExecuteQuery": [h, stream, POINTER(c_int64), err],
        "AdbcStatementBind": [h, POINTER(ArrowArray), POINTER(ArrowSchema), err],
        "AdbcStatementBindStream": [h, stream, err],
        "SealaneStatementSubmit": [h, POINTER(c_uint64), err],
        "SealaneHandleGetStatementId": [c_uint64, c_void_p, POINTER(c_size_t), err],
        "SealaneHandleStatus": [c_uint64, c_void_p, POINTER(c_size_t), err],
        "SealaneHandleWait": [c_uint64, c_int64, stream, err],
        "SealaneHandleCancel": [c_uint64, err],
        "SealaneHandleRelease": [c_uint64, err],
    }
    for name, argtypes in status_fns.items():
        fn = getattr(so, name)
        fn.argtypes = argtypes
        fn.restype = c_uint8
    so.SealaneSetLogCallback.argtypes = [LOG_CALLBACK, c_int]
    so.SealaneSetLogCallback.restype = None
    so.SealaneSetLogLevel.argtypes = [c_int]
    so.SealaneSetLogLevel.restype = None
    so.SealaneFlushLog.argtypes = []
    so.SealaneFlushLog.restype = None
    so.AdbcErrorGetDetailCount.argtypes = [err]
    so.AdbcErrorGetDetailCount.restype = c_int
    so.AdbcErrorGetDetail.argtypes = [err, c_int]
    so.AdbcErrorGetDetail.restype = AdbcErrorDetail
    so.AdbcErrorFromArrayStream.argtypes = [stream, POINTER(c_uint8)]
    so.AdbcErrorFromArrayStream.restype = err
    return so


# --- errors -------------------------------------------------------------------

# ADBC status → PEP 249 class, as ADBC's Python driver manager maps them.
_CLASSES: Dict[int, Type[Error]] = {
    1: OperationalError,  # UNKNOWN
    2: NotSupportedError,  # NOT_IMPLEMENTED
    3: ProgrammingError,  # NOT_FOUND
    4: ProgrammingError,  # ALREADY_EXISTS
    5: ProgrammingError,  # INVALID_ARGUMENT
    6: ProgrammingError,  # INVALID_STATE
    7: DataError,  # INVALID_DATA
    8: IntegrityError,  # INTEGRITY
    9: InternalError,  # INTERNAL
    10: OperationalError,  # IO
    11: OperationalError,  # CANCELLED
    12: OperationalError,  # TIMEOUT
    13: ProgrammingError,  # UNAUTHENTICATED
    14: ProgrammingError,  # UNAUTHORIZED
}


class WaitTimeout(OperationalError, TimeoutError):
    """AsyncStatement.wait(timeout) ran out of time; the statement still runs."""


def new_error() -> AdbcError:
    e = AdbcError()
    e.vendor_code = VENDOR_CODE_PRIVATE_DATA  # ask for 1.1.0 errors (details)
    return e


def release_error(err: AdbcError) -> None:
    if err.release:
        err.release(byref(err))


def _status(status: int) -> Any:
    try:
        return AdbcStatusCode(status)
    except ValueError:
        return status


def to_exception(status: int, err: Optional[AdbcError], release: bool = True) -> Error:
    """The sealane exception for a failed call (releases err when asked)."""
    code = _status(status)
    message = code.name if isinstance(code, AdbcStatusCode) else str(status)
    sqlstate: Optional[str] = None
    details: List[Tuple[str, bytes]] = []
    if err is not None:
        if err.message:
            message += ": " + (ctypes.string_at(err.message).decode("utf-8", "replace"))
        raw = bytes(err.sqlstate)
        if raw and raw[0] != 0:
            sqlstate = raw[:5].decode("ascii", "replace").strip("\x00") or None
            if sqlstate == "00000":
                sqlstate = None
        if sqlstate:
            message += f". SQLSTATE: {sqlstate}"
        so = lib()
        for i in range(so.AdbcErrorGetDetailCount(byref(err))):
            d = so.AdbcErrorGetDetail(byref(err), i)
            if not d.key or not d.value:
                break
            details.append((d.key.decode("utf-8", "replace"), ctypes.string_at(d.value, d.value_length)))
        if release:
            release_error(err)
    found = {k: v.decode("utf-8", "replace") for k, v in details}
    http_status = None
    if found.get(DETAIL_HTTP_STATUS, "").isdigit():
        http_status = int(found[DETAIL_HTTP_STATUS])
    cls: Type[Error] = WaitTimeout if status == STATUS_TIMEOUT else _CLASSES.get(status, OperationalError)
    statement_id = found.get(DETAIL_STATEMENT_ID) or None
    # The connector's classes too: a statement the server failed is a
    # ServerOperationError, a failed request a RequestError.
    if statement_id and cls is ProgrammingError:
        cls = ServerProgrammingError
    elif statement_id and cls is DataError:
        cls = ServerDataError
    elif status == AdbcStatusCode.IO and cls is OperationalError:
        cls = RequestError
    return from_message(
        cls,
        message,
        sqlstate=sqlstate,
        error_code=found.get(DETAIL_ERROR_CODE) or None,
        statement_id=statement_id,
        http_status=http_status,
        status_code=code,
        details=details,
    )


def check(status: int, err: AdbcError) -> None:
    if status != STATUS_OK:
        raise to_exception(status, err)


def invoke(func: Callable[..., int], *args: Any) -> None:
    """func(*args, &error), raising the driver's error."""
    err = new_error()
    check(func(*args, byref(err)), err)


def get_string(func: Any, handle: int) -> str:
    """A string result of a Sealane* getter (AdbcStatementGetOption convention)."""
    buf = ctypes.create_string_buffer(128)
    n = c_size_t(len(buf))
    err = new_error()
    check(func(handle, buf, byref(n), byref(err)), err)
    if n.value > len(buf):
        buf = ctypes.create_string_buffer(n.value)
        n = c_size_t(len(buf))
        check(func(handle, buf, byref(n), byref(err)), err)
    return buf.value.decode("utf-8")


def interface_error(message: str) -> InterfaceError:
    return InterfaceError("sealane: " + message)
