"""Fixtures for the compatibility suite: the official databricks-sql-connector
(SEA backend) against a real `sealane serve` process.

The server binary comes from $SEALANE_BIN (set by `make py-test`), falling back
to bin/sealane in the repository.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import pytest
from databricks import sql

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / "bin" / "sealane"
TOKEN = "dapi-test"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0

# The connector's retry policy sleeps max(backoff, _retry_delay_max) between
# attempts (60 s by default) and tries up to 30 times, so a single 5xx from the
# server would stall a test for minutes. Keep it short: a failure should fail
# fast and visibly. _retry_delay_max has a floor of 5 s in the Thrift
# validator but the SEA HTTP client takes the value as given.
FAST_RETRY = dict(
    _retry_delay_min=0.1,
    _retry_delay_max=0.5,
    _retry_stop_after_attempts_count=2,
    _retry_stop_after_attempts_duration=10.0,
)


def sealane_bin() -> Path:
    path = Path(os.environ.get("SEALANE_BIN") or DEFAULT_BIN)
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"sealane binary not found or not executable at {path}; "
            "run `make build` or set SEALANE_BIN",
            pytrace=False,
        )
    return path


@dataclass
class SealaneServer:
    """A running `sealane serve` process and what it printed when ready."""

    proc: subprocess.Popen
    info: dict
    stderr_path: Path
    args: List[str]
    _stderr_file: object = field(repr=False, default=None)

    @property
    def port(self) -> int:
        return int(self.info["port"])

    @property
    def host(self) -> str:
        return self.info["host"]

    @property
    def http_path(self) -> str:
        return self.info["http_path"]

    @property
    def token(self) -> str:
        # serve prints only a token it generated; the fixtures give TOKEN.
        return self.info.get("token") or TOKEN

    @property
    def url(self) -> str:
        return self.info["url"]

    # --- request log (JSON lines on stderr, one per HTTP request) ---------

    def stderr_text(self) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_offset(self) -> int:
        """Byte offset of the end of the log now; pass to request_log()."""
        try:
            return self.stderr_path.stat().st_size
        except FileNotFoundError:
            return 0

    def request_log(self, since: int = 0) -> List[dict]:
        """Parsed request-log records written after byte offset `since`."""
        with open(self.stderr_path, "rb") as f:
            f.seek(since)
            data = f.read().decode(errors="replace")
        records = []
        for line in data.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if "method" in rec and "path" in rec:
                records.append(rec)
        return records

    def stderr_tail(self, n: int = 40) -> str:
        return "\n".join(self.stderr_text().splitlines()[-n:])

    # --- lifecycle ---------------------------------------------------------

    def stop(self) -> int:
        """SIGTERM the server and wait; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
                raise AssertionError(
                    f"sealane serve did not exit within {STOP_TIMEOUT_S}s of SIGTERM "
                    f"(killed). stderr tail:\n{self.stderr_tail()}"
                )
        if self.proc.stdout:
            self.proc.stdout.close()
        if self._stderr_file:
            self._stderr_file.close()
        return self.proc.returncode


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Linux: have the kernel SIGTERM the server if pytest itself dies, so an
    interrupted run does not leave `sealane serve` behind."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except Exception:
            pass


def start_server(extra_args: Optional[List[str]] = None, log_level: str = "info") -> SealaneServer:
    """Start `sealane serve` on a free port and wait for its JSON ready line.

    stderr (the JSON request log at --log-level info) goes to a temporary file
    so tests can inspect which endpoints the connector called.
    """
    binary = sealane_bin()
    args = [
        str(binary),
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--token",
        TOKEN,
        "--json",
        "--log-level",
        log_level,
    ] + list(extra_args or [])
    fd, stderr_name = tempfile.mkstemp(prefix="sealane-compat-", suffix=".log")
    os.close(fd)
    stderr_path = Path(stderr_name)
    stderr_file = open(stderr_path, "wb")
    proc = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr_file,
        cwd=REPO_ROOT,
        preexec_fn=_die_with_parent,
    )

    # Read the ready line on a helper thread so a silent server cannot hang us.
    box: dict = {}

    def read_line() -> None:
        try:
            box["line"] = proc.stdout.readline()
        except Exception as exc:  # pragma: no cover - diagnostic only
            box["error"] = exc

    reader = threading.Thread(target=read_line, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT_S)

    def fail(why: str) -> None:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        stderr_file.close()
        text = stderr_path.read_text(errors="replace")
        pytest.fail(
            f"sealane serve did not come up ({why}).\ncommand: {' '.join(args)}\n"
            f"exit code: {proc.returncode}\nstderr:\n{text[-4000:]}",
            pytrace=False,
        )

    if reader.is_alive():
        fail(f"no ready line on stdout within {START_TIMEOUT_S}s")
    line = box.get("line", b"")
    if not line:
        fail("stdout closed before the ready line")
    try:
        info = json.loads(line)
    except ValueError:
        fail(f"ready line is not JSON: {line!r}")
    for key in ("url", "host", "port", "http_path"):
        if key not in info:
            fail(f"ready line lacks {key!r}: {line!r}")
    return SealaneServer(proc=proc, info=info, stderr_path=stderr_path, args=args, _stderr_file=stderr_file)


def stop_server(server: SealaneServer) -> None:
    already_dead = server.proc.poll() is not None
    code = server.stop()
    if code == 0 and not already_dead:
        server.stderr_path.unlink(missing_ok=True)
        return
    # Keep the log for post-mortem and say where it is.
    what = "had already exited" if already_dead else "exited after SIGTERM"
    raise AssertionError(
        f"sealane serve {what} with code {code}; full log kept at {server.stderr_path}; "
        f"stderr tail:\n{server.stderr_tail()}"
    )


@pytest.fixture(scope="session")
def server() -> Iterator[SealaneServer]:
    """The shared server for most tests (default settings, request log on)."""
    srv = start_server()
    yield srv
    stop_server(srv)


def make_connection(srv: SealaneServer, **overrides):
    kwargs = dict(
        server_hostname=f"http://{srv.host}",
        _port=srv.port,
        http_path=srv.http_path,
        access_token=srv.token,
        use_sea=True,
        enable_telemetry=False,
        **FAST_RETRY,
    )
    kwargs.update(overrides)
    return sql.connect(**kwargs)


@pytest.fixture
def connect(server) -> Iterator[Callable]:
    """Factory: connect(**overrides) -> Connection to the shared server, or
    connect(srv=other_server, ...). Every connection is closed after the test."""
    opened = []

    def _connect(srv: Optional[SealaneServer] = None, **overrides):
        conn = make_connection(srv or server, **overrides)
        opened.append(conn)
        return conn

    yield _connect
    errors = []
    for conn in opened:
        try:
            conn.close()
        except Exception as exc:  # report, but close the rest first
            errors.append(repr(exc))
    assert not errors, f"closing connections failed: {errors}"


@pytest.fixture
def conn(connect):
    return connect()


@pytest.fixture
def cursor(conn):
    cur = conn.cursor()
    yield cur
    cur.close()


def count_downloads(records: List[dict]) -> int:
    """Number of successful presigned-link downloads in a request log slice."""
    return sum(
        1
        for r in records
        if r.get("method") == "GET" and str(r.get("path", "")).startswith("/sealane/results/") and r.get("status") == 200
    )


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
