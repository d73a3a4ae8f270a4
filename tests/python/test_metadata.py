"""Metadata helpers (ADBC GetObjects) on the connection and the cursor."""

from __future__ import annotations

import pyarrow as pa
import pytest

TABLE = "py_meta_t"


@pytest.fixture(scope="module")
def objects(server):
    import sealane

    with sealane.connect(server.url, server.http_path, server.token) as conn:
        conn.execute(f"CREATE OR REPLACE TABLE main.default.{TABLE} (id INT, name STRING, amount DECIMAL(12,3))")
        yield
        conn.execute(f"DROP TABLE IF EXISTS main.default.{TABLE}")


def test_catalogs(conn, objects):
    t = conn.catalogs()
    assert t.column_names == ["catalog_name"]
    assert "main" in t.column("catalog_name").to_pylist()


def test_schemas(conn, objects):
    t = conn.schemas("main")
    assert t.column_names == ["catalog_name", "schema_name"]
    assert {"catalog_name": "main", "schema_name": "default"} in t.to_pylist()


def test_tables(conn, objects):
    t = conn.tables("main", "default", "py_meta_%")
    assert t.to_pylist() == [
        {"catalog_name": "main", "schema_name": "default", "table_name": TABLE, "table_type": "TABLE"}
    ]
    assert conn.tables("main", "default", "no_such_%").num_rows == 0


def test_columns(conn, objects):
    t = conn.columns("main", "default", TABLE)
    rows = t.to_pylist()
    assert [r["column_name"] for r in rows] == ["id", "name", "amount"]
    assert [r["ordinal_position"] for r in rows] == [1, 2, 3]
    assert rows[0]["xdbc_type_name"] == "INT"
    assert {r["table_name"] for r in rows} == {TABLE}
    only = conn.columns("main", "default", TABLE, "am%")
    assert only.column("column_name").to_pylist() == ["amount"]


def test_table_schema_and_types(conn, objects):
    schema = conn.table_schema(TABLE, "main", "default")
    assert schema.names == ["id", "name", "amount"]
    assert schema.field("amount").type == pa.decimal128(12, 3)
    assert "TABLE" in conn.table_types()
    info = conn.get_info()
    assert info["driver_name"]
    assert info["vendor_name"] == "Databricks"


def test_cursor_metadata(cursor, objects):
    cursor.catalogs()
    assert [d[0] for d in cursor.description] == ["catalog_name"]
    assert ("main",) in cursor.fetchall()
    cursor.tables("main", "default", TABLE)
    assert cursor.fetchall() == [("main", "default", TABLE, "TABLE")]
    cursor.columns("main", "default", TABLE)
    assert [r[3] for r in cursor.fetchall()] == ["id", "name", "amount"]
