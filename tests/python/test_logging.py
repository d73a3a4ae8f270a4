"""The logging bridge: the Go driver's records in Python `logging`
(logger sealane.driver), at the Python logger's level, never a token."""

from __future__ import annotations

import logging

import pytest

import sealane
from conftest import start_server, stop_server
from sealane import _logbridge

# A token that must never appear in a log record.
SECRET_TOKEN = "dapi-LOGBRIDGE-secret-7f3a9c2e5b1d"


@pytest.fixture(scope="module")
def server():
    srv = start_server(["--token", SECRET_TOKEN])
    yield srv
    stop_server(srv)


def _work(server) -> str:
    """Connect with the secret token, run a query, an async one and a
    failing one, close; returns the id of the async statement."""
    with sealane.connect(server.url, server.http_path, SECRET_TOKEN) as conn:
        assert conn.execute("SELECT 1 AS one").fetch_all_arrow().num_rows == 1
        with conn.execute_async("SELECT 2 AS two") as job:
            job.wait().fetch_all_arrow()
            statement_id = job.statement_id
        with pytest.raises(sealane.ProgrammingError):
            conn.execute("SELECT * FROM no_such_table_logging")
    sealane.flush_logs()
    return statement_id


def test_driver_records_reach_python_logging_without_token(server, caplog):
    caplog.set_level(logging.DEBUG, logger="sealane")
    statement_id = _work(server)
    driver = [r for r in caplog.records if r.name == "sealane.driver"]
    assert driver, "no record from the Go driver"
    assert all(r.levelno == logging.DEBUG for r in driver if "sea call" in r.getMessage())
    messages = [r.getMessage() for r in driver]
    assert any("sea call" in m and "op=execute" in m for m in messages), messages[:5]
    assert any("session opened" in m for m in messages)
    assert any(statement_id in m for m in messages)
    for record in caplog.records:
        assert SECRET_TOKEN not in record.getMessage()
        assert SECRET_TOKEN not in str(record.args)
    assert SECRET_TOKEN not in caplog.text


def test_go_side_emits_nothing_below_the_python_level(server, caplog):
    caplog.set_level(logging.WARNING, logger="sealane")
    before = _logbridge.received
    _work(server)
    assert _logbridge.received == before, "the driver delivered records below WARNING"
    assert not [r for r in caplog.records if r.name == "sealane.driver"]

    # Lowering the level later takes effect at the next execution.
    caplog.set_level(logging.DEBUG, logger="sealane")
    _work(server)
    assert _logbridge.received > before
    assert [r for r in caplog.records if r.name == "sealane.driver" and r.levelno == logging.DEBUG]


def test_info_level_drops_debug_records(server, caplog):
    caplog.set_level(logging.INFO, logger="sealane")
    before = _logbridge.received
    _work(server)
    driver = [r for r in caplog.records if r.name == "sealane.driver"]
    assert all(r.levelno >= logging.INFO for r in driver)
    assert _logbridge.received - before == len(driver)
