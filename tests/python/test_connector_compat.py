"""A program written for databricks-sql-connector runs unchanged, except its
import, against sealane serve through sealane.sql — and prints what it
prints with the connector itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = Path(__file__).with_name("connector_program.py")


def _run(source: str, server) -> str:
    args = [sys.executable, "-c", source, server.host, str(server.port), server.http_path, server.token]
    out = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-4000:]
    return out.stdout


def test_connector_program_runs_with_sealane_sql(server):
    source = PROGRAM.read_text()
    assert "from databricks import sql" in source
    with_sealane = _run(source.replace("from databricks import sql", "from sealane import sql", 1), server)
    assert "missing table: 'error caught'" in with_sealane
    assert "connection open after with: False" in with_sealane
    try:
        import databricks.sql  # noqa: F401
    except ImportError:
        pytest.skip("databricks-sql-connector is not installed: only sealane's run is checked")
    with_connector = _run(source, server)
    assert with_sealane.splitlines() == with_connector.splitlines()


def test_sql_cursor_rowcount(server):
    """-1 after a query; after DML the rows it modified (Databricks returns
    them as num_affected_rows), and the result stays fetchable."""
    from sealane import sql

    with sql.connect(server_hostname=server.url, http_path=server.http_path, access_token=server.token) as conn:
        with conn.cursor() as cur:
            cur.execute("CREATE OR REPLACE TABLE compat_rowcount (a INT)")
            cur.execute("INSERT INTO compat_rowcount VALUES (1), (2), (3)")
            assert cur.rowcount == 3
            assert [tuple(r) for r in cur.fetchall()] == [(3, 3)]
            cur.execute("SELECT * FROM compat_rowcount")
            assert cur.rowcount == -1
            assert len(cur.fetchall()) == 3
            assert cur.rowcount == -1
            cur.execute("DROP TABLE compat_rowcount")
