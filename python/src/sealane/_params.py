"""Python parameters → Arrow data for ADBC Bind.

The driver binds each row of the bound data as one execution; its columns fill
``?`` markers by position, or name ``:name`` markers. Python values map to
Arrow by pyarrow's inference: int → int64 (BIGINT), float → float64 (DOUBLE),
str → string, bytes → binary, bool → BOOLEAN, decimal.Decimal → DECIMAL(p,s),
datetime.date → DATE, datetime.datetime → TIMESTAMP (TIMESTAMP_NTZ when
naive), datetime.timedelta → INTERVAL, None → an untyped NULL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, List, Optional, Tuple

import pyarrow as pa

from .exceptions import ProgrammingError


def is_arrow_data(obj: Any) -> bool:
    return hasattr(obj, "__arrow_c_array__") or hasattr(obj, "__arrow_c_stream__")


def _column(values: List[Any], name: str) -> pa.Array:
    try:
        return pa.array(values)
    except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
        raise ProgrammingError(f"sealane: cannot bind parameter {name}: {exc}") from exc


def _names_of(params: Any) -> Tuple[List[str], bool]:
    """Column names of one parameter set, and whether they are named."""
    if isinstance(params, Mapping):
        return [str(k)[1:] if str(k).startswith(":") else str(k) for k in params.keys()], True
    if isinstance(params, Sequence) and not isinstance(params, (str, bytes, bytearray)):
        return [f"?{i + 1}" for i in range(len(params))], False
    raise ProgrammingError(
        f"sealane: parameters must be a sequence (for ? markers) or a mapping (for :name markers), "
        f"not {type(params).__name__}"
    )


def one_row(params: Any) -> Optional[Any]:
    """The Arrow data to bind for execute(sql, params), or None for no parameters."""
    if params is None:
        return None
    if is_arrow_data(params):
        return params
    names, named = _names_of(params)
    if not names:
        return None
    values = list(params.values()) if named else list(params)
    arrays = [_column([v], n) for n, v in zip(names, values)]
    return pa.RecordBatch.from_arrays(arrays, names=names)


def many_rows(seq_of_params: Any) -> Optional[Any]:
    """The Arrow data to bind for executemany(sql, seq_of_params), or None when
    there is no row to execute."""
    if seq_of_params is None:
        return None
    if is_arrow_data(seq_of_params):
        return seq_of_params
    rows = list(seq_of_params)
    if not rows:
        return None
    names, named = _names_of(rows[0])
    if not names:
        raise ProgrammingError("sealane: executemany() needs at least one parameter per row")
    columns: List[List[Any]] = [[] for _ in names]
    for i, row in enumerate(rows):
        row_names, row_named = _names_of(row)
        if row_named != named or (named and set(row_names) != set(names)) or len(row_names) != len(names):
            raise ProgrammingError(f"sealane: executemany() row {i} does not have the parameters of row 0")
        values = [row[k] if k in row else row[":" + k] for k in names] if named else list(row)
        for col, v in zip(columns, values):
            col.append(v)
    arrays = [_column(col, n) for n, col in zip(names, columns)]
    return pa.RecordBatch.from_arrays(arrays, names=names)
