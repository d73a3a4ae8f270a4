//go:build duckdb_arrow

package duckengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/warehouse/engine"
)

// errNotStreamable sends a statement down duckdb-go's materialising path:
// more than one statement in the text, or an argument of a type the
// streaming path does not bind.
var errNotStreamable = errors.New("duckengine: not streamable")

// interruptEvery repeats the interrupt while a cancelled statement is still
// being read: DuckDB only looks at the flag between tasks.
const interruptEvery = 100 * time.Millisecond

// rawConn returns the DuckDB connection handle under a duckdb-go driver
// connection. duckdb-go (v2.10506.0) keeps it in the unexported field
// "conn" of type mapping.Connection, an alias of bindings.Connection, and
// offers no accessor; the field is checked by name and type, so a
// duckdb-go that moves it sends every statement down the materialising
// path instead of misreading memory (TestStreamingIsActive fails then).
func rawConn(dc any) (bindings.Connection, bool) {
	c, ok := dc.(*duckdb.Conn)
	if !ok || c == nil {
		return bindings.Connection{}, false
	}
	f := reflect.ValueOf(c).Elem().FieldByName("conn")
	if !f.IsValid() || f.Type() != reflect.TypeFor[bindings.Connection]() {
		return bindings.Connection{}, false
	}
	conn := *(*bindings.Connection)(unsafe.Pointer(f.UnsafeAddr()))
	return conn, conn.Ptr != nil
}

// streamable reports whether every argument has a type the streaming path
// binds (the warehouse binds strings, bytes and NULLs, plainly or named).
func streamable(args []any) bool {
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			a = n.Value
		}
		switch a.(type) {
		case nil, string, []byte, int64, int, float64, bool:
		default:
			return false
		}
	}
	return true
}

// QueryStream runs query like Query, but DuckDB produces the result as it
// is read: the reader returns once the first batch can be fetched, each
// Next pulls DuckDB's next chunk, and memory holds about one chunk (plus
// what the plan itself needs, bounded by memory_limit) however large the
// result. Until the reader is released the session runs nothing else.
// Cancelling ctx interrupts the statement, also while batches are read.
func (s *session) QueryStream(ctx context.Context, query string, args ...any) (array.RecordReader, error) {
	if !streamable(args) {
		return s.Query(ctx, query, args...)
	}
	var rdr *streamReader
	err := s.conn.Raw(func(dc any) error {
		conn, ok := rawConn(dc)
		if !ok {
			return errNotStreamable
		}
		var err error
		rdr, err = startStream(ctx, conn, query, args)
		return err
	})
	if errors.Is(err, errNotStreamable) {
		return s.Query(ctx, query, args...)
	}
	if err != nil {
		return nil, classify(ctx, err)
	}
	return rdr, nil
}

// streamReader is an array.RecordReader over a DuckDB streaming result.
type streamReader struct {
	ctx    context.Context
	conn   bindings.Connection
	stmt   bindings.PreparedStatement
	res    bindings.Result
	opts   bindings.ArrowOptions
	schema *arrow.Schema

	mu      sync.Mutex // guards everything below and the interrupter's access
	refs    int64
	cur     arrow.RecordBatch
	err     error
	eof     bool
	closed  bool
	stopped chan struct{} // closed on release: ends the interrupter
}

// duckErr is an error DuckDB reported, with its "<Type> Error: " prefix.
type duckErr string

func (e duckErr) Error() string { return string(e) }

