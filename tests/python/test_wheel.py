"""The wheel PyPI accepts: py3-none-manylinux_X_Y_<arch>, the tag read from
the bundled library's glibc symbol versions, which auditwheel confirms."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIB = REPO / "bin" / "libadbc_driver_sealane.so"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("manylinux tags are for Linux")
    if not LIB.is_file():
        pytest.skip("bin/libadbc_driver_sealane.so missing: run `make lib`")
    out = tmp_path_factory.mktemp("wheel")
    env = dict(os.environ, SEALANE_PREBUILT_LIB=str(LIB))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO / "python")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (whl,) = out.glob("sealane-*.whl")
    return whl


def test_wheel_is_manylinux_for_every_python3(wheel):
    m = re.fullmatch(r"sealane-[^-]+-py3-none-manylinux_(\d+)_(\d+)_(x86_64|aarch64)\.whl", wheel.name)
    assert m, wheel.name
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        meta = z.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
    assert "sealane/_lib/libadbc_driver_sealane.so" in names
    assert "sealane/sql/__init__.py" in names
    assert "Root-Is-Purelib: false" in meta
    assert re.search(r"^Tag: py3-none-manylinux_\d+_\d+_", meta, re.M), meta


def test_auditwheel_agrees(wheel):
    auditwheel = shutil.which("auditwheel") or str(Path(sys.executable).with_name("auditwheel"))
    if not Path(auditwheel).exists():
        pytest.skip("auditwheel is not installed (tests/python/requirements.txt)")
    shown = subprocess.run([auditwheel, "show", str(wheel)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    tag = re.search(r"manylinux_(\d+)_(\d+)_", wheel.name)
    assert tag
    # "… is consistent with the following platform tag: "manylinux_2_34_x86_64"."
    assert f'consistent with the following platform tag: "manylinux_{tag[1]}_{tag[2]}_' in text, text
