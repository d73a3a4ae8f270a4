package main

// #include "sealane_adbc.h"
import "C"

import (
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
)

// database wraps an adbc.Database: options are collected from New to Init,
// which opens the Go database with them.
type database struct{ base }

// db returns the initialized database, or nil.
func (d *database) db() adbc.Database {
	d.mu.Lock()
	defer d.mu.Unlock()
	db, _ := d.live.(adbc.Database)
	return db
}

//export sealaneDatabaseNew
func sealaneDatabaseNew(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcDatabaseNew", &code)
	if priv == nil || *priv != nil {
		return failf(e, adbc.StatusInvalidState, "AdbcDatabaseNew: the database is NULL or already allocated")
	}
	*priv = newHandle(&database{base{pending: map[string]string{}}})
	return C.ADBC_STATUS_OK
}

//export sealaneDatabaseInit
func sealaneDatabaseInit(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcDatabaseInit", &code)
	d, code := as[*database](priv, e, "AdbcDatabaseInit")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pending == nil {
		return failf(e, adbc.StatusInvalidState, "AdbcDatabaseInit: the database is already initialized")
	}
	db, err := drv.NewDatabase(d.pending)
	if err != nil {
		return fail(e, err)
	}
	if l, ok := db.(adbc.DatabaseLogging); ok {
		l.SetLogger(bridgeLogger)
	}
	d.live, d.pending = db, nil
	return C.ADBC_STATUS_OK
}

//export sealaneDatabaseRelease
func sealaneDatabaseRelease(priv *unsafe.Pointer, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "AdbcDatabaseRelease", &code)
	d, code := as[*database](priv, e, "AdbcDatabaseRelease")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	dropHandle(priv)
	if db := d.db(); db != nil {
		return fail(e, db.Close())
	}
	return C.ADBC_STATUS_OK
}
