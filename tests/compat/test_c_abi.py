"""sealane's ADBC driver as a C shared library (package capi), loaded by
ADBC's own Python driver manager (adbc_driver_manager) and run against
`sealane serve`.

The library path comes from $SEALANE_ADBC_LIB (set by `make py-test`),
falling back to bin/libadbc_driver_sealane.so (built by `make lib`).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

import adbc_driver_manager
import adbc_driver_manager.dbapi as adbc_dbapi
import pyarrow.compute as pc
import pytest

from conftest import REPO_ROOT, start_server, stop_server, wait_for

LONG_SQL = "SELECT count(*) FROM range(1000000000000)"


def adbc_lib() -> str:
    path = Path(os.environ.get("SEALANE_ADBC_LIB") or REPO_ROOT / "bin" / "libadbc_driver_sealane.so")
    if not path.is_file():
        pytest.fail(f"ADBC library not found at {path}; run `make lib` or set SEALANE_ADBC_LIB", pytrace=False)
    return str(path)


def connect(server):
    return adbc_dbapi.connect(
        driver=adbc_lib(),
        db_kwargs={
            "uri": server.url,
            "databricks.http_path": server.http_path,
            "databricks.access_token": server.token,
            "databricks.retry.max_wait": "2s",
        },
        autocommit=True,
    )


@pytest.fixture
def adbc_conn(server):
    conn = connect(server)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def quick_server():
    """A server whose executes return after 100 ms, so that a running
    statement's id is known (and cancellable) early, as on Databricks."""
    srv = start_server(["--direct-results-wait", "100ms"])
    yield srv
    stop_server(srv)


def test_fetch_arrow_table_million_rows(adbc_conn):
    n = 1_000_000
    with adbc_conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice FROM range({n})")
        table = cur.fetch_arrow_table()
    assert table.num_rows == n
    assert table.column_names == ["id", "twice"]
    assert pc.sum(table["id"]).as_py() == n * (n - 1) // 2
    assert pc.sum(table["twice"]).as_py() == n * (n - 1)
    ids = table["id"].to_numpy()
    assert ids[0] == 0 and ids[-1] == n - 1


def test_error_carries_sqlstate(adbc_conn):
    with adbc_conn.cursor() as cur:
        with pytest.raises(adbc_dbapi.Error) as info:
            cur.execute("SELECT * FROM no_such_table_c_abi")
    err = info.value
    assert err.sqlstate == "42P01", err
    assert "no_such_table_c_abi" in str(err)
    assert isinstance(err.status_code, adbc_driver_manager.AdbcStatusCode)


def test_options_through_the_c_abi(adbc_conn):
    assert adbc_conn.adbc_database.get_option("databricks.retry.max_wait") == "2s"
    with adbc_conn.cursor() as cur:
        cur.adbc_statement.set_options(**{"databricks.statement.row_limit": "5"})
        assert cur.adbc_statement.get_option_int("databricks.statement.row_limit") == 5
        cur.execute("SELECT id FROM range(100)")
        assert cur.fetch_arrow_table().num_rows == 5


def test_cancel_long_query(quick_server):
    server = quick_server
    since = server.log_offset()
    adbc_conn = connect(server)
    with adbc_conn.cursor() as cur:
        timer = threading.Timer(0.5, cur.adbc_cancel)
        timer.start()
        t0 = time.monotonic()
        try:
            with pytest.raises(adbc_dbapi.Error) as info:
                cur.execute(LONG_SQL)
                cur.fetchall()
        finally:
            timer.cancel()
        elapsed = time.monotonic() - t0
    adbc_conn.close()
    assert elapsed < 10, f"cancel took {elapsed:.1f}s"
    assert info.value.status_code == adbc_driver_manager.AdbcStatusCode.CANCELLED, info.value

    def cancelled_on_server() -> bool:
        return any(
            r["method"] == "POST" and str(r["path"]).endswith("/cancel") for r in server.request_log(since)
        )

    assert wait_for(cancelled_on_server, timeout=5), "no POST …/cancel reached the server"


def test_get_objects(adbc_conn):
    name = "c_abi_" + uuid.uuid4().hex[:8]
    with adbc_conn.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (a INT, b STRING)")
    try:
        objects = adbc_conn.adbc_get_objects(depth="columns", table_name_filter=name).read_all().to_pylist()
        tables = [
            t
            for cat in objects
            for sch in cat["catalog_db_schemas"] or []
            for t in sch["db_schema_tables"] or []
        ]
        assert [t["table_name"] for t in tables] == [name]
        assert [c["column_name"] for c in tables[0]["table_columns"]] == ["a", "b"]
        catalogs = adbc_conn.adbc_get_objects(depth="catalogs").read_all()
        assert catalogs.num_rows >= 1
        assert adbc_conn.adbc_get_table_schema(name).names == ["a", "b"]
    finally:
        with adbc_conn.cursor() as cur:
            cur.execute(f"DROP TABLE {name}")
