package main

// #include "sealane_adbc.h"
import "C"

import (
	"context"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// statement wraps an adbc.Statement. Each execution runs under a fresh
// context from run, derived from the connection's root: AdbcStatementCancel
// (or AdbcConnectionCancel) cancels it, and a new execution or the release
// cancels the previous one.
type statement struct {
	base
	cn  *connection
	run scope
}

// stmtOf resolves priv to a statement.
func stmtOf(priv *unsafe.Pointer, e *C.struct_AdbcError, fn string) (*statement, adbc.Statement, C.AdbcStatusCode) {
	s, code := as[*statement](priv, e, fn)
	if code != C.ADBC_STATUS_OK {
		return nil, nil, code
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, s.live.(adbc.Statement), C.ADBC_STATUS_OK
}

// next returns the context of a new execution.
func (s *statement) next() context.Context {
	return s.run.fresh(s.cn.root.shared())
}

//export sealaneStatementNew
func sealaneStatementNew(connPriv, priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementNew", &code)
	c, cn, code := connOf(connPriv, e, "AdbcStatementNew")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if priv == nil || *priv != nil {
		return failf(e, adbc.StatusInvalidState, "AdbcStatementNew: the statement is NULL or already allocated")
	}
	st, err := cn.NewStatement()
	if err != nil {
		return fail(e, err)
	}
	*priv = newHandle(&statement{base: base{live: st}, cn: c})
	return C.ADBC_STATUS_OK
}

//export sealaneStatementRelease
func sealaneStatementRelease(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementRelease", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementRelease")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	dropHandle(priv)
	s.run.stop()
	return fail(e, st.Close())
}

//export sealaneStatementCancel
func sealaneStatementCancel(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementCancel", &code)
	s, code := as[*statement](priv, e, "AdbcStatementCancel")
	if code == C.ADBC_STATUS_OK {
		s.run.stop()
	}
	return code
}

//export sealaneStatementSetSqlQuery
func sealaneStatementSetSqlQuery(priv *unsafe.Pointer, query *C.cchar_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementSetSqlQuery", &code)
	_, st, code := stmtOf(priv, e, "AdbcStatementSetSqlQuery")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return fail(e, st.SetSqlQuery(str(query)))
}

//export sealaneStatementSetSubstraitPlan
func sealaneStatementSetSubstraitPlan(priv *unsafe.Pointer, plan *C.cuint8_t, n C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementSetSubstraitPlan", &code)
	_, st, code := stmtOf(priv, e, "AdbcStatementSetSubstraitPlan")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return fail(e, st.SetSubstraitPlan(C.GoBytes(unsafe.Pointer(plan), C.int(n))))
}

//export sealaneStatementPrepare
func sealaneStatementPrepare(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementPrepare", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementPrepare")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return fail(e, st.Prepare(s.cn.root.shared()))
}

// ExecuteQuery with a NULL stream runs the statement for its effect
// (ExecuteUpdate); rows, when not NULL, receives the affected rows or -1.
//
//export sealaneStatementExecuteQuery
func sealaneStatementExecuteQuery(priv *unsafe.Pointer, out *C.struct_ArrowArrayStream, rows *C.int64_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementExecuteQuery", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementExecuteQuery")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	ctx := s.next()
	if out == nil {
		n, err := st.ExecuteUpdate(ctx)
		if err == nil && rows != nil {
			*rows = C.int64_t(n)
		}
		return fail(e, err)
	}
	rdr, n, err := st.ExecuteQuery(ctx)
	if err == nil && rows != nil {
		*rows = C.int64_t(n)
	}
	return exportStream(rdr, err, out, e)
}

//export sealaneStatementExecuteSchema
func sealaneStatementExecuteSchema(priv *unsafe.Pointer, out *C.struct_ArrowSchema, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementExecuteSchema", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementExecuteSchema")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	es, ok := st.(adbc.StatementExecuteSchema)
	if !ok {
		return failf(e, adbc.StatusNotImplemented, "AdbcStatementExecuteSchema is not implemented")
	}
	sc, err := es.ExecuteSchema(s.next())
	if err != nil {
		return fail(e, err)
	}
	cdata.ExportArrowSchema(sc, (*cdata.CArrowSchema)(unsafe.Pointer(out)))
	return C.ADBC_STATUS_OK
}

// ExecutePartitions forwards to the driver, which streams rather than
// partitions results: it reports NotImplemented.
//
//export sealaneStatementExecutePartitions
func sealaneStatementExecutePartitions(priv *unsafe.Pointer, schema *C.struct_ArrowSchema, parts *C.struct_AdbcPartitions, rows *C.int64_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementExecutePartitions", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementExecutePartitions")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	_, got, _, err := st.ExecutePartitions(s.next())
	if err != nil {
		return fail(e, err)
	}
	_, _, _ = schema, parts, rows
	return failf(e, adbc.StatusNotImplemented, "AdbcStatementExecutePartitions: %d partitions cannot cross the C ABI yet", got.NumPartitions)
}

//export sealaneStatementGetParameterSchema
func sealaneStatementGetParameterSchema(priv *unsafe.Pointer, out *C.struct_ArrowSchema, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementGetParameterSchema", &code)
	_, st, code := stmtOf(priv, e, "AdbcStatementGetParameterSchema")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	sc, err := st.GetParameterSchema()
	if err != nil {
		return fail(e, err)
	}
	cdata.ExportArrowSchema(sc, (*cdata.CArrowSchema)(unsafe.Pointer(out)))
	return C.ADBC_STATUS_OK
}

// Bind imports the batch (taking ownership of values and schema) and binds
// it; the driver keeps its own reference.
//
//export sealaneStatementBind
func sealaneStatementBind(priv *unsafe.Pointer, values *C.struct_ArrowArray, schema *C.struct_ArrowSchema, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementBind", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementBind")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if values == nil || schema == nil {
		return failf(e, adbc.StatusInvalidArgument, "AdbcStatementBind: values and schema are required")
	}
	rec, err := cdata.ImportCRecordBatch((*cdata.CArrowArray)(unsafe.Pointer(values)), (*cdata.CArrowSchema)(unsafe.Pointer(schema)))
	if err != nil {
		return failf(e, adbc.StatusInvalidArgument, "AdbcStatementBind: %v", err)
	}
	defer rec.Release()
	return fail(e, st.Bind(s.cn.root.shared(), rec))
}

// BindStream imports the stream (taking ownership) and binds it for the
// next execution.
//
//export sealaneStatementBindStream
func sealaneStatementBindStream(priv *unsafe.Pointer, stream *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcStatementBindStream", &code)
	s, st, code := stmtOf(priv, e, "AdbcStatementBindStream")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if stream == nil {
		return failf(e, adbc.StatusInvalidArgument, "AdbcStatementBindStream: the stream is NULL")
	}
	rdr, err := cdata.ImportCRecordReader((*cdata.CArrowArrayStream)(unsafe.Pointer(stream)), nil)
	if err != nil {
		return failf(e, adbc.StatusInvalidArgument, "AdbcStatementBindStream: %v", err)
	}
	rr, ok := rdr.(array.RecordReader)
	if !ok {
		return failf(e, adbc.StatusInternal, "AdbcStatementBindStream: imported stream is not a RecordReader")
	}
	defer rr.Release()
	return fail(e, st.BindStream(s.cn.root.shared(), rr))
}
