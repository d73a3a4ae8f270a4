"""The PEP 249 Cursor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import pyarrow as pa

from . import _params
from ._closing import Closing
from ._log import logger, short_sql
from .exceptions import InterfaceError, NotSupportedError, ProgrammingError
from .resultset import ResultSet

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from ._adbc import Statement
    from .asyncstatement import AsyncStatement
    from .connection import Connection

_Description = List[Tuple[str, pa.DataType, None, None, Optional[int], Optional[int], bool]]


def _description(schema: pa.Schema) -> _Description:
    out = []
    for f in schema:
        precision = scale = None
        if pa.types.is_decimal(f.type):
            precision, scale = f.type.precision, f.type.scale
        out.append((f.name, f.type, None, None, precision, scale, f.nullable))
    return out


def _rows_of(batch: pa.RecordBatch) -> List[Tuple[Any, ...]]:
    if batch.num_columns == 0:
        return [()] * batch.num_rows
    return list(zip(*(col.to_pylist() for col in batch.columns)))  # columns of equal length


class Cursor(Closing):
    """PEP 249 cursor. ``description`` type codes are pyarrow DataTypes
    (compare with sealane.STRING, NUMBER, DATETIME, BINARY)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection
        self.arraysize = 1
        self._closed = False
        self._stmt: Optional["Statement"] = None
        self._result: Optional[ResultSet] = None
        self._async: Optional["AsyncStatement"] = None
        self._description: Optional[_Description] = None
        self._rowcount = -1
        self._batch: Optional[pa.RecordBatch] = None
        self._batch_rows: Optional[List[Tuple[Any, ...]]] = None
        self._pos = 0
        self._produced = 0
        self.rownumber: Optional[int] = None

    # --- attributes -----------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self._conn

    @property
    def description(self) -> Optional[_Description]:
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows affected (DML through executemany), the rows a query produced
        once all are fetched, else -1."""
        return self._rowcount

    @property
    def closed(self) -> bool:
        return self._closed

    # --- executing ------------------------------------------------------------

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("sealane: the cursor is closed")
        self._conn._check()

    def _reset(self) -> None:
        if self._result is not None:
            self._result.close()
        self._result = None
        if self._async is not None:
            self._async.close()
        self._async = None
        self._stmt = None
        self._description = None
        self._rowcount = -1
        self._batch = None
        self._batch_rows = None
        self._pos = 0
        self._produced = 0
        self.rownumber = None

    def _set_result(self, result: ResultSet) -> None:
        self._result = result
        self._description = _description(result.arrow_schema())
        self._rowcount = result.rows_affected if result.rows_affected >= 0 else -1
        self.rownumber = 0

    def execute(
        self,
        operation: str,
        parameters: Union[Sequence[Any], Mapping[str, Any], None] = None,
    ) -> "Cursor":
        """Run a statement; ``?`` markers take a sequence, ``:name`` markers a mapping."""
        self._check()
        self._reset()
        stmt = self._conn._new_statement()
        self._stmt = stmt
        try:
            result = self._conn._run(stmt, operation, parameters)
        finally:
            self._stmt = None
        self._set_result(result)
        return self

    def execute_async(
        self,
        operation: str,
        parameters: Union[Sequence[Any], Mapping[str, Any], None] = None,
    ) -> "Cursor":
        """Submit a statement without waiting (as databricks-sql-connector
        names it): :attr:`statement_id` is known at once,
        :meth:`get_query_state` polls, :meth:`get_async_execution_result`
        waits and makes the result fetchable, :meth:`cancel` cancels it."""
        self._check()
        self._reset()
        self._async = self._conn.execute_async(operation, parameters)
        return self

    @property
    def async_statement(self) -> Optional["AsyncStatement"]:
        """The statement of the last execute_async(), if any."""
        return self._async

    @property
    def statement_id(self) -> Optional[str]:
        """The id of the statement of the last execute_async()."""
        return self._async.statement_id if self._async is not None else None

    query_id = statement_id

    def _need_async(self) -> "AsyncStatement":
        self._check()
        if self._async is None:
            raise ProgrammingError("sealane: no asynchronous statement; call execute_async() first")
        return self._async

    def get_query_state(self) -> str:
        """The state of the execute_async() statement: PENDING, RUNNING,
        SUCCEEDED, FAILED, CANCELED or CLOSED."""
        return self._need_async().status()

    def is_query_pending(self) -> bool:
        return self.get_query_state() in ("PENDING", "RUNNING")

    def get_async_execution_result(self, timeout: Optional[float] = None) -> "Cursor":
        """Wait for the execute_async() statement; fetch* then read its result."""
        result = self._need_async().wait(timeout)
        self._set_result(result)
        return self

    def executemany(self, operation: str, seq_of_parameters: Any) -> None:
        """Run a statement once per parameter set (no result set)."""
        self._check()
        self._reset()
        data = _params.many_rows(seq_of_parameters)
        if data is None:
            self._rowcount = 0
            return
        stmt = self._conn._new_statement()
        self._stmt = stmt
        try:
            stmt.set_sql_query(operation)
            stmt.bind(data)
            logger.debug("executemany %r", short_sql(operation))
            self._rowcount = stmt.execute_update()
        finally:
            self._stmt = None
            try:
                stmt.close()
            except Exception:
                pass

    def cancel(self) -> None:
        """Cancel the running statement on the server; safe from another
        thread. The blocked execute/fetch then raises OperationalError."""
        stmt: Any = self._stmt
        if stmt is None and self._result is not None:
            stmt = self._result._stmt
        if stmt is None:
            stmt = self._async
        if stmt is None:
            return
        logger.debug("cancel cursor")
        try:
            stmt.cancel()
        except Exception:
            # Already finished or closed: nothing left to cancel.
            pass

    # --- fetching -------------------------------------------------------------

    def _need_result(self) -> ResultSet:
        self._check()
        if self._result is None:
            raise ProgrammingError("sealane: no result set; call execute() with a query first")
        return self._result

    def _load(self) -> bool:
        """Make a batch with unread rows current; False at the end."""
        result = self._need_result()
        while self._batch is None or self._pos >= self._batch.num_rows:
            batch = result.fetch_next_batch()
            if batch is None:
                self._batch = None
                self._batch_rows = None
                self._rowcount = self._produced
                return False
            self._batch, self._batch_rows, self._pos = batch, None, 0
            self._produced += batch.num_rows
        return True

    def _take(self, n: Optional[int]) -> List[Tuple[Any, ...]]:
        out: List[Tuple[Any, ...]] = []
        while n is None or len(out) < n:
            if not self._load():
                break
            if self._batch_rows is None:
                assert self._batch is not None
                self._batch_rows = _rows_of(self._batch)
            end = len(self._batch_rows) if n is None else min(len(self._batch_rows), self._pos + n - len(out))
            out.extend(self._batch_rows[self._pos : end])
            self._pos = end
        if self.rownumber is not None:
            self.rownumber += len(out)
        return out

    def fetchone(self) -> Optional[Tuple[Any, ...]]:
        rows = self._take(1)
        return rows[0] if rows else None

    def fetchmany(self, size: Optional[int] = None) -> List[Tuple[Any, ...]]:
        return self._take(self.arraysize if size is None else size)

    def fetchall(self) -> List[Tuple[Any, ...]]:
        return self._take(None)

    def _rest_of_batch(self) -> Optional[pa.RecordBatch]:
        if self._batch is not None and self._pos < self._batch.num_rows:
            rest = self._batch.slice(self._pos)
            self._pos = self._batch.num_rows
            return rest
        return None

    def fetch_arrow_table(self) -> pa.Table:
        """The rest of the result as a pyarrow.Table."""
        result = self._need_result()
        head = self._rest_of_batch()
        table = result.fetch_all_arrow()
        self._produced += table.num_rows
        self._rowcount = self._produced
        if head is not None:
            table = pa.concat_tables([pa.Table.from_batches([head]), table])
        if self.rownumber is not None:
            self.rownumber += table.num_rows
        return table

    fetchall_arrow = fetch_arrow_table

    def fetch_record_batch(self) -> pa.RecordBatchReader:
        """The rest of the result as a pyarrow.RecordBatchReader."""
        result = self._need_result()
        head = self._rest_of_batch()
        if head is None:
            return result.record_batch_reader()
        return self.fetch_record_batch_from(head, result)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream export of the rest of the result (the
        driver's own stream when no row was fetched yet)."""
        result = self._need_result()
        head = self._rest_of_batch()
        if head is None:
            return result.__arrow_c_stream__(requested_schema)
        return self.fetch_record_batch_from(head, result).__arrow_c_stream__(requested_schema)

    def __arrow_c_schema__(self) -> Any:
        """Arrow PyCapsule schema export of the current result's schema."""
        return self._need_result().arrow_schema().__arrow_c_schema__()

    @staticmethod
    def fetch_record_batch_from(head: pa.RecordBatch, result: ResultSet) -> pa.RecordBatchReader:
        def batches() -> Iterator[pa.RecordBatch]:
            yield head
            yield from result

        return pa.RecordBatchReader.from_batches(result.arrow_schema(), batches())

    def fetch_df(self) -> "pandas.DataFrame":
        """The rest of the result as a pandas DataFrame."""
        try:
            import pandas  # noqa: F401
        except ImportError as exc:
            raise InterfaceError("sealane: fetch_df() needs pandas (pip install pandas)") from exc
        return self.fetch_arrow_table().to_pandas()

    # --- metadata as result sets (like databricks-sql-connector) --------------

    def _set_table(self, table: pa.Table) -> "Cursor":
        self._check()
        self._reset()
        self._set_result(ResultSet(table.to_reader()))
        return self

    def catalogs(self) -> "Cursor":
        return self._set_table(self._conn.catalogs())

    def schemas(self, catalog: Optional[str] = None, schema_pattern: Optional[str] = None) -> "Cursor":
        return self._set_table(self._conn.schemas(catalog, schema_pattern))

    def tables(
        self,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        table_types: Optional[List[str]] = None,
    ) -> "Cursor":
        return self._set_table(self._conn.tables(catalog, schema_pattern, table_pattern, table_types))

    def columns(
        self,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        column_pattern: Optional[str] = None,
    ) -> "Cursor":
        return self._set_table(self._conn.columns(catalog, schema_pattern, table_pattern, column_pattern))

    # --- PEP 249 odds and ends --------------------------------------------------

    def setinputsizes(self, sizes: Any) -> None:
        pass

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        pass

    def callproc(self, procname: str, parameters: Any = None) -> Any:
        raise NotSupportedError("sealane: callproc() is not supported; use execute('CALL …')")

    def nextset(self) -> Optional[bool]:
        raise NotSupportedError("sealane: a statement has one result set")

    def __iter__(self) -> "Cursor":
        return self

    def __next__(self) -> Tuple[Any, ...]:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self) -> None:
        if self._closed:
            return
        self._reset()
        self._closed = True
        self._conn._forget(self)

    def __del__(self) -> None:
        try:
            if not self._closed:
                self._reset()
                self._closed = True
        except Exception:
            pass
