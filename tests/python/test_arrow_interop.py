"""The Arrow PyCapsule interface: other Arrow libraries read a result set (or
a cursor) straight from the driver's stream; and the package needs no driver
manager."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

from conftest import connect_kwargs

SQL = "SELECT id, id * 2 AS twice FROM range(100000)"


def test_pyarrow_reads_the_capsule(conn):
    rs = conn.execute(SQL)
    assert hasattr(rs, "__arrow_c_stream__") and hasattr(rs, "__arrow_c_schema__")
    assert pa.schema(rs).names == ["id", "twice"]
    table = pa.table(rs)
    assert table.num_rows == 100000
    assert table.column("twice").to_pylist()[:3] == [0, 2, 4]
    # Handed out once: the result set is spent.
    assert rs.fetch_next_batch() is None


def test_capsule_after_partial_read(conn):
    rs = conn.execute(SQL)
    first = rs.fetch_next_batch()
    assert first is not None
    rest = pa.RecordBatchReader.from_stream(rs).read_all()
    assert first.num_rows + rest.num_rows == 100000


def test_polars_reads_the_capsule(conn):
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(conn.execute(SQL))
    assert df.shape == (100000, 2)
    assert df["twice"].sum() == 2 * (99999 * 100000 // 2)


def test_duckdb_reads_the_capsule(conn):
    duckdb = pytest.importorskip("duckdb")
    rs = conn.execute(SQL)  # noqa: F841 - DuckDB finds it by name
    assert duckdb.sql("SELECT count(*), max(twice) FROM rs").fetchall() == [(100000, 199998)]


def test_cursor_is_a_stream(cursor):
    cursor.execute(SQL)
    assert cursor.fetchone() == (0, 0)
    table = pa.table(cursor)
    assert table.num_rows == 99999


def test_unread_capsule_is_released(conn):
    """A capsule nobody consumed releases the driver's stream (and the
    statement stays closable)."""
    rs = conn.execute(SQL)
    capsule = rs.__arrow_c_stream__()
    del capsule
    rs.close()
    assert conn.execute("SELECT 1 AS one").fetch_all_arrow().num_rows == 1


BIG_ROWS = 5_000_000
RSS_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    import pyarrow as pa
    import sealane

    kind = sys.argv[4]
    conn = sealane.connect(sys.argv[1], sys.argv[2], sys.argv[3], batch_rows=-1)
    conn.execute("SELECT 1").fetch_all_arrow()
    if kind == "polars":
        import polars
    if kind == "duckdb":
        import duckdb
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rs = conn.execute("SELECT id FROM range(%d)")
    t0 = time.monotonic()
    if kind == "pyarrow":
        t = pa.table(rs)
        rows, nbytes = t.num_rows, t.nbytes
    elif kind == "polars":
        df = polars.DataFrame(rs)
        rows, nbytes = df.height, df.estimated_size()
    else:
        rows = duckdb.sql("SELECT count(*) FROM rs").fetchall()[0][0]
        nbytes = 0
    seconds = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "nbytes": nbytes, "rss_before_kib": before,
                      "rss_peak_kib": peak, "seconds": seconds}))
    """
    % BIG_ROWS
)


@pytest.mark.parametrize("kind", ["pyarrow", "polars", "duckdb"])
def test_big_result_without_copies(server, kind):
    """5M rows into pyarrow, polars and DuckDB through the capsule. Peak RSS
    is recorded (printed with -s); the bound only catches a Python-side copy
    of the whole result on top of the driver's buffers."""
    if kind != "pyarrow":
        pytest.importorskip(kind)
    kw = connect_kwargs(server)
    out = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, kw["host"], kw["http_path"], kw["access_token"], kind],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n{kind}: {got}")
    assert got["rows"] == BIG_ROWS
    growth = (got["rss_peak_kib"] - got["rss_before_kib"]) * 1024
    data = BIG_ROWS * 8
    # The driver's Go heap holds decoded chunks while they are read: allow
    # that, but not a further copy of every row in Python.
    assert growth < 4 * data, f"peak RSS grew {growth / 1e6:.0f} MB for {data / 1e6:.0f} MB of data"


NO_ADBC_DM = textwrap.dedent(
    """
    import sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == "adbc_driver_manager" or name.startswith("adbc_driver_manager."):
                raise ImportError("blocked: " + name)
            return None

    sys.meta_path.insert(0, Block())
    import sealane
    from sealane import sql
    with sql.connect(server_hostname=sys.argv[1], http_path=sys.argv[2], access_token=sys.argv[3]) as c:
        with c.cursor() as cur:
            cur.execute("SELECT 41 + 1 AS answer")
            print(cur.fetchone().answer)
    assert "adbc_driver_manager" not in sys.modules
    """
)


def test_import_without_adbc_driver_manager(server):
    kw = connect_kwargs(server)
    out = subprocess.run(
        [sys.executable, "-c", NO_ADBC_DM, kw["host"], kw["http_path"], kw["access_token"]],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "42"
