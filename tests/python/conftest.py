"""Fixtures for the tests of the sealane Python package (python/), installed
into the venv by `make test`, against a real `sealane serve`.

The server is started with the helpers of tests/compat/conftest.py (loaded by
path under another module name, so its fixtures stay out of this suite).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

import sealane

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load_compat_helpers():
    path = REPO_ROOT / "tests" / "compat" / "conftest.py"
    try:
        import databricks.sql  # noqa: F401 - imported at the top of that module
    except ImportError:
        # The server helpers do not use the connector: let the module load
        # where only sealane is installed.
        import types

        pkg = types.ModuleType("databricks")
        pkg.sql = types.ModuleType("databricks.sql")  # type: ignore[attr-defined]
        sys.modules.setdefault("databricks", pkg)
        sys.modules.setdefault("databricks.sql", pkg.sql)  # type: ignore[attr-defined]
    spec = importlib.util.spec_from_file_location("sealane_compat_helpers", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


compat = _load_compat_helpers()
start_server = compat.start_server
stop_server = compat.stop_server
wait_for = compat.wait_for
SealaneServer = compat.SealaneServer

# DuckDB counts about 1e9 range rows per second per core: this runs for
# minutes unless cancelled.
LONG_SQL = "SELECT count(*) FROM range(1000000000000)"


@pytest.fixture(scope="session")
def server() -> Iterator[SealaneServer]:
    srv = start_server()
    yield srv
    stop_server(srv)


def connect_kwargs(srv: SealaneServer) -> dict:
    return dict(host=srv.url, http_path=srv.http_path, access_token=srv.token)


@pytest.fixture
def connect(server) -> Iterator[Callable[..., sealane.Connection]]:
    """Factory: connect(**overrides) -> sealane.Connection to the shared
    server; every connection is closed after the test."""
    opened = []

    def _connect(**overrides) -> sealane.Connection:
        kwargs = connect_kwargs(server)
        kwargs.update(overrides)
        conn = sealane.connect(**kwargs)
        opened.append(conn)
        return conn

    yield _connect
    for conn in opened:
        conn.close()


@pytest.fixture
def conn(connect) -> sealane.Connection:
    return connect()


@pytest.fixture
def cursor(conn) -> Iterator[sealane.Cursor]:
    cur = conn.cursor()
    yield cur
    cur.close()


def requests_since(srv: SealaneServer, offset: int, method: str, path_part: str) -> list:
    return [r for r in srv.request_log(offset) if r.get("method") == method and path_part in str(r.get("path", ""))]


class Spinner:
    """A background thread counting steps while the ``with`` block runs.

    A call that holds the GIL stops it counting, so ``count`` read before and
    after a call shows whether other Python threads progressed meanwhile.
    ``pause`` is the sleep between steps (0 yields as often as possible).
    """

    def __init__(self, pause: float = 0.001) -> None:
        self.count = 0
        self._pause = pause
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)

    def _spin(self) -> None:
        while not self._stop.is_set():
            self.count += 1
            time.sleep(self._pause)

    def __enter__(self) -> "Spinner":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
