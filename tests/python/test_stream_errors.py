"""Errors in the middle of a result stream keep their SQLSTATE and statement
id: the driver keeps the last error of each stream it exports and returns it
from AdbcErrorFromArrayStream (ADBC 1.1.0), which adbc_driver_manager (and
sealane's own reader, over ctypes) asks when a read fails."""

from __future__ import annotations

import pytest

import sealane
from conftest import connect_kwargs, start_server, stop_server

# Results go through external links, in many small chunks that download
# slowly: a read after the first batch still has chunks to fetch.
SLOW_LINKS = ["--inline-limit", "1024", "--chunk-bytes", "65536", "--download-latency", "100ms"]
BIG_SQL = "SELECT id FROM range(3000000)"
QUICK_RETRIES = {"databricks.cloudfetch.max_retries": "1", "databricks.retry.max_retries": "1"}


@pytest.fixture
def slow_server():
    srv = start_server(SLOW_LINKS)
    yield srv
    stop_server(srv)


def _read_rest(rs: sealane.ResultSet) -> None:
    while rs.fetch_next_batch() is not None:
        pass


def test_cancel_mid_stream_has_sqlstate_and_statement_id(slow_server):
    with sealane.connect(**connect_kwargs(slow_server)) as conn:
        rs = conn.execute(BIG_SQL)
        assert rs.fetch_next_batch().num_rows > 0
        rs.cancel()
        with pytest.raises(sealane.OperationalError) as info:
            _read_rest(rs)
    err = info.value
    assert err.sqlstate == "HY008"
    assert err.statement_id
    assert err.status_code == sealane.AdbcStatusCode.CANCELLED
    assert ("databricks.statement_id", err.statement_id.encode()) in err.details


def test_transfer_failure_mid_stream_has_sqlstate_and_statement_id():
    srv = start_server(SLOW_LINKS)
    stopped = False
    try:
        conn = sealane.connect(**connect_kwargs(srv), **QUICK_RETRIES)
        rs = conn.execute(BIG_SQL)
        assert rs.fetch_next_batch().num_rows > 0
        stop_server(srv)  # the remaining chunks cannot be downloaded
        stopped = True
        with pytest.raises(sealane.OperationalError) as info:
            _read_rest(rs)
        with pytest.raises(sealane.OperationalError):
            conn.close()  # the session cannot be deleted either
    finally:
        if not stopped:
            stop_server(srv)
    err = info.value
    assert err.sqlstate == "08006"
    assert err.statement_id and err.statement_id in str(err)
    assert err.status_code == sealane.AdbcStatusCode.IO


def test_adbc_driver_manager_sees_the_stream_error(slow_server):
    """Plain adbc_driver_manager (no sealane wrapper) loading our library."""
    pytest.importorskip("adbc_driver_manager")
    import adbc_driver_manager.dbapi
    db_kwargs = {
        "uri": slow_server.url,
        "databricks.http_path": slow_server.http_path,
        "databricks.access_token": slow_server.token,
    }
    with adbc_driver_manager.dbapi.connect(driver=sealane.driver_path(), db_kwargs=db_kwargs) as conn:
        with conn.cursor() as cur:
            cur.execute(BIG_SQL)
            assert cur.fetchone() == (0,)
            cur.adbc_cancel()
            with pytest.raises(adbc_driver_manager.OperationalError) as info:
                cur.fetchall()
    err = info.value
    assert err.sqlstate == "HY008"
    assert err.status_code == adbc_driver_manager.AdbcStatusCode.CANCELLED
    details = dict(err.details)
    assert details.get(b"databricks.statement_id")
    assert details[b"databricks.statement_id"].decode() in str(err)


def test_async_result_stream_error_through_ctypes(slow_server):
    """The result of wait() is read by sealane's own reader, which asks
    AdbcErrorFromArrayStream over ctypes."""
    with sealane.connect(**connect_kwargs(slow_server)) as conn:
        job = conn.execute_async(BIG_SQL)
        rs = job.wait()
        assert rs.fetch_next_batch().num_rows > 0
        job.cancel()
        with pytest.raises(sealane.OperationalError) as info:
            _read_rest(rs)
    err = info.value
    assert err.sqlstate == "HY008"
    assert err.statement_id == job.statement_id
