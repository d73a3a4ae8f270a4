"""Node @databricks/sql in its default mode — Thrift, no useKernel — against
`sealane serve`'s Thrift endpoint.

The driver always speaks https (https: true is fixed in DBSQLClient), so the
server runs with --tls-self-signed and Node trusts its certificate through
NODE_EXTRA_CA_CERTS (the certificate `serve` writes, `tls_cert` in its ready
line). The driver and run_cases.js are test_node_kernel.py's; the connect
options switch it to Thrift.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest

from conftest import start_server, stop_server
from test_node_kernel import DRIVER, NODE_DIR, RUN_TIMEOUT_S


@pytest.fixture(scope="module")
def tls_server():
    srv = start_server(["--tls-self-signed"])
    yield srv
    stop_server(srv)


def run_thrift_cases(srv, cases):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not DRIVER.is_dir():
        pytest.fail(f"{DRIVER} missing: run `make venv` (npm ci in {NODE_DIR})", pytrace=False)
    connect = {"useKernel": False, "host": srv.host, "port": srv.port}
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=srv.info["tls_cert"])
    proc = subprocess.run(
        [node, str(NODE_DIR / "run_cases.js"), srv.host, srv.http_path, srv.token, json.dumps(connect)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=NODE_DIR,
        env=env,
    )
    assert proc.returncode == 0, f"run_cases.js failed:\n{proc.stderr[-4000:]}"
    out = json.loads(proc.stdout)
    assert len(out) == len(cases)
    return out


@pytest.fixture(scope="module")
def outcomes(tls_server):
    table = f"main.default.node_thrift_{uuid.uuid4().hex[:8]}"
    short = table.rsplit(".", 1)[1]
    cases = {
        "select": {"sql": "SELECT 1 AS a, 'x' AS s, CAST(2.50 AS DECIMAL(10,2)) AS d"},
        "create": {"sql": f"CREATE TABLE {table} (a INT, s STRING)"},
        "insert": {"sql": f"INSERT INTO {table} VALUES (1, 'x'), (2, NULL)"},
        "select_table": {"sql": f"SELECT a, s FROM {table} ORDER BY a"},
        "empty_where": {"sql": "SELECT 1 AS a, 'y' AS b WHERE false"},
        "positional": {"sql": "SELECT ? + 1 AS x, ? AS s", "options": {"ordinalParameters": [41, "it's"]}},
        "named": {"sql": "SELECT :n * 2 AS x", "options": {"namedParameters": {"n": 21}}},
        "big": {"sql": "SELECT id FROM range(300000) AS r(id)"},
        "lz4_inline": {"sql": "SELECT id FROM range(1000) AS r(id)", "options": {"useCloudFetch": False, "useLZ4Compression": True}},
        "syntax_error": {"sql": "SELEC 1"},
        "missing_table": {"sql": "SELECT * FROM main.default.node_thrift_missing"},
        "after_error": {"sql": "SELECT 3 AS three"},
        "catalogs": {"meta": "getCatalogs"},
        "schemas": {"meta": "getSchemas", "args": {"catalogName": "main"}},
        "tables": {"meta": "getTables", "args": {"catalogName": "main", "schemaName": "default", "tableName": short}},
        "columns": {"meta": "getColumns", "args": {"catalogName": "main", "schemaName": "default", "tableName": short}},
        "table_types": {"meta": "getTableTypes"},
        "type_info": {"meta": "getTypeInfo"},
        "primary_keys": {"meta": "getPrimaryKeys", "args": {"catalogName": "main", "schemaName": "default", "tableName": short}},
        "functions": {"meta": "getFunctions", "args": {"catalogName": "main", "schemaName": "default", "functionName": "f"}},
        "drop": {"sql": f"DROP TABLE {table}"},
    }
    names = list(cases)
    got = run_thrift_cases(tls_server, [cases[n] for n in names])
    return dict(zip(names, got)), short


def ok(outcomes, name):
    got = outcomes[0][name]
    assert got["ok"], f"{name}: {got}"
    return got


def test_node_thrift_select(outcomes):
    got = ok(outcomes, "select")
    assert got["columns"] == ["a", "s", "d"]
    assert got["rows"] == [{"a": 1, "s": "x", "d": 2.5}]


def test_node_thrift_ddl_dml(outcomes):
    ok(outcomes, "create")
    ok(outcomes, "insert")
    assert ok(outcomes, "select_table")["rows"] == [{"a": 1, "s": "x"}, {"a": 2, "s": None}]
    got = ok(outcomes, "empty_where")
    assert got["rows"] == [] and got["columns"] == ["a", "b"]
    ok(outcomes, "drop")


def test_node_thrift_parameters(outcomes):
    assert ok(outcomes, "positional")["rows"] == [{"x": 42, "s": "it's"}]
    assert ok(outcomes, "named")["rows"] == [{"x": 42}]


def test_node_thrift_large_and_lz4(outcomes):
    rows = ok(outcomes, "big")["rows"]
    assert len(rows) == 300000 and rows[-1] == {"id": 299999}
    rows = ok(outcomes, "lz4_inline")["rows"]
    assert [r["id"] for r in rows] == list(range(1000))


def test_node_thrift_errors(outcomes):
    for name, state in (("syntax_error", "42601"), ("missing_table", "42P01")):
        got = outcomes[0][name]
        assert not got["ok"], got
        assert f"SQLSTATE: {state}" in got["error"], got
    assert ok(outcomes, "after_error")["rows"] == [{"three": 3}]


def test_node_thrift_metadata(outcomes):
    short = outcomes[1]
    assert {"TABLE_CAT": "main"} in ok(outcomes, "catalogs")["rows"]
    assert "default" in [r["TABLE_SCHEM"] for r in ok(outcomes, "schemas")["rows"]]
    assert [r["TABLE_NAME"] for r in ok(outcomes, "tables")["rows"]] == [short]
    cols = ok(outcomes, "columns")["rows"]
    assert [(c["COLUMN_NAME"], c["TYPE_NAME"], c["ORDINAL_POSITION"]) for c in cols] == [("a", "INT", 1), ("s", "STRING", 2)]
    assert [r["TABLE_TYPE"] for r in ok(outcomes, "table_types")["rows"]] == ["TABLE", "VIEW"]
    assert "BIGINT" in [r["TYPE_NAME"] for r in ok(outcomes, "type_info")["rows"]]
    assert ok(outcomes, "primary_keys")["rows"] == []
    assert ok(outcomes, "functions")["rows"] == []
