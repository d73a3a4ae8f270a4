"""sealane's Python API: Connection (with its options) and connect()."""

from __future__ import annotations

import ctypes
import threading
import time
import weakref
from collections.abc import Mapping
from typing import (
    Any,
    Dict,
    List,
    Optional,
    Sequence,
    Union,
)

import pyarrow as pa

from . import _adbc, _capi, _logbridge, _params
from ._adbc import INFO_CODES, GetObjectsDepth
from ._closing import Closing
from ._driver import driver_path
from ._log import logger, redact, short_sql
from ._options import (
    OPT_QUERY_TAGS,
    OPT_ROW_LIMIT,
    OptionValue,
    _option_key,
    _statement_options,
    _text,
    query_tags_text,
)
from .asyncstatement import AsyncStatement, submit
from .cursor import Cursor
from .exceptions import InterfaceError, NotSupportedError, ProgrammingError
from .resultset import ResultSet

__all__ = ["Connection", "ResultSet", "Cursor", "connect"]


class Connection(Closing):
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

        _logbridge.install()
        logger.debug("connect %s", redact(db))
        path = driver_path()
        t0 = time.monotonic()
        self._db = _adbc.Database(db)
        try:
            self._conn = _adbc.Connection(self._db)
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

    def _new_statement(self, row_limit: Optional[int] = None, query_tags: Any = None) -> _adbc.Statement:
        self._check()
        stmt = _adbc.Statement(self._conn)
        opts = dict(self._stmt_opts)
        opts.update(_statement_options(row_limit, query_tags))
        if opts:
            try:
                stmt.set_options(opts)
            except BaseException:
                stmt.close()
                raise
        return stmt

    def _prepare(self, stmt: _adbc.Statement, sql: str, params: Any) -> int:
        """Set sql and bind params on stmt; returns the number of parameters."""
        if not isinstance(sql, str):
            raise ProgrammingError(f"sealane: the query must be a str, not {type(sql).__name__}")
        data = _params.one_row(params)
        stmt.set_sql_query(sql)
        if data is not None:
            stmt.bind(data)
        _logbridge.sync_level()
        return 0 if data is None else len(getattr(data, "schema", []))

    def _run(self, stmt: _adbc.Statement, sql: str, params: Any) -> ResultSet:
        """Execute sql on stmt (which the returned ResultSet then owns)."""
        try:
            n = self._prepare(stmt, sql, params)
            logger.debug("execute %r (%d parameters)", short_sql(sql), n)
            t0 = time.monotonic()
            stream, rows_affected = stmt.execute_query()
        except BaseException:
            try:
                stmt.close()
            except Exception:
                pass
            raise
        logger.debug("executed in %.3fs", time.monotonic() - t0)
        rs = ResultSet(stream, statement=stmt, rows_affected=rows_affected, owner=self)
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

    def execute_async(
        self,
        sql: str,
        params: Union[Sequence[Any], Mapping[str, Any], None] = None,
        *,
        row_limit: Optional[int] = None,
        query_tags: Union[str, Mapping[str, Optional[str]], None] = None,
    ) -> AsyncStatement:
        """Submit one statement without waiting for it: returns as soon as
        the service has named it, with an :class:`AsyncStatement`
        (``statement_id``, ``status()``, ``wait()``, ``cancel()``, ``close()``).
        Parameters and options as for :meth:`execute`."""
        stmt = self._new_statement(row_limit, query_tags)
        try:
            n = self._prepare(stmt, sql, params)
            handle = submit(stmt)
        finally:
            try:
                stmt.close()  # the submitted statement is independent of it
            except Exception as exc:
                logger.debug("closing a statement: %s", exc)
        try:
            a = AsyncStatement(self, handle, sql)
        except BaseException:
            err = _capi.new_error()
            _capi.lib().SealaneHandleRelease(handle, ctypes.byref(err))
            raise
        self._track(a)
        logger.debug("submitted %r (%d parameters) as %s", short_sql(sql), n, a.statement_id)
        return a

    def cancel(self) -> None:
        """Cancel everything running on this connection (from any thread)."""
        self._check()
        logger.debug("cancel connection")
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
            except Exception as exc:
                logger.debug("closing %r: %s", child, exc)
        logger.debug("close connection")
        try:
            self._conn.close()
        finally:
            self._db.close()

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
        return self._conn.get_objects(depth, catalog, schema_pattern, table_pattern, table_types, column_pattern)

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
        return self._conn.get_table_schema(catalog, schema, table)

    def table_types(self) -> List[str]:
        self._check()
        return [str(r["table_type"]) for r in self._conn.get_table_types().to_pylist()]

    def get_info(self) -> Dict[str, Any]:
        """ADBC GetInfo: driver and vendor names and versions."""
        self._check()
        out: Dict[str, Any] = {}
        for row in self._conn.get_info().to_pylist():
            code = row["info_name"]
            name = INFO_CODES.get(code, str(code))
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
