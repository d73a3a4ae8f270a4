"""Asynchronous execution: Connection.execute_async / Cursor.execute_async
through the library's Sealane* functions (ctypes), against `sealane serve`."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

import sealane
from conftest import LONG_SQL, Spinner, requests_since, wait_for

# A cross join DuckDB needs a second or two for on two cores, with a known sum.
N_SLOW = 15000
SLOW_SQL = f"SELECT sum(a.id * b.id) AS s FROM range({N_SLOW}) a, range({N_SLOW}) b"
SLOW_SUM = (N_SLOW * (N_SLOW - 1) // 2) ** 2


def server_state(server, statement_id: str) -> str:
    """The statement's state as the server reports it (GET /statements/{id}),
    or "GONE" once it has forgotten it."""
    req = urllib.request.Request(
        f"{server.url}/api/2.0/sql/statements/{statement_id}",
        headers={"Authorization": f"Bearer {server.token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)["status"]["state"]
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return "GONE"
        raise


def test_execute_async_returns_statement_id_before_the_query_finishes(server, conn):
    t0 = time.monotonic()
    job = conn.execute_async(SLOW_SQL)
    submitted = time.monotonic() - t0
    assert isinstance(job, sealane.AsyncStatement)
    assert job.statement_id
    first = job.status()
    assert first in ("PENDING", "RUNNING"), first
    # The id is the server's: it knows the statement, still running.
    assert server_state(server, job.statement_id) in ("PENDING", "RUNNING")
    table = job.wait().fetch_all_arrow()
    elapsed = time.monotonic() - t0
    assert table.column(0).to_pylist() == [SLOW_SUM]
    assert submitted < elapsed / 2, f"submit took {submitted:.2f}s of {elapsed:.2f}s"
    assert job.status() == "SUCCEEDED"
    job.close()


def test_poll_shows_running_then_succeeded(conn):
    with conn.execute_async(SLOW_SQL) as job:
        seen = [job.poll()]
        while seen[-1] not in ("SUCCEEDED", "FAILED", "CANCELED", "CLOSED"):
            time.sleep(0.05)
            seen.append(job.poll())
        assert seen[0] in ("PENDING", "RUNNING")
        assert seen[-1] == "SUCCEEDED"
        assert job.done()
        with job.wait() as rs:
            assert rs.fetch_all_arrow().column(0).to_pylist() == [SLOW_SUM]


def test_wait_timeout_leaves_the_statement_running(server, conn):
    job = conn.execute_async(LONG_SQL)
    t0 = time.monotonic()
    with pytest.raises(sealane.WaitTimeout) as info:
        job.wait(timeout=0.3)
    assert 0.25 <= time.monotonic() - t0 < 3
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, sealane.OperationalError)
    assert job.status() == "RUNNING"
    assert server_state(server, job.statement_id) == "RUNNING"
    job.cancel()
    job.close()


def test_cancel_ends_canceled_on_the_server(server, conn):
    offset = server.log_offset()
    job = conn.execute_async(LONG_SQL)
    assert wait_for(lambda: job.status() == "RUNNING", timeout=10)
    job.cancel()
    assert requests_since(server, offset, "POST", f"/statements/{job.statement_id}/cancel")
    assert wait_for(lambda: server_state(server, job.statement_id) == "CANCELED", timeout=5)
    assert wait_for(lambda: job.status() == "CANCELED", timeout=5)
    with pytest.raises(sealane.OperationalError) as info:
        job.wait()
    assert info.value.statement_id == job.statement_id
    assert info.value.sqlstate == "HY008"
    assert "cancel" in str(info.value).lower()
    job.close()
    # The connection is usable afterwards.
    assert conn.execute("SELECT 1 AS one").fetch_all_arrow().to_pylist() == [{"one": 1}]


def test_failure_carries_sqlstate_and_statement_id(conn):
    job = conn.execute_async("SELECT * FROM no_such_table_async")
    with pytest.raises(sealane.ProgrammingError) as info:
        job.wait()
    err = info.value
    assert err.sqlstate == "42P01"
    assert err.statement_id == job.statement_id
    assert err.error_class == "TABLE_OR_VIEW_NOT_FOUND"
    assert job.status() == "FAILED"
    job.close()


@pytest.mark.parametrize(
    "sql,params",
    [("SELECT ? * 2 AS y", [21]), ("SELECT :x * 2 AS y", {"x": 21})],
    ids=["positional", "named"],
)
def test_parameters(conn, sql, params):
    with conn.execute_async(sql, params) as job:
        assert job.wait().fetch_all_arrow().column("y").to_pylist() == [42]


def test_close_without_wait_closes_the_statement_on_the_server(server, conn):
    offset = server.log_offset()
    with conn.execute_async(LONG_SQL) as job:
        statement_id = job.statement_id
        assert job.status() in ("PENDING", "RUNNING")
    assert job.closed
    assert wait_for(lambda: requests_since(server, offset, "DELETE", f"/statements/{statement_id}"), timeout=5)
    assert wait_for(lambda: server_state(server, statement_id) in ("CLOSED", "GONE"), timeout=5)
    with pytest.raises(sealane.InterfaceError):
        job.wait()


def test_connection_close_releases_async_statements(server, connect):
    conn = connect()
    job = conn.execute_async(LONG_SQL)
    statement_id = job.statement_id
    conn.close()
    assert job.closed
    assert wait_for(lambda: server_state(server, statement_id) in ("CLOSED", "CANCELED", "GONE"), timeout=5)


def test_gil_released_while_waiting(conn):
    with Spinner() as spinner:
        job = conn.execute_async(SLOW_SQL)
        before = spinner.count
        t0 = time.monotonic()
        table = job.result()
        elapsed = time.monotonic() - t0
        progress = spinner.count - before
    assert table.column(0).to_pylist() == [SLOW_SUM]
    # ~1000 steps a second when the GIL is free.
    assert progress > 100 * elapsed, f"{progress} steps in {elapsed:.2f}s"


def test_cursor_execute_async(server, cursor):
    assert cursor.execute_async(SLOW_SQL) is cursor
    assert cursor.statement_id and cursor.query_id == cursor.statement_id
    assert cursor.get_query_state() in ("PENDING", "RUNNING")
    assert cursor.is_query_pending()
    cursor.get_async_execution_result()
    rows = cursor.fetchall()
    assert [tuple(int(v) for v in row) for row in rows] == [(SLOW_SUM,)]
    assert cursor.get_query_state() == "SUCCEEDED"


def test_cursor_cancel_reaches_async_statement(server, cursor):
    cursor.execute_async(LONG_SQL)
    statement_id = cursor.statement_id
    assert wait_for(lambda: cursor.get_query_state() == "RUNNING", timeout=10)
    cursor.cancel()
    assert wait_for(lambda: server_state(server, statement_id) == "CANCELED", timeout=5)
    with pytest.raises(sealane.OperationalError):
        cursor.get_async_execution_result()


CTRL_C_SCRIPT = """
import sys, sealane
conn = sealane.connect(sys.argv[1], sys.argv[2], sys.argv[3])
job = conn.execute_async(sys.argv[4])
print(job.statement_id, flush=True)
job.wait()
"""


def test_ctrl_c_during_wait_cancels_on_the_server(server):
    import signal
    import subprocess
    import sys

    offset = server.log_offset()
    proc = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_SCRIPT, server.url, server.http_path, server.token, LONG_SQL],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        statement_id = proc.stdout.readline().strip()
        assert statement_id
        assert wait_for(lambda: server_state(server, statement_id) == "RUNNING", timeout=10)
        time.sleep(0.3)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
        elapsed = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert elapsed < 5, f"{elapsed:.1f}s to exit after SIGINT"
    assert "KeyboardInterrupt" in stderr, stderr
    cancel_path = f"/statements/{statement_id}/cancel"
    assert wait_for(lambda: requests_since(server, offset, "POST", cancel_path), timeout=5), stderr
