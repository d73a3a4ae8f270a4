"""PEP 249 type objects and constructors.

``cursor.description[i][1]`` (the type code) is the column's
``pyarrow.DataType``; compare it with the type objects below
(``desc[1] == sealane.NUMBER``).
"""

from __future__ import annotations

import datetime
import time
from typing import Callable

import pyarrow as pa

__all__ = [
    "STRING",
    "BINARY",
    "NUMBER",
    "DATETIME",
    "ROWID",
    "Date",
    "Time",
    "Timestamp",
    "DateFromTicks",
    "TimeFromTicks",
    "TimestampFromTicks",
    "Binary",
]


class DBAPITypeObject:
    """Equal to every pyarrow.DataType its predicate accepts."""

    def __init__(self, name: str, predicate: Callable[[pa.DataType], bool]) -> None:
        self.name = name
        self._predicate = predicate

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DBAPITypeObject):
            return other is self
        if isinstance(other, pa.DataType):
            return bool(self._predicate(other))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"sealane.{self.name}"


def _is_string(t: pa.DataType) -> bool:
    return bool(
        pa.types.is_string(t) or pa.types.is_large_string(t) or getattr(pa.types, "is_string_view", lambda _: False)(t)
    )


def _is_binary(t: pa.DataType) -> bool:
    return bool(
        pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_fixed_size_binary(t)
        or getattr(pa.types, "is_binary_view", lambda _: False)(t)
    )


def _is_number(t: pa.DataType) -> bool:
    return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))


def _is_datetime(t: pa.DataType) -> bool:
    return bool(pa.types.is_temporal(t))


STRING = DBAPITypeObject("STRING", _is_string)
BINARY = DBAPITypeObject("BINARY", _is_binary)
NUMBER = DBAPITypeObject("NUMBER", _is_number)
DATETIME = DBAPITypeObject("DATETIME", _is_datetime)
ROWID = DBAPITypeObject("ROWID", lambda _t: False)

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime
Binary = bytes


def DateFromTicks(ticks: float) -> datetime.date:
    return Date(*time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> datetime.time:
    return Time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> datetime.datetime:
    return Timestamp(*time.localtime(ticks)[:6])
