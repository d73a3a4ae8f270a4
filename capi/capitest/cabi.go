package capitest

// The harness loads the library with dlopen, fills an ADBC 1.1.0 driver
// table through AdbcDriverInit and calls through it, as a C program would.

/*
#cgo CFLAGS: -I${SRCDIR}/..
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "sealane_adbc.h"

#include <pthread.h>

typedef AdbcStatusCode (*initFn)(int, void*, struct AdbcError*);
static struct AdbcDriver drv;

// The Sealane* extensions, looked up by name (they are not in the table).
typedef AdbcStatusCode (*submitFn)(struct AdbcStatement*, SealaneHandle*, struct AdbcError*);
typedef AdbcStatusCode (*stringFn)(SealaneHandle, char*, size_t*, struct AdbcError*);
typedef AdbcStatusCode (*waitFn)(SealaneHandle, int64_t, struct ArrowArrayStream*, struct AdbcError*);
typedef AdbcStatusCode (*handleFn)(SealaneHandle, struct AdbcError*);
typedef void (*setLogFn)(SealaneLogCallback, int);
typedef void (*levelFn)(int);
typedef void (*flushFn)(void);
static submitFn p_submit;
static stringFn p_statement_id, p_status;
static waitFn p_wait;
static handleFn p_cancel, p_release;
static setLogFn p_set_log;
static levelFn p_log_level;
static flushFn p_flush;

#define H_SYM(var, type, name) if (!(var = (type)dlsym(h, name))) return dlerror();

static const char* h_load(const char* path, const char* entry) {
  void* h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) return dlerror();
  initFn f = (initFn)dlsym(h, entry);
  if (!f) return dlerror();
  if (f(ADBC_VERSION_1_1_0, &drv, NULL) != ADBC_STATUS_OK) return "AdbcDriverInit failed";
  H_SYM(p_submit, submitFn, "SealaneStatementSubmit");
  H_SYM(p_statement_id, stringFn, "SealaneHandleGetStatementId");
  H_SYM(p_status, stringFn, "SealaneHandleStatus");
  H_SYM(p_wait, waitFn, "SealaneHandleWait");
  H_SYM(p_cancel, handleFn, "SealaneHandleCancel");
  H_SYM(p_release, handleFn, "SealaneHandleRelease");
  H_SYM(p_set_log, setLogFn, "SealaneSetLogCallback");
  H_SYM(p_log_level, levelFn, "SealaneSetLogLevel");
  H_SYM(p_flush, flushFn, "SealaneFlushLog");
  return NULL;
}

static AdbcStatusCode h_submit(struct AdbcStatement* s, SealaneHandle* h, struct AdbcError* e) { return p_submit(s, h, e); }
static AdbcStatusCode h_statement_id(SealaneHandle h, char* v, size_t* n, struct AdbcError* e) { return p_statement_id(h, v, n, e); }
static AdbcStatusCode h_status(SealaneHandle h, char* v, size_t* n, struct AdbcError* e) { return p_status(h, v, n, e); }
static AdbcStatusCode h_wait(SealaneHandle h, int64_t ms, struct ArrowArrayStream* out, struct AdbcError* e) { return p_wait(h, ms, out, e); }
static AdbcStatusCode h_cancel(SealaneHandle h, struct AdbcError* e) { return p_cancel(h, e); }
static AdbcStatusCode h_release(SealaneHandle h, struct AdbcError* e) { return p_release(h, e); }

// Result streams, driven through their C callbacks.
static int h_stream_schema(struct ArrowArrayStream* s) {
  struct ArrowSchema sc;
  memset(&sc, 0, sizeof(sc));
  int rc = s->get_schema(s, &sc);
  if (rc == 0 && sc.release) sc.release(&sc);
  return rc;
}
// h_stream_next reads one batch: *rows is its length, or -1 at the end.
static int h_stream_next(struct ArrowArrayStream* s, int64_t* rows) {
  struct ArrowArray a;
  memset(&a, 0, sizeof(a));
  int rc = s->get_next(s, &a);
  *rows = -1;
  if (rc == 0 && a.release) {
    *rows = a.length;
    a.release(&a);
  }
  return rc;
}
static const char* h_stream_last_error(struct ArrowArrayStream* s) { return s->get_last_error(s); }
static void h_stream_release(struct ArrowArrayStream* s) { if (s->release) s->release(s); }
static const struct AdbcError* h_error_from_stream(struct ArrowArrayStream* s, AdbcStatusCode* status) {
  return drv.ErrorFromArrayStream(s, status);
}

// The log callback keeps every record it is handed.
struct h_record { int level; char* logger; char* message; };
static pthread_mutex_t h_log_mu = PTHREAD_MUTEX_INITIALIZER;
static struct h_record* h_records;
static int h_nrecords, h_caprecords;

static void h_log_cb(int level, const char* logger, const char* message) {
  pthread_mutex_lock(&h_log_mu);
  if (h_nrecords == h_caprecords) {
    h_caprecords = h_caprecords ? 2 * h_caprecords : 64;
    h_records = realloc(h_records, h_caprecords * sizeof(struct h_record));
  }
  struct h_record r = {level, strdup(logger ? logger : ""), strdup(message ? message : "")};
  h_records[h_nrecords++] = r;
  pthread_mutex_unlock(&h_log_mu);
}
static void h_log_start(int level) { p_set_log(h_log_cb, level); }
static void h_log_stop(void) { p_set_log(NULL, 0); }
static void h_log_level(int level) { p_log_level(level); }
static void h_log_flush(void) { p_flush(); }
// h_log_take moves the records out: the caller frees them (h_log_free).
static struct h_record* h_log_take(int* n) {
  pthread_mutex_lock(&h_log_mu);
  struct h_record* out = h_records;
  *n = h_nrecords;
  h_records = NULL;
  h_nrecords = h_caprecords = 0;
  pthread_mutex_unlock(&h_log_mu);
  return out;
}
static struct h_record* h_log_at(struct h_record* r, int i) { return &r[i]; }
static void h_log_free(struct h_record* r, int n) {
  for (int i = 0; i < n; i++) { free(r[i].logger); free(r[i].message); }
  free(r);
}

static struct AdbcError* h_error(void) {
  struct AdbcError* e = calloc(1, sizeof(struct AdbcError));
  e->vendor_code = ADBC_ERROR_VENDOR_CODE_PRIVATE_DATA;
  return e;
}
static void h_error_free(struct AdbcError* e) { if (e->release) e->release(e); free(e); }
static int h_detail_count(struct AdbcError* e) { return drv.ErrorGetDetailCount(e); }
static struct AdbcErrorDetail h_detail(struct AdbcError* e, int i) { return drv.ErrorGetDetail(e, i); }

static AdbcStatusCode h_db_new(struct AdbcDatabase* d, struct AdbcError* e) { return drv.DatabaseNew(d, e); }
static AdbcStatusCode h_db_set(struct AdbcDatabase* d, const char* k, const char* v, struct AdbcError* e) { return drv.DatabaseSetOption(d, k, v, e); }
static AdbcStatusCode h_db_init(struct AdbcDatabase* d, struct AdbcError* e) { return drv.DatabaseInit(d, e); }
static AdbcStatusCode h_db_get(struct AdbcDatabase* d, const char* k, char* v, size_t* n, struct AdbcError* e) { return drv.DatabaseGetOption(d, k, v, n, e); }
static AdbcStatusCode h_db_release(struct AdbcDatabase* d, struct AdbcError* e) { return drv.DatabaseRelease(d, e); }
static AdbcStatusCode h_conn_new(struct AdbcConnection* c, struct AdbcError* e) { return drv.ConnectionNew(c, e); }
static AdbcStatusCode h_conn_init(struct AdbcConnection* c, struct AdbcDatabase* d, struct AdbcError* e) { return drv.ConnectionInit(c, d, e); }
static AdbcStatusCode h_conn_cancel(struct AdbcConnection* c, struct AdbcError* e) { return drv.ConnectionCancel(c, e); }
static AdbcStatusCode h_conn_release(struct AdbcConnection* c, struct AdbcError* e) { return drv.ConnectionRelease(c, e); }
static AdbcStatusCode h_stmt_new(struct AdbcConnection* c, struct AdbcStatement* s, struct AdbcError* e) { return drv.StatementNew(c, s, e); }
static AdbcStatusCode h_stmt_query(struct AdbcStatement* s, const char* q, struct AdbcError* e) { return drv.StatementSetSqlQuery(s, q, e); }
static AdbcStatusCode h_stmt_set_int(struct AdbcStatement* s, const char* k, int64_t v, struct AdbcError* e) { return drv.StatementSetOptionInt(s, k, v, e); }
static AdbcStatusCode h_stmt_get_int(struct AdbcStatement* s, const char* k, int64_t* v, struct AdbcError* e) { return drv.StatementGetOptionInt(s, k, v, e); }
static AdbcStatusCode h_stmt_exec(struct AdbcStatement* s, struct ArrowArrayStream* out, struct AdbcError* e) { int64_t rows; return drv.StatementExecuteQuery(s, out, &rows, e); }
static AdbcStatusCode h_stmt_cancel(struct AdbcStatement* s, struct AdbcError* e) { return drv.StatementCancel(s, e); }
static AdbcStatusCode h_stmt_release(struct AdbcStatement* s, struct AdbcError* e) { return drv.StatementRelease(s, e); }
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/cdata"
)

// Error is an AdbcError read back from the library.
type Error struct {
	Status   int
	SQLState string
	Msg      string
	Details  map[string]string
}

func (e *Error) Error() string {
	return fmt.Sprintf("status %d [%s]: %s", e.Status, e.SQLState, e.Msg)
}

// call runs f with a fresh 1.1.0 AdbcError and converts a failure.
func call(f func(e *C.struct_AdbcError) C.AdbcStatusCode) error {
	e := C.h_error()
	defer C.h_error_free(e)
	code := f(e)
	if code == C.ADBC_STATUS_OK {
		return nil
	}
	return readError(code, e)
}

// readError copies an AdbcError (without releasing it).
func readError(code C.AdbcStatusCode, e *C.struct_AdbcError) *Error {
	out := &Error{Status: int(code), SQLState: C.GoStringN(&e.sqlstate[0], 5), Details: map[string]string{}}
	if e.message != nil {
		out.Msg = C.GoString(e.message)
	}
	for i := range int(C.h_detail_count(e)) {
		d := C.h_detail(e, C.int(i))
		out.Details[C.GoString(d.key)] = C.GoStringN((*C.char)(unsafe.Pointer(d.value)), C.int(d.value_length))
	}
	return out
}

// Load loads the library at path and initializes the driver table through
// the entry point.
func Load(path, entry string) error {
	p, en := C.CString(path), C.CString(entry)
	defer C.free(unsafe.Pointer(p))
	defer C.free(unsafe.Pointer(en))
	if msg := C.h_load(p, en); msg != nil {
		return fmt.Errorf("loading %s: %s", path, C.GoString(msg))
	}
	return nil
}

// Database is an AdbcDatabase in C memory.
type Database struct{ p *C.struct_AdbcDatabase }

// OpenDatabase runs DatabaseNew, DatabaseSetOption for each option, and DatabaseInit.
func OpenDatabase(opts map[string]string) (*Database, error) {
	d := &Database{(*C.struct_AdbcDatabase)(C.calloc(1, C.sizeof_struct_AdbcDatabase))}
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_new(d.p, e) }); err != nil {
		return nil, err
	}
	for k, v := range opts {
		ck, cv := C.CString(k), C.CString(v)
		err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_set(d.p, ck, cv, e) })
		C.free(unsafe.Pointer(ck))
		C.free(unsafe.Pointer(cv))
		if err != nil {
			return nil, err
		}
	}
	return d, call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_init(d.p, e) })
}

// Option reads a string option (DatabaseGetOption, sized in two calls).
func (d *Database) Option(key string) (string, error) {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	var n C.size_t
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_get(d.p, ck, nil, &n, e) }); err != nil {
		return "", err
	}
	buf := (*C.char)(C.malloc(n))
	defer C.free(unsafe.Pointer(buf))
	err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_get(d.p, ck, buf, &n, e) })
	return C.GoString(buf), err
}

// Close releases the database.
func (d *Database) Close() error {
	defer C.free(unsafe.Pointer(d.p))
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_db_release(d.p, e) })
}

// Connection is an AdbcConnection in C memory.
type Connection struct{ p *C.struct_AdbcConnection }

// Connect opens a connection on the database.
func (d *Database) Connect() (*Connection, error) {
	c := &Connection{(*C.struct_AdbcConnection)(C.calloc(1, C.sizeof_struct_AdbcConnection))}
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_conn_new(c.p, e) }); err != nil {
		return nil, err
	}
	return c, call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_conn_init(c.p, d.p, e) })
}

// Cancel calls AdbcConnectionCancel.
func (c *Connection) Cancel() error {
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_conn_cancel(c.p, e) })
}

// Close releases the connection.
func (c *Connection) Close() error {
	defer C.free(unsafe.Pointer(c.p))
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_conn_release(c.p, e) })
}

// Statement is an AdbcStatement in C memory.
type Statement struct{ p *C.struct_AdbcStatement }

// NewStatement makes a statement with query set.
func (c *Connection) NewStatement(query string) (*Statement, error) {
	s := &Statement{(*C.struct_AdbcStatement)(C.calloc(1, C.sizeof_struct_AdbcStatement))}
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_new(c.p, s.p, e) }); err != nil {
		return nil, err
	}
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	return s, call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_query(s.p, cq, e) })
}

// SetOptionInt calls StatementSetOptionInt.
func (s *Statement) SetOptionInt(key string, v int64) error {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_set_int(s.p, ck, C.int64_t(v), e) })
}

// OptionInt calls StatementGetOptionInt.
func (s *Statement) OptionInt(key string) (int64, error) {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	var v C.int64_t
	err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_get_int(s.p, ck, &v, e) })
	return int64(v), err
}

// Query runs ExecuteQuery and imports the result stream.
func (s *Statement) Query() (array.RecordReader, error) {
	out := (*C.struct_ArrowArrayStream)(C.calloc(1, C.sizeof_struct_ArrowArrayStream))
	defer C.free(unsafe.Pointer(out))
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_exec(s.p, out, e) }); err != nil {
		return nil, err
	}
	rdr, err := cdata.ImportCRecordReader((*cdata.CArrowArrayStream)(unsafe.Pointer(out)), nil)
	if err != nil {
		return nil, err
	}
	return rdr.(array.RecordReader), nil
}

// Cancel calls AdbcStatementCancel.
func (s *Statement) Cancel() error {
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_cancel(s.p, e) })
}

// Close releases the statement.
func (s *Statement) Close() error {
	defer C.free(unsafe.Pointer(s.p))
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_release(s.p, e) })
}

// QueryStream runs ExecuteQuery and returns the C result stream as is.
func (s *Statement) QueryStream() (*Stream, error) {
	out := newStream()
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_stmt_exec(s.p, out.p, e) }); err != nil {
		out.free()
		return nil, err
	}
	return out, nil
}

// Stream is a C result stream (struct ArrowArrayStream in C memory),
// driven through its callbacks.
type Stream struct{ p *C.struct_ArrowArrayStream }

func newStream() *Stream {
	return &Stream{(*C.struct_ArrowArrayStream)(C.calloc(1, C.sizeof_struct_ArrowArrayStream))}
}

func (s *Stream) free() { C.free(unsafe.Pointer(s.p)) }

// Schema calls get_schema (and releases the schema); it returns the errno.
func (s *Stream) Schema() int { return int(C.h_stream_schema(s.p)) }

// Next calls get_next: the batch's row count, or -1 at the end of the
// stream, and the errno (0 on success).
func (s *Stream) Next() (rows int64, errno int) {
	var n C.int64_t
	rc := C.h_stream_next(s.p, &n)
	return int64(n), int(rc)
}

// LastError is get_last_error's message.
func (s *Stream) LastError() string {
	if m := C.h_stream_last_error(s.p); m != nil {
		return C.GoString(m)
	}
	return ""
}

// ErrorFromStream calls AdbcErrorFromArrayStream: the stream's error, or
// nil when the driver has none for it. The stream keeps ownership.
func (s *Stream) ErrorFromStream() *Error {
	var status C.AdbcStatusCode
	e := C.h_error_from_stream(s.p, &status)
	if e == nil {
		return nil
	}
	return readError(status, (*C.struct_AdbcError)(unsafe.Pointer(e)))
}

// Reader imports the stream (cdata moves it) as a Go reader.
func (s *Stream) Reader() (array.RecordReader, error) {
	defer s.free()
	rdr, err := cdata.ImportCRecordReader((*cdata.CArrowArrayStream)(unsafe.Pointer(s.p)), nil)
	if err != nil {
		return nil, err
	}
	return rdr.(array.RecordReader), nil
}

// Release releases the stream and frees the struct.
func (s *Stream) Release() {
	C.h_stream_release(s.p)
	s.free()
}

// Handle is a SealaneHandle.
type Handle uint64

// Submit calls SealaneStatementSubmit.
func (s *Statement) Submit() (Handle, error) {
	var h C.SealaneHandle
	err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_submit(s.p, &h, e) })
	return Handle(h), err
}

// getString reads a string result the AdbcStatementGetOption way: first
// with a one-byte buffer (too small for anything but ""), then sized.
func getString(f func(v *C.char, n *C.size_t, e *C.struct_AdbcError) C.AdbcStatusCode) (string, error) {
	buf := (*C.char)(C.malloc(1))
	n := C.size_t(1)
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return f(buf, &n, e) }); err != nil {
		C.free(unsafe.Pointer(buf))
		return "", err
	}
	C.free(unsafe.Pointer(buf))
	buf = (*C.char)(C.malloc(n))
	defer C.free(unsafe.Pointer(buf))
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return f(buf, &n, e) }); err != nil {
		return "", err
	}
	return C.GoString(buf), nil
}

// StatementID calls SealaneHandleGetStatementId.
func (h Handle) StatementID() (string, error) {
	return getString(func(v *C.char, n *C.size_t, e *C.struct_AdbcError) C.AdbcStatusCode {
		return C.h_statement_id(C.SealaneHandle(h), v, n, e)
	})
}

// Status calls SealaneHandleStatus.
func (h Handle) Status() (string, error) {
	return getString(func(v *C.char, n *C.size_t, e *C.struct_AdbcError) C.AdbcStatusCode {
		return C.h_status(C.SealaneHandle(h), v, n, e)
	})
}

// Wait calls SealaneHandleWait; a negative timeout waits for as long as
// it takes.
func (h Handle) Wait(timeout time.Duration) (*Stream, error) {
	ms := C.int64_t(-1)
	if timeout >= 0 {
		ms = C.int64_t(timeout.Milliseconds())
	}
	out := newStream()
	if err := call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_wait(C.SealaneHandle(h), ms, out.p, e) }); err != nil {
		out.free()
		return nil, err
	}
	return out, nil
}

// Cancel calls SealaneHandleCancel.
func (h Handle) Cancel() error {
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_cancel(C.SealaneHandle(h), e) })
}

// Release calls SealaneHandleRelease.
func (h Handle) Release() error {
	return call(func(e *C.struct_AdbcError) C.AdbcStatusCode { return C.h_release(C.SealaneHandle(h), e) })
}

// LogRecord is one record handed to the log callback.
type LogRecord struct {
	Level           int
	Logger, Message string
}

// StartLog registers the harness's callback (SealaneSetLogCallback) at level.
func StartLog(level int) { C.h_log_start(C.int(level)) }

// StopLog unregisters it (a NULL callback).
func StopLog() { C.h_log_stop() }

// SetLogLevel calls SealaneSetLogLevel.
func SetLogLevel(level int) { C.h_log_level(C.int(level)) }

// FlushLog calls SealaneFlushLog.
func FlushLog() { C.h_log_flush() }

// TakeLog returns the records received so far and forgets them.
func TakeLog() []LogRecord {
	var n C.int
	r := C.h_log_take(&n)
	defer C.h_log_free(r, n)
	out := make([]LogRecord, int(n))
	for i := range out {
		rec := C.h_log_at(r, C.int(i))
		out[i] = LogRecord{Level: int(rec.level), Logger: C.GoString(rec.logger), Message: C.GoString(rec.message)}
	}
	return out
}
