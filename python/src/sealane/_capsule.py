"""Arrow PyCapsules (the Arrow PyCapsule Interface) over the driver's C
structures, through ctypes and Python's stable C API (``PyCapsule_*``).

A stream capsule holds an ``ArrowArrayStream`` that sealane allocated; the
consumer (pyarrow, polars, DuckDB, …) moves the stream out of it, and the
capsule's destructor releases the stream if nobody did, then frees the
structure. Capsules handed to the driver (parameters) are moved out here the
same way before the driver takes ownership.
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import c_char_p, c_void_p, cast
from typing import Any, Dict, Tuple, Union

from ._capi import (
    ARRAY_RELEASE,
    SCHEMA_RELEASE,
    STREAM_RELEASE,
    ArrowArray,
    ArrowArrayStream,
    ArrowSchema,
)

STREAM_NAME = b"arrow_array_stream"
SCHEMA_NAME = b"arrow_schema"
ARRAY_NAME = b"arrow_array"

_Struct = Union[ArrowArrayStream, ArrowSchema]

# Structures owned by live capsules, by address (freed by the destructor).
_owned: Dict[int, _Struct] = {}
_owned_lock = threading.Lock()

_DESTRUCTOR = ctypes.CFUNCTYPE(None, c_void_p)

_api = ctypes.pythonapi
_new = _api.PyCapsule_New
_new.restype = ctypes.py_object
_new.argtypes = [c_void_p, c_char_p, _DESTRUCTOR]
_get_pointer = _api.PyCapsule_GetPointer
_get_pointer.restype = c_void_p
_get_pointer.argtypes = [ctypes.py_object, c_char_p]
_is_valid = _api.PyCapsule_IsValid
_is_valid.restype = ctypes.c_int
_is_valid.argtypes = [ctypes.py_object, c_char_p]
# The same function, for the destructor (which receives a PyObject*).
_get_pointer_raw = ctypes.PYFUNCTYPE(c_void_p, c_void_p, c_char_p)(("PyCapsule_GetPointer", _api))
_get_name_raw = ctypes.PYFUNCTYPE(c_char_p, c_void_p)(("PyCapsule_GetName", _api))


def _release_struct(address: int, name: bytes) -> None:
    if name == STREAM_NAME:
        stream = ArrowArrayStream.from_address(address)
        if stream.release:
            cast(stream.release, STREAM_RELEASE)(ctypes.byref(stream))
    elif name == SCHEMA_NAME:
        schema = ArrowSchema.from_address(address)
        if schema.release:
            cast(schema.release, SCHEMA_RELEASE)(ctypes.byref(schema))


def _destroy(capsule: int) -> None:
    try:
        name = _get_name_raw(capsule)
        if name is None:
            return
        address = _get_pointer_raw(capsule, name)
        if not address:
            return
        _release_struct(address, name)
        with _owned_lock:
            _owned.pop(address, None)
    except Exception:
        pass


_destructor = _DESTRUCTOR(_destroy)
# Capsules may outlive this module at interpreter shutdown: the callback is
# never freed.
_api.Py_IncRef.argtypes = [ctypes.py_object]
_api.Py_IncRef.restype = None
_api.Py_IncRef(_destructor)


def _capsule(struct: _Struct, name: bytes) -> Any:
    address = ctypes.addressof(struct)
    with _owned_lock:
        _owned[address] = struct
    try:
        return _new(address, name, _destructor)
    except BaseException:
        with _owned_lock:
            _owned.pop(address, None)
        raise


def stream_capsule(stream: ArrowArrayStream) -> Any:
    """A capsule owning stream (a structure no one else references)."""
    return _capsule(stream, STREAM_NAME)


def schema_capsule(schema: ArrowSchema) -> Any:
    """A capsule owning schema."""
    return _capsule(schema, SCHEMA_NAME)


class StreamHolder:
    """An object with ``__arrow_c_stream__`` that hands out one capsule
    (for pyarrow's ``RecordBatchReader.from_stream``)."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise ValueError("sealane: the stream was consumed already")
        return capsule


class SchemaHolder:
    """An object with ``__arrow_c_schema__`` (for ``pyarrow.schema``)."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_schema__(self) -> Any:
        return self._capsule


def move_out_stream(capsule: Any) -> ArrowArrayStream:
    """Move the ArrowArrayStream out of a consumer-side capsule into a new
    structure (the capsule's is marked released)."""
    address = _get_pointer(capsule, STREAM_NAME)
    src = ArrowArrayStream.from_address(address)
    out = ArrowArrayStream.from_buffer_copy(src)
    src.release = None
    return out


def move_out_array(schema_capsule: Any, array_capsule: Any) -> Tuple[ArrowSchema, ArrowArray]:
    """Move the (schema, array) pair out of ``__arrow_c_array__`` capsules."""
    s_src = ArrowSchema.from_address(_get_pointer(schema_capsule, SCHEMA_NAME))
    a_src = ArrowArray.from_address(_get_pointer(array_capsule, ARRAY_NAME))
    schema = ArrowSchema.from_buffer_copy(s_src)
    array = ArrowArray.from_buffer_copy(a_src)
    s_src.release = None
    a_src.release = None
    return schema, array


def release_schema(schema: ArrowSchema) -> None:
    if schema.release:
        cast(schema.release, SCHEMA_RELEASE)(ctypes.byref(schema))


def release_array(array: ArrowArray) -> None:
    if array.release:
        cast(array.release, ARRAY_RELEASE)(ctypes.byref(array))


def release_stream(stream: ArrowArrayStream) -> None:
    if stream.release:
        cast(stream.release, STREAM_RELEASE)(ctypes.byref(stream))


__all__ = [
    "stream_capsule",
    "schema_capsule",
    "StreamHolder",
    "SchemaHolder",
    "move_out_stream",
    "move_out_array",
    "release_schema",
    "release_array",
    "release_stream",
]