// startStream prepares, binds and starts query on conn as a streaming
// result. It returns errNotStreamable for text holding several statements.
func startStream(ctx context.Context, conn bindings.Connection, query string, args []any) (*streamReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var ext bindings.ExtractedStatements
	n := bindings.ExtractStatements(conn, query, &ext)
	defer bindings.DestroyExtracted(&ext)
	if n == 0 {
		return nil, duckErr(bindings.ExtractStatementsError(ext))
	}
	if n > 1 {
		return nil, errNotStreamable
	}
	r := &streamReader{ctx: ctx, conn: conn, refs: 1, stopped: make(chan struct{})}
	if bindings.PrepareExtractedStatement(conn, ext, 0, &r.stmt) == bindings.StateError {
		err := duckErr(bindings.PrepareError(r.stmt))
		bindings.DestroyPrepare(&r.stmt)
		return nil, err
	}
	if err := r.bind(args); err != nil {
		bindings.DestroyPrepare(&r.stmt)
		return nil, err
	}
	// The interrupter runs from here until the reader is released, so
	// cancellation reaches both the execution and every fetch.
	go r.interrupter()
	for try := 0; ; try++ {
		msg, ok := r.execute()
		if ok {
			break
		}
		if r.spurious(msg) && r.readOnly() && try < lostErrorRetries {
			continue
		}
		err := errors.Join(ctx.Err(), duckErr(msg))
		if r.spurious(msg) {
			err = lostError(msg)
		}
		r.Release()
		return nil, err
	}
	r.opts = bindings.ResultGetArrowOptions(&r.res)
	cols := bindings.ColumnCount(&r.res)
	names := make([]string, cols)
	types := make([]bindings.LogicalType, cols)
	for i := range cols {
		names[i] = bindings.ColumnName(&r.res, i)
		types[i] = bindings.ColumnLogicalType(&r.res, i)
	}
	schema, ed := bindings.NewArrowSchema(r.opts, types, names)
	for i := range types {
		bindings.DestroyLogicalType(&types[i])
	}
	if err := errorData(ed); err != nil {
		r.Release()
		return nil, fmt.Errorf("duckengine: arrow schema: %w", err)
	}
	r.schema = schema
	return r, nil
}

// lostErrorRetries is how many times a read-only statement runs again to
// learn the error DuckDB replaced with an interrupt (see spurious).
const lostErrorRetries = 2

// execute starts the prepared statement as a streaming result in r.res,
// destroying an earlier one. It returns DuckDB's message when that fails.
func (r *streamReader) execute() (msg string, ok bool) {
	bindings.DestroyResult(&r.res)
	var pending bindings.PendingResult
	if bindings.PendingPreparedStreaming(r.stmt, &pending) == bindings.StateError {
		msg = bindings.PendingError(pending)
		bindings.DestroyPending(&pending)
		return msg, false
	}
	state := bindings.ExecutePending(pending, &r.res)
	bindings.DestroyPending(&pending)
	if state == bindings.StateError {
		return bindings.ResultError(&r.res), false
	}
	return "", true
}

// spurious reports whether msg is DuckDB's interrupt error although the
// statement's context did not end: no one interrupted it. With several
// threads, a task's own error (a failed cast, raise_error) can reach a
// streaming result as "Interrupted!" instead (DuckDB 1.5.6, about one run
// in 40 of TestChunksStoredWhileStatementRuns), so the statement failed,
// and for a reason DuckDB lost.
func (r *streamReader) spurious(msg string) bool {
	return r.ctx.Err() == nil && strings.HasPrefix(msg, "INTERRUPT Error")
}

// readOnly reports whether the statement may run again to learn its error.
func (r *streamReader) readOnly() bool {
	return bindings.PreparedStatementType(r.stmt) == bindings.StatementTypeSelect
}

// lostError is the failure reported when DuckDB's own error stays lost.
func lostError(msg string) error {
	return &engine.Error{SQLState: "XX000", Class: "INTERNAL_ERROR",
		Message: "The engine stopped the statement with an interrupt no one requested; its own error was lost. Run it again.",
		Err:     duckErr(msg)}
}

// rediscover runs a read-only statement whose error DuckDB lost again,
// streaming and discarding its rows (memory stays bounded), to report the
// error it fails with. The earlier result is destroyed.
func (r *streamReader) rediscover(msg string) error {
	if !r.readOnly() {
		return lostError(msg)
	}
	for range lostErrorRetries {
		if m, ok := r.execute(); !ok {
			if !r.spurious(m) {
				return errors.Join(r.ctx.Err(), duckErr(m))
			}
			continue
		}
		for r.ctx.Err() == nil {
			chunk := bindings.FetchChunk(r.res)
			if chunk.Ptr == nil {
				break
			}
			bindings.DestroyDataChunk(&chunk)
		}
		m := bindings.ResultError(&r.res)
		switch {
		case r.ctx.Err() != nil:
			return r.ctx.Err()
		case m == "":
			return lostError(msg) // it did not fail this time
		case !r.spurious(m):
			return duckErr(m)
		}
	}
	return lostError(msg)
}

