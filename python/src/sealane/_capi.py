"""ctypes bindings to the driver library's own functions (sealane_adbc.h).

adbc_driver_manager drives the standard ADBC API; the extensions beyond it
(asynchronous execution, the logging bridge) and ``AdbcErrorFromArrayStream``
on streams we import ourselves are called here, on the same loaded library
(``dlopen`` of the same file returns the same handle, so both see one Go
runtime). ``ctypes.CDLL`` releases the GIL during every call.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, byref, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint64, c_void_p
from typing import Any, List, Optional, Tuple, Type

import pyarrow as pa

from ._driver import driver_path
from .exceptions import (
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    from_message,
)

VENDOR_CODE_PRIVATE_DATA = -(2**31)

# ADBC status codes.
STATUS_OK = 0
STATUS_NOT_IMPLEMENTED = 2
STATUS_TIMEOUT = 12


class AdbcError(ctypes.Structure):
    pass


_ERROR_RELEASE = ctypes.CFUNCTYPE(None, POINTER(AdbcError))

AdbcError._fields_ = [
    ("message", c_void_p),
    ("vendor_code", c_int32),
    ("sqlstate", c_char * 5),
    ("release", _ERROR_RELEASE),
    ("private_data", c_void_p),
    ("private_driver", c_void_p),
]


class AdbcErrorDetail(ctypes.Structure):
    _fields_ = [("key", c_char_p), ("value", c_void_p), ("value_length", c_size_t)]


class AdbcStatementStruct(ctypes.Structure):
    """struct AdbcStatement: only private_data matters to our functions."""

    _fields_ = [("private_data", c_void_p), ("private_driver", c_void_p)]


class ArrowArrayStream(ctypes.Structure):
    _fields_ = [
        ("get_schema", c_void_p),
        ("get_next", c_void_p),
        ("get_last_error", c_void_p),
        ("release", c_void_p),
        ("private_data", c_void_p),
    ]


#: void (*)(int level, const char* logger, const char* message)
LOG_CALLBACK = ctypes.CFUNCTYPE(None, c_int, c_char_p, c_char_p)

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
    err = POINTER(AdbcError)
    so.SealaneStatementSubmit.argtypes = [POINTER(AdbcStatementStruct), POINTER(c_uint64), err]
    so.SealaneHandleGetStatementId.argtypes = [c_uint64, c_void_p, POINTER(c_size_t), err]
    so.SealaneHandleStatus.argtypes = [c_uint64, c_void_p, POINTER(c_size_t), err]
    so.SealaneHandleWait.argtypes = [c_uint64, c_int64, POINTER(ArrowArrayStream), err]
    so.SealaneHandleCancel.argtypes = [c_uint64, err]
    so.SealaneHandleRelease.argtypes = [c_uint64, err]
    for name in (
        "SealaneStatementSubmit",
        "SealaneHandleGetStatementId",
        "SealaneHandleStatus",
        "SealaneHandleWait",
        "SealaneHandleCancel",
        "SealaneHandleRelease",
    ):
        getattr(so, name).restype = ctypes.c_uint8
    so.SealaneSetLogCallback.argtypes = [LOG_CALLBACK, c_int]
    so.SealaneSetLogCallback.restype = None
    so.SealaneSetLogLevel.argtypes = [c_int]
    so.SealaneSetLogLevel.restype = None
    so.SealaneFlushLog.argtypes = []
    so.SealaneFlushLog.restype = None
    so.AdbcErrorGetDetailCount.argtypes = [POINTER(AdbcError)]
    so.AdbcErrorGetDetailCount.restype = c_int
    so.AdbcErrorGetDetail.argtypes = [POINTER(AdbcError), c_int]
    so.AdbcErrorGetDetail.restype = AdbcErrorDetail
    so.AdbcErrorFromArrayStream.argtypes = [POINTER(ArrowArrayStream), POINTER(ctypes.c_uint8)]
    so.AdbcErrorFromArrayStream.restype = POINTER(AdbcError)
    return so


# --- errors -------------------------------------------------------------------

# ADBC status → PEP 249 class, as adbc_driver_manager maps them.
_CLASSES = {
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

_STATUS_NAMES = {
    1: "UNKNOWN",
    2: "NOT_IMPLEMENTED",
    3: "NOT_FOUND",
    4: "ALREADY_EXISTS",
    5: "INVALID_ARGUMENT",
    6: "INVALID_STATE",
    7: "INVALID_DATA",
    8: "INTEGRITY",
    9: "INTERNAL",
    10: "IO",
    11: "CANCELLED",
    12: "TIMEOUT",
    13: "UNAUTHENTICATED",
    14: "UNAUTHORIZED",
}


class WaitTimeout(OperationalError, TimeoutError):
    """AsyncStatement.wait(timeout) ran out of time; the statement still runs."""


def new_error() -> AdbcError:
    e = AdbcError()
    e.vendor_code = VENDOR_CODE_PRIVATE_DATA  # ask for 1.1.0 errors (details)
    return e


def _status_code(status: int) -> Any:
    try:
        import adbc_driver_manager

        return adbc_driver_manager.AdbcStatusCode(status)
    except (ImportError, ValueError):  # pragma: no cover - depends on the version
        return status


def to_exception(status: int, err: Optional[AdbcError], release: bool = True) -> Error:
    """The sealane exception for a failed call (releases err when asked)."""
    from .exceptions import DETAIL_ERROR_CODE, DETAIL_HTTP_STATUS, DETAIL_STATEMENT_ID

    message = _STATUS_NAMES.get(status, str(status))
    sqlstate: Optional[str] = None
    details: List[Tuple[str, bytes]] = []
    if err is not None:
        if err.message:
            message += ": " + ctypes.string_at(err.message).decode("utf-8", "replace")
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
        if release and err.release:
            err.release(byref(err))
    found = {k: v.decode("utf-8", "replace") for k, v in details}
    http_status = None
    if found.get(DETAIL_HTTP_STATUS, "").isdigit():
        http_status = int(found[DETAIL_HTTP_STATUS])
    cls: Type[Error] = WaitTimeout if status == STATUS_TIMEOUT else _CLASSES.get(status, OperationalError)
    return from_message(
        cls,
        message,
        sqlstate=sqlstate,
        error_code=found.get(DETAIL_ERROR_CODE) or None,
        statement_id=found.get(DETAIL_STATEMENT_ID) or None,
        http_status=http_status,
        status_code=_status_code(status),
        details=details,
    )


def check(status: int, err: AdbcError) -> None:
    if status != STATUS_OK:
        raise to_exception(status, err)


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


# --- streams --------------------------------------------------------------------


class StreamReader:
    """A pyarrow reader over one of the driver's C streams whose failures are
    raised as sealane errors with the SQLSTATE and details the driver kept
    (AdbcErrorFromArrayStream)."""

    def __init__(self, stream: ArrowArrayStream) -> None:
        # A copy of the struct: pyarrow moves the original, but the private
        # data stays the stream's until pyarrow releases it.
        self._copy = ArrowArrayStream.from_buffer_copy(stream)
        try:
            self._reader: Optional[pa.RecordBatchReader] = pa.RecordBatchReader._import_from_c(
                ctypes.addressof(stream)
            )
        except Exception as exc:  # noqa: BLE001
            self._reader = None
            self._raise(exc)

    def _raise(self, exc: BaseException) -> None:
        status = ctypes.c_uint8(0)
        err = lib().AdbcErrorFromArrayStream(byref(self._copy), byref(status))
        if err and status.value != STATUS_OK:
            # The stream owns the error: read it, do not release it.
            raise to_exception(status.value, err.contents, release=False) from exc
        raise from_message(OperationalError, str(exc)) from exc

    @property
    def schema(self) -> pa.Schema:
        assert self._reader is not None
        return self._reader.schema

    @property
    def plain(self) -> Optional[pa.RecordBatchReader]:
        return self._reader

    def read_next_batch(self) -> pa.RecordBatch:
        assert self._reader is not None
        try:
            return self._reader.read_next_batch()
        except StopIteration:
            raise
        except (pa.ArrowException, OSError) as exc:
            self._raise(exc)
            raise  # pragma: no cover - _raise always raises

    def read_all(self) -> pa.Table:
        assert self._reader is not None
        try:
            return self._reader.read_all()
        except (pa.ArrowException, OSError) as exc:
            self._raise(exc)
            raise  # pragma: no cover

    def close(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()


def interface_error(message: str) -> InterfaceError:
    return InterfaceError("sealane: " + message)
