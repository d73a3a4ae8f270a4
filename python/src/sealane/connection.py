"""sealane's Python API: Connection, ResultSet and the PEP 249 Cursor."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import adbc_driver_manager
import pyarrow as pa
from adbc_driver_manager import AdbcConnection, AdbcDatabase, AdbcStatement, GetObjectsDepth

from . import _params
from ._call import call
from ._driver import ENTRYPOINT, driver_path
from ._log import logger, redact, short_sql
from .exceptions import InterfaceError, NotSupportedError, ProgrammingError, translate

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

try:  # keeps ADBC error details (statement id, SQLSTATE) of failed streams
    from adbc_driver_manager._reader import AdbcRecordBatchReader as _AdbcReader
except ImportError:  # pragma: no cover - depends on the installed version
    _AdbcReader = None  # type: ignore[assignment,misc]

__all__ = ["Connection", "ResultSet", "Cursor", "connect"]

OptionValue = Union[str, int, float, bool]

# Statement options of the driver (adbcdriver/driver.go).
OPT_ROW_LIMIT = "databricks.statement.row_limit"
OPT_QUERY_TAGS = "databricks.statement.query_tags"

# Short names accepted in **options, besides "databricks.<name>".
_ALIASES = {
    "port": "databricks.port",
    "warehouse_id": "databricks.warehouse_id",
    "scopes": "databricks.auth.scopes",
    "auth_scopes": "databricks.auth.scopes",
    "redirect_port": "databricks.auth.redirect_port",
    "token_cache_dir": "databricks.auth.token_cache_dir",
    "azure_tenant_id": "databricks.auth.azure_tenant_id",
    "tenant_id": "databricks.auth.azure_tenant_id",
    "azure_login_host": "databricks.auth.azure_login_host",
    "user_agent_entry": "databricks.user_agent_entry",
    "batch_rows": "databricks.batch_rows",
    "proxy": "databricks.proxy",
    "uri": "uri",
    "row_limit": OPT_ROW_LIMIT,
    "query_tags": OPT_QUERY_TAGS,
}


def _text(value: OptionValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _escape_tag(s: str) -> str:
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:")


def query_tags_text(tags: Union[str, Mapping[str, Optional[str]]]) -> str:
    """The driver's query-tag text ("k:v,k2:v2,k3") for a str or a mapping
    (a None value is a key-only tag)."""
    if isinstance(tags, str):
        return tags
    parts = []
    for k, v in tags.items():
        parts.append(_escape_tag(str(k)) if v is None else f"{_escape_tag(str(k))}:{_escape_tag(str(v))}")
    return ",".join(parts)


def _option_key(name: str) -> str:
    if "." in name:
        return name
    return _ALIASES.get(name, "databricks." + name)


def _statement_options(row_limit: Optional[int], query_tags: Any) -> Dict[str, str]:
    out = {}
    if row_limit is not None:
        out[OPT_ROW_LIMIT] = str(int(row_limit))
    if query_tags is not None:
        out[OPT_QUERY_TAGS] = query_tags_text(query_tags)
    return out


def _import_stream(handle: Any) -> Tuple[pa.RecordBatchReader, pa.RecordBatchReader]:
    """(reader to call, plain pyarrow reader) for an ArrowArrayStreamHandle."""
    with translate():
        if _AdbcReader is not None:
            wrapped = _AdbcReader._import_from_c(handle.address)
            return wrapped, getattr(wrapped, "_reader", wrapped)
        plain = pa.RecordBatchReader._import_from_c(handle.address)
        return plain, plain


class ResultSet:
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

    def __enter__(self) -> "ResultSet":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


class Connection:
    """A connection to a Databricks SQL warehouse (or ``sealane serve``).

    ``host`` is the workspace host or a URL with scheme and port
    (``"http://127.0.0.1:8080"``); ``http_path`` the warehouse's http_path.
    ``session_confs`` sets session configuration (``{"TIMEZONE": "UTC"}``);
    ``auth_type`` is ``"pat"``, ``"oauth-m2m"``, ``"oauth-u2m"`` or
    ``"azure-client-secret"``. Other driver options pass through ``options``:
    full keys (``"databricks.retry.max_retries"``) or short names
    (``port=443``, ``batch_rows=-1``, ``tenant_id=…``, ``row_limit=…``,
    ``query_tags={"team": "x"}``); ``row_limit`` and ``query_tags`` apply to
    every statement of the connection.

    It is also the PEP 249 connection (:meth:`cursor`, :meth:`commit`).
    """

    def __init__(
        self,
        host: Optional[str] = None,
        http_path: Optional[str] = None,
        access_token: Optional[str] = None,
        *,
        catalog: Optional[str] = None,
        schema: Optional[str] = None,
        session_confs: Optional[Mapping[str, OptionValue]] = None,
        auth_type: Optional[str] = None,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        **options: Any,
    ) -> None:
        self._closed = True
        self._lock = threading.Lock()
        self._children: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self._stmt_opts: Dict[str, str] = {}

        db: Dict[str, str] = {}
        if host is not None:
            db["databricks.server_hostname"] = host
        if http_path is not None:
            db["databricks.http_path"] = http_path
        if access_token is not None:
            db["databricks.access_token"] = access_token
        if catalog is not None:
            db["databricks.catalog"] = catalog
        if schema is not None:
            db["databricks.schema"] = schema
        for k, v in (session_confs or {}).items():
            db["databricks.session_conf." + str(k)] = _text(v)
        if auth_type is not None:
            db["databricks.auth.type"] = auth_type
        if client_id is not None:
            db["databricks.auth.client_id"] = client_id
        if client_secret is not None:
            db["databricks.auth.client_secret"] = client_secret
        for name, value in options.items():
            if value is None:
                continue
            key = _option_key(name)
            if key in (OPT_ROW_LIMIT, OPT_QUERY_TAGS) or key.startswith("databricks.statement."):
                self._stmt_opts[key] = query_tags_text(value) if key == OPT_QUERY_TAGS else _text(value)
            else:
                db[key] = _text(value)

        logger.debug("connect %s", redact(db))
        path = driver_path()
        t0 = time.monotonic()
        with translate():
            self._db = AdbcDatabase(driver=path, entrypoint=ENTRYPOINT, **db)
            try:
                self._conn = AdbcConnection(self._db)
            except BaseException:
                self._db.close()
                raise
        self._closed = False
        logger.debug("connected in %.3fs (driver %s)", time.monotonic() - t0, path)

    # --- plumbing -----------------------------------------------------------

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("sealane: the connection is closed")

    def _track(self, obj: Any) -> None:
        with self._lock:
            self._children.add(obj)

    def _forget(self, obj: Any) -> None:
        with self._lock:
            self._children.discard(obj)

    def _new_statement(self, row_limit: Optional[int] = None, query_tags: Any = None) -> AdbcStatement:
        self._check()
        with translate():
            stmt = AdbcStatement(self._conn)
            opts = dict(self._stmt_opts)
            opts.update(_statement_options(row_limit, query_tags))
            if opts:
                try:
                    stmt.set_options(**opts)
                except BaseException:
                    stmt.close()
                    raise
        return stmt

    def _run(self, stmt: AdbcStatement, sql: str, params: Any) -> ResultSet:
        """Execute sql on stmt (which the returned ResultSet then owns)."""
        if not isinstance(sql, str):
            raise ProgrammingError(f"sealane: the query must be a str, not {type(sql).__name__}")
        try:
            data = _params.one_row(params)
            with translate():
                stmt.set_sql_query(sql)
                if data is not None:
                    if hasattr(data, "__arrow_c_array__"):
                        stmt.bind(data)
                    else:
                        stmt.bind_stream(data)
            logger.debug(
                "execute %r (%d parameters)", short_sql(sql), 0 if data is None else len(getattr(data, "schema", []))
            )
            t0 = time.monotonic()
            handle, rows_affected = call(stmt.execute_query, stmt.cancel)
            reader, plain = _import_stream(handle)
        except BaseException:
            try:
                stmt.close()
            except Exception:  # noqa: BLE001
                pass
            raise
        logger.debug("executed in %.3fs", time.monotonic() - t0)
        rs = ResultSet(reader, plain_reader=plain, statement=stmt, rows_affected=rows_affected, owner=self)
        self._track(rs)
        return rs

    # --- first-party API ----------------------------------------------------

    def execute(
        self,
        sql: str,
        params: Union[Sequence[Any], Mapping[str, Any], None] = None,
        *,
        row_limit: Optional[int] = None,
        query_tags: Union[str, Mapping[str, Optional[str]], None] = None,
    ) -> ResultSet:
        """Run one statement and return its result, streamed.

        ``params`` fills ``?`` markers (a sequence) or ``:name`` markers (a
        mapping); Arrow data (a RecordBatch, Table or stream) is bound as is.
        """
        stmt = self._new_statement(row_limit, query_tags)
        return self._run(stmt, sql, params)

    def cancel(self) -> None:
        """Cancel everything running on this connection (from any thread)."""
        self._check()
        logger.debug("cancel connection")
        with translate():
            self._conn.cancel()

    # --- PEP 249 ------------------------------------------------------------

    def cursor(self) -> "Cursor":
        self._check()
        cur = Cursor(self)
        self._track(cur)
        return cur

    def commit(self) -> None:
        """No-op: Databricks SQL statements auto-commit."""
        self._check()

    def rollback(self) -> None:
        raise NotSupportedError("sealane: Databricks SQL statements auto-commit; there is no transaction to roll back")

    @property
    def autocommit(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the connection and everything opened from it."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            children = list(self._children)
            self._children.clear()
        for child in children:
            try:
                child.close()
            except Exception as exc:  # noqa: BLE001
                logger.debug("closing %r: %s", child, exc)
        logger.debug("close connection")
        with translate():
            try:
                self._conn.close()
            finally:
                self._db.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass

    # --- metadata (ADBC GetObjects; patterns use SQL LIKE's % and _) --------

    def _objects(
        self,
        depth: GetObjectsDepth,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        table_types: Optional[List[str]] = None,
        column_pattern: Optional[str] = None,
    ) -> pa.Table:
        self._check()
        logger.debug(
            "get_objects depth=%s catalog=%r schema=%r table=%r column=%r",
            depth.name,
            catalog,
            schema_pattern,
            table_pattern,
            column_pattern,
        )
        handle = call(
            self._conn.get_objects,
            self._conn.cancel,
            depth,
            catalog,
            schema_pattern,
            table_pattern,
            table_types,
            column_pattern,
        )
        reader, _ = _import_stream(handle)
        return call(reader.read_all, self._conn.cancel)

    def get_objects(
        self,
        depth: str = "all",
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        table_types: Optional[List[str]] = None,
        column_pattern: Optional[str] = None,
    ) -> pa.Table:
        """ADBC GetObjects as is (nested); depth is "all", "catalogs",
        "db_schemas", "tables" or "columns"."""
        d = getattr(GetObjectsDepth, depth.upper())
        return self._objects(d, catalog, schema_pattern, table_pattern, table_types, column_pattern)

    def catalogs(self) -> pa.Table:
        """Table (catalog_name)."""
        t = self._objects(GetObjectsDepth.CATALOGS)
        return pa.table({"catalog_name": t.column("catalog_name")})

    def schemas(self, catalog: Optional[str] = None, schema_pattern: Optional[str] = None) -> pa.Table:
        """Table (catalog_name, schema_name)."""
        t = self._objects(GetObjectsDepth.DB_SCHEMAS, catalog, schema_pattern)
        rows = []
        for cat in t.to_pylist():
            for sch in cat.get("catalog_db_schemas") or []:
                rows.append({"catalog_name": cat["catalog_name"], "schema_name": sch["db_schema_name"]})
        return pa.Table.from_pylist(
            rows, schema=pa.schema([("catalog_name", pa.string()), ("schema_name", pa.string())])
        )

    def tables(
        self,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        table_types: Optional[List[str]] = None,
    ) -> pa.Table:
        """Table (catalog_name, schema_name, table_name, table_type)."""
        t = self._objects(GetObjectsDepth.TABLES, catalog, schema_pattern, table_pattern, table_types)
        rows = []
        for cat in t.to_pylist():
            for sch in cat.get("catalog_db_schemas") or []:
                for tab in sch.get("db_schema_tables") or []:
                    rows.append(
                        {
                            "catalog_name": cat["catalog_name"],
                            "schema_name": sch["db_schema_name"],
                            "table_name": tab["table_name"],
                            "table_type": tab["table_type"],
                        }
                    )
        return pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("catalog_name", pa.string()),
                    ("schema_name", pa.string()),
                    ("table_name", pa.string()),
                    ("table_type", pa.string()),
                ]
            ),
        )

    def columns(
        self,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        column_pattern: Optional[str] = None,
    ) -> pa.Table:
        """Table (catalog_name, schema_name, table_name, then every field of
        ADBC's COLUMN_SCHEMA: column_name, ordinal_position, remarks,
        xdbc_type_name, xdbc_nullable, …)."""
        t = self._objects(GetObjectsDepth.COLUMNS, catalog, schema_pattern, table_pattern, None, column_pattern)
        col_type = (
            t.schema.field("catalog_db_schemas")
            .type.value_type.field("db_schema_tables")
            .type.value_type.field("table_columns")
            .type.value_type
        )
        fields = [
            pa.field("catalog_name", pa.string()),
            pa.field("schema_name", pa.string()),
            pa.field("table_name", pa.string()),
        ] + [col_type.field(i) for i in range(col_type.num_fields)]
        rows = []
        for cat in t.to_pylist():
            for sch in cat.get("catalog_db_schemas") or []:
                for tab in sch.get("db_schema_tables") or []:
                    for col in tab.get("table_columns") or []:
                        row = {
                            "catalog_name": cat["catalog_name"],
                            "schema_name": sch["db_schema_name"],
                            "table_name": tab["table_name"],
                        }
                        row.update(col)
                        rows.append(row)
        return pa.Table.from_pylist(rows, schema=pa.schema(fields))

    def table_schema(self, table: str, catalog: Optional[str] = None, schema: Optional[str] = None) -> pa.Schema:
        """The Arrow schema of a table."""
        self._check()
        handle = call(self._conn.get_table_schema, self._conn.cancel, catalog, schema, table)
        with translate():
            return pa.Schema._import_from_c(handle.address)

    def table_types(self) -> List[str]:
        self._check()
        handle = call(self._conn.get_table_types, self._conn.cancel)
        reader, _ = _import_stream(handle)
        return [r["table_type"] for r in call(reader.read_all, self._conn.cancel).to_pylist()]

    def get_info(self) -> Dict[str, Any]:
        """ADBC GetInfo: driver and vendor names and versions."""
        self._check()
        handle = call(self._conn.get_info, self._conn.cancel)
        reader, _ = _import_stream(handle)
        out: Dict[str, Any] = {}
        for row in call(reader.read_all, self._conn.cancel).to_pylist():
            code = row["info_name"]
            try:
                name = adbc_driver_manager.AdbcInfoCode(code).name.lower()
            except ValueError:
                name = str(code)
            value = row["info_value"]
            out[name] = value[1] if isinstance(value, tuple) else value
        return out


def connect(
    host: Optional[str] = None,
    http_path: Optional[str] = None,
    access_token: Optional[str] = None,
    **kwargs: Any,
) -> Connection:
    """PEP 249 connect(): a :class:`Connection` (same arguments).
    ``server_hostname`` is accepted for ``host``, as databricks-sql-connector
    names it."""
    if host is None and "server_hostname" in kwargs:
        host = kwargs.pop("server_hostname")
    return Connection(host, http_path, access_token, **kwargs)


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
    return list(zip(*(col.to_pylist() for col in batch.columns)))  # noqa: B905 - equal lengths


class Cursor:
    """PEP 249 cursor. ``description`` type codes are pyarrow DataTypes
    (compare with sealane.STRING, NUMBER, DATETIME, BINARY)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection
        self.arraysize = 1
        self._closed = False
        self._stmt: Optional[AdbcStatement] = None
        self._result: Optional[ResultSet] = None
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
            with translate():
                stmt.set_sql_query(operation)
                if hasattr(data, "__arrow_c_array__"):
                    stmt.bind(data)
                else:
                    stmt.bind_stream(data)
            logger.debug("executemany %r", short_sql(operation))
            self._rowcount = call(stmt.execute_update, stmt.cancel)
        finally:
            self._stmt = None
            try:
                stmt.close()
            except Exception:  # noqa: BLE001
                pass

    def cancel(self) -> None:
        """Cancel the running statement on the server; safe from another
        thread. The blocked execute/fetch then raises OperationalError."""
        stmt = self._stmt
        if stmt is None and self._result is not None:
            stmt = self._result._stmt
        if stmt is None:
            return
        logger.debug("cancel cursor")
        try:
            stmt.cancel()
        except Exception:  # noqa: BLE001
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
        schema = result.arrow_schema()

        def batches() -> Iterator[pa.RecordBatch]:
            yield head
            yield from result

        return pa.RecordBatchReader.from_batches(schema, batches())

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

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if not self._closed:
                self._reset()
                self._closed = True
        except Exception:  # noqa: BLE001
            pass
