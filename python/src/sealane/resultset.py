"""ResultSet: a statement's Arrow stream, read batch by batch."""

from __future__ import annotations

import time
from typing import (
    TYPE_CHECKING,
    Any,
    Iterator,
    List,
    Optional,
    Tuple,
)

import pyarrow as pa
from adbc_driver_manager import (
    AdbcStatement,
)

from ._call import call
from ._closing import Closing
from ._log import logger
from .exceptions import InterfaceError, translate

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

    from .connection import Connection

try:  # keeps ADBC error details (statement id, SQLSTATE) of failed streams
    from adbc_driver_manager._reader import AdbcRecordBatchReader as _AdbcReader
except ImportError:  # pragma: no cover - depends on the installed version
    _AdbcReader = None  # type: ignore[assignment,misc]


def _import_stream(handle: Any) -> Tuple[pa.RecordBatchReader, pa.RecordBatchReader]:
    """(reader to call, plain pyarrow reader) for an ArrowArrayStreamHandle."""
    with translate():
        if _AdbcReader is not None:
            wrapped = _AdbcReader._import_from_c(handle.address)
            return wrapped, getattr(wrapped, "_reader", wrapped)
        plain = pa.RecordBatchReader._import_from_c(handle.address)
        return plain, plain


class ResultSet(Closing):
    """The result of :meth:`Connection.execute`: an Arrow stream read batch by
    batch, without copies (the batches point at the driver's buffers).

    Reading it to the end releases the statement; :meth:`close` (or ``with``)
    releases it earlier. Iterating yields ``pyarrow.RecordBatch`` objects.
    """

    def __init__(
        self,
        reader: pa.RecordBatchReader,
        *,
        plain_reader: Optional[pa.RecordBatchReader] = None,
        statement: Optional[AdbcStatement] = None,
        rows_affected: int = -1,
        owner: Optional["Connection"] = None,
    ) -> None:
        self._reader: Optional[pa.RecordBatchReader] = reader
        self._plain: Optional[pa.RecordBatchReader] = plain_reader or reader
        self._stmt = statement
        self._owner = owner
        with translate():
            self._schema: pa.Schema = reader.schema
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

    def fetch_next_batch(self) -> Optional[pa.RecordBatch]:
        """The next RecordBatch, or None at the end of the result."""
        self._check_open()
        if self._done:
            return None
        assert self._reader is not None
        try:
            batch = call(self._reader.read_next_batch, self._cancel)
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
        assert self._reader is not None
        try:
            table = call(self._reader.read_all, self._cancel)
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
        driver's stream itself; the result set gives it up)."""
        self._check_open()
        if self._done or self._plain is None:
            return pa.RecordBatchReader.from_batches(self._schema, [])
        reader = self._plain
        self._reader = self._plain = None
        self._done = True
        return reader

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream export: hands the rest of the result to
        another Arrow library (polars, DuckDB, …) without copies."""
        return self.record_batch_reader().__arrow_c_stream__(requested_schema)

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
        reader, self._reader, self._plain = self._reader, None, None
        if reader is not None:
            try:
                reader.close()
            except Exception as exc:  # noqa: BLE001
                logger.debug("closing a result stream: %s", exc)
        stmt, self._stmt = self._stmt, None
        if stmt is not None:
            try:
                stmt.close()
            except Exception as exc:  # noqa: BLE001
                logger.debug("closing a statement: %s", exc)
        if self._owner is not None:
            self._owner._forget(self)
            self._owner = None

    def cancel(self) -> None:
        """Cancel the statement on the server (no-op once released)."""
        stmt = self._stmt
        if stmt is not None:
            logger.debug("cancel result set")
            with translate():
                stmt.cancel()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._release()
