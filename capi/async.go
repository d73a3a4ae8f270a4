package main

// #include "sealane_adbc.h"
import "C"

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/adbcdriver"
)

// The Sealane* extension functions (sealane_adbc.h) run a statement
// asynchronously over adbcdriver.Submit: a SealaneHandle names an
// asyncHandle in the handles registry (never a pointer, so a stale or
// made-up handle is an error, not a crash).

// OptionStatementPrivateData is a read-only integer statement option: the
// address of the statement's private_data, for callers that reach the
// statement only through a driver manager (Python's adbc_driver_manager)
// and call SealaneStatementSubmit with a struct AdbcStatement of their own
// whose private_data is this value.
const OptionStatementPrivateData = "sealane.statement.private_data"

// statusTimeout bounds the service calls of Status, Cancel and Release.
const statusTimeout = time.Minute

// asyncHandle is one submitted statement. run is the context of waits and
// of the exported result, derived from the connection's root: Cancel stops
// it, and so does the release of the result stream or of a handle that
// exported none. Polling, its back-off and the terminal states are the
// kernel's (kernel.Handle.WaitFor and Status).
type asyncHandle struct {
	a   *adbcdriver.Async
	cn  *connection
	run scope

	mu       sync.Mutex
	exported bool // a result stream was handed out
	waiting  bool // a SealaneHandleWait is running
}

var handles = struct {
	sync.Mutex
	next uint64
	m    map[uint64]*asyncHandle
}{m: map[uint64]*asyncHandle{}}

// handleOf returns the handle h names, or writes an InvalidState error.
func handleOf(h C.SealaneHandle, e *C.struct_AdbcError, fn string) (*asyncHandle, C.AdbcStatusCode) {
	handles.Lock()
	defer handles.Unlock()
	a, ok := handles.m[uint64(h)]
	if !ok {
		return nil, failf(e, adbc.StatusInvalidState, "%s: unknown or released handle %d", fn, uint64(h))
	}
	return a, C.ADBC_STATUS_OK
}

// status returns the statement's state: the terminal one once seen, else a
// poll's answer.
func (h *asyncHandle) status() (string, error) {
	ctx, cancel := context.WithTimeout(h.cn.root.shared(), statusTimeout)
	defer cancel()
	return h.a.Status(ctx)
}

// wait returns the result once the statement has finished; with timeout
// >= 0 it gives up with StatusTimeout after that long, the statement still
// running.
func (h *asyncHandle) wait(timeout time.Duration) (array.RecordReader, error) {
	return h.a.WaitFor(h.run.shared(), timeout)
}

// releasingReader stops the handle's context when the last reference to
// the result is released (the kernel reader closes the statement itself).
type releasingReader struct {
	array.RecordReader
	refs atomic.Int64
	stop func()
}

// newReleasingReader takes over rdr's one reference.
func newReleasingReader(rdr array.RecordReader, stop func()) *releasingReader {
	r := &releasingReader{RecordReader: rdr, stop: stop}
	r.refs.Store(1)
	return r
}

// Retain adds a reference.
func (r *releasingReader) Retain() {
	r.refs.Add(1)
	r.RecordReader.Retain()
}

// Release drops a reference; the last one stops the handle's context.
func (r *releasingReader) Release() {
	r.RecordReader.Release()
	if r.refs.Add(-1) == 0 {
		r.stop()
	}
}

//export sealaneStatementSubmit
func sealaneStatementSubmit(priv *unsafe.Pointer, out *C.SealaneHandle, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneStatementSubmit", &code)
	s, st, code := stmtOf(priv, e, "SealaneStatementSubmit")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if out == nil {
		return failf(e, adbc.StatusInvalidArgument, "SealaneStatementSubmit: the handle pointer is NULL")
	}
	h := &asyncHandle{cn: s.cn}
	a, err := adbcdriver.Submit(h.run.fresh(s.cn.root.shared()), st)
	if err != nil {
		h.run.stop()
		return fail(e, err)
	}
	h.a = a
	handles.Lock()
	handles.next++
	id := handles.next
	handles.m[id] = h
	handles.Unlock()
	*out = C.SealaneHandle(id)
	return C.ADBC_STATUS_OK
}