// bind binds args to the prepared statement as duckdb-go does: by position,
// a sql.Named argument by the name of its marker.
func (r *streamReader) bind(args []any) error {
	np := int(bindings.NParams(r.stmt))
	if np > len(args) {
		return fmt.Errorf("incorrect argument count for command: have %d want %d", len(args), np)
	}
	byName := map[string]any{}
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			byName[n.Name] = n.Value
		}
	}
	for i := 1; i <= np; i++ {
		v := args[i-1]
		if n, ok := v.(sql.NamedArg); ok {
			v = n.Value
		}
		if nv, ok := byName[bindings.ParameterName(r.stmt, bindings.IdxT(i))]; ok {
			v = nv
		}
		idx := bindings.IdxT(i)
		var state bindings.State
		switch v := v.(type) {
		case nil:
			state = bindings.BindNull(r.stmt, idx)
		case string:
			state = bindings.BindVarchar(r.stmt, idx, v)
		case []byte:
			state = bindings.BindBlob(r.stmt, idx, v)
		case int64:
			state = bindings.BindInt64(r.stmt, idx, v)
		case int:
			state = bindings.BindInt64(r.stmt, idx, int64(v))
		case float64:
			state = bindings.BindDouble(r.stmt, idx, v)
		case bool:
			state = bindings.BindBoolean(r.stmt, idx, v)
		default:
			return errNotStreamable
		}
		if state == bindings.StateError {
			return duckErr(bindings.PrepareError(r.stmt))
		}
	}
	return nil
}

// interrupter interrupts the connection once ctx ends, and again every
// interruptEvery while the statement may still run; never after the end of
// the stream or release, so a later statement on the connection is never
// hit.
func (r *streamReader) interrupter() {
	select {
	case <-r.stopped:
		return
	case <-r.ctx.Done():
	}
	t := time.NewTicker(interruptEvery)
	defer t.Stop()
	for {
		r.mu.Lock()
		if !r.closed && !r.eof && r.err == nil {
			// Only while the statement may still run: an interrupt of an
			// idle connection must not meet its next statement.
			bindings.Interrupt(r.conn)
		}
		r.mu.Unlock()
		select {
		case <-r.stopped:
			return
		case <-t.C:
		}
	}
}

// Schema returns the result's Arrow schema.
func (r *streamReader) Schema() *arrow.Schema { return r.schema }

// Next fetches DuckDB's next chunk and converts it to Arrow.
func (r *streamReader) Next() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.closed || r.err != nil || r.eof {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return false
	}
	// DuckDB may run the plan here; the lock only keeps the interrupter
	// from racing release, so it is not held across the fetch.
	r.mu.Unlock()
	chunk := bindings.FetchChunk(r.res)
	var err error
	if chunk.Ptr == nil {
		switch msg := bindings.ResultError(&r.res); {
		case msg == "":
		case r.spurious(msg):
			err = r.rediscover(msg)
		default:
			err = errors.Join(r.ctx.Err(), duckErr(msg))
		}
	}
	r.mu.Lock()
	if chunk.Ptr == nil {
		r.err, r.eof = err, err == nil
		return false
	}
	defer bindings.DestroyDataChunk(&chunk)
	rec, ed := bindings.DataChunkToArrowArray(r.opts, r.schema, chunk)
	if err := errorData(ed); err != nil {
		r.err = fmt.Errorf("duckengine: arrow batch: %w", err)
		return false
	}
	r.cur = rec
	return true
}

// RecordBatch returns the current batch, valid until the next Next.
func (r *streamReader) RecordBatch() arrow.RecordBatch {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// Record is RecordBatch's old name.
//
// Deprecated: use RecordBatch.
func (r *streamReader) Record() arrow.RecordBatch { return r.RecordBatch() }

// Err returns the error that ended the stream, classified.
func (r *streamReader) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		return nil
	}
	return classify(r.ctx, r.err)
}

// Retain adds a reference.
func (r *streamReader) Retain() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refs++
}

// Release drops a reference; the last one destroys DuckDB's result, which
// ends the statement if it was not read to its end.
func (r *streamReader) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refs <= 0 {
		return
	}
	r.refs--
	if r.refs > 0 {
		return
	}
	r.closed = true
	close(r.stopped)
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.opts.Ptr != nil {
		bindings.DestroyArrowOptions(&r.opts)
	}
	bindings.DestroyResult(&r.res)
	bindings.DestroyPrepare(&r.stmt)
}

// errorData turns DuckDB's error data into an error (nil when none) and
// destroys it.
func errorData(ed bindings.ErrorData) error {
	defer bindings.DestroyErrorData(&ed)
	if !bindings.ErrorDataHasError(ed) {
		return nil
	}
	return duckErr(bindings.ErrorDataMessage(ed))
}
