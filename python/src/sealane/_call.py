"""Blocking driver calls: GIL released, Ctrl-C cancels, errors translated.

adbc_driver_manager releases the GIL around every driver call and, on the
main thread, ``_blocking_call`` swaps in a native SIGINT handler for the
call's duration that runs a cancel callback on a helper thread. That handler
does not chain to Python's, so on its own a Ctrl-C would surface as the
driver's "cancelled" OperationalError. :func:`call` turns it back into a
KeyboardInterrupt (the cancellation error as its ``__context__``) once the
driver has cancelled the statement.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Tuple, TypeVar

from ._log import logger
from .exceptions import translate

T = TypeVar("T")

try:  # adbc_driver_manager >= 0.9 on POSIX; a plain call elsewhere
    from adbc_driver_manager._lib import _blocking_call as _adbc_blocking_call
except ImportError:  # pragma: no cover - depends on the installed version

    def _adbc_blocking_call(  # type: ignore[misc]
        func: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any], cancel: Callable[[], None]
    ) -> Any:
        return func(*args, **kwargs)


def quiet_cancel(cancel: Callable[[], None]) -> None:
    try:
        cancel()
    except Exception as exc:  # noqa: BLE001 - best effort
        logger.debug("cancel after interrupt failed: %s", exc)


def call(func: Callable[..., T], cancel: Callable[[], None], *args: Any) -> T:
    """func(*args) as a blocking driver call; cancel() cancels it.

    A SIGINT during the call (main thread) runs cancel() and raises
    KeyboardInterrupt when the call returns; a KeyboardInterrupt raised
    otherwise inside it also cancels before propagating.
    """
    interrupted = threading.Event()

    def on_sigint() -> None:
        interrupted.set()
        logger.debug("SIGINT during a driver call: cancelling")
        quiet_cancel(cancel)

    try:
        with translate():
            result = _adbc_blocking_call(func, args, {}, on_sigint)
    except KeyboardInterrupt:
        quiet_cancel(cancel)
        raise
    except BaseException:
        if interrupted.is_set():
            # The cancellation error stays reachable as __context__.
            raise KeyboardInterrupt() from None
        raise
    if interrupted.is_set():
        raise KeyboardInterrupt()
    return result