// copyString writes v the way AdbcStatementGetOption does.
func copyString(v string, out *C.char, n *C.size_t, e *C.struct_AdbcError, fn string) C.AdbcStatusCode {
	if n == nil {
		return failf(e, adbc.StatusInvalidArgument, "%s: the length pointer is NULL", fn)
	}
	if need := C.size_t(len(v) + 1); out != nil && need <= *n {
		dst := unsafe.Slice((*byte)(unsafe.Pointer(out)), need)
		copy(dst, v)
		dst[len(v)] = 0
	}
	*n = C.size_t(len(v) + 1)
	return C.ADBC_STATUS_OK
}

//export sealaneHandleGetStatementId
func sealaneHandleGetStatementId(hid C.SealaneHandle, out *C.char, n *C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneHandleGetStatementId", &code)
	h, code := handleOf(hid, e, "SealaneHandleGetStatementId")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	return copyString(h.a.StatementID(), out, n, e, "SealaneHandleGetStatementId")
}

//export sealaneHandleStatus
func sealaneHandleStatus(hid C.SealaneHandle, out *C.char, n *C.size_t, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneHandleStatus", &code)
	h, code := handleOf(hid, e, "SealaneHandleStatus")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	st, err := h.status()
	if err != nil {
		return fail(e, err)
	}
	return copyString(st, out, n, e, "SealaneHandleStatus")
}

//export sealaneHandleWait
func sealaneHandleWait(hid C.SealaneHandle, timeoutMS C.int64_t, out *C.struct_ArrowArrayStream, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneHandleWait", &code)
	h, code := handleOf(hid, e, "SealaneHandleWait")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	if out == nil {
		return failf(e, adbc.StatusInvalidArgument, "SealaneHandleWait: the output stream is NULL")
	}
	// One wait at a time: two would each open (and hand out) the result.
	h.mu.Lock()
	switch {
	case h.exported:
		h.mu.Unlock()
		return failf(e, adbc.StatusInvalidState, "SealaneHandleWait: the result was exported already")
	case h.waiting:
		h.mu.Unlock()
		return failf(e, adbc.StatusInvalidState, "SealaneHandleWait: another SealaneHandleWait on handle %d is in progress", uint64(hid))
	}
	h.waiting = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.waiting = false
		h.mu.Unlock()
	}()
	timeout := time.Duration(-1)
	if timeoutMS >= 0 {
		timeout = time.Duration(timeoutMS) * time.Millisecond
	}
	rdr, err := h.wait(timeout)
	if err != nil {
		return fail(e, err)
	}
	h.mu.Lock()
	h.exported = true
	h.mu.Unlock()
	return exportStream(newReleasingReader(rdr, h.run.stop), nil, out, e)
}

//export sealaneHandleCancel
func sealaneHandleCancel(hid C.SealaneHandle, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneHandleCancel", &code)
	h, code := handleOf(hid, e, "SealaneHandleCancel")
	if code != C.ADBC_STATUS_OK {
		return code
	}
	ctx, cancel := context.WithTimeout(h.cn.root.shared(), statusTimeout)
	defer cancel()
	err := h.a.Cancel(ctx)
	h.run.stop()
	return fail(e, err)
}

//export sealaneHandleRelease
func sealaneHandleRelease(hid C.SealaneHandle, e *C.struct_AdbcError) (code C.AdbcStatusCode) {
	defer guard(e, "SealaneHandleRelease", &code)
	handles.Lock()
	h, ok := handles.m[uint64(hid)]
	delete(handles.m, uint64(hid))
	handles.Unlock()
	if !ok {
		return failf(e, adbc.StatusInvalidState, "SealaneHandleRelease: unknown or released handle %d", uint64(hid))
	}
	h.mu.Lock()
	exported := h.exported
	h.mu.Unlock()
	if !exported {
		// Nobody will read the result: free it on the service.
		h.run.stop()
		h.a.Close()
	}
	return C.ADBC_STATUS_OK
}
