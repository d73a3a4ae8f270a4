"""AsyncStatement: a statement submitted without waiting for its result."""

from __future__ import annotations

import threading
import time
from ctypes import byref, c_uint64
from typing import TYPE_CHECKING, Any, Optional

from . import _capi
from ._call import quiet_cancel, raise_interrupt
from ._closing import Closing
from ._log import logger
from ._stream import DriverStream
from .exceptions import Error, InterfaceError
from .resultset import ResultSet

if TYPE_CHECKING:  # pragma: no cover
    from ._adbc import Statement
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

# wait() blocks in the driver for at most this long at a time, so that
# Ctrl-C is seen promptly (and then cancels the statement).
_SLICE_MS = 250
# After a Ctrl-C, how long wait() waits for the cancelled statement's error.
_CANCEL_GRACE = 5.0


def submit(statement: "Statement") -> int:
    """SealaneStatementSubmit on the statement (SQL set, parameters bound);
    returns the handle, independent of the statement."""
    handle = c_uint64(0)
    _capi.invoke(_capi.lib().SealaneStatementSubmit, byref(statement.handle), byref(handle))
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
            interrupted = False
            stream = _capi.ArrowArrayStream()
            try:
                self._wait(handle, stream, deadline)
            except KeyboardInterrupt:
                interrupted = True
            if interrupted:
                self._interrupted(handle)
            self._taken = True
            self._state = SUCCEEDED
        elapsed = time.monotonic() - self.submitted_at
        logger.debug("statement %s finished %.3fs after submit", self.statement_id, elapsed)
        rs = ResultSet(DriverStream(stream), statement=self, owner=self._owner)
        if self._owner is not None:
            self._owner._track(rs)
        return rs

    def _wait(self, handle: int, stream: _capi.ArrowArrayStream, deadline: Optional[float]) -> None:
        """SealaneHandleWait in slices (Ctrl-C is seen between them)."""
        so = _capi.lib()
        while True:
            slice_ms = _SLICE_MS
            if deadline is not None:
                slice_ms = max(0, min(_SLICE_MS, int((deadline - time.monotonic()) * 1000)))
            err = _capi.new_error()
            status = so.SealaneHandleWait(handle, slice_ms, byref(stream), byref(err))
            if status == _capi.STATUS_OK:
                return
            if status == _capi.STATUS_TIMEOUT and (deadline is None or time.monotonic() < deadline):
                _capi.release_error(err)
                continue
            raise _capi.to_exception(status, err)

    def _interrupted(self, handle: int) -> None:
        """After Ctrl-C in wait(): cancel on the server, collect the
        cancellation error and raise KeyboardInterrupt with it as context."""
        logger.debug("interrupted while waiting for %s: cancelling", self.statement_id)
        quiet_cancel(self.cancel)
        error: Optional[BaseException] = None
        stream = _capi.ArrowArrayStream()
        try:
            self._wait(handle, stream, time.monotonic() + _CANCEL_GRACE)
            DriverStream(stream).close()  # it had finished after all
        except Error as exc:
            error = exc
        raise_interrupt(error)

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
