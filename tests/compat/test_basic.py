"""Everyday DB-API use of databricks-sql-connector (SEA) against sealane."""

from __future__ import annotations

import pyarrow as pa
import pytest
from databricks.sql.exc import DatabaseError, Error, ServerOperationError


def names(description):
    return [d[0] for d in description]


def type_codes(description):
    return [d[1] for d in description]


def test_select_one(cursor):
    cursor.execute("SELECT 1")
    rows = cursor.fetchall()
    assert [tuple(r) for r in rows] == [(1,)]
    assert isinstance(rows[0][0], int)
    assert names(cursor.description) == ["1"]
    assert type_codes(cursor.description) == ["int"]


def test_description_types_and_aliases(cursor):
    cursor.execute(
        "SELECT CAST(1 AS TINYINT) AS t, CAST(2 AS SMALLINT) AS s, CAST(3 AS INT) AS i, "
        "CAST(4 AS BIGINT) AS b, CAST(1.5 AS FLOAT) AS f, CAST(2.5 AS DOUBLE) AS d, "
        "'x' AS str, true AS bo"
    )
    row = cursor.fetchone()
    assert tuple(row) == (1, 2, 3, 4, 1.5, 2.5, "x", True)
    assert names(cursor.description) == ["t", "s", "i", "b", "f", "d", "str", "bo"]
    # PEP 249 type codes as the connector derives them from manifest type_name
    # (BYTE->tinyint, SHORT->smallint, LONG->bigint).
    assert type_codes(cursor.description) == [
        "tinyint",
        "smallint",
        "int",
        "bigint",
        "float",
        "double",
        "string",
        "boolean",
    ]


def test_row_access_by_name(cursor):
    cursor.execute("SELECT 7 AS seven, 'abc' AS letters")
    row = cursor.fetchone()
    assert row.seven == 7
    assert row["letters"] == "abc"
    assert row.asDict() == {"seven": 7, "letters": "abc"}


def test_fetchone_fetchmany_iteration(cursor):
    n = 25
    cursor.execute(f"SELECT id FROM range({n}) ORDER BY id")
    first = cursor.fetchone()
    assert first[0] == 0
    batch = cursor.fetchmany(10)
    assert [r[0] for r in batch] == list(range(1, 11))
    rest = [r[0] for r in cursor]  # iterate over the remainder
    assert rest == list(range(11, n))
    assert cursor.fetchone() is None
    assert cursor.fetchmany(5) == []
    assert cursor.fetchall() == []


def test_fetchmany_default_arraysize(cursor):
    cursor.arraysize = 4
    cursor.execute("SELECT id FROM range(10) ORDER BY id")
    # fetchmany(size) with explicit size; arraysize governs fetchmany_arrow chunks internally
    got = []
    while True:
        chunk = cursor.fetchmany(4)
        if not chunk:
            break
        assert len(chunk) <= 4
        got.extend(r[0] for r in chunk)
    assert got == list(range(10))


def test_fetchmany_arrow(cursor):
    cursor.execute("SELECT id FROM range(10) ORDER BY id")
    t1 = cursor.fetchmany_arrow(3)
    t2 = cursor.fetchall_arrow()
    assert t1.column("id").to_pylist() == [0, 1, 2]
    assert t2.column("id").to_pylist() == list(range(3, 10))
    assert t1.schema.field("id").type == pa.int64()


def test_empty_result(cursor):
    cursor.execute("SELECT * FROM range(0)")
    assert names(cursor.description) == ["id"]
    assert type_codes(cursor.description) == ["bigint"]
    assert cursor.fetchall() == []
    assert cursor.fetchone() is None


def test_empty_result_arrow(cursor):
    cursor.execute("SELECT id, CAST(id AS STRING) AS s FROM range(0)")
    assert names(cursor.description) == ["id", "s"]
    table = cursor.fetchall_arrow()
    assert table.num_rows == 0


def test_empty_result_inline_json(connect):
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM range(0)")
        assert names(cur.description) == ["id"]
        assert cur.fetchall() == []


def test_multiple_statements_on_one_cursor(cursor):
    # The connector DELETEs the previous statement before each execute.
    for k in range(5):
        cursor.execute(f"SELECT {k} * 10 AS v")
        assert cursor.fetchone()[0] == k * 10


def test_several_cursors_on_one_connection(conn):
    c1, c2 = conn.cursor(), conn.cursor()
    try:
        c1.execute("SELECT id FROM range(3) ORDER BY id")
        c2.execute("SELECT id * 100 AS x FROM range(3) ORDER BY id")
        assert [r[0] for r in c2.fetchall()] == [0, 100, 200]
        assert [r[0] for r in c1.fetchall()] == [0, 1, 2]
    finally:
        c1.close()
        c2.close()


