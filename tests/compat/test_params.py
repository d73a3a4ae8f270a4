"""Native (server-side) parameter binding as the SEA backend sends it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from databricks.sql.exc import Error
from databricks.sql.parameters import (
    BigIntegerParameter,
    DecimalParameter,
    StringParameter,
    TimestampNTZParameter,
)


def test_named_int_and_string(cursor):
    cursor.execute("SELECT :a + 1 AS x, :s AS s", {"a": 41, "s": "hi"})
    row = cursor.fetchone()
    assert tuple(row) == (41 + 1, "hi")
    assert [d[0] for d in cursor.description] == ["x", "s"]


def test_named_date_decimal_none(cursor):
    d = dt.date(2024, 2, 29)
    dec = Decimal("12.30")
    cursor.execute(
        "SELECT :d AS d, :dec AS dec, :n AS n, date_add(:d, 1) AS next_day",
        {"d": d, "dec": dec, "n": None},
    )
    row = tuple(cursor.fetchone())
    assert row[0] == d and type(row[0]) is dt.date
    assert row[1] == dec and isinstance(row[1], Decimal)
    assert row[2] is None
    next_day = row[3].date() if isinstance(row[3], dt.datetime) else row[3]
    assert next_day == d + dt.timedelta(days=1)


def test_named_bool_float_timestamp(cursor):
    ts = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    cursor.execute(
        "SELECT :t AS t, :f * 2 AS f2, :ts AS ts",
        {"t": True, "f": 1.25, "ts": ts},
    )
    row = tuple(cursor.fetchone())
    assert row[0] is True or row[0] == True  # noqa: E712
    assert row[1] == 2.5
    assert isinstance(row[2], dt.datetime) and row[2].tzinfo is not None
    assert row[2] == ts


def test_named_timestamp_ntz_parameter(cursor):
    naive = dt.datetime(2024, 5, 6, 7, 8, 9)
    # Explicit parameter objects go in a list (a dict value is type-inferred,
    # and the connector cannot infer from a parameter object).
    cursor.execute("SELECT :ts AS ts", [TimestampNTZParameter(name="ts", value=naive)])
    v = cursor.fetchone()[0]
    assert v == naive and v.tzinfo is None


def test_named_parameter_used_twice_and_unused_extra(cursor):
    cursor.execute("SELECT :v * :v AS sq", {"v": 12, "unused": "x"})
    assert cursor.fetchone()[0] == 144


def test_named_parameters_in_where(cursor):
    cursor.execute(
        "SELECT count(*) AS c FROM range(1000) WHERE id >= :lo AND id < :hi",
        {"lo": 100, "hi": 250},
    )
    assert cursor.fetchone()[0] == 250 - 100


def test_string_parameter_is_not_sql(cursor):
    evil = "x'); DROP TABLE t; --"
    cursor.execute("SELECT :s AS s, length(:s) AS n", {"s": evil})
    row = tuple(cursor.fetchone())
    assert row == (evil, len(evil))


def test_explicit_typed_parameters(cursor):
    cursor.execute(
        "SELECT :big + 1 AS big, :dec AS dec, :s AS s",
        [
            BigIntegerParameter(name="big", value=2**40),
            # Connector 4.9.0 formats DECIMAL({scale},{precision}), i.e. its
            # "scale" argument is the precision; this spelling yields DECIMAL(10,2).
            DecimalParameter(name="dec", value=Decimal("1.50"), scale=10, precision=2),
            StringParameter(name="s", value="ü"),
        ],
    )
    row = tuple(cursor.fetchone())
    assert row[0] == 2**40 + 1
    assert row[1] == Decimal("1.50")
    assert row[2] == "ü"
    assert (cursor.description[1][4], cursor.description[1][5]) == (10, 2)


def test_large_int_parameter_is_bigint(cursor):
    # The connector types ints beyond 32 bits as BIGINT.
    big = 2**35 + 7
    cursor.execute("SELECT :x - 7 AS y", {"x": big})
    assert cursor.fetchone()[0] == 2**35


def test_missing_named_parameter_fails(cursor):
    with pytest.raises(Error) as excinfo:
        cursor.execute("SELECT :a AS a, :b AS b", {"a": 1})
        cursor.fetchall()
    assert "b" in str(excinfo.value)
    cursor.execute("SELECT 1")
    assert cursor.fetchone()[0] == 1


def test_positional_parameters_are_rejected(cursor):
    """The SEA backend sends positional values as {"name": null, ...} without an
    ordinal, which the real service rejects with HTTP 400. The important part:
    it must raise, never return data bound in some arbitrary way."""
    with pytest.raises(Error) as excinfo:
        cursor.execute("SELECT ? AS a, ? AS b", [1, "two"])
        cursor.fetchall()
    # The SEA backend drops the response body and reports only the status.
    assert "400" in str(excinfo.value)
    # The connection stays usable.
    cursor.execute("SELECT 5 AS five")
    assert cursor.fetchone()[0] == 5


def test_inline_pyformat_parameters(connect):
    """use_inline_params=True renders values client-side (no server binding)."""
    conn = connect(use_inline_params=True)
    with conn.cursor() as cur:
        cur.execute("SELECT %(a)s + 1 AS x, %(s)s AS s", {"a": 41, "s": "it's"})
        assert tuple(cur.fetchone()) == (42, "it's")
