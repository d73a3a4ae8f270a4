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

typedef AdbcStatusCode (*initFn)(int, void*, struct AdbcError*);
static struct AdbcDriver drv;

static const char* h_load(const char* path, const char* entry) {
  void* h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) return dlerror();
  initFn f = (initFn)dlsym(h, entry);
  if (!f) return dlerror();
  if (f(ADBC_VERSION_1_1_0, &drv, NULL) != ADBC_STATUS_OK) return "AdbcDriverInit failed";
  return NULL;
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
