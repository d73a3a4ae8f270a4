"""execute_async / polling and cursor.cancel()."""

from __future__ import annotations

import threading
import time

import pytest
from databricks.sql.backend.types import CommandState
from databricks.sql.exc import Error

from conftest import wait_for

# DuckDB counts roughly 1e9 range rows per second per core here, so this runs
# for minutes unless cancelled.
LONG_SQL = "SELECT count(*) FROM range(1000000000000)"


def test_execute_async_and_poll(cursor):
    n = 3_000_000_000  # ~1 s of DuckDB work: long enough to be seen RUNNING
    t0 = time.monotonic()
    cursor.execute_async(f"SELECT count(*) AS c FROM range({n})")
    assert cursor.active_command_id is not None
    assert time.monotonic() - t0 < 5, "execute_async sends wait_timeout=0s and must return at once"
    states = []
    deadline = time.monotonic() + 30
    while True:
        state = cursor.get_query_state()  # one GET /statements/{id} per loop
        if state not in (CommandState.PENDING, CommandState.RUNNING):
            break
        states.append(state)
        assert time.monotonic() < deadline, f"still pending after 30s: {states[-5:]}"
        time.sleep(0.02)
    assert state == CommandState.SUCCEEDED
    assert not cursor.is_query_pending()
    assert states, "the statement was never observed PENDING/RUNNING"
    assert set(states) <= {CommandState.PENDING, CommandState.RUNNING}
    cursor.get_async_execution_result()
    assert cursor.fetchone()[0] == n
    assert [d[0] for d in cursor.description] == ["c"]


def test_execute_async_result_with_many_rows(connect):
    n = 20_000
    conn = connect()
    with conn.cursor() as cur:
        cur.execute_async(f"SELECT id, id * 3 AS t FROM range({n})")
        # get_async_execution_result() sleeps 2 s per poll; wait here first.
        assert wait_for(lambda: not cur.is_query_pending(), timeout=10)
        cur.get_async_execution_result()
        table = cur.fetchall_arrow()
    assert table.num_rows == n
    assert table.column("t").to_pylist() == [3 * i for i in range(n)]


def test_execute_async_failure_surfaces(cursor):
    cursor.execute_async("SELECT * FROM no_such_table_async")
    assert wait_for(lambda: not cursor.is_query_pending(), timeout=10)
    assert cursor.get_query_state() == CommandState.FAILED
    with pytest.raises(Error):
        cursor.get_async_execution_result()


def test_cancel_async_statement(connect):
    conn = connect()
    cur = conn.cursor()
    cur.execute_async(LONG_SQL)
    assert cur.get_query_state() in (CommandState.PENDING, CommandState.RUNNING)
    t0 = time.monotonic()
    cur.cancel()
    assert wait_for(lambda: cur.get_query_state() == CommandState.CANCELLED, timeout=5), (
        f"state after cancel: {cur.get_query_state()}"
    )
    assert time.monotonic() - t0 < 5
    with pytest.raises(Error):
        cur.get_async_execution_result()
    cur.close()
    # The server is still usable (the engine was actually interrupted).
    with conn.cursor() as c2:
        t1 = time.monotonic()
        c2.execute("SELECT 1")
        assert c2.fetchone()[0] == 1
        assert time.monotonic() - t1 < 5


def test_cancel_from_another_thread(connect, server):
    """cursor.execute() blocks in its POST for up to wait_timeout=10s (the SEA
    backend always sends "10s"), and only then learns the statement id. A
    cancel() issued before that has nothing to cancel (the connector just logs
    a warning), so the other thread waits for cursor.active_command_id."""
    conn = connect()
    cur = conn.cursor()  # fresh cursor: no stale active_command_id
    outcome = {}

    def run():
        t = time.monotonic()
        try:
            cur.execute(LONG_SQL)
            outcome["rows"] = cur.fetchall()
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            outcome["error"] = exc
        outcome["done"] = time.monotonic()
        outcome["start"] = t

    before = server.log_offset()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    assert wait_for(lambda: cur.active_command_id is not None, timeout=20), (
        "execute() never published a statement id"
    )
    cancel_at = time.monotonic()
    cur.cancel()
    worker.join(timeout=10)
    assert not worker.is_alive(), "execute() still running 10s after cancel()"
    assert outcome["done"] - cancel_at < 5, "execute() did not return promptly after cancel()"
    # Either an exception or an empty result; never the full count.
    assert "rows" not in outcome or outcome["rows"] != [(1_000_000_000_000,)]

    records = server.request_log(before)
    cancels = [r for r in records if r["method"] == "POST" and r["path"].endswith("/cancel")]
    assert cancels and all(r["status"] == 200 for r in cancels), cancels

    with conn.cursor() as c2:
        t1 = time.monotonic()
        c2.execute("SELECT 1")
        assert c2.fetchone()[0] == 1
        assert time.monotonic() - t1 < 5
    cur.close()


def test_cancel_finished_statement_is_noop(cursor):
    cursor.execute("SELECT 42")
    assert cursor.fetchone()[0] == 42
    cursor.cancel()  # statement already SUCCEEDED
    cursor.execute("SELECT 43")
    assert cursor.fetchone()[0] == 43


def test_statement_timeout_session_conf(connect):
    """STATEMENT_TIMEOUT (seconds) is on the connector's session-conf
    allow-list and sent as session_confs {"statement_timeout": "2"}; a longer
    statement must end with an error soon after, not run on."""
    conn = connect(session_configuration={"STATEMENT_TIMEOUT": 2})
    cur = conn.cursor()
    outcome = {}

    def run():
        try:
            cur.execute(LONG_SQL)
            outcome["rows"] = cur.fetchall()
        except BaseException as exc:  # noqa: BLE001
            outcome["error"] = exc

    t0 = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=15)
    elapsed = time.monotonic() - t0
    if worker.is_alive():
        # Clean up: cancel the runaway statement so it stops burning CPU.
        if cur.active_command_id is not None:
            cur.cancel()
        worker.join(timeout=10)
        pytest.fail(f"statement still running {elapsed:.0f}s into a 2 s STATEMENT_TIMEOUT")
    assert "error" in outcome, f"expected a timeout error, got rows={outcome.get('rows')!r}"
    assert elapsed < 12
    cur.close()
