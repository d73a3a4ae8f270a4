"""PEP 249: module globals, cursor operations, description, rowcount."""

from __future__ import annotations

import datetime
import decimal

import pyarrow as pa
import pytest

import sealane


def test_module_globals():
    assert sealane.apilevel == "2.0"
    assert sealane.threadsafety in (0, 1, 2, 3)
    assert sealane.paramstyle == "qmark"
    for name in (
        "Warning",
        "Error",
        "InterfaceError",
        "DatabaseError",
        "DataError",
        "OperationalError",
        "IntegrityError",
        "InternalError",
        "ProgrammingError",
        "NotSupportedError",
    ):
        assert hasattr(sealane, name)
    assert issubclass(sealane.ProgrammingError, sealane.DatabaseError)
    assert issubclass(sealane.DatabaseError, sealane.Error)
    assert issubclass(sealane.InterfaceError, sealane.Error)
    assert sealane.Date(2024, 1, 2) == datetime.date(2024, 1, 2)


def test_fetch_methods(cursor):
    assert cursor.description is None
    assert cursor.rowcount == -1
    cursor.execute("SELECT id FROM range(25) ORDER BY id")
    assert cursor.fetchone() == (0,)
    cursor.arraysize = 4
    assert cursor.fetchmany() == [(1,), (2,), (3,), (4,)]
    assert cursor.fetchmany(3) == [(5,), (6,), (7,)]
    assert cursor.fetchall() == [(i,) for i in range(8, 25)]
    assert cursor.fetchone() is None
    assert cursor.fetchall() == []
    assert cursor.rowcount == 25


def test_fetch_across_batches(cursor):
    n = 400_000  # several batches
    cursor.execute(f"SELECT id FROM range({n}) ORDER BY id")
    head = cursor.fetchmany(5)
    assert head == [(i,) for i in range(5)]
    rows = cursor.fetchall()
    assert len(rows) == n - 5
    assert rows[-1] == (n - 1,)


def test_iteration(cursor):
    cursor.execute("SELECT id FROM range(5) ORDER BY id")
    assert [r[0] for r in cursor] == [0, 1, 2, 3, 4]


def test_description_types(cursor):
    cursor.execute(
        "SELECT CAST(1 AS INT) AS i, CAST(2 AS BIGINT) AS l, CAST(1.5 AS DOUBLE) AS d, "
        "CAST(1.25 AS DECIMAL(10,2)) AS dec, "
        "'x' AS s, CAST('a' AS BINARY) AS bin, DATE'2024-01-02' AS dt, TIMESTAMP'2024-01-02 03:04:05' AS ts, true AS b"
    )
    desc = cursor.description
    assert [d[0] for d in desc] == ["i", "l", "d", "dec", "s", "bin", "dt", "ts", "b"]
    assert all(len(d) == 7 for d in desc)
    types = {d[0]: d[1] for d in desc}
    assert types["i"] == pa.int32()
    assert types["l"] == pa.int64()
    assert types["d"] == pa.float64()
    for name in ("i", "l", "d", "dec"):
        assert types[name] == sealane.NUMBER
    assert types["s"] == sealane.STRING
    assert types["bin"] == sealane.BINARY
    assert types["dt"] == sealane.DATETIME
    assert types["ts"] == sealane.DATETIME
    assert types["s"] != sealane.NUMBER
    dec = desc[3]
    assert (dec[4], dec[5]) == (10, 2)
    row = cursor.fetchone()
    assert row[3] == decimal.Decimal("1.25")
    assert row[6] == datetime.date(2024, 1, 2)
    assert row[8] is True


def test_qmark_and_named_parameters(cursor):
    cursor.execute("SELECT ? AS a, ? AS b", (1, "one"))
    assert cursor.fetchall() == [(1, "one")]
    cursor.execute("SELECT :a AS a, :b AS b", {"a": 2, "b": "two"})
    assert cursor.fetchall() == [(2, "two")]
    cursor.execute("SELECT ? IS NULL AS n", [None])
    assert cursor.fetchone() == (True,)
    cursor.execute("SELECT :v AS v", {"v": None})
    assert cursor.fetchone() == (None,)


def test_executemany_and_rowcount(cursor):
    cursor.execute("CREATE OR REPLACE TABLE main.default.py_many (id INT, name STRING)")
    cursor.executemany("INSERT INTO main.default.py_many VALUES (?, ?)", [(1, "a"), (2, None), (3, "c")])
    assert cursor.rowcount == 3
    cursor.executemany("INSERT INTO main.default.py_many VALUES (:id, :name)", [{"id": 4, "name": "d"}])
    assert cursor.rowcount == 1
    cursor.executemany("INSERT INTO main.default.py_many VALUES (?, ?)", [])
    assert cursor.rowcount == 0
    cursor.execute("SELECT id, name FROM main.default.py_many ORDER BY id")
    assert cursor.fetchall() == [(1, "a"), (2, None), (3, "c"), (4, "d")]
    assert cursor.rowcount == 4
    cursor.execute("DROP TABLE main.default.py_many")


def test_arrow_fetches(cursor):
    cursor.execute("SELECT id FROM range(1000) ORDER BY id")
    assert cursor.fetchone() == (0,)
    table = cursor.fetch_arrow_table()
    assert table.num_rows == 999
    assert table.column("id")[0].as_py() == 1

    cursor.execute("SELECT id FROM range(300000)")
    reader = cursor.fetch_record_batch()
    assert isinstance(reader, pa.RecordBatchReader)
    assert reader.read_all().num_rows == 300000

    cursor.execute("SELECT id FROM range(10) ORDER BY id")
    cursor.fetchmany(3)
    reader = cursor.fetch_record_batch()
    assert [r["id"] for r in reader.read_all().to_pylist()] == list(range(3, 10))


def test_fetch_df(cursor):
    pytest.importorskip("pandas")
    cursor.execute("SELECT id FROM range(10)")
    assert len(cursor.fetch_df()) == 10


def test_errors(cursor):
    with pytest.raises(sealane.ProgrammingError) as info:
        cursor.execute("SELECT * FROM missing_dbapi_table")
    assert info.value.sqlstate == "42P01"
    with pytest.raises(sealane.ProgrammingError):
        cursor.fetchall()  # no result set after the failure
    # The cursor is still usable.
    cursor.execute("SELECT 1")
    assert cursor.fetchall() == [(1,)]


def test_transactions_and_close(conn):
    conn.commit()
    with pytest.raises(sealane.NotSupportedError):
        conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
    assert cur.closed
    with pytest.raises(sealane.InterfaceError):
        cur.execute("SELECT 1")


def test_connect_aliases(server):
    with sealane.connect(server_hostname=server.url, http_path=server.http_path, access_token=server.token) as conn:
        cur = conn.cursor()
        cur.execute("SELECT 3")
        assert cur.fetchone() == (3,)
    assert conn.closed
