"""The driver's log records (Go slog) forwarded to Python ``logging``.

The driver library calls :func:`_on_record` (a ctypes callback, which takes
the GIL) from one thread of its own, in order, for each record at or above
the level it was given; records go to the logger it names,
``sealane.driver``, a child of ``sealane``. The level is the effective level
of that logger, passed at connect time and again before each execution, so
the Go side formats nothing that Python would discard. Delivery is
asynchronous: :func:`flush` waits for records emitted so far. Secrets never
reach a record (the driver redacts them).
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Optional

from . import _capi

#: The logger of the driver's records.
DRIVER_LOGGER_NAME = "sealane.driver"
driver_logger = logging.getLogger(DRIVER_LOGGER_NAME)

_lock = threading.Lock()
_callback: Optional[object] = None
_level_sent: Optional[int] = None

#: Records the driver has delivered (diagnostics and tests).
received = 0


def _on_record(level: int, name: Optional[bytes], message: Optional[bytes]) -> None:
    global received
    received += 1
    try:
        logger = logging.getLogger(name.decode("utf-8", "replace") if name else DRIVER_LOGGER_NAME)
        logger.log(level, "%s", (message or b"").decode("utf-8", "replace"))
    except Exception:  # never raise into the driver's thread
        pass


def effective_level() -> int:
    """The lowest level a driver record needs to be logged."""
    level = driver_logger.getEffectiveLevel()
    disabled = logging.root.manager.disable
    if disabled:
        level = max(level, disabled + 1)
    return level


def install() -> None:
    """Register the callback with the driver library (once per process), or
    tell it the current level."""
    global _callback, _level_sent
    with _lock:
        if _callback is not None:
            sync_level()
            return
        so = _capi.lib()
        cb = _capi.LOG_CALLBACK(_on_record)
        _level_sent = effective_level()
        so.SealaneSetLogCallback(cb, _level_sent)
        _callback = cb  # keep it alive as long as the driver may call it
        atexit.register(uninstall)


def sync_level() -> None:
    """Tell the driver the current level, if it changed."""
    global _level_sent
    if _callback is None:
        return
    level = effective_level()
    if level != _level_sent:
        _level_sent = level
        _capi.lib().SealaneSetLogLevel(level)


def flush() -> None:
    """Wait until the driver has delivered every record emitted so far."""
    if _callback is not None:
        _capi.lib().SealaneFlushLog()


def uninstall() -> None:
    """Stop delivery (at exit: no callback may run into a finalizing
    interpreter); returns once no callback is running."""
    global _callback
    with _lock:
        if _callback is None:
            return
        _capi.lib().SealaneSetLogCallback(_capi.LOG_CALLBACK(), 0)
        _callback = None
