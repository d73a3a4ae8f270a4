"""Cancellation: cursor.cancel() from another thread, Ctrl-C, and the GIL
being released while the driver works."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import sealane
from conftest import LONG_SQL, Spinner, requests_since, start_server, stop_server, wait_for

# The kernel learns a statement's id from the execute call's answer, which the
# server holds back for up to --direct-results-wait (10 s by default, like
# Databricks' wait_timeout); a cancel before then is sent once it arrives.
# A short wait keeps these tests fast.
DIRECT_WAIT = "500ms"


@pytest.fixture(scope="module")
def server():
    srv = start_server(["--direct-results-wait", DIRECT_WAIT])
    yield srv
    stop_server(srv)


def _cancel_requests(server, offset):
    return requests_since(server, offset, "POST", "/cancel")


def _statement_running(server, offset):
    """The execute call has been answered: the statement id is known."""
    return requests_since(server, offset, "POST", "/api/2.0/sql/statements")


@pytest.mark.parametrize("delay", [0.1, 1.5], ids=["before-id-known", "while-polling"])
def test_cancel_from_another_thread(server, conn, delay):
    cur = conn.cursor()
    offset = server.log_offset()
    timer = threading.Timer(delay, cur.cancel)
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(sealane.OperationalError) as info:
        cur.execute(LONG_SQL)
    elapsed = time.monotonic() - t0
    timer.join()
    assert elapsed < 5, f"execute returned {elapsed:.1f}s after start"
    assert "CANCEL" in str(info.value).upper()
    assert wait_for(lambda: _cancel_requests(server, offset), timeout=5), "no POST …/cancel reached the server"
    # The connection is usable afterwards.
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)


def test_connection_cancel(server, conn):
    offset = server.log_offset()
    timer = threading.Timer(0.5, conn.cancel)
    timer.start()
    with pytest.raises(sealane.OperationalError):
        conn.execute(LONG_SQL)
    timer.join()
    assert wait_for(lambda: _cancel_requests(server, offset), timeout=5)


def test_cancel_idle_cursor_is_harmless(cursor):
    cursor.cancel()
    cursor.execute("SELECT 1")
    cursor.fetchall()
    cursor.cancel()


CTRL_C_SCRIPT = textwrap.dedent(
    """
    import sys, sealane
    conn = sealane.connect(sys.argv[1], sys.argv[2], sys.argv[3])
    print("ready", flush=True)
    conn.execute(sys.argv[4])
    print("finished", flush=True)
    import time
    time.sleep(60)
    """
)


def _default_sigint() -> None:  # pragma: no cover - runs in the child
    # As in an interactive shell (a parent started in the background may
    # have SIGINT ignored, which children inherit).
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(server, sql: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CTRL_C_SCRIPT, server.url, server.http_path, server.token, sql],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def test_ctrl_c_cancels_on_server(server):
    offset = server.log_offset()
    proc = _spawn(server, LONG_SQL)
    try:
        assert proc.stdout.readline().strip() == "ready"
        # Wait until the statement runs on the server and its id is known.
        assert wait_for(lambda: _statement_running(server, offset), timeout=10)
        time.sleep(0.2)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
        elapsed = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert elapsed < 5, f"the process took {elapsed:.1f}s to exit after SIGINT"
    assert "KeyboardInterrupt" in stderr, stderr
    assert proc.returncode != 0
    # The request log line is written just after the answer: allow a moment.
    assert wait_for(lambda: _cancel_requests(server, offset), timeout=5), (
        f"no POST …/cancel in the server log; requests: {server.request_log(offset)}\nchild stderr:\n{stderr}"
    )


def test_ctrl_c_outside_driver_calls(server):
    """Loading the Go driver leaves Python's own SIGINT handling alone."""
    proc = _spawn(server, "SELECT 1")
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().strip() == "finished"
        time.sleep(0.2)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
        elapsed = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert elapsed < 5
    assert "KeyboardInterrupt" in stderr, stderr


def test_gil_released_during_execute(server, conn):
    cur = conn.cursor()
    timer = threading.Timer(1.0, cur.cancel)
    with Spinner() as spinner:
        try:
            time.sleep(0.05)
            before = spinner.count
            timer.start()
            t0 = time.monotonic()
            with pytest.raises(sealane.OperationalError):
                cur.execute(LONG_SQL)
            elapsed = time.monotonic() - t0
            progress = spinner.count - before
        finally:
            timer.join()
    assert elapsed >= 0.9
    # ~1000 iterations per second when the GIL is free; none if held.
    assert progress > 100, f"the other thread made {progress} steps in {elapsed:.2f}s"


def test_gil_released_during_fetch(conn):
    with Spinner(pause=0) as spinner:
        rs = conn.execute("SELECT id, id * 3 AS t FROM range(3000000)")
        before = spinner.count
        table = rs.fetch_all_arrow()
        progress = spinner.count - before
    assert table.num_rows == 3000000
    assert progress > 0


CONTEXT_SCRIPT = textwrap.dedent(
    """
    import sys, sealane
    conn = sealane.connect(sys.argv[1], sys.argv[2], sys.argv[3])
    print("ready", flush=True)
    try:
        if sys.argv[5] == "async":
            conn.execute_async(sys.argv[4]).wait()
        else:
            conn.execute(sys.argv[4])
    except KeyboardInterrupt as exc:
        ctx = exc.__context__
        print(type(ctx).__name__, getattr(ctx, "sqlstate", None), bool(getattr(ctx, "statement_id", None)))
        print(repr(ctx), file=sys.stderr)
    """
)


@pytest.mark.parametrize("mode", ["execute", "async"])
def test_ctrl_c_keeps_cancellation_error_as_context(server, mode):
    """KeyboardInterrupt after Ctrl-C carries the cancellation error (its
    SQLSTATE and statement id) as __context__."""
    offset = server.log_offset()
    proc = subprocess.Popen(
        [sys.executable, "-c", CONTEXT_SCRIPT, server.url, server.http_path, server.token, LONG_SQL, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert wait_for(lambda: _statement_running(server, offset), timeout=10)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    kind, sqlstate, has_id = out.split()
    assert (kind, sqlstate) == ("OperationalError", "HY008"), (out, err)
    if mode == "async":
        # The handle knows its statement id. (A synchronous execute cancelled
        # while a status poll is in flight gets the kernel's poll error,
        # which does not name the statement.)
        assert has_id == "True", (out, err)
    assert wait_for(lambda: _cancel_requests(server, offset), timeout=5)
