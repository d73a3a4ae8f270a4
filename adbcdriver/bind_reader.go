package adbcdriver

import (
	"context"
	"errors"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
)

// rowRunner executes a query once per row of bound data.
type rowRunner struct {
	ctx   context.Context
	kc    *kernel.Conn
	query string
	opts  []any
	m     markers
	src   array.RecordReader // the bound batches; owned
	b     *binder
	cur   arrow.RecordBatch // the batch being executed, retained
	row   int
}

// next runs the query for the next bound row; io.EOF when none is left.
func (r *rowRunner) next() (array.RecordReader, error) {
	args, err := r.nextArgs()
	if err != nil {
		return nil, err
	}
	rdr, err := r.kc.Query(r.ctx, r.query, append(args, r.opts...)...)
	if err != nil {
		return nil, toADBC("executing with bound parameters", err)
	}
	return rdr, nil
}

// nextArgs returns the kernel arguments of the next bound row; io.EOF when
// none is left.
func (r *rowRunner) nextArgs() ([]any, error) {
	for r.cur == nil || r.row >= int(r.cur.NumRows()) {
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
		if !r.src.Next() {
			if err := r.src.Err(); err != nil {
				return nil, toADBC("reading bound parameters", err)
			}
			return nil, io.EOF
		}
		rec := r.src.RecordBatch()
		if r.b == nil {
			b, err := newBinder(r.m, rec.Schema())
			if err != nil {
				return nil, err
			}
			r.b = b
		}
		if err := r.b.check(rec); err != nil {
			return nil, err
		}
		rec.Retain()
		r.cur, r.row = rec, 0
	}
	args, err := r.b.args(r.cur, r.row)
	if err != nil {
		return nil, err
	}
	r.row++
	return args, nil
}

func (r *rowRunner) release() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.src.Release()
}

// boundReader concatenates the results of one execution per bound row.
// Each execution starts when the previous result is exhausted; all must
// have the first one's schema.
type boundReader struct {
	refs   atomic.Int64
	run    *rowRunner
	inner  array.RecordReader
	schema *arrow.Schema
	rec    arrow.RecordBatch
	err    error
}

var _ array.RecordReader = (*boundReader)(nil)

// newBoundReader runs the first row; bound data without rows is an error
// (there would be no result schema).
func newBoundReader(run *rowRunner) (*boundReader, error) {
	inner, err := run.next()
	if err != nil {
		run.release()
		if errors.Is(err, io.EOF) {
			return nil, errorf(adbc.StatusInvalidArgument, "the bound parameters have no rows: nothing to execute")
		}
		return nil, err
	}
	r := &boundReader{run: run, inner: inner, schema: inner.Schema()}
	r.refs.Store(1)
	return r, nil
}

func (r *boundReader) Schema() *arrow.Schema          { return r.schema }
func (r *boundReader) RecordBatch() arrow.RecordBatch { return r.rec }

// Record is RecordBatch.
//
// Deprecated: use RecordBatch.
func (r *boundReader) Record() arrow.RecordBatch { return r.rec }
func (r *boundReader) Err() error                { return r.err }
func (r *boundReader) Retain()                   { r.refs.Add(1) }

// Release drops a reference; the last one stops the executions.
func (r *boundReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	r.rec = nil
	if r.inner != nil {
		r.inner.Release()
		r.inner = nil
	}
	r.run.release()
}

// Next moves to the next batch of the current execution, starting the
// next execution when it is exhausted.
func (r *boundReader) Next() bool {
	r.rec = nil
	for r.err == nil && r.inner != nil {
		if r.inner.Next() {
			r.rec = r.inner.RecordBatch()
			return true
		}
		if err := r.inner.Err(); err != nil {
			r.err = toADBC("reading results", err)
		}
		r.inner.Release()
		r.inner = nil
		if r.err != nil {
			break
		}
		inner, err := r.run.next()
		switch {
		case errors.Is(err, io.EOF):
			return false
		case err != nil:
			r.err = err
		case !sameFields(inner.Schema(), r.schema):
			r.err = errorf(adbc.StatusInvalidData, "an execution with bound parameters returned the schema %s, not %s", inner.Schema(), r.schema)
			inner.Release()
		default:
			r.inner = inner
		}
	}
	return false
}

// sameFields compares names and types, not metadata.
func sameFields(a, b *arrow.Schema) bool {
	if a.NumFields() != b.NumFields() {
		return false
	}
	for i := range a.Fields() {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || !arrow.TypeEqual(fa.Type, fb.Type) {
			return false
		}
	}
	return true
}

// affectedRows runs the query once per bound row and sums the rows each
// execution reports affected (-1 when none reports).
func affectedRows(run *rowRunner) (int64, error) {
	defer run.release()
	total := int64(-1)
	for {
		rdr, err := run.next()
		if errors.Is(err, io.EOF) {
			return total, nil
		}
		if err != nil {
			return -1, err
		}
		n, err := countAffected(rdr)
		if err != nil {
			return -1, toADBC("ExecuteUpdate", err)
		}
		if n >= 0 {
			total = max(total, 0) + n
		}
	}
}

// countAffected drains and releases a result, returning its
// num_affected_rows (-1 when it has none).
func countAffected(rdr array.RecordReader) (int64, error) {
	defer rdr.Release()
	affected := int64(-1)
	idx := rdr.Schema().FieldIndices("num_affected_rows")
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if len(idx) == 1 && rec.NumRows() > 0 {
			if col, ok := rec.Column(idx[0]).(*array.Int64); ok && col.IsValid(0) {
				affected = max(affected, 0) + col.Value(0)
			}
		}
	}
	return affected, rdr.Err()
}
