"""Build hook for the sealane Python package.

The package is pure Python plus one native file: sealane's ADBC driver, the Go
package ../capi compiled with ``go build -buildmode=c-shared``. ``build_py``
compiles it with the local Go toolchain (Go >= 1.26, cgo and a C compiler) and
puts it at ``sealane/_lib/``; ``bdist_wheel`` tags the wheel
``py3-none-<platform>`` since one wheel serves every CPython >= 3.9 on that
platform (the package uses no CPython ABI: ctypes only). On Linux the
platform is a manylinux tag (PEP 600) read from the library itself: the
highest GLIBC symbol version it needs, provided it links only against the
system libraries every manylinux policy allows (libc, libm, libpthread, libdl,
librt, the dynamic loader); ``auditwheel show`` reports the same policy.

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
from typing import List, Tuple

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

    def get_outputs(self, include_bytecode: bool = True) -> List[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs.append(str(Path(self.build_lib) / "sealane" / "_lib" / library_name()))
        return outputs


class BinaryDistribution(Distribution):
    """Installs into platlib (the wheel carries a native library)."""

    def has_ext_modules(self) -> bool:
        return True


# Libraries a manylinux wheel may link against without bundling them (the
# subset of PEP 600's list that a Go c-shared library can need).
MANYLINUX_LIBS = {
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}

SHT_DYNAMIC = 6
SHT_GNU_VERNEED = 0x6FFFFFFE
DT_NEEDED = 1


def elf_requirements(path: Path) -> Tuple[List[str], List[str]]:
    """(DT_NEEDED libraries, versions required from them such as
    "GLIBC_2.34") of a little-endian ELF64 shared library."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path} is not a little-endian ELF64 file")
    shoff = int.from_bytes(data[0x28:0x30], "little")
    shentsize = int.from_bytes(data[0x3A:0x3C], "little")
    shnum = int.from_bytes(data[0x3C:0x3E], "little")

    def u(off: int, n: int) -> int:
        return int.from_bytes(data[off : off + n], "little")

    sections = []
    for i in range(shnum):
        h = shoff + i * shentsize
        # sh_type, sh_offset, sh_size, sh_link, sh_info
        sections.append((u(h + 4, 4), u(h + 0x18, 8), u(h + 0x20, 8), u(h + 0x28, 4), u(h + 0x2C, 4)))

    def cstr(strtab: int, off: int) -> str:
        start = sections[strtab][1] + off
        return data[start : data.index(b"\0", start)].decode("ascii", "replace")

    needed: List[str] = []
    versions: List[str] = []
    for kind, off, size, link, info in sections:
        if kind == SHT_DYNAMIC:
            for e in range(off, off + size, 16):
                if u(e, 8) == DT_NEEDED:
                    needed.append(cstr(link, u(e + 8, 8)))
        elif kind == SHT_GNU_VERNEED:
            entry = off
            for _ in range(info):
                count, aux = u(entry + 2, 2), u(entry + 8, 4)
                a = entry + aux
                for _ in range(count):
                    versions.append(cstr(link, u(a + 8, 4)))
                    a += u(a + 12, 4)
                entry += u(entry + 12, 4)
    return needed, versions


def manylinux_platform(lib: Path, plat: str) -> str:
    """plat ("linux_x86_64") as the manylinux tag lib qualifies for, or plat
    unchanged if it links against anything a manylinux wheel may not."""
    if not plat.startswith("linux_") or not lib.is_file():
        return plat
    try:
        needed, versions = elf_requirements(lib)
    except (ValueError, IndexError) as exc:
        print(f"sealane: cannot read {lib}: {exc}; keeping the {plat} tag", file=sys.stderr)
        return plat
    extra = [n for n in needed if n not in MANYLINUX_LIBS]
    if extra:
        print(f"sealane: {lib.name} needs {extra}: not manylinux, keeping {plat}", file=sys.stderr)
        return plat
    glibc = [(2, 17)]
    for v in versions:
        if v.startswith("GLIBC_") and v[6:].replace(".", "").isdigit():
            parts = [int(x) for x in v[6:].split(".")]
            glibc.append((parts[0], parts[1] if len(parts) > 1 else 0))
    major, minor = max(glibc)
    return f"manylinux_{major}_{minor}_" + plat[len("linux_") :]


class bdist_wheel(_bdist_wheel):
    """A platform wheel (it carries a native library) that is not tied to a
    Python version or ABI: py3-none-<platform>."""

    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> Tuple[str, str, str]:
        _, _, plat = super().get_tag()
        build_lib = Path(self.bdist_dir or "build").resolve()
        lib = next(iter(build_lib.rglob("sealane/_lib/" + library_name())), None)
        if lib is None:
            lib = Path(self.get_finalized_command("build_py").build_lib).resolve() / "sealane" / "_lib" / library_name()
        return "py3", "none", manylinux_platform(lib, plat)


setup(distclass=BinaryDistribution, cmdclass={"build_py": build_py, "bdist_wheel": bdist_wheel})
