"""Databricks' Rust kernel (PyPI databricks-sql-kernel, the engine behind the
connector's use_kernel=True) against `sealane serve`.

The kernel is strict where the Python SEA backend is lenient: it failed every
DDL statement and every empty result ("Schema not available for inline
result") while the warehouse answered them with an attachment holding a
zero-row batch; the service sends no result data and the manifest carries the
schema. These tests pin that, and the rest of what the kernel's Python API
offers: results and types, row limits, parameters, errors, metadata, async
submission and cancellation.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pyarrow as pa
import pytest

kernel = pytest.importorskip("databricks_sql_kernel")
from databricks import sql  # noqa: E402

from conftest import wait_for  # noqa: E402


def open_session(srv, **kwargs):
    return kernel.Session(
        host=f"http://{srv.host}:{srv.port}",
        http_path=srv.http_path,
        auth_type="pat",
        access_token=srv.token,
        retry_max_attempts=1,
        **kwargs,
    )


@pytest.fixture
def ksession(server):
    s = open_session(server)
    yield s
    s.close()


def run(session, text, *, row_limit=None, params=(), named=()):
    """Execute text and return (schema, table, num_modified_rows)."""
    st = session.statement()
    try:
        st.set_sql(text)
        if row_limit is not None:
            st.set_row_limit(row_limit)
        for ordinal, value, sql_type in params:
            st.bind_param(ordinal, value, sql_type)
        for name, value, sql_type in named:
            st.bind_named_param(name, value, sql_type)
        ex = st.execute()
        table = ex.fetch_all_arrow()
        return ex.arrow_schema(), table, ex.num_modified_rows
    finally:
        st.close()


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_kernel_select_types(ksession):
    schema, table, _ = run(
        ksession,
        "SELECT 1 AS i, CAST(2 AS BIGINT) AS l, 'héllo' AS s, CAST(12.30 AS DECIMAL(10,2)) AS d, "
        "DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts, true AS b, CAST(NULL AS INT) AS n",
    )
    assert schema.names == ["i", "l", "s", "d", "dt", "ts", "b", "n"]
    assert [str(f.type) for f in schema] == [
        "int32", "int64", "string", "decimal128(10, 2)", "date32[day]",
        "timestamp[us, tz=Etc/UTC]", "bool", "int32",
    ]
    row = table.to_pylist()[0]
    assert row["i"] == 1 and row["l"] == 2 and row["s"] == "héllo"
    assert row["d"] == decimal.Decimal("12.30")
    assert row["dt"] == dt.date(2024, 1, 2)
    assert row["ts"].replace(tzinfo=None) == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert row["b"] is True and row["n"] is None


def test_kernel_multi_batch_result(ksession):
    _, table, _ = run(ksession, "SELECT id FROM range(300000)")
    assert table.num_rows == 300000
    assert table.column("id").to_pylist()[-1] == 299999


def test_kernel_ddl_and_dml(ksession):
    name = unique("main.default.kernel_ddl")
    schema, table, _ = run(ksession, f"CREATE TABLE {name} (a INT, d DECIMAL(10,2), s STRING)")
    try:
        # DDL: no columns, no rows (the manifest's column_count is 0).
        assert len(schema) == 0 and table.num_rows == 0
        schema, table, modified = run(ksession, f"INSERT INTO {name} VALUES (1, 1.50, 'a'), (2, 2.50, 'b')")
        assert schema.names[:2] == ["num_affected_rows", "num_inserted_rows"]
        assert table.to_pylist()[0]["num_affected_rows"] == 2
        assert modified == 2
        _, table, _ = run(ksession, f"SELECT a, d, s FROM {name} ORDER BY a")
        assert table.to_pylist() == [
            {"a": 1, "d": decimal.Decimal("1.50"), "s": "a"},
            {"a": 2, "d": decimal.Decimal("2.50"), "s": "b"},
        ]
    finally:
        schema, table, _ = run(ksession, f"DROP TABLE IF EXISTS {name}")
        assert len(schema) == 0 and table.num_rows == 0


@pytest.mark.parametrize(
    "query, names, types",
    [
        ("SELECT * FROM range(0)", ["id"], [pa.int64()]),
        ("SELECT 1 AS a, 'x' AS s WHERE false", ["a", "s"], [pa.int32(), pa.string()]),
        (
            "SELECT CAST(1 AS DOUBLE) AS f, DATE '2024-01-02' AS dt, true AS b WHERE 1 = 0",
            ["f", "dt", "b"],
            [pa.float64(), pa.date32(), pa.bool_()],
        ),
    ],
)
def test_kernel_empty_results(ksession, query, names, types):
    # No result data: the kernel builds the schema from the manifest.
    schema, table, _ = run(ksession, query)
    assert table.num_rows == 0
    assert schema.names == names
    assert [f.type for f in schema] == types


def test_kernel_empty_table(ksession):
    name = unique("main.default.kernel_empty")
    run(ksession, f"CREATE TABLE {name} (a INT, d DECIMAL(10,2), ts TIMESTAMP)")
    try:
        schema, table, _ = run(ksession, f"SELECT * FROM {name}")
        assert table.num_rows == 0
        assert schema.names == ["a", "d", "ts"]
        assert str(schema.field("d").type) == "decimal128(10, 2)"
    finally:
        run(ksession, f"DROP TABLE IF EXISTS {name}")


def test_kernel_row_limit(ksession):
    _, table, _ = run(ksession, "SELECT id FROM range(10)", row_limit=3)
    assert table.column("id").to_pylist() == [0, 1, 2]
    # row_limit 0: no rows, the columns still there.
    schema, table, _ = run(ksession, "SELECT id, 'x' AS s FROM range(10)", row_limit=0)
    assert table.num_rows == 0
    assert schema.names == ["id", "s"]


def test_kernel_positional_parameters(ksession):
    _, table, _ = run(
        ksession,
        "SELECT ? + 1 AS i, ? AS s, ? AS d, ? AS dt, ? AS n",
        params=[
            (1, "41", "INT"),
            (2, "it's", "STRING"),
            (3, "12.30", "DECIMAL(10,2)"),
            (4, "2024-01-02", "DATE"),
            (5, None, "VOID"),
        ],
    )
    assert table.to_pylist() == [
        {"i": 42, "s": "it's", "d": decimal.Decimal("12.30"), "dt": dt.date(2024, 1, 2), "n": None}
    ]


def test_kernel_named_parameters(ksession):
    _, table, _ = run(
        ksession,
        "SELECT :x * 2 AS twice, :x AS again, :label AS label",
        named=[("x", "21", "BIGINT"), ("label", "a'b", "STRING")],
    )
    assert table.to_pylist() == [{"twice": 42, "again": 21, "label": "a'b"}]


@pytest.mark.parametrize(
    "query, sql_state",
    [
        ("SELEC 1", "42601"),
        ("SELECT * FROM main.default.kernel_no_such_table", "42P01"),
    ],
)
def test_kernel_errors(ksession, query, sql_state):
    with pytest.raises(kernel.KernelError) as info:
        run(ksession, query)
    err = info.value
    assert err.code == "SqlError"
    assert err.sql_state == sql_state
    assert f"SQLSTATE: {sql_state}" in err.message
    # The session survives a failed statement.
    _, table, _ = run(ksession, "SELECT 1 AS one")
    assert table.to_pylist() == [{"one": 1}]


def test_kernel_interval(ksession):
    # DAY TO SECOND arrives as an Arrow duration.
    _, table, _ = run(ksession, "SELECT INTERVAL 3 DAY AS iv, INTERVAL '3 04:05:06' DAY TO SECOND AS ds")
    assert table.column("iv").type == pa.duration("us")
    assert table.to_pylist()[0] == {
        "iv": dt.timedelta(days=3),
        "ds": dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
    }


def test_kernel_interval_year_month_as_string(server):
    # YEAR TO MONTH arrives as an Arrow month interval, as from the service,
    # which pyarrow cannot import (a client-side limitation); the kernel's
    # intervals_as_string renders both kinds in Databricks' string forms.
    s = open_session(server, intervals_as_string=True)
    try:
        schema, table, _ = run(
            s,
            "SELECT INTERVAL '1-2' YEAR TO MONTH AS ym, INTERVAL '-0-3' YEAR TO MONTH AS neg, "
            "INTERVAL '3 04:05:06' DAY TO SECOND AS ds",
        )
    finally:
        s.close()
    assert [f.metadata[b"databricks.type_text"] for f in schema] == [
        b"INTERVAL YEAR TO MONTH", b"INTERVAL YEAR TO MONTH", b"INTERVAL DAY TO SECOND",
    ]
    assert table.to_pylist() == [{"ym": "1-2", "neg": "-0-3", "ds": "3 04:05:06.000000000"}]


def test_kernel_complex_types(ksession):
    # Native Arrow list, map and struct arrays, nested, with Databricks'
    # type text in the field metadata; NULLs of each kind.
    schema, table, _ = run(
        ksession,
        "SELECT array(1, 2, 3) AS a, map('k', 1) AS m, named_struct('x', 1, 'y', 'z') AS s, "
        "array(named_struct('p', map('a', array(1, NULL)))) AS n, "
        "CAST(NULL AS ARRAY<INT>) AS na, CAST(NULL AS MAP<STRING, INT>) AS nm, CAST(NULL AS STRUCT<a: INT>) AS ns",
    )
    assert [f.metadata[b"databricks.type_text"].decode() for f in schema] == [
        "ARRAY<INT>", "MAP<STRING, INT>", "STRUCT<x: INT, y: STRING>",
        "ARRAY<STRUCT<p: MAP<STRING, ARRAY<INT>>>>", "ARRAY<INT>", "MAP<STRING, INT>", "STRUCT<a: INT>",
    ]
    assert schema.field("a").type == pa.list_(pa.int32())
    assert pa.types.is_map(schema.field("m").type)
    assert pa.types.is_struct(schema.field("s").type)
    assert table.to_pylist() == [{
        "a": [1, 2, 3], "m": [("k", 1)], "s": {"x": 1, "y": "z"}, "n": [{"p": [("a", [1, None])]}],
        "na": None, "nm": None, "ns": None,
    }]


def test_kernel_complex_types_in_a_table(ksession):
    name = unique("main.default.kernel_complex")
    run(ksession, f"CREATE TABLE {name} (id INT, tags ARRAY<STRING>, attrs MAP<STRING, BIGINT>, pt STRUCT<x: DOUBLE, y: DOUBLE>)")
    try:
        run(ksession, f"INSERT INTO {name} VALUES (1, array('a', 'b'), map('n', 7), named_struct('x', 1.5, 'y', -2.0))")
        schema, table, _ = run(ksession, f"SELECT tags, attrs, pt FROM {name}")
        assert [f.metadata[b"databricks.type_text"].decode() for f in schema] == [
            "ARRAY<STRING>", "MAP<STRING, BIGINT>", "STRUCT<x: DOUBLE, y: DOUBLE>",
        ]
        assert table.to_pylist() == [{"tags": ["a", "b"], "attrs": [("n", 7)], "pt": {"x": 1.5, "y": -2.0}}]
    finally:
        run(ksession, f"DROP TABLE IF EXISTS {name}")


@pytest.fixture
def kernel_table(ksession):
    schema = unique("kmeta")
    run(ksession, f"CREATE SCHEMA main.{schema}")
    run(ksession, f"CREATE TABLE main.{schema}.items (id BIGINT, name STRING, price DECIMAL(10,2))")
    yield schema
    run(ksession, f"DROP SCHEMA main.{schema} CASCADE")


def test_kernel_metadata(ksession, kernel_table):
    m = ksession.metadata()
    catalogs = m.list_catalogs().fetch_all_arrow()
    assert "main" in catalogs.column("TABLE_CAT").to_pylist()

    schemas = m.list_schemas(catalog="main", schema_pattern="kmeta%").fetch_all_arrow()
    assert kernel_table in schemas.column("TABLE_SCHEM").to_pylist()

    tables = m.list_tables(catalog="main", schema_pattern=kernel_table).fetch_all_arrow().to_pylist()
    assert [(t["TABLE_SCHEM"], t["TABLE_NAME"], t["TABLE_TYPE"]) for t in tables] == [(kernel_table, "items", "TABLE")]

    cols = m.list_columns(catalog="main", schema_pattern=kernel_table, table_pattern="items").fetch_all_arrow().to_pylist()
    assert [(c["COLUMN_NAME"], c["TYPE_NAME"], c["ORDINAL_POSITION"]) for c in cols] == [
        ("id", "BIGINT", 1),
        ("name", "STRING", 2),
        ("price", "DECIMAL(10,2)", 3),
    ]
    price = cols[2]
    assert (price["COLUMN_SIZE"], price["DECIMAL_DIGITS"]) == (10, 2)

    # An empty listing is an empty result: schema from the manifest.
    none = m.list_tables(catalog="main", schema_pattern=kernel_table, table_pattern="nothing%").fetch_all_arrow()
    assert none.num_rows == 0 and "TABLE_NAME" in none.schema.names

    assert "TABLE" in m.table_types().fetch_all_arrow().column("TABLE_TYPE").to_pylist()
    assert "BIGINT" in m.type_info().fetch_all_arrow().column("TYPE_NAME").to_pylist()


@pytest.fixture
def keyed_tables(ksession):
    schema = unique("kkeys")
    run(ksession, f"CREATE SCHEMA main.{schema}")
    run(ksession, f"CREATE TABLE main.{schema}.parent (id INT NOT NULL, k STRING NOT NULL, CONSTRAINT pk PRIMARY KEY (id, k))")
    run(ksession, f"USE SCHEMA {schema}")
    run(ksession, "CREATE TABLE child (x INT, pid INT, pk STRING, CONSTRAINT fk FOREIGN KEY (pid, pk) REFERENCES parent(id, k))")
    yield schema
    run(ksession, "USE SCHEMA default")
    run(ksession, f"DROP SCHEMA main.{schema} CASCADE")


# The kernel sends SHOW KEYS / SHOW FOREIGN KEYS IN CATALOG … IN SCHEMA … IN
# TABLE … and SHOW FUNCTIONS IN CATALOG … and maps the answers to JDBC's
# column names.
def test_kernel_primary_keys(ksession, keyed_tables):
    pks = ksession.metadata().primary_keys(catalog="main", schema=keyed_tables, table="parent").fetch_all_arrow().to_pylist()
    assert [(r["TABLE_CAT"], r["TABLE_SCHEM"], r["TABLE_NAME"], r["COLUMN_NAME"], r["KEY_SEQ"]) for r in pks] == [
        ("main", keyed_tables, "parent", "id", 1),
        ("main", keyed_tables, "parent", "k", 2),
    ]
    assert pks[0]["PK_NAME"] and pks[0]["PK_NAME"] == pks[1]["PK_NAME"]
    none = ksession.metadata().primary_keys(catalog="main", schema=keyed_tables, table="child").fetch_all_arrow()
    assert none.num_rows == 0 and "COLUMN_NAME" in none.schema.names


def test_kernel_foreign_keys(ksession, keyed_tables):
    fks = ksession.metadata().foreign_keys(
        foreign_catalog="main", foreign_schema=keyed_tables, foreign_table="child"
    ).fetch_all_arrow().to_pylist()
    assert [
        (r["PKTABLE_CAT"], r["PKTABLE_SCHEM"], r["PKTABLE_NAME"], r["PKCOLUMN_NAME"],
         r["FKTABLE_SCHEM"], r["FKTABLE_NAME"], r["FKCOLUMN_NAME"], r["KEY_SEQ"])
        for r in fks
    ] == [
        ("main", keyed_tables, "parent", "id", keyed_tables, "child", "pid", 1),
        ("main", keyed_tables, "parent", "k", keyed_tables, "child", "pk", 2),
    ]
    # Informational constraints: no action on update or delete (JDBC's 3).
    assert {(r["UPDATE_RULE"], r["DELETE_RULE"]) for r in fks} == {(3, 3)}


def test_kernel_functions(ksession):
    # No CREATE FUNCTION in the warehouse: a catalog lists no functions
    # (built-ins live in system.builtin), with JDBC's getFunctions layout.
    fns = ksession.metadata().functions(catalog="main").fetch_all_arrow()
    assert fns.num_rows == 0
    assert fns.schema.names == ["FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME"]


LONG_QUERY = "SELECT count(*) FROM range(1000000000000)"


def test_kernel_submit_and_await(ksession):
    st = ksession.statement()
    st.set_sql("SELECT id FROM range(5)")
    ex = st.submit()
    assert wait_for(lambda: ex.status()[0] == "Succeeded", timeout=30)
    table = ex.await_result().fetch_all_arrow()
    assert table.column("id").to_pylist() == [0, 1, 2, 3, 4]
    ex.close()
    st.close()


def test_kernel_cancel(server, ksession):
    st = ksession.statement()
    st.set_sql(LONG_QUERY)
    ex = st.submit()
    assert wait_for(lambda: ex.status()[0] == "Running", timeout=30), ex.status()
    ex.cancel()
    assert wait_for(lambda: ex.status()[0] == "Cancelled", timeout=30), ex.status()
    ex.close()
    st.close()
    # The session is usable afterwards.
    _, table, _ = run(ksession, "SELECT 2 AS two")
    assert table.to_pylist() == [{"two": 2}]


def test_kernel_statements_of_one_session_run_concurrently(ksession):
    # As on the service: a second statement of the session runs while the
    # first is still running, and sees the session's namespace.
    schema = unique("kconc")
    run(ksession, f"CREATE SCHEMA main.{schema}")
    try:
        run(ksession, f"USE SCHEMA {schema}")
        run(ksession, "CREATE TABLE here AS SELECT 'mine' AS s")
        st = ksession.statement()
        st.set_sql(LONG_QUERY)
        ex = st.submit()
        assert wait_for(lambda: ex.status()[0] == "Running", timeout=30), ex.status()
        _, table, _ = run(ksession, "SELECT s FROM here")
        assert table.to_pylist() == [{"s": "mine"}]
        assert ex.status()[0] == "Running"
        ex.cancel()
        assert wait_for(lambda: ex.status()[0] == "Cancelled", timeout=30), ex.status()
        ex.close()
        st.close()
    finally:
        run(ksession, "USE SCHEMA default")
        run(ksession, f"DROP SCHEMA main.{schema} CASCADE")


# --- the official connector on the kernel (use_kernel=True) ---------------


@pytest.fixture
def kconn(server):
    # The kernel path takes the port in server_hostname (it ignores _port).
    conn = sql.connect(
        server_hostname=f"http://{server.host}:{server.port}",
        http_path=server.http_path,
        access_token=server.token,
        use_kernel=True,
        enable_telemetry=False,
    )
    yield conn
    conn.close()


def test_connector_use_kernel(kconn):
    name = unique("main.default.kconn")
    with kconn.cursor() as cur:
        cur.execute(f"CREATE TABLE {name} (a INT, s STRING)")
        assert not cur.description
        try:
            cur.execute(f"SELECT a, s FROM {name}")
            assert [d[0] for d in cur.description] == ["a", "s"]
            assert cur.fetchall() == []
            cur.execute(f"INSERT INTO {name} VALUES (?, ?), (?, ?)", [1, "x", 2, None])
            cur.execute(f"SELECT a, s FROM {name} WHERE a >= ? ORDER BY a", [1])
            assert [tuple(r) for r in cur.fetchall()] == [(1, "x"), (2, None)]
            cur.execute("SELECT id FROM range(0)")
            assert cur.fetchall_arrow().num_rows == 0
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        with pytest.raises(sql.exc.ServerOperationError) as info:
            cur.execute("SELECT * FROM main.default.kconn_missing")
        assert "42P01" in str(info.value)


def test_connector_use_kernel_metadata(kconn):
    with kconn.cursor() as cur:
        cur.catalogs()
        assert "main" in [r[0] for r in cur.fetchall()]
        cur.schemas(catalog_name="main")
        assert "default" in [r[0] for r in cur.fetchall()]
