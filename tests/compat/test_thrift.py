"""databricks-sql-connector in its default mode — the Thrift backend, no
use_sea — against `sealane serve`'s Thrift endpoint.

The Thrift backend always speaks https, so the server runs with
--tls-self-signed and the connector trusts its certificate through
_tls_trusted_ca_file (the certificate `serve` writes, `tls_cert` in its ready
line).
"""

from __future__ import annotations

import datetime
import decimal
import threading
import time

import pytest
from databricks import sql

from conftest import FAST_RETRY, start_server, stop_server, wait_for


@pytest.fixture(scope="module")
def tls_server():
    # Small chunks and a low CloudFetch threshold are not flags: the default
    # threshold (4 MiB) is crossed by the large-result test.
    srv = start_server(["--tls-self-signed"])
    yield srv
    stop_server(srv)


@pytest.fixture
def tconnect(tls_server):
    opened = []

    def _connect(**overrides):
        kwargs = dict(
            server_hostname=tls_server.host,
            _port=tls_server.port,
            http_path=tls_server.http_path,
            access_token=tls_server.token,
            _tls_trusted_ca_file=tls_server.info["tls_cert"],
            enable_telemetry=False,
            **FAST_RETRY,
        )
        kwargs.update(overrides)
        conn = sql.connect(**kwargs)
        opened.append(conn)
        return conn

    yield _connect
    for conn in opened:
        conn.close()


def test_default_backend_is_thrift(tls_server, tconnect):
    since = tls_server.log_offset()
    with tconnect().cursor() as cur:
        cur.execute("SELECT 1 AS one")
        assert cur.fetchall()[0].one == 1
        assert cur.description[0][0] == "one"
    paths = {r["path"] for r in tls_server.request_log(since)}
    assert any(p.startswith("/sql/1.0/warehouses/") for p in paths), paths
    assert not any(p.startswith("/api/2.0/sql") for p in paths), paths


def test_types(tconnect):
    with tconnect().cursor() as cur:
        cur.execute(
            "SELECT true AS b, CAST(7 AS TINYINT) AS t, CAST(300 AS SMALLINT) AS s, 70000 AS i, 9000000000 AS l, "
            "CAST(1.5 AS FLOAT) AS f, 2.25 AS d, 'héllo' AS str, X'0102' AS bin, DATE'2024-02-29' AS dt, "
            "TIMESTAMP'2024-01-02 03:04:05.123456' AS ts, CAST(12.345 AS DECIMAL(10,3)) AS dec, "
            "CAST(NULL AS STRING) AS n, ARRAY(1, 2) AS arr"
        )
        row = cur.fetchone()
        assert row.b is True
        assert (row.t, row.s, row.i, row.l) == (7, 300, 70000, 9000000000)
        assert row.f == 1.5 and row.d == 2.25
        assert row.str == "héllo"
        assert bytes(row.bin) == b"\x01\x02"
        assert row.dt == datetime.date(2024, 2, 29)
        assert row.ts.replace(tzinfo=None) == datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)
        assert row.dec == decimal.Decimal("12.345")
        assert row.n is None
        assert list(row.arr) == [1, 2]
        types = {d[0]: d[1] for d in cur.description}
        assert types["i"] == "int" and types["l"] == "bigint" and types["dec"] == "decimal" and types["str"] == "string"


def test_native_parameters(tconnect):
    with tconnect().cursor() as cur:
        cur.execute("SELECT :a + 1 AS x, :b AS y", {"a": 41, "b": "bee"})
        row = cur.fetchone()
        assert (row.x, row.y) == (42, "bee")


def test_ddl_dml_and_rowcount(tconnect):
    with tconnect().cursor() as cur:
        cur.execute("CREATE OR REPLACE TABLE thrift_t (id INT, name STRING)")
        cur.execute("INSERT INTO thrift_t VALUES (1, 'a'), (2, 'b')")
        assert cur.rowcount == 2
        cur.execute("SELECT * FROM thrift_t ORDER BY id")
        assert [tuple(r) for r in cur.fetchall()] == [(1, "a"), (2, "b")]
        cur.execute("DROP TABLE thrift_t")


def test_large_result_cloudfetch(tls_server, tconnect):
    since = tls_server.log_offset()
    with tconnect().cursor() as cur:
        cur.execute("SELECT id, CAST(id AS STRING) AS s FROM range(1000000) AS r(id)")
        table = cur.fetchall_arrow()
        assert table.num_rows == 1_000_000
        assert table.column("id").to_pylist()[-1] == 999_999
    downloads = [r for r in tls_server.request_log(since) if r["path"].startswith("/sealane/results/")]
    assert downloads, "the result should have come through CloudFetch links"


def test_fetchmany_paging(tconnect):
    with tconnect().cursor(arraysize=1000) as cur:
        cur.execute("SELECT id FROM range(25000) AS r(id)")
        seen = 0
        while True:
            rows = cur.fetchmany(7000)
            if not rows:
                break
            assert rows[0].id == seen
            seen += len(rows)
        assert seen == 25000


def test_errors_carry_sqlstate(tconnect):
    with tconnect().cursor() as cur:
        with pytest.raises(sql.exc.ServerOperationError) as err:
            cur.execute("SELECT * FROM no_such_table")
        assert "TABLE_OR_VIEW_NOT_FOUND" in str(err.value)
        with pytest.raises(sql.exc.Error) as err:
            cur.execute("SELEC 1")
        assert "PARSE_SYNTAX_ERROR" in str(err.value)
        # The cursor stays usable.
        cur.execute("SELECT 2")
        assert cur.fetchone()[0] == 2


def test_metadata(tconnect):
    with tconnect().cursor() as cur:
        cur.execute("CREATE OR REPLACE TABLE main.default.thrift_meta (id BIGINT, name STRING)")
        cur.catalogs()
        assert "main" in [r.TABLE_CAT for r in cur.fetchall()]
        cur.schemas(catalog_name="main")
        assert "default" in [r.TABLE_SCHEM for r in cur.fetchall()]
        cur.tables(catalog_name="main", schema_name="default", table_name="thrift_me%")
        assert [r.TABLE_NAME for r in cur.fetchall()] == ["thrift_meta"]
        cur.columns(catalog_name="main", schema_name="default", table_name="thrift_meta")
        cols = cur.fetchall()
        assert [(r.COLUMN_NAME, r.TYPE_NAME) for r in cols] == [("id", "BIGINT"), ("name", "STRING")]
        cur.execute("DROP TABLE main.default.thrift_meta")


def test_cancel(tls_server, tconnect):
    conn = tconnect()
    cur = conn.cursor()
    errors = []

    def run():
        try:
            cur.execute("SELECT count(*) FROM range(100000000000) AS a(x)")
        except Exception as exc:  # the cancel surfaces here
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    # The execute call answers with the handle after about a second (the
    # endpoint's AsyncWait); the connector polls from then on.
    assert wait_for(lambda: cur.active_command_id is not None, 30), "the statement never started"
    time.sleep(0.2)
    cur.cancel()
    t.join(30)
    assert not t.is_alive(), "execute did not return after cancel"
    assert errors, "a cancelled execute must raise"
    cur.close()
