"""The ADBC objects of the driver library, called through ctypes.

Database, Connection and Statement wrap ``struct AdbcDatabase`` & co. and
the ADBC functions the library exports; every failure raises the sealane
error for the driver's AdbcError (SQLSTATE, statement id, details). Blocking
calls go through :func:`sealane._call.call` (GIL released, Ctrl-C cancels).
"""

from __future__ import annotations

import enum
import threading
from ctypes import POINTER, byref, c_char_p, c_int64, c_uint32
from typing import Any, List, Mapping, Optional, Tuple

import pyarrow as pa

from . import _capi, _capsule
from ._call import call
from ._stream import DriverStream
from .exceptions import InterfaceError


class GetObjectsDepth(enum.IntEnum):
    """ADBC GetObjects depth."""

    ALL = 0
    CATALOGS = 1
    DB_SCHEMAS = 2
    TABLES = 3
    COLUMNS = 4


#: ADBC GetInfo codes, by name.
INFO_CODES = {
    0: "vendor_name",
    1: "vendor_version",
    2: "vendor_arrow_version",
    3: "vendor_sql",
    4: "vendor_substrait",
    5: "vendor_substrait_min_version",
    6: "vendor_substrait_max_version",
    100: "driver_name",
    101: "driver_version",
    102: "driver_arrow_version",
    103: "driver_adbc_version",
}


def _enc(value: Optional[str]) -> Optional[bytes]:
    return None if value is None else value.encode("utf-8")


class _Object:
    """An ADBC object: its struct, released once."""

    _release_fn = ""

    def __init__(self) -> None:
        self.handle = _capi.AdbcHandle()
        self._released = False
        self._lock = threading.Lock()

    def _live(self) -> _capi.AdbcHandle:
        if self._released:
            raise InterfaceError(f"sealane: the {type(self).__name__.lower()} is closed")
        return self.handle

    @property
    def closed(self) -> bool:
        return self._released

    def close(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
        _capi.invoke(getattr(_capi.lib(), self._release_fn), byref(self.handle))


class Database(_Object):
    _release_fn = "AdbcDatabaseRelease"

    def __init__(self, options: Mapping[str, str]) -> None:
        super().__init__()
        so = _capi.lib()
        _capi.invoke(so.AdbcDatabaseNew, byref(self.handle))
        try:
            for key, value in options.items():
                _capi.invoke(so.AdbcDatabaseSetOption, byref(self.handle), _enc(key), _enc(value))
            _capi.invoke(so.AdbcDatabaseInit, byref(self.handle))
        except BaseException:
            self.close()
            raise


class Connection(_Object):
    _release_fn = "AdbcConnectionRelease"

    def __init__(self, db: Database) -> None:
        super().__init__()
        so = _capi.lib()
        _capi.invoke(so.AdbcConnectionNew, byref(self.handle))
        try:
            call(_capi.invoke, self.cancel, so.AdbcConnectionInit, byref(self.handle), byref(db.handle))
        except BaseException:
            try:
                self.close()
            except Exception:
                pass
            raise

    def cancel(self) -> None:
        if not self._released:
            _capi.invoke(_capi.lib().AdbcConnectionCancel, byref(self.handle))

    def _stream(self, fn: Any, *args: Any) -> DriverStream:
        stream = _capi.ArrowArrayStream()
        call(_capi.invoke, self.cancel, fn, byref(self._live()), *args, byref(stream))
        return DriverStream(stream)

    def get_objects(
        self,
        depth: GetObjectsDepth,
        catalog: Optional[str] = None,
        schema_pattern: Optional[str] = None,
        table_pattern: Optional[str] = None,
        table_types: Optional[List[str]] = None,
        column_pattern: Optional[str] = None,
    ) -> pa.Table:
        types: Any = None
        if table_types is not None:
            types = (c_char_p * (len(table_types) + 1))(*[_enc(t) for t in table_types], None)
        stream = self._stream(
            _capi.lib().AdbcConnectionGetObjects,
            int(depth),
            _enc(catalog),
            _enc(schema_pattern),
            _enc(table_pattern),
            types,
            _enc(column_pattern),
        )
        return self._read_all(stream)

    def _read_all(self, stream: DriverStream) -> pa.Table:
        try:
            return call(stream.read_all, self.cancel)
        finally:
            stream.close()

    def get_info(self) -> pa.Table:
        null = POINTER(c_uint32)()
        return self._read_all(self._stream(_capi.lib().AdbcConnectionGetInfo, null, 0))

    def get_table_types(self) -> pa.Table:
        return self._read_all(self._stream(_capi.lib().AdbcConnectionGetTableTypes))

    def get_table_schema(self, catalog: Optional[str], schema: Optional[str], table: str) -> pa.Schema:
        out = _capi.ArrowSchema()
        call(
            _capi.invoke,
            self.cancel,
            _capi.lib().AdbcConnectionGetTableSchema,
            byref(self._live()),
            _enc(catalog),
            _enc(schema),
            _enc(table),
            byref(out),
        )
        return pa.schema(_capsule.SchemaHolder(_capsule.schema_capsule(out)))


class Statement(_Object):
    _release_fn = "AdbcStatementRelease"

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        _capi.invoke(_capi.lib().AdbcStatementNew, byref(conn._live()), byref(self.handle))

    def set_options(self, options: Mapping[str, str]) -> None:
        for key, value in options.items():
            _capi.invoke(_capi.lib().AdbcStatementSetOption, byref(self._live()), _enc(key), _enc(value))

    def set_sql_query(self, sql: str) -> None:
        _capi.invoke(_capi.lib().AdbcStatementSetSqlQuery, byref(self._live()), _enc(sql))

    def get_option_int(self, key: str) -> int:
        value = c_int64(0)
        _capi.invoke(_capi.lib().AdbcStatementGetOptionInt, byref(self._live()), _enc(key), byref(value))
        return value.value

    def bind(self, data: Any) -> None:
        """Bind Arrow data: an object with ``__arrow_c_array__`` (one batch)
        or ``__arrow_c_stream__``. The driver takes ownership."""
        so = _capi.lib()
        if hasattr(data, "__arrow_c_array__"):
            schema, array = _capsule.move_out_array(*data.__arrow_c_array__())
            try:
                _capi.invoke(so.AdbcStatementBind, byref(self._live()), byref(array), byref(schema))
            finally:
                _capsule.release_array(array)
                _capsule.release_schema(schema)
            return
        stream = _capsule.move_out_stream(data.__arrow_c_stream__())
        try:
            _capi.invoke(so.AdbcStatementBindStream, byref(self._live()), byref(stream))
        finally:
            _capsule.release_stream(stream)

    def cancel(self) -> None:
        if not self._released:
            _capi.invoke(_capi.lib().AdbcStatementCancel, byref(self.handle))

    def execute_query(self) -> Tuple[DriverStream, int]:
        """Run the statement; (its result stream, rows affected or -1)."""
        stream = _capi.ArrowArrayStream()
        rows = c_int64(-1)
        so = _capi.lib()
        call(_capi.invoke, self.cancel, so.AdbcStatementExecuteQuery, byref(self._live()), byref(stream), byref(rows))
        return DriverStream(stream), rows.value

    def execute_update(self) -> int:
        """Run the statement for its effect; the rows affected (or -1)."""
        rows = c_int64(-1)
        so = _capi.lib()
        null = POINTER(_capi.ArrowArrayStream)()
        call(_capi.invoke, self.cancel, so.AdbcStatementExecuteQuery, byref(self._live()), null, byref(rows))
        return rows.value
