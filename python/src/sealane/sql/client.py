"""Connection and Cursor with databricks-sql-connector's API, over sealane."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

from .. import connection as _connection
from .. import cursor as _cursor
from .._log import logger
from ..exceptions import CursorAlreadyClosedError, Error, InterfaceError, SessionAlreadyClosedError
from ..resultset import ResultSet
from .types import CommandState, Row, _row_type

__all__ = ["Connection", "Cursor"]

# Arguments of the connector's connect() that have no meaning here (its
# transport, Thrift and telemetry knobs): accepted and ignored.
_IGNORED = frozenset(
    {
        "use_sea",
        "use_cloud_fetch",
        "enable_telemetry",
        "force_enable_telemetry",
        "telemetry_batch_size",
        "_use_arrow_native_complex_types",
        "_use_arrow_native_decimals",
        "_use_arrow_native_timestamps",
        "use_inline_params",
        "staging_allowed_local_path",
        "_retry_stop_after_attempts_count",
        "_retry_delay_min",
        "_retry_delay_max",
        "_retry_stop_after_attempts_duration",
        "_socket_timeout",
        "_tls_no_verify",
        "_tls_verify_hostname",
        "_tls_trusted_ca_file",
        "_tls_client_cert_file",
        "_tls_client_cert_key_file",
        "_tls_client_cert_key_password",
        "http_headers",
        "enable_query_result_lz4_compression",
        "max_download_threads",
        "experimental_oauth_persistence",
        "enable_metric_view_metadata",
        "use_hybrid_disposition",
        "http_proxy",
        "proxy_auth_method",
        "ignore_transactions",
    }
)

# The connector's auth_type values → the driver's.
_AUTH_TYPES = {
    "databricks-oauth": "oauth-u2m",
    "oauth-u2m": "oauth-u2m",
    "oauth-m2m": "oauth-m2m",
    "azure-oauth": "oauth-u2m",
    "azure-sp-m2m": "azure-client-secret",
    "pat": "pat",
}


def _token_from(credentials_provider: Callable[[], Any]) -> str:
    """The bearer token of a connector-style credentials provider: a
    callable returning a header factory (a callable returning HTTP
    headers). Called once, at connect."""
    factory = credentials_provider()
    headers = factory() if callable(factory) else factory
    if not isinstance(headers, Mapping):
        raise InterfaceError("sealane: credentials_provider() must return a callable giving HTTP headers")
    auth = next((str(v) for k, v in headers.items() if str(k).lower() == "authorization"), "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise InterfaceError("sealane: credentials_provider() gave no 'Authorization: Bearer …' header")
    return token.strip()


# Arrow type → the type name the connector puts in description[1].
def _type_name(t: pa.DataType) -> str:
    checks: List[Tuple[Callable[[pa.DataType], bool], str]] = [
        (pa.types.is_boolean, "boolean"),
        (pa.types.is_int8, "tinyint"),
        (pa.types.is_int16, "smallint"),
        (pa.types.is_int32, "int"),
        (pa.types.is_int64, "bigint"),
        (pa.types.is_float32, "float"),
        (pa.types.is_float64, "double"),
        (pa.types.is_decimal, "decimal"),
        (pa.types.is_date, "date"),
        (pa.types.is_timestamp, "timestamp"),
        (pa.types.is_binary, "binary"),
        (pa.types.is_large_binary, "binary"),
        (pa.types.is_list, "array"),
        (pa.types.is_large_list, "array"),
        (pa.types.is_map, "map"),
        (pa.types.is_struct, "struct"),
        (pa.types.is_null, "void"),
        (pa.types.is_interval, "interval"),
        (pa.types.is_duration, "interval"),
    ]
    for check, name in checks:
        if check(t):
            return name
    return "string"


def description_of(schema: pa.Schema) -> List[Tuple[Any, ...]]:
    """description as the connector gives it: (name, type name, None, None,
    precision, scale, null_ok)."""
    out: List[Tuple[Any, ...]] = []
    for f in schema:
        precision = scale = None
        if pa.types.is_decimal(f.type):
            precision, scale = f.type.precision, f.type.scale
        out.append((f.name, _sql_type_name(f), None, None, precision, scale, True))
    return out


def _sql_type_name(f: pa.Field) -> str:
    """The connector's type name of a result column: VARIANT as the
    warehouse marks it (Arrow field metadata Spark:DataType:SqlName, the
    values being JSON text), else from the Arrow type."""
    meta = f.metadata or {}
    if meta.get(b"Spark:DataType:SqlName", b"").upper() == b"VARIANT":
        return "variant"
    return _type_name(f.type)


class Connection(_connection.Connection):
    """A connection as ``databricks.sql.connect()`` returns it."""

    def __init__(
        self,
        server_hostname: str,
        http_path: str,
        access_token: Optional[str] = None,
        *,
        credentials_provider: Optional[Callable[[], Any]] = None,
        catalog: Optional[str] = None,
        schema: Optional[str] = None,
        session_configuration: Optional[Mapping[str, Any]] = None,
        auth_type: Optional[str] = None,
        user_agent_entry: Optional[str] = None,
        _user_agent_entry: Optional[str] = None,
        oauth_client_id: Optional[str] = None,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        if credentials_provider is not None:
            if access_token is not None:
                raise InterfaceError("sealane: give access_token or credentials_provider, not both")
            access_token = _token_from(credentials_provider)
        options: Dict[str, Any] = {}
        for name, value in kwargs.items():
            if name == "_port":
                options["port"] = value
            elif name in _IGNORED:
                logger.debug("sql.connect: %s has no effect with sealane", name)
            else:
                options[name] = value
        entry = user_agent_entry or _user_agent_entry
        if entry:
            options["user_agent_entry"] = entry
        driver_auth = None
        if auth_type is not None:
            driver_auth = _AUTH_TYPES.get(auth_type)
            if driver_auth is None:
                raise InterfaceError(f"sealane: auth_type={auth_type!r} is not supported")
        super().__init__(
            server_hostname,
            http_path,
            access_token,
            catalog=catalog,
            schema=schema,
            session_confs=dict(session_configuration or {}),
            auth_type=driver_auth,
            client_id=client_id or oauth_client_id,
            client_secret=client_secret,
            **options,
        )

    @property
    def open(self) -> bool:
        return not self.closed

    def _check(self) -> None:
        if self.closed:
            raise SessionAlreadyClosedError("sealane: the connection is closed")

    def cursor(
        self,
        arraysize: int = 10000,
        buffer_size_bytes: Optional[int] = None,
        row_limit: Optional[int] = None,
    ) -> "Cursor":
        self._check()
        cur = Cursor(self, arraysize=arraysize, row_limit=row_limit)
        self._track(cur)
        return cur


class Cursor(_cursor.Cursor):
    """A cursor with the connector's fetch methods: rows are :class:`Row`
    objects, ``description`` type codes are type names (``"bigint"``),
    ``query_id`` names every statement, ``get_query_state()`` returns a
    :class:`CommandState`."""

    def __init__(self, connection: Connection, arraysize: int = 10000, row_limit: Optional[int] = None) -> None:
        super().__init__(connection)
        self.arraysize = arraysize
        self.row_limit = row_limit
        self._row_type: Any = None
        self._query_id: Optional[str] = None
        self._modified = -1

    # --- state ----------------------------------------------------------------

    @property
    def open(self) -> bool:
        return not self.closed

    def _check(self) -> None:
        if self.closed:
            raise CursorAlreadyClosedError("sealane: the cursor is closed")
        self._conn._check()

    def _set_result(self, result: ResultSet) -> None:
        super()._set_result(result)
        self._description = description_of(result.arrow_schema())
        self._row_type = _row_type(result.column_names())
        # As the connector: -1 for queries; for DML the affected rows, which
        # Databricks returns as the result (num_affected_rows[,
        # num_inserted_rows]): read from the first batch, which stays
        # fetchable.
        self._modified = result.rows_affected if result.rows_affected >= 0 else -1
        names = result.column_names()
        if names in (["num_affected_rows"], ["num_affected_rows", "num_inserted_rows"]) and self._load():
            assert self._batch is not None
            value = self._batch.column(0)[0].as_py()
            if isinstance(value, int):
                self._modified = value

    @property
    def rowcount(self) -> int:
        """-1 after a query; the rows a DML statement modified (or the total
        of executemany) when the server reports it."""
        return self._modified

    @property
    def query_id(self) -> Optional[str]:
        """The statement id of the last execute() or execute_async()."""
        return self._query_id

    statement_id = query_id

    # --- executing --------------------------------------------------------------

    def execute(
        self,
        operation: str,
        parameters: Union[Sequence[Any], Mapping[str, Any], None] = None,
        enforce_embedded_schema_correctness: bool = False,
        input_stream: Any = None,
        query_tags: Optional[Mapping[str, Optional[str]]] = None,
    ) -> "Cursor":
        """Run a statement and wait for it. ``:name`` markers take a
        mapping, ``?`` markers a sequence."""
        self.execute_async(operation, parameters, query_tags=query_tags)
        try:
            self.get_async_execution_result()
        finally:
            if self._async is not None and self._result is None:
                self._async.close()
                self._async = None
        return self

    def execute_async(
        self,
        operation: str,
        parameters: Union[Sequence[Any], Mapping[str, Any], None] = None,
        enforce_embedded_schema_correctness: bool = False,
        query_tags: Optional[Mapping[str, Optional[str]]] = None,
    ) -> "Cursor":
        """Submit a statement; returns once the server has named it."""
        self._check()
        self._reset()
        self._query_id = None
        self._modified = -1
        self._async = self._conn.execute_async(
            operation, _connector_params(parameters), row_limit=self.row_limit, query_tags=query_tags
        )
        self._query_id = self._async.statement_id
        return self

    def get_query_state(self) -> CommandState:
        if self._result is not None and self._async is not None and self._async._taken:
            return CommandState.SUCCEEDED
        return CommandState.of(self._need_async().status())

    def is_query_pending(self) -> bool:
        return self.get_query_state() in (CommandState.PENDING, CommandState.RUNNING)

    def get_async_execution_result(self, timeout: Optional[float] = None) -> "Cursor":
        """Wait for the submitted statement; fetch* then read its result."""
        try:
            super().get_async_execution_result(timeout)
            return self
        except Error as exc:
            if exc.statement_id is None:
                exc.statement_id = self._query_id
            raise

    def executemany(self, operation: str, seq_of_parameters: Any) -> None:
        self._modified = -1
        super().executemany(operation, [_connector_params(p) for p in seq_of_parameters])
        self._modified = self._rowcount

    # --- fetching ---------------------------------------------------------------

    def _rows(self, tuples: List[Tuple[Any, ...]]) -> List[Row]:
        make = self._row_type
        return [make(t) for t in tuples]

    def fetchone(self) -> Optional[Row]:
        t = super().fetchone()
        return None if t is None else self._row_type(t)

    def fetchmany(self, size: Optional[int] = None) -> List[Row]:  # type: ignore[override]
        if size is not None and size < 0:
            raise ValueError(f"size argument can't be negative, got {size}")
        return self._rows(super().fetchmany(size))

    def fetchall(self) -> List[Row]:  # type: ignore[override]
        return self._rows(super().fetchall())

    def fetchall_arrow(self) -> pa.Table:
        """The rest of the result as a pyarrow.Table."""
        return self.fetch_arrow_table()

    def fetchmany_arrow(self, size: Optional[int] = None) -> pa.Table:
        """The next ``size`` rows (default arraysize) as a pyarrow.Table."""
        n = self.arraysize if size is None else size
        if n < 0:
            raise ValueError(f"size argument can't be negative, got {n}")
        result = self._need_result()
        batches: List[pa.RecordBatch] = []
        got = 0
        while got < n and self._load():
            assert self._batch is not None
            take = min(n - got, self._batch.num_rows - self._pos)
            batches.append(self._batch.slice(self._pos, take))
            self._pos += take
            got += take
        if self.rownumber is not None:
            self.rownumber += got
        return pa.Table.from_batches(batches, schema=result.arrow_schema())

    def __next__(self) -> Row:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    # --- metadata (JDBC column names, as the connector's default backend) -------

    def _renamed(self, table: pa.Table, names: Dict[str, str], extra: Sequence[str] = ()) -> "Cursor":
        cols = [table.column(src) for src in names]
        out = pa.table(dict(zip(names.values(), cols)))
        for name in extra:
            out = out.append_column(name, pa.nulls(out.num_rows, pa.string()))
        self._set_table(out)
        return self

    def catalogs(self) -> "Cursor":
        return self._renamed(self._conn.catalogs(), {"catalog_name": "TABLE_CAT"})

    def schemas(self, catalog_name: Optional[str] = None, schema_name: Optional[str] = None) -> "Cursor":
        t = self._conn.schemas(catalog_name, schema_name)
        return self._renamed(t, {"schema_name": "TABLE_SCHEM", "catalog_name": "TABLE_CATALOG"})

    def tables(
        self,
        catalog_name: Optional[str] = None,
        schema_name: Optional[str] = None,
        table_name: Optional[str] = None,
        table_types: Optional[List[str]] = None,
    ) -> "Cursor":
        t = self._conn.tables(catalog_name, schema_name, table_name, table_types)
        names = {
            "catalog_name": "TABLE_CAT",
            "schema_name": "TABLE_SCHEM",
            "table_name": "TABLE_NAME",
            "table_type": "TABLE_TYPE",
        }
        return self._renamed(t, names, extra=["REMARKS"])

    def columns(
        self,
        catalog_name: Optional[str] = None,
        schema_name: Optional[str] = None,
        table_name: Optional[str] = None,
        column_name: Optional[str] = None,
    ) -> "Cursor":
        t = self._conn.columns(catalog_name, schema_name, table_name, column_name)
        names = {
            "catalog_name": "TABLE_CAT",
            "schema_name": "TABLE_SCHEM",
            "table_name": "TABLE_NAME",
            "column_name": "COLUMN_NAME",
            "xdbc_data_type": "DATA_TYPE",
            "xdbc_type_name": "TYPE_NAME",
            "xdbc_column_size": "COLUMN_SIZE",
            "xdbc_decimal_digits": "DECIMAL_DIGITS",
            "xdbc_num_prec_radix": "NUM_PREC_RADIX",
            "xdbc_nullable": "NULLABLE",
            "remarks": "REMARKS",
            "xdbc_column_def": "COLUMN_DEF",
            "ordinal_position": "ORDINAL_POSITION",
            "xdbc_is_nullable": "IS_NULLABLE",
        }
        present = {k: v for k, v in names.items() if k in t.column_names}
        return self._renamed(t, present)


def _connector_params(params: Any) -> Any:
    """Parameters as the connector takes them: a mapping for ``:name``, a
    sequence for ``?``; the connector's ``DbsqlParameterBase`` objects
    (``IntegerParameter(value=…)``) by their ``value``."""
    if params is None:
        return None
    if isinstance(params, Mapping):
        return {k: getattr(v, "value", v) if _is_param_object(v) else v for k, v in params.items()}
    if isinstance(params, (list, tuple)):
        return [getattr(v, "value", v) if _is_param_object(v) else v for v in params]
    return params


def _is_param_object(v: Any) -> bool:
    return type(v).__name__.endswith("Parameter") and hasattr(v, "value")
