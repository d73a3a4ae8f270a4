"""Result transport: CloudFetch (EXTERNAL_LINKS + ARROW_STREAM + LZ4_FRAME)
across many chunks, and the INLINE + JSON_ARRAY path (use_cloud_fetch=False).

This module runs its own server with a small --chunk-bytes so a large result
is split over many external links.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from databricks.sql.exc import ServerOperationError

from conftest import count_downloads, start_server, stop_server

CHUNK_BYTES = 1 << 20  # 1 MiB uncompressed per chunk


@pytest.fixture(scope="module")
def small_chunk_server():
    srv = start_server(["--chunk-bytes", str(CHUNK_BYTES)])
    yield srv
    stop_server(srv)


def _check_range_table(table: pa.Table, n: int) -> None:
    assert table.num_rows == n
    assert table.column_names == ["id", "twice", "s"]
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("twice").type == pa.int64()
    assert table.schema.field("s").type in (pa.string(), pa.large_string())
    ids = table.column("id")
    assert ids.null_count == 0
    assert pc.sum(ids).as_py() == n * (n - 1) // 2
    assert pc.all(pc.equal(table.column("twice"), pc.multiply(ids, 2))).as_py()
    assert pc.all(pc.equal(table.column("s"), pc.cast(ids, pa.string()))).as_py()
    # Chunks must be reassembled in order: id runs 0..n-1 without gaps.
    expected = pa.array(range(n), type=pa.int64())
    assert ids.combine_chunks().equals(expected)


def test_cloud_fetch_million_rows_many_chunks(connect, small_chunk_server):
    n = 1_000_000
    conn = connect(srv=small_chunk_server)  # defaults: use_cloud_fetch=True, LZ4 on
    before = small_chunk_server.log_offset()
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        assert [d[0] for d in cur.description] == ["id", "twice", "s"]
        assert [d[1] for d in cur.description] == ["bigint", "bigint", "string"]
        table = cur.fetchall_arrow()
    _check_range_table(table, n)

    records = small_chunk_server.request_log(before)
    downloads = count_downloads(records)
    # ~8 MB + 8 MB + ~11 MB of uncompressed Arrow data at 1 MiB per chunk.
    assert downloads >= 10, f"expected many chunk downloads, saw {downloads}"
    # LZ4_FRAME really applied: what went over the wire is smaller than the
    # decoded Arrow data (sequential integers compress well).
    wire = sum(r.get("bytes", 0) for r in records if r["path"].startswith("/sealane/results/"))
    assert 0 < wire < table.nbytes * 0.8, (wire, table.nbytes)
    failed = [r for r in records if r.get("status", 200) >= 400]
    assert not failed, f"server answered errors during the fetch: {failed[:5]}"
    execs = [r for r in records if r["method"] == "POST" and r["path"] == "/api/2.0/sql/statements"]
    assert len(execs) == 1


def test_cloud_fetch_fetchmany_arrow_crosses_chunks(connect, small_chunk_server):
    n = 300_000
    conn = connect(srv=small_chunk_server)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        parts = []
        while True:
            t = cur.fetchmany_arrow(70_001)  # deliberately not aligned to chunks
            if t.num_rows == 0:
                break
            assert t.num_rows <= 70_001
            parts.append(t)
    _check_range_table(pa.concat_tables(parts), n)


def test_cloud_fetch_fetchall_rows(connect, small_chunk_server):
    n = 100_000
    conn = connect(srv=small_chunk_server)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        rows = cur.fetchall()
    assert len(rows) == n
    for i in (0, 1, 12_345, n - 1):
        assert tuple(rows[i]) == (i, 2 * i, str(i))
    assert sum(r[0] for r in rows) == n * (n - 1) // 2


def test_cloud_fetch_without_lz4(connect, small_chunk_server):
    n = 200_000
    conn = connect(srv=small_chunk_server, enable_query_result_lz4_compression=False)
    before = small_chunk_server.log_offset()
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        table = cur.fetchall_arrow()
    _check_range_table(table, n)
    records = small_chunk_server.request_log(before)
    assert count_downloads(records) >= 3
    wire = sum(r.get("bytes", 0) for r in records if r["path"].startswith("/sealane/results/"))
    assert wire >= table.nbytes, (wire, table.nbytes)  # uncompressed IPC


def test_cloud_fetch_hybrid_disposition(connect, small_chunk_server):
    """use_hybrid_disposition=True sends INLINE_OR_EXTERNAL_LINKS: small results
    come back as an inline attachment, large ones as links."""
    conn = connect(srv=small_chunk_server, use_hybrid_disposition=True)
    with conn.cursor() as cur:
        cur.execute("SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range(10)")
        _check_range_table(cur.fetchall_arrow(), 10)
        n = 300_000
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        _check_range_table(cur.fetchall_arrow(), n)


def test_rows_larger_than_a_chunk(connect, small_chunk_server):
    """Each row is ~3 MB, bigger than --chunk-bytes: every chunk must still
    carry at least one row and nothing may be lost."""
    size, n = 3_000_000, 3
    conn = connect(srv=small_chunk_server)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, repeat('y', {size}) AS big FROM range({n})")
        rows = cur.fetchall()
    assert [r[0] for r in rows] == list(range(n))
    assert all(r[1] == "y" * size for r in rows)


def test_inline_json_rows_and_types(connect):
    n = 10_000
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        assert [d[0] for d in cur.description] == ["id", "twice", "s"]
        assert [d[1] for d in cur.description] == ["bigint", "bigint", "string"]
        rows = cur.fetchall()
    assert len(rows) == n
    assert [tuple(r) for r in rows] == [(i, 2 * i, str(i)) for i in range(n)]
    assert all(type(r[0]) is int and type(r[1]) is int and type(r[2]) is str for r in rows)


def test_inline_json_fetchall_arrow(connect):
    n = 1_000
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range({n})")
        table = cur.fetchall_arrow()
    # The connector builds this table from JSON strings converted to Python
    # values, so the Arrow types are inferred client-side.
    _check_range_table(table, n)


def test_inline_json_larger_than_chunk_bytes(connect, small_chunk_server):
    """The connector reads JSON_ARRAY rows only from the first response's
    data_array (it never fetches JSON chunk 1..N), so a server must put every
    INLINE row in chunk 0 however small --chunk-bytes is."""
    n = 100_000  # a few MB of JSON, well above the 1 MiB chunk size, below 25 MiB
    conn = connect(srv=small_chunk_server, use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, CAST(id AS STRING) AS s FROM range({n})")
        rows = cur.fetchall()
    assert len(rows) == n
    assert sum(r[0] for r in rows) == n * (n - 1) // 2
    assert rows[-1][1] == str(n - 1)


def test_inline_json_20_mib_is_allowed(connect):
    """The public limit for INLINE results is 25 MiB; a ~20 MiB JSON result
    must be delivered, complete, to a use_cloud_fetch=False client."""
    n = 170_000  # ~118 bytes of JSON per row -> ~20 MB
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, repeat('x', 100) AS pad FROM range({n})")
        rows = cur.fetchall()
    assert len(rows) == n
    assert sum(r[0] for r in rows) == n * (n - 1) // 2
    assert rows[-1][1] == "x" * 100


def test_inline_json_over_25_mib_fails_cleanly(connect):
    """INLINE results above 25 MiB fail the statement on the real service;
    what matters here is that the connector gets an error, not a silently
    truncated result."""
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        try:
            cur.execute("SELECT id, repeat('x', 100) AS pad FROM range(400000)")
            rows = cur.fetchall()
        except ServerOperationError as exc:  # the statement FAILED server-side
            assert "Command failed" in str(exc)
        else:
            # If the server chose to deliver it, it must be complete.
            assert len(rows) == 400_000
            assert sum(r[0] for r in rows) == 400_000 * 399_999 // 2
