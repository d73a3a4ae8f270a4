"""Cursor metadata calls: the SEA backend runs SHOW statements and reads the
result columns by position (see sea-protocol.md §5)."""

from __future__ import annotations

import pytest

from conftest import make_connection

TABLE = "compat_t"
VIEW = "compat_v"

SHOW_TABLES_COLS = ["namespace", "tableName", "isTemporary", "information", "catalogName", "tableType", "remarks"]
SHOW_COLUMNS_COLS = [
    "col_name",
    "catalogName",
    "namespace",
    "tableName",
    "columnType",
    "columnSize",
    "decimalDigits",
    "radix",
    "isNullable",
    "remarks",
    "ordinalPosition",
    "isAutoIncrement",
    "isGenerated",
]


@pytest.fixture(scope="module")
def objects(server):
    conn = make_connection(server)
    cur = conn.cursor()
    cur.execute(f"CREATE OR REPLACE TABLE main.default.{TABLE} (id INT, name STRING, amount DECIMAL(12,3))")
    cur.execute(f"CREATE OR REPLACE VIEW main.default.{VIEW} AS SELECT id FROM main.default.{TABLE}")
    yield
    cur.execute(f"DROP VIEW IF EXISTS main.default.{VIEW}")
    cur.execute(f"DROP TABLE IF EXISTS main.default.{TABLE}")
    cur.close()
    conn.close()


def col_names(cursor):
    return [d[0] for d in cursor.description]


def test_catalogs(cursor, objects):
    cursor.catalogs()
    assert col_names(cursor) == ["catalog"]
    rows = cursor.fetchall()
    catalogs = [r[0] for r in rows]
    assert "main" in catalogs
    # No DuckDB-internal catalogs leak through.
    assert not {"system", "temp", "memory"} & set(catalogs), catalogs


def test_schemas(cursor, objects):
    cursor.schemas(catalog_name="main")
    assert col_names(cursor)[0] == "databaseName"
    schemas = [r[0] for r in cursor.fetchall()]
    assert "default" in schemas


def test_schemas_with_pattern(cursor, objects):
    cursor.schemas(catalog_name="main", schema_name="def*")
    schemas = [r[0] for r in cursor.fetchall()]
    assert schemas == ["default"]
    # The connector forwards JDBC-style patterns untouched.
    cursor.schemas(catalog_name="main", schema_name="def%")
    assert [r[0] for r in cursor.fetchall()] == ["default"]


def test_tables(cursor, objects):
    cursor.tables(catalog_name="main", schema_name="default")
    assert col_names(cursor) == SHOW_TABLES_COLS
    rows = cursor.fetchall()
    by_name = {r[1]: r for r in rows}
    assert TABLE in by_name and VIEW in by_name, sorted(by_name)
    t = by_name[TABLE]
    assert t[0] == "default"
    assert t[2] is False
    assert t[4] == "main"
    assert t[5] == "TABLE"
    assert by_name[VIEW][5] == "VIEW"


def test_tables_filters(cursor, objects):
    cursor.tables(catalog_name="main", schema_name="default", table_name=TABLE)
    assert [r[1] for r in cursor.fetchall()] == [TABLE]
    cursor.tables(catalog_name="main", schema_name="default", table_name="compat_*")
    assert {r[1] for r in cursor.fetchall()} >= {TABLE, VIEW}
    # table_types is applied client-side on column 5 (tableType)
    cursor.tables(catalog_name="main", schema_name="default", table_types=["VIEW"])
    names = [r[1] for r in cursor.fetchall()]
    assert VIEW in names and TABLE not in names


def test_tables_all_catalogs(cursor, objects):
    cursor.tables()  # SHOW TABLES IN ALL CATALOGS
    rows = cursor.fetchall()
    assert any(r[4] == "main" and r[0] == "default" and r[1] == TABLE for r in rows)


def test_columns(cursor, objects):
    cursor.columns(catalog_name="main", schema_name="default", table_name=TABLE)
    assert col_names(cursor) == SHOW_COLUMNS_COLS
    rows = cursor.fetchall()
    assert [r[0] for r in rows] == ["id", "name", "amount"]
    for r in rows:
        assert (r[1], r[2], r[3]) == ("main", "default", TABLE)
    types = {r[0]: r[4] for r in rows}
    assert types == {"id": "INT", "name": "STRING", "amount": "DECIMAL(12,3)"}
    positions = [r[10] for r in rows]
    assert positions in ([0, 1, 2], [1, 2, 3]), positions
    assert all(r[8] in ("true", "false") for r in rows)


def test_columns_name_pattern(cursor, objects):
    cursor.columns(catalog_name="main", schema_name="default", table_name=TABLE, column_name="na*")
    assert [r[0] for r in cursor.fetchall()] == ["name"]


def test_metadata_with_inline_json(connect, objects):
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.tables(catalog_name="main", schema_name="default", table_name=TABLE)
        rows = cur.fetchall()
        assert [(r[0], r[1], r[4], r[5]) for r in rows] == [("default", TABLE, "main", "TABLE")]
        cur.columns(catalog_name="main", schema_name="default", table_name=TABLE)
        assert [r[0] for r in cur.fetchall()] == ["id", "name", "amount"]


def test_show_statements_directly(cursor, objects):
    cursor.execute("SHOW TABLES IN main.default")
    assert TABLE in [r[1] for r in cursor.fetchall()]
    cursor.execute(f"SHOW COLUMNS IN main.default.{TABLE}")
    got = [r[0] for r in cursor.fetchall()]
    assert got == ["id", "name", "amount"]
