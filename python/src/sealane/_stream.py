"""DriverStream: one of the driver's result streams (an ArrowArrayStream).

It is either read here, through a pyarrow reader (whose failures are raised
as sealane errors with the SQLSTATE and details the driver kept for the
stream, AdbcErrorFromArrayStream), or handed whole to another Arrow library
as a PyCapsule: the consumer then reads the driver's stream itself.
"""

from __future__ import annotations

import ctypes
from ctypes import byref, cast
from typing import Any, NoReturn, Optional

import pyarrow as pa

from . import _capi, _capsule
from .exceptions import InterfaceError, OperationalError, from_message


class DriverStream:
    """An ArrowArrayStream the driver filled; this object owns it."""

    def __init__(self, stream: _capi.ArrowArrayStream) -> None:
        self._raw: Optional[_capi.ArrowArrayStream] = stream
        # The stream's private data identify it to AdbcErrorFromArrayStream
        # after pyarrow has moved the structure.
        self._copy = _capi.ArrowArrayStream.from_buffer_copy(stream)
        self._reader: Optional[pa.RecordBatchReader] = None
        self.schema: pa.Schema = self._get_schema(stream)

    # --- errors -------------------------------------------------------------

    def _raise(self, exc: Optional[BaseException], fallback: str) -> NoReturn:
        status = ctypes.c_uint8(0)
        err = _capi.lib().AdbcErrorFromArrayStream(byref(self._copy), byref(status))
        if err and status.value != _capi.STATUS_OK:
            # The stream owns the error: read it, do not release it.
            raise _capi.to_exception(status.value, err.contents, release=False) from exc
        raise from_message(OperationalError, str(exc) if exc is not None else fallback) from exc

    def _get_schema(self, stream: _capi.ArrowArrayStream) -> pa.Schema:
        out = _capi.ArrowSchema()
        rc = cast(stream.get_schema, _capi.STREAM_GET_SCHEMA)(byref(stream), byref(out))
        if rc != 0:
            last = cast(stream.get_last_error, _capi.STREAM_GET_LAST_ERROR)(byref(stream))
            self._raise(None, (last or b"get_schema failed").decode("utf-8", "replace"))
        return pa.schema(_capsule.SchemaHolder(_capsule.schema_capsule(out)))

    # --- handing out --------------------------------------------------------

    def _take(self) -> _capi.ArrowArrayStream:
        raw, self._raw = self._raw, None
        if raw is None:
            raise InterfaceError("sealane: the result stream was handed out already")
        return raw

    @property
    def untouched(self) -> bool:
        """Nothing was read from the stream nor handed out."""
        return self._raw is not None

    def reader(self) -> pa.RecordBatchReader:
        """The pyarrow reader over the stream (created on first use)."""
        if self._reader is None:
            holder = _capsule.StreamHolder(_capsule.stream_capsule(self._take()))
            self._reader = pa.RecordBatchReader.from_stream(holder)
        return self._reader

    def capsule(self, requested_schema: Any = None) -> Any:
        """The rest of the stream as an ``arrow_array_stream`` PyCapsule: the
        driver's own stream if nothing was read yet, else pyarrow's export of
        the reader (still without copies)."""
        if self._reader is not None:
            return self._reader.__arrow_c_stream__(requested_schema)
        return _capsule.stream_capsule(self._take())

    # --- reading ------------------------------------------------------------

    def read_next_batch(self) -> pa.RecordBatch:
        """The next batch; StopIteration at the end."""
        reader = self.reader()
        try:
            return reader.read_next_batch()
        except StopIteration:
            raise
        except (pa.ArrowException, OSError) as exc:
            self._raise(exc, "")

    def read_all(self) -> pa.Table:
        reader = self.reader()
        try:
            return reader.read_all()
        except (pa.ArrowException, OSError) as exc:
            self._raise(exc, "")

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            _capsule.release_stream(raw)
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()
