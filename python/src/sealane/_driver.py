"""Locating the bundled driver library (libadbc_driver_sealane)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List

from .exceptions import InterfaceError

#: The symbol adbc_driver_manager calls to load the driver.
ENTRYPOINT = "AdbcDriverInit"


def library_name() -> str:
    if sys.platform == "darwin":
        return "libadbc_driver_sealane.dylib"
    if sys.platform == "win32":
        return "adbc_driver_sealane.dll"
    return "libadbc_driver_sealane.so"


def _candidates() -> List[Path]:
    name = library_name()
    here = Path(__file__).resolve().parent
    out = []
    env = os.environ.get("SEALANE_DRIVER_LIB")
    if env:
        out.append(Path(env))
    # The wheel's copy.
    out.append(here / "_lib" / name)
    # A source checkout used without installing (python/src/sealane → repo/bin).
    out.append(here.parents[2] / "bin" / name)
    return out


def driver_path() -> str:
    """Path of the driver library: $SEALANE_DRIVER_LIB if set, else the copy
    bundled in the package (else, in a source checkout, bin/ of the repo)."""
    tried = _candidates()
    if os.environ.get("SEALANE_DRIVER_LIB"):
        path = tried[0]
        if not path.is_file():
            raise InterfaceError(f"sealane: SEALANE_DRIVER_LIB={path} does not exist")
        return str(path)
    for path in tried:
        if path.is_file():
            return str(path)
    raise InterfaceError(
        "sealane: the driver library is missing (looked at "
        + ", ".join(str(p) for p in tried)
        + "); install the package with `pip install ./python` from a sealane checkout"
    )
