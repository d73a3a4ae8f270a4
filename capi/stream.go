package main

// #include <stdlib.h>
// #include "sealane_adbc.h"
import "C"

import (
	"runtime/cgo"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// Result streams leave through cdata.ExportRecordReader, wrapped in a
// struct SealaneStream of shim.c: the wrapper forwards every call to the
// exported stream and, when one fails, asks sealaneStreamError for the
// reader's adbc.Error and keeps it (SQLSTATE, details with the statement
// id) for AdbcErrorFromArrayStream, which recognises the wrapper by its
// release function. A cgo.Handle to the reader (retained) lives in the
// wrapper until the stream is released.

// exportStream hands rdr to C through the Arrow C Stream interface (the
// stream holds its own references), or writes err.
func exportStream(rdr array.RecordReader, err error, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) C.AdbcStatusCode {
	if err != nil {
		return fail(e, err)
	}
	defer rdr.Release()
	if out == nil {
		return failf(e, adbc.StatusInvalidArgument, "the output stream is NULL")
	}
	w := C.sealaneStreamNew()
	if w == nil {
		return failf(e, adbc.StatusInternal, "out of memory")
	}
	cdata.ExportRecordReader(rdr, (*cdata.CArrowArrayStream)(unsafe.Pointer(&w.inner)))
	rdr.Retain()
	w.handle = C.uintptr_t(cgo.NewHandle(rdr))
	C.sealaneStreamWrap(out, w)
	return C.ADBC_STATUS_OK
}

// sealaneStreamError writes the error of the stream's reader into e (the
// wrapper's own AdbcError, a 1.1.0 error) and returns its status.
//
//export sealaneStreamError
func sealaneStreamError(h C.uintptr_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "ArrowArrayStream", &code)
	rdr, _ := cgo.Handle(h).Value().(array.RecordReader)
	var err error
	if rdr != nil {
		err = rdr.Err()
	}
	if err == nil {
		err = adbc.Error{Code: adbc.StatusIO, Msg: "sealane adbc: the result stream failed"}
	}
	return fail(e, err)
}

// sealaneStreamDrop releases the wrapper's reference to the reader.
//
//export sealaneStreamDrop
func sealaneStreamDrop(h C.uintptr_t) {
	handle := cgo.Handle(h)
	if rdr, ok := handle.Value().(array.RecordReader); ok {
		rdr.Release()
	}
	handle.Delete()
}
