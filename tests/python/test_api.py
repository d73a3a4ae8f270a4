"""The first-party API: Connection.execute → ResultSet (Arrow, streamed)."""

from __future__ import annotations

import datetime
import decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import sealane

N = 1_000_000


def test_select_one(conn):
    rs = conn.execute("SELECT 1 AS one")
    assert rs.num_columns() == 1
    assert rs.column_names() == ["one"]
    assert rs.arrow_schema().field("one").type == pa.int32()
    table = rs.fetch_all_arrow()
    assert table.to_pylist() == [{"one": 1}]
    assert rs.exhausted
    assert rs.fetch_next_batch() is None
    assert rs.fetch_all_arrow().num_rows == 0


def test_million_rows_fetch_all(conn):
    rs = conn.execute(f"SELECT id, id * 2 AS twice FROM range({N}) ORDER BY id")
    table = rs.fetch_all_arrow()
    assert isinstance(table, pa.Table)
    assert table.num_rows == N
    assert table.column_names == ["id", "twice"]
    expected = pa.array(range(N), type=pa.int64())
    ids = table.column("id").combine_chunks()
    assert ids.equals(expected)
    assert pc.all(pc.equal(table.column("twice"), pc.multiply(table.column("id"), 2))).as_py()
    assert rs.rows_read == N


def test_million_rows_streaming(conn):
    rs = conn.execute(f"SELECT id FROM range({N})")
    batches = 0
    rows = 0
    total = 0
    while True:
        batch = rs.fetch_next_batch()
        if batch is None:
            break
        assert isinstance(batch, pa.RecordBatch)
        assert batch.schema.names == ["id"]
        batches += 1
        rows += batch.num_rows
        total += pc.sum(batch.column(0)).as_py() or 0
    assert batches > 1
    assert rows == N
    assert total == N * (N - 1) // 2
    assert rs.exhausted


def test_iterating_a_result_set_yields_batches(conn):
    with conn.execute("SELECT id FROM range(300000)") as rs:
        assert sum(b.num_rows for b in rs) == 300000


def test_partial_read_then_rest(conn):
    rs = conn.execute("SELECT id FROM range(500000) ORDER BY id")
    first = rs.fetch_next_batch()
    assert first is not None and first.num_rows > 0
    rest = rs.fetch_all_arrow()
    assert first.num_rows + rest.num_rows == 500000
    assert rest.column("id")[0].as_py() == first.num_rows


def test_arrow_c_stream_export(conn):
    rs = conn.execute("SELECT id FROM range(1000)")
    reader = pa.RecordBatchReader.from_stream(rs)
    assert reader.read_all().num_rows == 1000


def test_close_early_releases(conn):
    rs = conn.execute("SELECT id FROM range(1000000)")
    assert rs.fetch_next_batch() is not None
    rs.close()
    with pytest.raises(sealane.InterfaceError):
        rs.fetch_next_batch()
    # The connection is still usable.
    assert conn.execute("SELECT 2 AS two").fetch_all_arrow().column(0).to_pylist() == [2]


def test_positional_parameters(conn):
    rs = conn.execute("SELECT ? AS a, ? AS b, ? AS c", [7, "seven", None])
    assert rs.fetch_all_arrow().to_pylist() == [{"a": 7, "b": "seven", "c": None}]


def test_named_parameters(conn):
    rs = conn.execute("SELECT :x + 1 AS x1, :label AS label", {"x": 41, "label": None})
    assert rs.fetch_all_arrow().to_pylist() == [{"x1": 42, "label": None}]


def test_parameter_types(conn):
    params = {
        "i": 2**40,
        "f": 1.5,
        "s": "héllo",
        "b": True,
        "bin": b"\x00\x01",
        "d": datetime.date(2024, 2, 29),
        "ts": datetime.datetime(2024, 1, 2, 3, 4, 5, 678000),
        "dec": decimal.Decimal("12.345"),
    }
    sql = "SELECT " + ", ".join(f":{k} AS {k}" for k in params)
    row = conn.execute(sql, params).fetch_all_arrow().to_pylist()[0]
    assert row == params


def test_arrow_parameters(conn):
    batch = pa.record_batch({"?1": pa.array([5], pa.int16())})
    assert conn.execute("SELECT ? * 2 AS v", batch).fetch_all_arrow().column("v").to_pylist() == [10]


def test_row_limit_and_query_tags(connect):
    conn = connect(row_limit=5, query_tags={"team": "python", "flag": None})
    assert conn.execute("SELECT id FROM range(100)").fetch_all_arrow().num_rows == 5
    assert conn.execute("SELECT id FROM range(100)", row_limit=7).fetch_all_arrow().num_rows == 7


def test_session_confs_and_catalog(connect):
    conn = connect(catalog="main", schema="default", session_confs={"TIMEZONE": "UTC"})
    assert conn.execute("SELECT 1 AS one").fetch_all_arrow().num_rows == 1


def test_error_carries_sqlstate(conn):
    with pytest.raises(sealane.ProgrammingError) as info:
        conn.execute("SELECT * FROM no_such_table_py")
    err = info.value
    assert isinstance(err, sealane.DatabaseError)
    assert isinstance(err, sealane.Error)
    assert err.sqlstate == "42P01"
    assert err.statement_id
    assert err.error_code
    assert err.error_class == "TABLE_OR_VIEW_NOT_FOUND"
    assert "no_such_table_py" in str(err)
    assert err.status_code == sealane.AdbcStatusCode.NOT_FOUND
    # databricks-sql-connector code catches ServerOperationError.
    assert isinstance(err, sealane.exceptions.ServerOperationError)


def test_bad_token_fails_to_connect(server):
    with pytest.raises(sealane.Error) as info:
        sealane.connect(server.url, server.http_path, "not-the-token")
    assert info.value.http_status == 401
    assert "not-the-token" not in str(info.value)


def test_bad_parameter_is_programming_error(conn):
    with pytest.raises(sealane.ProgrammingError):
        conn.execute("SELECT ?", [2**70])
    with pytest.raises(sealane.ProgrammingError):
        conn.execute("SELECT ?", "not-a-sequence")


def test_closed_connection(connect):
    conn = connect()
    rs = conn.execute("SELECT id FROM range(10)")
    conn.close()
    assert conn.closed
    with pytest.raises(sealane.InterfaceError):
        conn.execute("SELECT 1")
    with pytest.raises(sealane.InterfaceError):
        rs.fetch_next_batch()
    conn.close()  # idempotent


def test_to_pandas(conn):
    pytest.importorskip("pandas")
    df = conn.execute("SELECT id, CAST(id AS STRING) AS s FROM range(1000) ORDER BY id").to_pandas()
    assert df.shape == (1000, 2)
    assert list(df.columns) == ["id", "s"]
    assert df["id"].sum() == 999 * 1000 // 2
    assert df["s"].iloc[10] == "10"


def test_to_polars(conn):
    pl = pytest.importorskip("polars")
    df = conn.execute("SELECT id FROM range(1000)").to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df.height == 1000
