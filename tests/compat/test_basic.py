"""Everyday DB-API use of databricks-sql-connector (SEA) against sealane."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest
from databricks.sql.exc import DatabaseError, Error, ServerOperationError

from conftest import make_connection


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


def test_fetchmany_loop(cursor):
    cursor.execute("SELECT id FROM range(10) ORDER BY id")
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


def test_empty_result_hybrid(connect):
    # As on the service, an empty result carries no result data (no
    # attachment, total_chunk_count 0): the manifest holds the schema, so
    # cursor.description keeps the columns. The connector's SEA backend builds
    # an empty Arrow table's columns only from an attachment, so its empty
    # table has none: its own limitation, the same against the service (the
    # kernel backend, use_kernel=True, keeps them: test_rust_kernel.py).
    conn = connect(use_hybrid_disposition=True)
    with conn.cursor() as cur:
        cur.execute("SELECT id, CAST(id AS STRING) AS s FROM range(0)")
        assert names(cur.description) == ["id", "s"]
        assert type_codes(cur.description) == ["bigint", "string"]
        table = cur.fetchall_arrow()
        assert table.num_rows == 0
        assert cur.fetchall() == []


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


def test_insert_then_select(cursor):
    cursor.execute("CREATE OR REPLACE TABLE main.default.compat_dml (a INT)")
    try:
        cursor.execute("INSERT INTO main.default.compat_dml SELECT id FROM range(7)")
        cursor.fetchall()
        cursor.execute("SELECT count(*) AS c, sum(a) AS s FROM main.default.compat_dml")
        row = cursor.fetchone()
        assert (row[0], row[1]) == (7, sum(range(7)))
    finally:
        cursor.execute("DROP TABLE IF EXISTS main.default.compat_dml")


def test_ddl_returns_no_columns(cursor):
    # Databricks DDL answers with an empty schema (column_count 0).
    cursor.execute("CREATE OR REPLACE TABLE main.default.compat_ddl (a INT)")
    try:
        assert not cursor.description, cursor.description
        assert cursor.fetchall() == []
    finally:
        cursor.execute("DROP TABLE IF EXISTS main.default.compat_ddl")


def test_dml_result_columns(cursor):
    # Databricks answers DML with a one-row result: INSERT ->
    # (num_affected_rows, num_inserted_rows); UPDATE/DELETE -> num_affected_rows
    # first. Tools (dbt, SQLAlchemy dialects) read these by name.
    cursor.execute("CREATE OR REPLACE TABLE main.default.compat_dml2 (a INT)")
    try:
        cursor.execute("INSERT INTO main.default.compat_dml2 SELECT id FROM range(7)")
        assert [d[0] for d in cursor.description][:2] == ["num_affected_rows", "num_inserted_rows"]
        assert tuple(cursor.fetchone())[:2] == (7, 7)
        cursor.execute("UPDATE main.default.compat_dml2 SET a = a + 100 WHERE a < 3")
        assert cursor.description[0][0] == "num_affected_rows"
        assert cursor.fetchone()[0] == 3
        cursor.execute("DELETE FROM main.default.compat_dml2 WHERE a >= 100")
        assert cursor.description[0][0] == "num_affected_rows"
        assert cursor.fetchone()[0] == 3
    finally:
        cursor.execute("DROP TABLE IF EXISTS main.default.compat_dml2")


def test_trailing_semicolon_and_comments(cursor):
    cursor.execute("SELECT 1 AS a;")
    assert cursor.fetchone()[0] == 1
    cursor.execute("-- leading comment\nSELECT /* inline */ 2 AS b")
    assert cursor.fetchone()[0] == 2


def test_query_tags_are_accepted(cursor):
    cursor.execute("SELECT 3 AS c", query_tags={"team": "compat", "adhoc": None})
    assert cursor.fetchone()[0] == 3


def test_connection_query_tags_session_conf(connect):
    conn = connect(query_tags={"suite": "compat", "k": "a:b,c"})
    with conn.cursor() as cur:
        cur.execute("SELECT 4 AS d")
        assert cur.fetchone()[0] == 4


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
    # The session is created in connect(); a bad token must fail there, with
    # an error, not hang in retries (401 is never retried).
    with pytest.raises(Error):
        conn = make_connection(server, access_token="dapi-wrong")
        conn.close()


def test_wrong_warehouse_id_is_rejected(server):
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


def test_cursor_row_limit(conn):
    # cursor(row_limit=N) sends row_limit in the execute request.
    with conn.cursor(row_limit=5) as cur:
        cur.execute("SELECT id FROM range(100) ORDER BY id")
        assert [r[0] for r in cur.fetchall()] == [0, 1, 2, 3, 4]


def test_concurrent_connections(server):
    def work(k):
        with make_connection(server) as c:
            with c.cursor() as cur:
                cur.execute(f"SELECT sum(id) + {k} AS s FROM range(100000)")
                return cur.fetchone()[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(work, range(8)))
    base = 100000 * 99999 // 2
    assert got == [base + k for k in range(8)]


def test_connection_close_deletes_session(server):
    before = server.log_offset()
    conn = make_connection(server)
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchall()
    conn.close()
    records = server.request_log(before)
    created = [r for r in records if r["method"] == "POST" and r["path"] == "/api/2.0/sql/sessions"]
    deleted = [r for r in records if r["method"] == "DELETE" and r["path"].startswith("/api/2.0/sql/sessions/")]
    assert len(created) == 1 and created[0]["status"] == 200
    assert len(deleted) == 1 and deleted[0]["status"] == 200
    # The connector releases statements with DELETE /statements/{id}.
    assert any(r["method"] == "DELETE" and r["path"].startswith("/api/2.0/sql/statements/") for r in records)
