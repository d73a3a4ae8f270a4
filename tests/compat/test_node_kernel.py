"""Node @databricks/sql with useKernel: true (Databricks' Rust kernel behind
the Node driver) against `sealane serve`.

The driver is pinned in tests/compat/node/package.json and installed by the
Makefile's venv target (`npm ci`). tests/compat/node/run_cases.js runs the
cases below in one session and prints their outcomes; the assertions are
here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
DRIVER = NODE_DIR / "node_modules" / "@databricks" / "sql"
RUN_TIMEOUT_S = 120


def run_cases(srv, cases):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not DRIVER.is_dir():
        pytest.fail(f"{DRIVER} missing: run `make venv` (npm ci in {NODE_DIR})", pytrace=False)
    proc = subprocess.run(
        [node, str(NODE_DIR / "run_cases.js"), srv.url, srv.http_path, srv.token],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        cwd=NODE_DIR,
    )
    assert proc.returncode == 0, f"run_cases.js failed:\n{proc.stderr[-4000:]}"
    out = json.loads(proc.stdout)
    assert len(out) == len(cases)
    return out


@pytest.fixture(scope="module")
def outcomes(server):
    table = f"main.default.node_kernel_{uuid.uuid4().hex[:8]}"
    keys = f"node_keys_{uuid.uuid4().hex[:8]}"
    cases = {
        "select": {"sql": "SELECT 1 AS a, 'x' AS s, CAST(2.50 AS DECIMAL(10,2)) AS d"},
        "intervals": {"sql": "SELECT INTERVAL '1-2' YEAR TO MONTH AS ym, INTERVAL '3 04:05:06' DAY TO SECOND AS ds"},
        "complex": {
            "sql": "SELECT array(1, 2) AS a, map('k', 1) AS m, named_struct('x', 1, 'y', 'z') AS s, "
            "array(named_struct('p', map('a', array(1, NULL)))) AS n, CAST(NULL AS ARRAY<INT>) AS na"
        },
        "keys_schema": {"sql": f"CREATE SCHEMA main.{keys}"},
        "keys_parent": {"sql": f"CREATE TABLE main.{keys}.parent (id INT NOT NULL, k STRING NOT NULL, CONSTRAINT pk PRIMARY KEY (id, k))"},
        "keys_child": {"sql": f"CREATE TABLE main.{keys}.child (pid INT, pk STRING, FOREIGN KEY (pid, pk) REFERENCES {keys}.parent(id, k))"},
        "primary_keys": {"meta": "getPrimaryKeys", "args": {"catalogName": "main", "schemaName": keys, "tableName": "parent"}},
        "cross_reference": {
            "meta": "getCrossReference",
            "args": {
                "parentCatalogName": "main", "parentSchemaName": keys, "parentTableName": "parent",
                "foreignCatalogName": "main", "foreignSchemaName": keys, "foreignTableName": "child",
            },
        },
        "functions": {"meta": "getFunctions", "args": {"catalogName": "main", "schemaName": keys, "functionName": "%"}},
        "keys_drop": {"sql": f"DROP SCHEMA main.{keys} CASCADE"},
        "create": {"sql": f"CREATE TABLE {table} (a INT, s STRING)"},
        "select_empty_table": {"sql": f"SELECT a, s FROM {table}"},
        "insert": {"sql": f"INSERT INTO {table} VALUES (1, 'x'), (2, NULL)"},
        "select_table": {"sql": f"SELECT a, s FROM {table} ORDER BY a"},
        "empty": {"sql": "SELECT * FROM range(0)"},
        "empty_where": {"sql": "SELECT 1 AS a, 'y' AS b WHERE false"},
        "positional": {"sql": "SELECT ? + 1 AS x, ? AS s", "options": {"ordinalParameters": [41, "it's"]}},
        "named": {"sql": "SELECT :n * 2 AS x", "options": {"namedParameters": {"n": 21}}},
        "syntax_error": {"sql": "SELEC 1"},
        "missing_table": {"sql": "SELECT * FROM main.default.node_kernel_missing"},
        "after_error": {"sql": "SELECT 3 AS three"},
        "catalogs": {"meta": "getCatalogs"},
        "schemas": {"meta": "getSchemas", "args": {"catalogName": "main"}},
        "tables": {"meta": "getTables", "args": {"catalogName": "main", "schemaName": "default", "tableName": table.rsplit(".", 1)[1]}},
        "columns": {"meta": "getColumns", "args": {"catalogName": "main", "schemaName": "default", "tableName": table.rsplit(".", 1)[1]}},
        "table_types": {"meta": "getTableTypes"},
        "type_info": {"meta": "getTypeInfo"},
        "drop": {"sql": f"DROP TABLE {table}"},
    }
    names = list(cases)
    got = run_cases(server, [cases[n] for n in names])
    return dict(zip(names, got)), table, keys


def ok(outcomes, name):
    got = outcomes[0][name]
    assert got["ok"], f"{name}: {got}"
    return got


def test_node_kernel_select(outcomes):
    got = ok(outcomes, "select")
    assert got["columns"] == ["a", "s", "d"]
    assert got["rows"] == [{"a": 1, "s": "x", "d": 2.5}]


def test_node_kernel_ddl_dml(outcomes):
    for name in ("create", "drop"):
        got = ok(outcomes, name)
        assert got["rows"] == [] and got["columns"] == []
    got = ok(outcomes, "select_empty_table")
    assert got["rows"] == [] and got["columns"] == ["a", "s"]
    got = ok(outcomes, "insert")
    assert got["rows"][0]["num_affected_rows"] == 2
    got = ok(outcomes, "select_table")
    assert got["rows"] == [{"a": 1, "s": "x"}, {"a": 2, "s": None}]


def test_node_kernel_empty_results(outcomes):
    got = ok(outcomes, "empty")
    assert got["rows"] == [] and got["columns"] == ["id"]
    got = ok(outcomes, "empty_where")
    assert got["rows"] == [] and got["columns"] == ["a", "b"]


def test_node_kernel_parameters(outcomes):
    assert ok(outcomes, "positional")["rows"] == [{"x": 42, "s": "it's"}]
    assert ok(outcomes, "named")["rows"] == [{"x": 42}]


def test_node_kernel_errors(outcomes):
    for name, state in (("syntax_error", "42601"), ("missing_table", "42P01")):
        got = outcomes[0][name]
        assert not got["ok"], got
        assert got["sqlState"] == state, got
        assert f"SQLSTATE: {state}" in got["error"]
    assert ok(outcomes, "after_error")["rows"] == [{"three": 3}]


def test_node_kernel_metadata(outcomes):
    _, table, _ = outcomes
    short = table.rsplit(".", 1)[1]
    assert {"TABLE_CAT": "main"} in ok(outcomes, "catalogs")["rows"]
    assert "default" in [r["TABLE_SCHEM"] for r in ok(outcomes, "schemas")["rows"]]
    assert [r["TABLE_NAME"] for r in ok(outcomes, "tables")["rows"]] == [short]
    cols = ok(outcomes, "columns")["rows"]
    assert [(c["COLUMN_NAME"], c["TYPE_NAME"], c["ORDINAL_POSITION"]) for c in cols] == [("a", "INT", 1), ("s", "STRING", 2)]
    assert "TABLE" in [r["TABLE_TYPE"] for r in ok(outcomes, "table_types")["rows"]]
    assert "BIGINT" in [r["TYPE_NAME"] for r in ok(outcomes, "type_info")["rows"]]


def test_node_kernel_intervals(outcomes):
    # The driver renders both interval kinds as Databricks' strings.
    assert ok(outcomes, "intervals")["rows"] == [{"ym": "1-2", "ds": "3 04:05:06.000000000"}]


def test_node_kernel_complex_types(outcomes):
    assert ok(outcomes, "complex")["rows"] == [
        {"a": [1, 2], "m": {"k": 1}, "s": {"x": 1, "y": "z"}, "n": [{"p": {"a": [1, None]}}], "na": None}
    ]


def test_node_kernel_primary_and_foreign_keys(outcomes):
    keys = outcomes[2]
    for name in ("keys_schema", "keys_parent", "keys_child", "keys_drop"):
        ok(outcomes, name)
    pks = ok(outcomes, "primary_keys")["rows"]
    assert [(r["TABLE_CAT"], r["TABLE_SCHEM"], r["TABLE_NAME"], r["COLUMN_NAME"], r["KEY_SEQ"]) for r in pks] == [
        ("main", keys, "parent", "id", 1),
        ("main", keys, "parent", "k", 2),
    ]
    fks = ok(outcomes, "cross_reference")["rows"]
    assert [(r["PKTABLE_NAME"], r["PKCOLUMN_NAME"], r["FKTABLE_SCHEM"], r["FKTABLE_NAME"], r["FKCOLUMN_NAME"], r["KEY_SEQ"]) for r in fks] == [
        ("parent", "id", keys, "child", "pid", 1),
        ("parent", "k", keys, "child", "pk", 2),
    ]


def test_node_kernel_functions(outcomes):
    # No user-defined functions in the warehouse: an empty listing in
    # JDBC's getFunctions layout.
    got = ok(outcomes, "functions")
    assert got["rows"] == []
    assert got["columns"] == ["FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME"]
