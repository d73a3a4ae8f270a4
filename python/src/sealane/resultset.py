"""ResultSet: a statement's Arrow stream, read batch by batch."""

from __future__ import annotations

import time
from typing import (
    TYPE_CHECKING,
    Any,
    Iterator,
    List,
    Optional,
    Protocol,
    Union,
)

import pyarrow as pa

from ._call import call
from ._closing import Closing
from ._log import logger
from ._stream import DriverStream
from .exceptions import InterfaceError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

    from .connection import Connection


class _Cancellable(Protocol):
    def cancel(self) -> None: ...

    def close(self) -> None: ...


class ResultSet(Closing):
    """The result of :meth:`Connection.execute`: an Arrow stream read batch by
    batch, without copies (the batches point at the driver's buffers).

    Reading it to the end releases the statement; :meth:`close` (or ``with``)
    releases it earlier. Iterating yields ``pyarrow.RecordBatch`` objects.

    It implements the Arrow PyCapsule interface (``__arrow_c_stream__``,
    ``__arrow_c_schema__``): ``pyarrow.table(rs)``, ``polars.DataFrame(rs)``
    or DuckDB's ``FROM rs`` read the driver's stream itself, without copies.
    """

    def __init__(
        self,
        stream: Union[DriverStream, pa.RecordBatchReader],
        *,
        statement: Optional[_Cancellable] = None,
        rows_affected: int = -1,
        owner: Optional["Connection"] = None,
    ) -> None:
        self._stream: Optional[DriverStream] = stream if isinstance(stream, DriverStream) else None
        self._local: Optional[pa.RecordBatchReader] = None if isinstance(stream, DriverStream) else stream
        self._stmt = statement
        self._owner = owner
        self._schema: pa.Schema = stream.schema
        self._rows_affected = rows_affected
        self._rows = 0
        self._batches = 0
        self._done = False
        self._closed = False
        self._t0 = time.monotonic()

    # --- shape ------------------------------------------------------------

    def num_columns(self) -> int:
        return len(self._schema)

    def column_names(self) -> List[str]:
        return list(self._schema.names)

    def arrow_schema(self) -> pa.Schema:
        return self._schema

    @property
    def rows_affected(self) -> int:
        """Rows affected as the driver reported at execution (-1 if unknown)."""
        return self._rows_affected

    @property
    def rows_read(self) -> int:
        """Rows returned so far by fetch_next_batch / fetch_all_arrow."""
        return self._rows

    @property
    def exhausted(self) -> bool:
        return self._done

    # --- reading ----------------------------------------------------------

    def _cancel(self) -> None:
        if self._stmt is not None:
            self._stmt.cancel()

    def _check_open(self) -> None:
        if self._closed and not self._done:
            raise InterfaceError("sealane: the result set is closed")

    def _read_next(self) -> pa.RecordBatch:
        if self._stream is not None:
            return self._stream.read_next_batch()
        assert self._local is not None
        return self._local.read_next_batch()

    def _read_all(self) -> pa.Table:
        if self._stream is not None:
            return self._stream.read_all()
        assert self._local is not None
        return self._local.read_all()

    def fetch_next_batch(self) -> Optional[pa.RecordBatch]:
        """The next RecordBatch, or None at the end of the result."""
        self._check_open()
        if self._done:
            return None
        try:
            batch = call(self._read_next, self._cancel)
        except StopIteration:
            self._finish()
            return None
        except BaseException:
            self.close()
            raise
        self._rows += batch.num_rows
        self._batches += 1
        return batch

    def fetch_all_arrow(self) -> pa.Table:
        """The rest of the result as a pyarrow.Table."""
        self._check_open()
        if self._done:
            return self._schema.empty_table()
        try:
            table = call(self._read_all, self._cancel)
        except BaseException:
            self.close()
            raise
        self._rows += table.num_rows
        self._batches += len(table.to_batches())
        self._finish()
        return table

    def to_pandas(self, **kwargs: Any) -> "pandas.DataFrame":
        """The rest of the result as a pandas DataFrame (needs pandas)."""
        try:
            import pandas  # noqa: F401
        except ImportError as exc:
            raise InterfaceError("sealane: to_pandas() needs pandas (pip install pandas)") from exc
        return self.fetch_all_arrow().to_pandas(**kwargs)

    def to_polars(self) -> "polars.DataFrame":
        """The rest of the result as a polars DataFrame (needs polars)."""
        try:
            import polars
        except ImportError as exc:
            raise InterfaceError("sealane: to_polars() needs polars (pip install polars)") from exc
        return polars.from_arrow(self.fetch_all_arrow())  # type: ignore[return-value]

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        while True:
            batch = self.fetch_next_batch()
            if batch is None:
                return
            yield batch

    def record_batch_reader(self) -> pa.RecordBatchReader:
        """The rest of the result as a plain pyarrow.RecordBatchReader (the
        result set gives it up)."""
        self._check_open()
        if self._done:
            return pa.RecordBatchReader.from_batches(self._schema, [])
        reader: pa.RecordBatchReader
        if self._stream is not None:
            reader = self._stream.reader()
            self._stream = None  # the reader now owns the driver's stream
        else:
            assert self._local is not None
            reader, self._local = self._local, None
        # The statement stays open (until close()): the stream needs it.
        self._done = True
        return reader

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream export: hands the rest of the result to
        another Arrow library (pyarrow, polars, DuckDB, pandas …). Unread, it
        is the driver's own stream: the consumer reads the driver's buffers,
        no copy, no Python in between. Once."""
        self._check_open()
        if self._done:
            return pa.RecordBatchReader.from_batches(self._schema, []).__arrow_c_stream__(requested_schema)
        if self._stream is not None:
            capsule = self._stream.capsule(requested_schema)
            self._stream = None
        else:
            assert self._local is not None
            capsule = self._local.__arrow_c_stream__(requested_schema)
            self._local = None
        self._done = True
        return capsule

    def __arrow_c_schema__(self) -> Any:
        """Arrow PyCapsule schema export (the result's schema)."""
        return self._schema.__arrow_c_schema__()

    # --- lifecycle ----------------------------------------------------------

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            logger.debug(
                "result read: %d rows in %d batches, %.3fs after execute",
                self._rows,
                self._batches,
                time.monotonic() - self._t0,
            )
        self._release()

    def _release(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except Exception as exc:
                logger.debug("closing a result stream: %s", exc)
        local, self._local = self._local, None
        if local is not None:
            local.close()
        stmt, self._stmt = self._stmt, None
        if stmt is not None:
            try:
                stmt.close()
            except Exception as exc:
                logger.debug("closing a statement: %s", exc)
        if self._owner is not None:
            self._owner._forget(self)
            self._owner = None

    def cancel(self) -> None:
        """Cancel the statement on the server (no-op once released)."""
        stmt = self._stmt
        if stmt is not None:
            logger.debug("cancel result set")
            stmt.cancel()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._release()
