"""Build hook for the sealane Python package.

The package is pure Python plus one native file: sealane's ADBC driver, the Go
package ../capi compiled with ``go build -buildmode=c-shared``. ``build_py``
compiles it with the local Go toolchain (Go >= 1.26, cgo and a C compiler) and
puts it at ``sealane/_lib/``; ``bdist_wheel`` tags the wheel
``py3-none-<platform>`` since one wheel serves every CPython >= 3.9 on that
platform.

Environment knobs (all optional):

``SEALANE_REPO_ROOT``
    the sealane repository (default: the parent of this directory).
``SEALANE_GO``
    the go command (default: ``go`` on PATH).
``SEALANE_GO_TAGS``
    build tags, as the Makefile passes them (default: ``duckdb_arrow``).
``SEALANE_PREBUILT_LIB``
    a driver library already built (e.g. by ``make lib``) to bundle instead of
    compiling one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
from setuptools.command.build_py import build_py as _build_py

HERE = Path(__file__).resolve().parent
DEFAULT_TAGS = "duckdb_arrow"


def library_name() -> str:
    if sys.platform == "darwin":
        return "libadbc_driver_sealane.dylib"
    if sys.platform == "win32":
        return "adbc_driver_sealane.dll"
    return "libadbc_driver_sealane.so"


def repo_root() -> Path:
    root = Path(os.environ.get("SEALANE_REPO_ROOT") or HERE.parent).resolve()
    if not (root / "go.mod").is_file() or not (root / "capi").is_dir():
        raise SystemExit(
            f"sealane: cannot find the Go sources of the driver at {root} "
            "(expected go.mod and capi/). Build from a sealane checkout "
            "(pip install ./python), set SEALANE_REPO_ROOT, or set "
            "SEALANE_PREBUILT_LIB to a library built by `make lib`."
        )
    return root


def export_flags(exports: Path) -> str:
    """Linker flags that export only the ADBC API and the Sealane*
    extensions (as `make lib` does): the GNU ld version script on Linux, an
    exported-symbols list derived from it for the macOS linker, nothing
    elsewhere."""
    if not exports.is_file():
        return ""
    if sys.platform.startswith("linux"):
        return f" -extldflags=-Wl,--version-script={exports}"
    if sys.platform == "darwin":
        # ld64 takes one pattern per line, with C symbols' leading underscore.
        patterns = []
        for line in exports.read_text().splitlines():
            line = line.strip().rstrip(";")
            if line and line[0].isalpha() and line not in ("global:", "local:"):
                patterns.append("_" + line)
        listing = Path(os.environ.get("TMPDIR", "/tmp")) / "sealane_exported_symbols.txt"
        listing.write_text("\n".join(patterns) + "\n")
        return f" -extldflags=-Wl,-exported_symbols_list,{listing}"
    return ""


def build_library(dest: Path) -> None:
    """Compile ../capi into dest (or copy $SEALANE_PREBUILT_LIB)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    prebuilt = os.environ.get("SEALANE_PREBUILT_LIB")
    if prebuilt:
        print(f"sealane: bundling prebuilt driver {prebuilt}", file=sys.stderr)
        shutil.copyfile(prebuilt, dest)
        return

    root = repo_root()
    go = os.environ.get("SEALANE_GO") or shutil.which("go")
    if not go:
        raise SystemExit(
            "sealane: the Go toolchain (go >= 1.26) is needed to build the driver "
            "library; put `go` on PATH, set SEALANE_GO, or set SEALANE_PREBUILT_LIB."
        )
    tags = os.environ.get("SEALANE_GO_TAGS", DEFAULT_TAGS)
    ldflags = "-s -w"
    exports = root / "capi" / "exports.map"
    ldflags += export_flags(exports)
    cmd = [go, "build", "-buildmode=c-shared", f"-ldflags={ldflags}"]
    if tags:
        cmd.append(f"-tags={tags}")
    cmd += ["-o", str(dest), "./capi"]
    env = dict(os.environ, CGO_ENABLED="1")
    print("sealane: " + " ".join(cmd), file=sys.stderr)
    try:
        subprocess.run(cmd, cwd=root, env=env, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"sealane: building the driver library failed: {exc}") from exc
    # c-shared also writes a C header next to the library; it is not package data.
    header = dest.with_suffix(".h")
    if header.exists():
        header.unlink()


class build_py(_build_py):
    """build_py that also compiles the Go driver into sealane/_lib/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            target = HERE / "src" / "sealane" / "_lib" / library_name()
        else:
            target = Path(self.build_lib).resolve() / "sealane" / "_lib" / library_name()
        build_library(target)

    def get_outputs(self, include_bytecode: bool = True):  # type: ignore[override]
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs.append(str(Path(self.build_lib) / "sealane" / "_lib" / library_name()))
        return outputs


class BinaryDistribution(Distribution):
    """Installs into platlib (the wheel carries a native library)."""

    def has_ext_modules(self) -> bool:
        return True


class bdist_wheel(_bdist_wheel):
    """A platform wheel (it carries a native library) that is not tied to a
    Python version or ABI: py3-none-<platform>."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):  # type: ignore[override]
        _, _, plat = super().get_tag()
        return "py3", "none", plat


setup(distclass=BinaryDistribution, cmdclass={"build_py": build_py, "bdist_wheel": bdist_wheel})
