package main

// #include "sealane_adbc.h"
import "C"

import (
	"errors"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// connection wraps an adbc.Connection. Options set before Init are applied
// right after the Go connection opens. root is the parent context of every
// call on the connection and its statements: AdbcConnectionCancel cancels it.
type connection struct {
	base
	root scope
}

// conn returns the open connection, or an InvalidState error.
func (c *connection) conn(fn string) (adbc.Connection, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cn, ok := c.live.(adbc.Connection)
	if !ok {
		return nil, errNotInit(fn)
	}
	return cn, nil
}

// connOf resolves priv to an open connection.
func connOf(priv *unsafe.Pointer, e *C.struct_AdbcError, fn string) (*connection, adbc.Connection, C.AdbcStatusCode) {
	c, code := as[*connection](priv, e, fn)
	if code != C.ADBC_STATUS_OK {
		return nil, nil, code
	}
	cn, err := c.conn(fn)
	if err != nil {
		return nil, nil, fail(e, err)
	}
	return c, cn, C.ADBC_STATUS_OK
}

//export sealaneConnectionNew
func sealaneConnectionNew(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionNew", &code)
	if priv == nil || *priv != nil {
		return failf(e, adbc.StatusInvalidState, "AdbcConnectionNew: the connection is NULL or already allocated")
	}
	*priv = newHandle(&connection{base: base{pending: map[string]string{}}})
	return C.ADBC_STATUS_OK
}

//export sealaneConnectionInit
func sealaneConnectionInit(priv, dbPriv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionInit", &code)
	c, code := as[*connection](priv, e, "AdbcConnectionInit")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	d, code := as[*database](dbPriv, e, "AdbcConnectionInit")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	db := d.db()
	if db == nil {
		return fail(e, errNotInit("AdbcConnectionInit (database)"))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		return failf(e, adbc.StatusInvalidState, "AdbcConnectionInit: the connection is already initialized")
	}
	cn, err := db.Open(c.root.shared())
	if err != nil {
		return fail(e, err)
	}
	if opts, ok := cn.(adbc.PostInitOptions); ok {
		for k, v := range c.pending {
			if err := opts.SetOption(k, v); err != nil {
				return fail(e, errors.Join(err, cn.Close()))
			}
		}
	}
	c.live, c.pending = cn, nil
	return C.ADBC_STATUS_OK
}

//export sealaneConnectionRelease
func sealaneConnectionRelease(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionRelease", &code)
	c, code := as[*connection](priv, e, "AdbcConnectionRelease")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	dropHandle(priv)
	c.root.stop()
	if cn, err := c.conn(""); err == nil {
		return fail(e, cn.Close())
	}
	return C.ADBC_STATUS_OK
}

//export sealaneConnectionCancel
func sealaneConnectionCancel(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionCancel", &code)
	c, code := as[*connection](priv, e, "AdbcConnectionCancel")
	if code == C.ADBC_STATUS_OK {
		c.root.stop()
	}
	return code
}

//export sealaneConnectionGetInfo
func sealaneConnectionGetInfo(priv *unsafe.Pointer, codes *C.cuint32_t, n C.size_t, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetInfo", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetInfo")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	var infos []adbc.InfoCode
	if codes != nil {
		for _, v := range unsafe.Slice((*uint32)(unsafe.Pointer(codes)), int(n)) {
			infos = append(infos, adbc.InfoCode(v))
		}
	}
	rdr, err := cn.GetInfo(c.root.shared(), infos)
	return exportStream(rdr, err, out, e)
}

//export sealaneConnectionGetObjects
func sealaneConnectionGetObjects(priv *unsafe.Pointer, depth C.int, catalog, schema, table *C.cchar_t, tableTypes **C.cchar_t, column *C.cchar_t, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetObjects", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetObjects")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	var types []string
	for p := tableTypes; p != nil && *p != nil; p = (**C.cchar_t)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(p))) {
		types = append(types, str(*p))
	}
	rdr, err := cn.GetObjects(c.root.shared(), adbc.ObjectDepth(depth), goString(catalog), goString(schema), goString(table), goString(column), types)
	return exportStream(rdr, err, out, e)
}

//export sealaneConnectionGetTableSchema
func sealaneConnectionGetTableSchema(priv *unsafe.Pointer, catalog, schema, table *C.cchar_t, out *C.struct_ArrowSchema, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetTableSchema", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetTableSchema")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	sc, err := cn.GetTableSchema(c.root.shared(), goString(catalog), goString(schema), str(table))
	if err != nil {
		return fail(e, err)
	}
	cdata.ExportArrowSchema(sc, (*cdata.CArrowSchema)(unsafe.Pointer(out)))
	return C.ADBC_STATUS_OK
}

//export sealaneConnectionGetTableTypes
func sealaneConnectionGetTableTypes(priv *unsafe.Pointer, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetTableTypes", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetTableTypes")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	rdr, err := cn.GetTableTypes(c.root.shared())
	return exportStream(rdr, err, out, e)
}

//export sealaneConnectionCommit
func sealaneConnectionCommit(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionCommit", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionCommit")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return fail(e, cn.Commit(c.root.shared()))
}

//export sealaneConnectionRollback
func sealaneConnectionRollback(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionRollback", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionRollback")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return fail(e, cn.Rollback(c.root.shared()))
}

//export sealaneConnectionReadPartition
func sealaneConnectionReadPartition(priv *unsafe.Pointer, data *C.cuint8_t, n C.size_t, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionReadPartition", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionReadPartition")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	rdr, err := cn.ReadPartition(c.root.shared(), C.GoBytes(unsafe.Pointer(data), C.int(n)))
	return exportStream(rdr, err, out, e)
}

//export sealaneConnectionGetStatistics
func sealaneConnectionGetStatistics(priv *unsafe.Pointer, catalog, schema, table *C.cchar_t, approximate C.char, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetStatistics", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetStatistics")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	gs, ok := cn.(adbc.ConnectionGetStatistics)
	if !ok {
		return failf(e, adbc.StatusNotImplemented, "AdbcConnectionGetStatistics is not implemented")
	}
	rdr, err := gs.GetStatistics(c.root.shared(), goString(catalog), goString(schema), goString(table), approximate != 0)
	return exportStream(rdr, err, out, e)
}

//export sealaneConnectionGetStatisticNames
func sealaneConnectionGetStatisticNames(priv *unsafe.Pointer, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcConnectionGetStatisticNames", &code)
	c, cn, code := connOf(priv, e, "AdbcConnectionGetStatisticNames")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	gs, ok := cn.(adbc.ConnectionGetStatistics)
	if !ok {
		return failf(e, adbc.StatusNotImplemented, "AdbcConnectionGetStatisticNames is not implemented")
	}
	rdr, err := gs.GetStatisticNames(c.root.shared())
	return exportStream(rdr, err, out, e)
}
