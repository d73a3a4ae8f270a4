"""Blocking driver calls: GIL released, Ctrl-C cancels, errors translated.

ctypes releases the GIL for every call into the driver library, so other
Python threads run meanwhile. Python runs signal handlers only on the main
thread, between bytecodes: a Ctrl-C while the main thread sits in a long C
call would wait for that call to end. So on the main thread (when SIGINT has
a Python handler) :func:`call` runs the driver call on a helper thread and
waits for it interruptibly; a KeyboardInterrupt then cancels the statement on
the server, waits for the call to return (the driver ends it promptly once
cancelled) and is re-raised with the cancellation error as its
``__context__`` (statement id, SQLSTATE). Elsewhere the call runs directly.
"""

from __future__ import annotations

import signal
import threading
from typing import Any, Callable, List, NoReturn, Optional, TypeVar, cast

from ._log import logger
from .exceptions import translate

T = TypeVar("T")


def quiet_cancel(cancel: Callable[[], None]) -> None:
    try:
        cancel()
    except Exception as exc:  # best effort
        logger.debug("cancel after interrupt failed: %s", exc)


def _interruptible() -> bool:
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        handler = signal.getsignal(signal.SIGINT)
    except (ValueError, OSError):  # pragma: no cover - no signal support
        return False
    return callable(handler)


def raise_interrupt(error: Optional[BaseException]) -> NoReturn:
    """Raise KeyboardInterrupt with error (the cancellation) as __context__.

    Called outside any ``except`` block: Python sets ``__context__`` itself
    when raising inside one.
    """
    if error is None:
        raise KeyboardInterrupt()
    try:
        raise error
    except BaseException:
        raise KeyboardInterrupt()  # noqa: B904 - the context is the point


def call(func: Callable[..., T], cancel: Callable[[], None], *args: Any) -> T:
    """func(*args) as a blocking driver call that cancel() cancels.

    On the main thread a Ctrl-C during the call runs cancel() and raises
    KeyboardInterrupt once the call has returned, with the call's error (the
    cancellation, with its statement id and SQLSTATE) as ``__context__``.
    """
    if not _interruptible():
        with translate():
            return func(*args)

    result: List[Any] = []
    failure: List[BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            with translate():
                result.append(func(*args))
        except BaseException as exc:
            failure.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=run, name="sealane-call", daemon=True)
    worker.start()
    interrupted = False
    try:
        done.wait()
    except KeyboardInterrupt:
        interrupted = True
        logger.debug("SIGINT during a driver call: cancelling")
        quiet_cancel(cancel)
        # The call ends promptly once cancelled; a second Ctrl-C stops waiting.
        done.wait()
    if interrupted:
        raise_interrupt(failure[0] if failure else None)
    if failure:
        raise failure[0]
    return cast(T, result[0])
