"""AsyncStatement: a statement submitted without waiting for its result."""

from __future__ import annotations

import threading
import time
from ctypes import byref, c_uint64
from typing import TYPE_CHECKING, Any, Optional

from . import _capi
from ._call import quiet_cancel
from ._closing import Closing
from ._log import logger
from .exceptions import InterfaceError
from .resultset import ResultSet

if TYPE_CHECKING:  # pragma: no cover
    from .connection import Connection

__all__ = ["AsyncStatement", "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "CLOSED"]

#: Statement states, as the service names them.
PENDING = "PENDING"
RUNNING = "RUNNING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
CANCELED = "CANCELED"
CLOSED = "CLOSED"
TERMINAL = frozenset({SUCCEEDED, FAILED, CANCELED, CLOSED})

#: Read-only integer statement option of the driver: the address of the
#: statement's private data, which SealaneStatementSubmit takes.
OPT_PRIVATE_DATA = "sealane.statement.private_data"

# wait() blocks in the driver for at most this long at a time, so that
# Ctrl-C is seen promptly (and then cancels the statement).
_SLICE_MS = 250


def submit(statement_address: int) -> int:
    """SealaneStatementSubmit on the statement whose private data is at
    statement_address; returns the handle."""
    so = _capi.lib()
    fake = _capi.AdbcStatementStruct(private_data=statement_address, private_driver=None)
    handle = c_uint64(0)
    err = _capi.new_error()
    _capi.check(so.SealaneStatementSubmit(byref(fake), byref(handle), byref(err)), err)
    return handle.value


class AsyncStatement(Closing):
    """A statement running on the warehouse, from
    :meth:`Connection.execute_async` (or ``Cursor.execute_async``).

    ``statement_id`` is the service's id, known as soon as the call returns.
    :meth:`status` (alias :meth:`poll`) asks the service for the state —
    ``"PENDING"``, ``"RUNNING"``, ``"SUCCEEDED"``, ``"FAILED"``,
    ``"CANCELED"`` or ``"CLOSED"``; :meth:`wait` returns the result as a
    streaming :class:`ResultSet` (raising the statement's error with its
    SQLSTATE if it failed); :meth:`cancel` cancels it on the service.

    Close it (or use ``with``) when its result is not read: that closes the
    statement on the service. Reading the result to the end does it too.
    Calls release the GIL; Ctrl-C during :meth:`wait` cancels the statement.
    """

    def __init__(self, owner: "Connection", handle: int, sql: str) -> None:
        self._owner: Optional["Connection"] = owner
        self._handle: Optional[int] = handle
        self._lock = threading.Lock()
        self._state: Optional[str] = None
        self._taken = False
        self._closed = False
        self.sql = sql
        self.statement_id: str = _capi.get_string(_capi.lib().SealaneHandleGetStatementId, handle)
        self.submitted_at = time.monotonic()

    def __repr__(self) -> str:
        return f"<sealane.AsyncStatement {self.statement_id} {self._state or '?'}>"

    def _live(self) -> int:
        handle = self._handle
        if handle is None:
            raise InterfaceError("sealane: the asynchronous statement is closed")
        return handle

    # --- state --------------------------------------------------------------

    def status(self) -> str:
        """The statement's state, polled from the service (a final state,
        once seen, is not polled again)."""
        if self._handle is None and self._state is not None:
            return self._state
        state = _capi.get_string(_capi.lib().SealaneHandleStatus, self._live())
        self._state = state
        return state

    poll = status

    def done(self) -> bool:
        """Whether the statement has finished (polls the service)."""
        return self.status() in TERMINAL

    # --- result ---------------------------------------------------------------

    def wait(self, timeout: Optional[float] = None) -> ResultSet:
        """Wait for the statement and return its result, streamed.

        With ``timeout`` (seconds), raise :class:`sealane.WaitTimeout` (an
        OperationalError and a TimeoutError) if it is still running then; it
        keeps running and wait() may be called again. A statement that failed
        or was cancelled raises its error (SQLSTATE, statement id).
        """
        with self._lock:
            if self._taken:
                raise InterfaceError("sealane: wait() returned this statement's result already")
            handle = self._live()
            deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
            so = _capi.lib()
            try:
                while True:
                    slice_ms = _SLICE_MS
                    if deadline is not None:
                        slice_ms = max(0, min(_SLICE_MS, int((deadline - time.monotonic()) * 1000)))
                    stream = _capi.ArrowArrayStream()
                    err = _capi.new_error()
                    status = so.SealaneHandleWait(handle, slice_ms, byref(stream), byref(err))
                    if status == _capi.STATUS_OK:
                        break
                    if status == _capi.STATUS_TIMEOUT and (deadline is None or time.monotonic() < deadline):
                        if err.release:
                            err.release(byref(err))
                        continue
                    raise _capi.to_exception(status, err)
            except KeyboardInterrupt:
                logger.debug("interrupted while waiting for %s: cancelling", self.statement_id)
                quiet_cancel(self.cancel)
                raise
            self._taken = True
            self._state = SUCCEEDED
        logger.debug("statement %s finished %.3fs after submit", self.statement_id, time.monotonic() - self.submitted_at)
        reader = _capi.StreamReader(stream)
        rs = ResultSet(reader, plain_reader=reader.plain, statement=self, owner=self._owner)
        if self._owner is not None:
            self._owner._track(rs)
        return rs

    def result(self, timeout: Optional[float] = None) -> Any:
        """The whole result as a pyarrow.Table (wait() then fetch_all_arrow())."""
        with self.wait(timeout) as rs:
            return rs.fetch_all_arrow()

    # --- control ----------------------------------------------------------------

    def cancel(self) -> None:
        """Cancel the statement on the service (it ends CANCELED unless it
        had finished); a wait() or a fetch in progress then fails."""
        handle = self._handle
        if handle is None:
            return
        logger.debug("cancel statement %s", self.statement_id)
        err = _capi.new_error()
        _capi.check(_capi.lib().SealaneHandleCancel(handle, byref(err)), err)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Release the statement: one whose result was never taken is closed
        on the service; a result set already returned stays readable."""
        if self._closed:
            return
        self._closed = True
        handle, self._handle = self._handle, None
        owner, self._owner = self._owner, None
        if owner is not None:
            owner._forget(self)
        if handle is not None:
            err = _capi.new_error()
            _capi.check(_capi.lib().SealaneHandleRelease(handle, byref(err)), err)
