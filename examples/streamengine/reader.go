package streamengine

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/plan"
)

// reader pulls the source's batches one at a time through the stages. It
// implements array.RecordReader; every Next checks ctx.
type reader struct {
	refs    atomic.Int64
	ctx     context.Context
	mem     memory.Allocator
	schema  *arrow.Schema
	batches []arrow.RecordBatch // the source's, not owned
	next    int                 // next source batch
	stages  []stage
	flushed bool
	queue   []arrow.RecordBatch // results waiting to be handed out (owned)
	cur     arrow.RecordBatch
	err     error
}

func newReader(ctx context.Context, mem memory.Allocator, schema *arrow.Schema, src *plan.Source, stages []stage) *reader {
	r := &reader{ctx: ctx, mem: mem, schema: schema, batches: src.Records, stages: stages}
	r.refs.Store(1)
	return r
}

// Schema implements array.RecordReader.
func (r *reader) Schema() *arrow.Schema { return r.schema }

// RecordBatch implements array.RecordReader.
func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record implements array.RecordReader (the older name).
func (r *reader) Record() arrow.RecordBatch { return r.cur }

// Err implements array.RecordReader.
func (r *reader) Err() error { return r.err }

// Retain implements array.RecordReader.
func (r *reader) Retain() { r.refs.Add(1) }

// Release implements array.RecordReader: the last Release frees what the
// reader holds whether or not the stream was read to its end.
func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	r.drop()
}

func (r *reader) drop() {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	for _, q := range r.queue {
		q.Release()
	}
	r.queue = nil
	for _, s := range r.stages {
		if sl, ok := s.(*sliceStage); ok {
			for _, t := range sl.tail {
				t.Release()
			}
			sl.tail = nil
		}
	}
	r.batches, r.next = nil, 0
}

// Next implements array.RecordReader.
func (r *reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	for r.err == nil {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("%s: %w", Name, err)
			break
		}
		if len(r.queue) > 0 {
			r.cur, r.queue = r.queue[0], r.queue[1:]
			if r.cur.NumRows() > 0 {
				return true
			}
			r.cur.Release()
			r.cur = nil
			continue
		}
		if r.next < len(r.batches) {
			rec := r.batches[r.next]
			r.next++
			r.err = r.through(0, rec, false)
			continue
		}
		if r.flushed {
			return false
		}
		r.flushed = true
		for i, s := range r.stages {
			out, err := s.flush(r.ctx, r.mem)
			if err == nil && out != nil {
				err = r.through(i+1, out, true)
			}
			if err != nil {
				r.err = err
				break
			}
		}
	}
	r.drop()
	return false
}

// through runs rec through the stages from index from on and queues the
// result; owned says whether rec is the reader's to release. A stage that
// is done (a slice that has all its rows) ends the source.
func (r *reader) through(from int, rec arrow.RecordBatch, owned bool) error {
	for _, s := range r.stages[from:] {
		out, done, err := s.push(r.ctx, r.mem, rec)
		if owned {
			rec.Release()
		}
		if err != nil {
			if out != nil {
				out.Release()
			}
			return err
		}
		if done {
			r.next = len(r.batches)
		}
		if out == nil {
			return nil
		}
		rec, owned = out, true
	}
	if !owned {
		rec.Retain()
	}
	r.queue = append(r.queue, rec)
	return nil
}
