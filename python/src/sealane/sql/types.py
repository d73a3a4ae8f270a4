"""Row (as databricks-sql-connector's ``databricks.sql.types.Row``) and the
statement states of asynchronous execution."""

from __future__ import annotations

import enum
from typing import Any, Dict, Iterable, Sequence, Tuple, Type


class CommandState(str, enum.Enum):
    """The state of an asynchronous statement, as the connector names it.
    Members compare equal to their value (``"RUNNING"``)."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"

    @classmethod
    def of(cls, state: str) -> "CommandState":
        """The member for a service state (the service says "CANCELED")."""
        if state == "CANCELED":
            return cls.CANCELLED
        return cls(state)


class TypeNames:
    """A PEP 249 type object over the type names of ``description[i][1]``
    (``cursor.description[0][1] == sql.NUMBER``)."""

    def __init__(self, *names: str) -> None:
        self.names = frozenset(names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other in self.names

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self.names)

    def __repr__(self) -> str:
        return f"TypeNames{tuple(sorted(self.names))}"


STRING = TypeNames("string")
BINARY = TypeNames("binary")
NUMBER = TypeNames("boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal")
DATETIME = TypeNames("timestamp")
DATE = TypeNames("date")
ROWID = TypeNames()


class Row(tuple):  # type: ignore[type-arg]
    """A result row: a tuple whose values are also reachable by column name,
    as attributes (``row.total``) or keys (``row["total"]``).

    ``Row(name="a", n=1)`` builds a row from keywords; ``Row("name", "n")``
    (strings only) builds a row *type*, which called with values makes rows
    (``Person("a", 1)``). Rows of a result share one generated subclass that
    holds the column names.
    """

    __fields__: Tuple[str, ...] = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> "Row":
        if args and kwargs:
            raise ValueError("Row takes values positionally or by name, not both")
        if kwargs:
            return _row_type(tuple(kwargs))(kwargs.values())
        return tuple.__new__(cls, args)

    def __call__(self, *values: Any) -> "Row":
        """A row of this row type (a Row of field names)."""
        if self.__fields__:
            raise TypeError("a Row with values is not callable")
        if len(values) != len(self):
            raise ValueError(f"expected {len(self)} values, got {len(values)}")
        return _row_type(tuple(str(v) for v in self))(values)

    def _index(self, name: str) -> int:
        try:
            return self.__fields__.index(name)
        except ValueError:
            raise KeyError(name) from None

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index(key))
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return tuple.__getitem__(self, self._index(name))
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Row is read-only")

    def __contains__(self, item: Any) -> bool:
        if self.__fields__:
            return item in self.__fields__
        return tuple.__contains__(self, item)

    def asDict(self, recursive: bool = False) -> Dict[str, Any]:
        """The row as a dict of column name to value (nested rows, lists and
        dicts converted too with ``recursive=True``)."""
        if not self.__fields__:
            raise TypeError("a Row without field names cannot become a dict")
        if not recursive:
            return dict(zip(self.__fields__, self))
        return {k: _plain(v) for k, v in zip(self.__fields__, self)}

    def __repr__(self) -> str:
        if self.__fields__:
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"

    def __reduce__(self) -> Any:
        if self.__fields__:
            return (_make_row, (self.__fields__, tuple(self)))
        return (Row, tuple(self))


def _plain(value: Any) -> Any:
    if isinstance(value, Row) and value.__fields__:
        return value.asDict(True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _NamedRow(Row):
    def __new__(cls, values: Iterable[Any] = ()) -> "_NamedRow":
        return tuple.__new__(cls, values)


_types: Dict[Tuple[str, ...], Type[_NamedRow]] = {}


def _row_type(fields: Sequence[str]) -> Type[_NamedRow]:
    """The Row subclass for these column names (cached)."""
    key = tuple(fields)
    t = _types.get(key)
    if t is None:
        t = type("Row", (_NamedRow,), {"__fields__": key, "__slots__": ()})
        if len(_types) < 1024:
            _types[key] = t
    return t


def _make_row(fields: Sequence[str], values: Iterable[Any]) -> Row:
    return _row_type(fields)(values)


__all__ = ["Row", "CommandState", "TypeNames", "STRING", "BINARY", "NUMBER", "DATETIME", "DATE", "ROWID"]
