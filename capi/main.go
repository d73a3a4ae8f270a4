// Command capi is sealane's ADBC driver exported through the ADBC C ABI:
// built with
//
//	go build -buildmode=c-shared -ldflags "-s -w -extldflags=-Wl,--version-script=capi/exports.map" \
//	    -o bin/libadbc_driver_sealane.so ./capi
//
// (make lib) it is a shared library any ADBC driver manager loads — Go's
// drivermgr, Python's adbc_driver_manager, the C/C++ one — or that C code
// links directly. It exports AdbcDriverInit (ADBC 1.0.0 and 1.1.0), its
// aliases SealaneDriverInit and AdbcDriverSealaneInit, and the Adbc*
// functions of the API; every other symbol is local.
//
// Each C object holds a cgo.Handle (in C-allocated memory) to a Go wrapper
// around the pure-Go driver of package adbcdriver. Arrow data crosses the
// boundary through the Arrow C Data and C Stream interfaces (package
// cdata), without copies: exported batches keep pointing at the driver's
// buffers until the consumer releases them.
//
// Cancellation: every ExecuteQuery, ExecuteSchema and metadata call runs
// under a fresh Go context. AdbcStatementCancel cancels the statement's
// context and AdbcConnectionCancel the contexts of everything running on the
// connection; the kernel then aborts the HTTP call in flight, cancels the
// statement on the server (POST …/cancel), and the call or the open result
// stream fails with ADBC_STATUS_CANCELLED.
//
// Errors carry the SQLSTATE, the message and, for callers that opt into
// ADBC 1.1.0 errors (vendor_code ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA), the
// adbc.Error details (statement id, HTTP status, error code).
package main

// #include <stdlib.h>
// #include "sealane_adbc.h"
import "C"

import (
	"context"
	"fmt"
	"runtime/cgo"
	"sync"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/memory/mallocator"

	"github.com/sealane/sealane/adbcdriver"
)

// drv serves every database of the process. Its allocator is malloc, so the
// buffers exported to C live outside the Go heap (cgo pointer rules).
var drv = adbcdriver.NewDriver(mallocator.NewMallocator())

func main() {}

// base is what the three object wrappers share: the options set before
// Init and the initialized Go object.
type base struct {
	mu      sync.Mutex
	pending map[string]string // options set before Init; nil once initialized
	live    any               // adbc.Database, adbc.Connection or adbc.Statement
}

func (b *base) core() *base { return b }

// object is implemented by *database, *connection and *statement.
type object interface{ core() *base }

// newHandle stores a handle to v in C memory, for a private_data field.
func newHandle(v object) unsafe.Pointer {
	p := C.malloc(C.size_t(unsafe.Sizeof(C.uintptr_t(0))))
	*(*C.uintptr_t)(p) = C.uintptr_t(cgo.NewHandle(v))
	return p
}

// lookup returns the wrapper behind a private_data field, or nil.
func lookup(priv *unsafe.Pointer) object {
	if priv == nil || *priv == nil {
		return nil
	}
	o, _ := cgo.Handle(*(*C.uintptr_t)(*priv)).Value().(object)
	return o
}

// as returns the wrapper behind priv as a T, or writes an InvalidState
// error naming fn.
func as[T object](priv *unsafe.Pointer, e *C.struct_AdbcError, fn string) (T, C.AdbcStatusCode) {
	t, ok := lookup(priv).(T)
	if !ok {
		return t, failf(e, adbc.StatusInvalidState, "%s: the object is not allocated (call New first)", fn)
	}
	return t, C.ADBC_STATUS_OK
}

// dropHandle deletes the handle behind priv and clears the field.
func dropHandle(priv *unsafe.Pointer) {
	cgo.Handle(*(*C.uintptr_t)(*priv)).Delete()
	C.free(*priv)
	*priv = nil
}

// guard turns a panic into ADBC_STATUS_INTERNAL; deferred by every export.
func guard(e *C.struct_AdbcError, fn string, code *C.AdbcStatusCode) {
	if r := recover(); r != nil {
		*code = failf(e, adbc.StatusInternal, "%s: internal error: %v", fn, r)
	}
}

// scope hands out cancellable contexts and cancels them on request.
type scope struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

// fresh cancels the scope's previous context and returns a new one, derived
// from parent.
func (s *scope) fresh(parent context.Context) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
	s.ctx, s.cancel = context.WithCancel(parent)
	return s.ctx
}

// shared returns the scope's live context, making one when there is none or
// it was cancelled.
func (s *scope) shared() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil || s.ctx.Err() != nil {
		s.ctx, s.cancel = context.WithCancel(context.Background())
	}
	return s.ctx
}

// stop cancels the scope's context, and with it every context derived from it.
func (s *scope) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// goString converts a nullable C string.
func goString(s *C.cchar_t) *string {
	if s == nil {
		return nil
	}
	v := C.GoString((*C.char)(unsafe.Pointer(s)))
	return &v
}

// str converts a C string, NULL becoming "".
func str(s *C.cchar_t) string {
	if s == nil {
		return ""
	}
	return C.GoString((*C.char)(unsafe.Pointer(s)))
}

// errNotInit is the error of calls on an object before its Init.
func errNotInit(fn string) error {
	return adbc.Error{Code: adbc.StatusInvalidState, Msg: fmt.Sprintf("sealane adbc: %s: the object is not initialized (call Init first)", fn)}
}