def test_context_managers(server):
    from conftest import make_connection

    with make_connection(server) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT 'ok' AS s")
            assert cur.fetchone()[0] == "ok"
    assert not conn.open


def test_executemany(cursor):
    cursor.execute("CREATE OR REPLACE TABLE main.default.compat_many (k INT, v STRING)")
    try:
        rows = [{"k": i, "v": f"v{i}"} for i in range(5)]
        cursor.executemany("INSERT INTO main.default.compat_many VALUES (:k, :v)", rows)
        cursor.execute("SELECT k, v FROM main.default.compat_many ORDER BY k")
        assert [tuple(r) for r in cursor.fetchall()] == [(i, f"v{i}") for i in range(5)]
    finally:
        cursor.execute("DROP TABLE IF EXISTS main.default.compat_many")


def test_dml_rowcount_and_ddl(cursor):
    cursor.execute("CREATE OR REPLACE TABLE main.default.compat_dml (a INT)")
    try:
        cursor.execute("INSERT INTO main.default.compat_dml SELECT id FROM range(7)")
        cursor.fetchall()
        cursor.execute("SELECT count(*) AS c, sum(a) AS s FROM main.default.compat_dml")
        row = cursor.fetchone()
        assert (row[0], row[1]) == (7, sum(range(7)))
    finally:
        cursor.execute("DROP TABLE IF EXISTS main.default.compat_dml")


def test_table_not_found_error(cursor):
    with pytest.raises(ServerOperationError) as excinfo:
        cursor.execute("SELECT * FROM no_such_table")
    msg = str(excinfo.value)
    assert "no_such_table" in msg
    assert "TABLE_OR_VIEW_NOT_FOUND" in msg
    # The cursor and connection remain usable.
    cursor.execute("SELECT 2")
    assert cursor.fetchone()[0] == 2


def test_syntax_error(cursor):
    with pytest.raises(ServerOperationError) as excinfo:
        cursor.execute("SELEC 1 FORM nowhere")
    msg = str(excinfo.value)
    assert "PARSE_SYNTAX_ERROR" in msg
    assert "SELEC" in msg
    cursor.execute("SELECT 3")
    assert cursor.fetchone()[0] == 3


def test_wrong_token_is_rejected(server):
    from conftest import make_connection

    # The session is created in connect(); a bad token must fail there, with
    # an error, not hang in retries (401 is never retried).
    with pytest.raises(Error):
        conn = make_connection(server, access_token="dapi-wrong")
        conn.close()


def test_wrong_warehouse_id_is_rejected(server):
    from conftest import make_connection

    with pytest.raises(Error):
        conn = make_connection(server, http_path="/sql/1.0/warehouses/nope")
        conn.close()


def test_closed_cursor_raises(conn):
    cur = conn.cursor()
    cur.close()
    with pytest.raises(Error):
        cur.execute("SELECT 1")


def test_use_catalog_schema_statements(cursor):
    cursor.execute("USE CATALOG main")
    cursor.execute("USE SCHEMA default")
    cursor.execute("SELECT current_catalog() AS c, current_schema() AS s")
    row = cursor.fetchone()
    assert (row[0], row[1]) == ("main", "default")


def test_connect_with_catalog_and_schema(connect):
    conn = connect(catalog="main", schema="default")
    with conn.cursor() as cur:
        cur.execute("CREATE OR REPLACE TABLE compat_ns (x INT)")
        try:
            cur.execute("INSERT INTO compat_ns VALUES (41)")
            # unqualified name resolves in main.default
            cur.execute("SELECT x + 1 FROM main.default.compat_ns")
            assert cur.fetchone()[0] == 42
            cur.execute("SELECT current_catalog(), current_schema()")
            assert tuple(cur.fetchone()) == ("main", "default")
        finally:
            cur.execute("DROP TABLE IF EXISTS main.default.compat_ns")


def test_connect_with_unknown_schema_fails(connect):
    with pytest.raises(Error):
        conn = connect(catalog="main", schema="no_such_schema_xyz")
        with conn.cursor() as cur:
            cur.execute("SELECT 1")


def test_backtick_identifiers(cursor):
    cursor.execute("SELECT `my col` FROM (SELECT 5 AS `my col`)")
    assert names(cursor.description) == ["my col"]
    assert cursor.fetchone()[0] == 5


def test_query_id_is_set(cursor):
    cursor.execute("SELECT 1")
    cursor.fetchall()
    assert cursor.query_id  # statement id from the server
    assert isinstance(cursor.query_id, str)


def test_statement_after_connection_close_raises(connect):
    conn = connect()
    cur = conn.cursor()
    conn.close()
    with pytest.raises((Error, DatabaseError)):
        cur.execute("SELECT 1")
