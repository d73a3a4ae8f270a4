"""Typed columns through the connector's Arrow path (CloudFetch, the default)
and its JSON path (use_cloud_fetch=False), plus the session time zone."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pyarrow as pa
import pytest

UTC = dt.timezone.utc

TYPED_SQL = (
    "SELECT CAST(12.30 AS DECIMAL(10,2)) d, "
    "TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' ts, "
    "TIMESTAMP_NTZ '2024-01-02 03:04:05' ntz, "
    "DATE '2024-01-02' dt, "
    "unhex('cafe') b, "
    "[1,2,3] arr, "
    "true flag, "
    "NULL::INT n"
)
COLS = ["d", "ts", "ntz", "dt", "b", "arr", "flag", "n"]

EXP_DECIMAL = Decimal("12.30")
EXP_TS = dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
EXP_NTZ = dt.datetime(2024, 1, 2, 3, 4, 5)
EXP_DATE = dt.date(2024, 1, 2)
EXP_BYTES = bytes([0xCA, 0xFE])
EXP_ARR = [1, 2, 3]


def _check_description(description):
    assert [d[0] for d in description] == COLS
    codes = {d[0]: d[1] for d in description}
    assert codes["d"] == "decimal"
    assert codes["ts"] == "timestamp"
    # Databricks names the zone-less type TIMESTAMP_NTZ; the connector only
    # lower-cases what the manifest's type_name says.
    assert codes["ntz"] in ("timestamp_ntz", "timestamp")
    assert codes["dt"] == "date"
    assert codes["b"] == "binary"
    assert codes["arr"] == "array"
    assert codes["flag"] == "boolean"
    assert codes["n"] == "int"
    d = description[0]
    assert (d[4], d[5]) == (10, 2), "DECIMAL precision/scale from manifest type_precision/type_scale"


def _check_python_row(row, *, arr_as_json_text=False, ntz_may_be_text=False):
    d, ts, ntz, date_, b, arr, flag, n = tuple(row)

    assert isinstance(d, Decimal) and d == EXP_DECIMAL and str(d) == "12.30"

    assert isinstance(ts, dt.datetime)
    assert ts.tzinfo is not None and ts.utcoffset() is not None, f"TIMESTAMP should be zone-aware: {ts!r}"
    assert ts == EXP_TS

    if ntz_may_be_text and isinstance(ntz, str):
        # The connector's JSON converter has no entry for "timestamp_ntz" and
        # hands the text back unconverted.
        assert dt.datetime.fromisoformat(ntz) == EXP_NTZ
    else:
        assert isinstance(ntz, dt.datetime), repr(ntz)
        assert ntz.tzinfo is None, f"TIMESTAMP_NTZ should be naive: {ntz!r}"
        assert ntz == EXP_NTZ

    assert type(date_) is dt.date and date_ == EXP_DATE
    assert isinstance(b, (bytes, bytearray)) and bytes(b) == EXP_BYTES

    if arr_as_json_text:
        # The JSON_ARRAY path leaves complex types as their JSON text.
        assert isinstance(arr, str)
        assert json.loads(arr) == EXP_ARR
    else:
        assert [int(x) for x in arr] == EXP_ARR

    assert flag == True and bool(flag) is True  # noqa: E712  (may be a numpy bool)
    assert n is None


def _check_arrow_schema(schema: pa.Schema):
    assert schema.names == COLS
    assert schema.field("d").type == pa.decimal128(10, 2)
    ts_type = schema.field("ts").type
    assert pa.types.is_timestamp(ts_type) and ts_type.unit == "us"
    assert ts_type.tz in ("Etc/UTC", "UTC", "+00:00"), ts_type
    ntz_type = schema.field("ntz").type
    assert pa.types.is_timestamp(ntz_type) and ntz_type.unit == "us" and ntz_type.tz is None
    assert schema.field("dt").type == pa.date32()
    assert schema.field("b").type == pa.binary()
    arr_type = schema.field("arr").type
    assert pa.types.is_list(arr_type) and arr_type.value_type == pa.int32(), arr_type
    assert schema.field("flag").type == pa.bool_()
    assert schema.field("n").type == pa.int32()


def test_types_cloud_fetch_fetchall(cursor):
    cursor.execute(TYPED_SQL)
    _check_description(cursor.description)
    rows = cursor.fetchall()
    assert len(rows) == 1
    _check_python_row(rows[0])


def test_types_cloud_fetch_arrow(cursor):
    cursor.execute(TYPED_SQL)
    table = cursor.fetchall_arrow()
    _check_arrow_schema(table.schema)
    assert table.num_rows == 1
    r = table.to_pylist()[0]
    assert r["d"] == EXP_DECIMAL
    assert r["ts"] == EXP_TS
    assert r["ntz"] == EXP_NTZ and r["ntz"].tzinfo is None
    assert r["dt"] == EXP_DATE
    assert r["b"] == EXP_BYTES
    assert r["arr"] == EXP_ARR
    assert r["flag"] is True
    assert r["n"] is None


def test_types_inline_json_fetchall(connect):
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(TYPED_SQL)
        _check_description(cur.description)
        rows = cur.fetchall()
    assert len(rows) == 1
    _check_python_row(rows[0], arr_as_json_text=True, ntz_may_be_text=True)


def test_types_inline_json_arrow(connect):
    conn = connect(use_cloud_fetch=False)
    with conn.cursor() as cur:
        cur.execute(TYPED_SQL)
        table = cur.fetchall_arrow()
    # On the JSON path the connector converts strings to Python values and lets
    # pyarrow infer the column types; values are what matter here.
    assert table.column_names == COLS
    assert table.num_rows == 1
    r = table.to_pylist()[0]
    assert r["d"] == EXP_DECIMAL
    assert r["ts"] == EXP_TS
    assert r["dt"] == EXP_DATE
    assert r["b"] == EXP_BYTES
    assert json.loads(r["arr"]) == EXP_ARR
    assert r["flag"] is True
    assert r["n"] is None


def test_more_types_cloud_fetch(cursor):
    cursor.execute(
        "SELECT CAST(-5 AS TINYINT) ti, CAST(-300 AS SMALLINT) si, CAST(2147483647 AS INT) i, "
        "CAST(9223372036854775807 AS BIGINT) bi, CAST(0.25 AS FLOAT) f, CAST(1e300 AS DOUBLE) d, "
        "CAST('12345678901234567890.123456789' AS DECIMAL(38,9)) big, "
        "'héllo ☃' u, ''  AS empty, NULL::VARCHAR ns"
    )
    row = tuple(cursor.fetchone())
    assert row[0] == -5
    assert row[1] == -300
    assert row[2] == 2**31 - 1
    assert row[3] == 2**63 - 1
    assert row[4] == 0.25
    assert row[5] == 1e300
    assert row[6] == Decimal("12345678901234567890.123456789")
    assert row[7] == "héllo ☃"
    assert row[8] == ""
    assert row[9] is None
    codes = [d[1] for d in cursor.description]
    assert codes == ["tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "string", "string", "string"]
    assert (cursor.description[6][4], cursor.description[6][5]) == (38, 9)


def test_struct_and_map_cloud_fetch(cursor):
    cursor.execute("SELECT {'a': 1, 'b': 'x'} AS st, MAP {'k': 10} AS m")
    table = cursor.fetchall_arrow()
    assert [d[1] for d in cursor.description] == ["struct", "map"]
    r = table.to_pylist()[0]
    assert r["st"] == {"a": 1, "b": "x"}
    m = r["m"]
    assert dict(m) == {"k": 10}


def test_nulls_in_every_type_json_and_arrow(connect):
    sql = (
        "SELECT NULL::DECIMAL(10,2) d, NULL::TIMESTAMPTZ ts, NULL::DATE dt, NULL::BLOB b, "
        "NULL::INT[] arr, NULL::BOOLEAN flag, NULL::DOUBLE x"
    )
    for cloud in (True, False):
        conn = connect(use_cloud_fetch=cloud)
        with conn.cursor() as cur:
            cur.execute(sql)
            row = cur.fetchone()
            assert tuple(row) == (None,) * 7, f"use_cloud_fetch={cloud}: {row!r}"


@pytest.mark.parametrize("cloud", [True, False], ids=["arrow", "json"])
def test_session_timezone_changes_timestamp_rendering(connect, cloud):
    conn = connect(session_configuration={"TIMEZONE": "Europe/Amsterdam"}, use_cloud_fetch=cloud)
    instant = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)  # 04:04:05 in Amsterdam (CET, +01:00)
    with conn.cursor() as cur:
        cur.execute("SELECT TIMESTAMPTZ '2024-01-02 03:04:05+00' AS ts")
        if cloud:
            table = cur.fetchall_arrow()
            assert table.schema.field("ts").type.tz == "Europe/Amsterdam"
            v = table.to_pylist()[0]["ts"]
            assert v == instant
            assert v.utcoffset() == dt.timedelta(hours=1)
            assert (v.hour, v.minute) == (4, 4)
        else:
            v = cur.fetchone()[0]
            assert isinstance(v, dt.datetime) and v.tzinfo is not None, repr(v)
            assert v == instant
        # A zone-less timestamp is not shifted by the session zone.
        cur.execute("SELECT TIMESTAMP_NTZ '2024-01-02 03:04:05' AS ntz")
        v = cur.fetchone()[0]
        if isinstance(v, str):  # JSON path, see test_types_inline_json_fetchall
            v = dt.datetime.fromisoformat(v)
        assert v == dt.datetime(2024, 1, 2, 3, 4, 5) and v.tzinfo is None


def test_set_time_zone_statement(cursor):
    cursor.execute("SET TIME ZONE 'America/New_York'")
    cursor.execute("SELECT TIMESTAMPTZ '2024-07-01 12:00:00+00' AS ts")
    table = cursor.fetchall_arrow()
    assert table.schema.field("ts").type.tz == "America/New_York"
    v = table.to_pylist()[0]["ts"]
    assert v == dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
    assert v.utcoffset() == dt.timedelta(hours=-4)  # EDT
