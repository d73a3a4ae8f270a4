"""Databricks SQL forms the warehouse gives their Databricks meaning, seen
through the official connector: binary literals, SET TIME ZONE forms,
TIMESTAMP text in the session zone, DESCRIBE QUERY with parameters."""

from __future__ import annotations

import datetime as dt

import pytest

UTC = dt.timezone.utc


@pytest.mark.parametrize("cloud", [True, False], ids=["arrow", "json"])
def test_binary_literal_is_bytes(connect, cloud):
    conn = connect(use_cloud_fetch=cloud)
    with conn.cursor() as cur:
        cur.execute("SELECT X'CAFE' AS b, X'1' AS odd")
        assert [d[1] for d in cur.description] == ["binary", "binary"]
        b, odd = tuple(cur.fetchone())
        assert bytes(b) == b"\xca\xfe"
        assert bytes(odd) == b"\x01"


def test_set_time_zone_interval_and_offset(cursor):
    instant = dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
    cursor.execute("SET TIME ZONE INTERVAL 2 HOURS")
    assert tuple(cursor.fetchone()) == ("timezone", "+02:00")
    cursor.execute("SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00+00' AS ts")
    table = cursor.fetchall_arrow()
    assert table.schema.field("ts").type.tz == "+02:00"
    v = table.to_pylist()[0]["ts"]
    assert v == instant and v.utcoffset() == dt.timedelta(hours=2)

    cursor.execute("SET TIME ZONE '-05:00'")
    cursor.execute("SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00+00' AS ts")
    assert cursor.fetchall_arrow().schema.field("ts").type.tz == "-05:00"


def test_set_time_zone_local(cursor):
    cursor.execute("SET TIME ZONE LOCAL")
    key, value = tuple(cursor.fetchone())
    assert key == "timezone" and value
    cursor.execute("SELECT current_timezone() AS tz")
    assert cursor.fetchone()[0] == value


def test_json_timestamp_in_session_zone(connect):
    conn = connect(session_configuration={"TIMEZONE": "America/New_York"}, use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute("SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00+00' AS ts")
        v = cur.fetchone()[0]
        assert isinstance(v, dt.datetime)
        assert v == dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
        assert v.utcoffset() == dt.timedelta(hours=-4), f"rendered in the session zone (EDT): {v!r}"


def test_describe_query_binds_parameters(cursor):
    cursor.execute("DESCRIBE QUERY SELECT :d AS d, :n + 1 AS n", {"d": dt.date(2024, 1, 2), "n": 7})
    rows = [tuple(r) for r in cursor.fetchall()]
    # The connector infers INT for a Python int; INT + 1 stays INT.
    assert [(r[0], r[1]) for r in rows] == [("d", "DATE"), ("n", "INT")]


@pytest.mark.parametrize("cloud", [True, False], ids=["arrow", "json"])
def test_bare_null_is_void(connect, cloud):
    conn = connect(use_cloud_fetch=cloud)
    with conn.cursor() as cur:
        cur.execute("SELECT NULL AS n, 1 AS one")
        assert cur.description[0][1] == "null"
        if cloud:
            table = cur.fetchall_arrow()
            assert str(table.schema.field("n").type) == "null"
            assert table.to_pylist() == [{"n": None, "one": 1}]
        else:
            assert tuple(cur.fetchone()) == (None, 1)


@pytest.mark.parametrize("cloud", [True, False], ids=["arrow", "json"])
def test_timestamp_is_local_time_zone(connect, cloud):
    """Databricks' TIMESTAMP is TIMESTAMP_LTZ: a zone-less literal or cast is
    read in the session zone, and the value is an instant."""
    conn = connect(session_configuration={"TIMEZONE": "Europe/Amsterdam"}, use_cloud_fetch=cloud)
    instant = dt.datetime(2024, 1, 2, 2, 4, 5, tzinfo=UTC)  # 03:04:05 in Amsterdam (CET)
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TIMESTAMP '2024-01-02 03:04:05' AS lit, CAST('2024-01-02 03:04:05' AS TIMESTAMP) AS cast, "
            "TIMESTAMP_NTZ '2024-01-02 03:04:05' AS ntz"
        )
        assert [d[1] for d in cur.description][:2] == ["timestamp", "timestamp"]
        if cloud:
            table = cur.fetchall_arrow()
            assert table.schema.field("lit").type.tz == "Europe/Amsterdam"
            assert table.schema.field("ntz").type.tz is None
            row = table.to_pylist()[0]
            lit, cast, ntz = row["lit"], row["cast"], row["ntz"]
        else:
            lit, cast, ntz = tuple(cur.fetchone())
            if isinstance(ntz, str):  # no JSON converter for timestamp_ntz
                ntz = dt.datetime.fromisoformat(ntz)
        assert lit == instant and cast == instant
        assert lit.utcoffset() == dt.timedelta(hours=1)
        assert ntz == dt.datetime(2024, 1, 2, 3, 4, 5) and ntz.tzinfo is None


def test_timestamp_column_ddl(cursor):
    cursor.execute("CREATE OR REPLACE TABLE ltz_events (id INT, happened TIMESTAMP)")
    cursor.execute("INSERT INTO ltz_events VALUES (1, TIMESTAMP '2024-07-01 12:00:00')")
    cursor.execute("SELECT happened FROM ltz_events")
    assert cursor.description[0][1] == "timestamp"
    assert cursor.fetchone()[0] == dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
    cursor.execute("DROP TABLE ltz_events")
