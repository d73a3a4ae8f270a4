package stub

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
)

// batchRows is the largest batch the reader hands out. Results are cut into
// batches so that consumers meet multi-batch streams even on small inputs.
const batchRows = 1024

// reader streams a materialised result in slices of batchRows rows. It
// implements array.RecordReader; every Next checks ctx, so a cancelled
// context stops the stream and Err reports ctx's error.
type reader struct {
	refs   atomic.Int64
	ctx    context.Context
	schema *arrow.Schema
	rec    arrow.RecordBatch // the whole result; nil after Release
	off    int64
	cur    arrow.RecordBatch
	err    error
}

func newReader(ctx context.Context, schema *arrow.Schema, rec arrow.RecordBatch) *reader {
	r := &reader{ctx: ctx, schema: schema, rec: rec}
	r.refs.Store(1)
	return r
}

// Retain implements array.RecordReader.
func (r *reader) Retain() { r.refs.Add(1) }

// Release implements array.RecordReader; the last Release frees the result
// whether or not it was read to its end.
func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	r.releaseCurrent()
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
}

// Schema implements array.RecordReader.
func (r *reader) Schema() *arrow.Schema { return r.schema }

// Next implements array.RecordReader.
func (r *reader) Next() bool {
	r.releaseCurrent()
	if r.err != nil || r.rec == nil {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.err = fmt.Errorf("frames/stub: %w", err)
		return false
	}
	n := r.rec.NumRows()
	if r.off >= n {
		return false
	}
	end := min(r.off+batchRows, n)
	r.cur = r.rec.NewSlice(r.off, end)
	r.off = end
	return true
}

// RecordBatch implements array.RecordReader: the current batch, valid until
// the next call to Next or Release.
func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record implements array.RecordReader.
//
// Deprecated: use RecordBatch.
func (r *reader) Record() arrow.RecordBatch { return r.cur }

// Err implements array.RecordReader.
func (r *reader) Err() error { return r.err }

func (r *reader) releaseCurrent() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}
