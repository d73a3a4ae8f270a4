//go:build duckdb_arrow

package duckdb

import (
	"context"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Execute implements engine.Engine. DuckDB computes the whole result before
// the first batch is returned; batches hold up to 2048 rows.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	s, err := e.newSession(ctx)
	if err != nil {
		return nil, err
	}
	query, err := s.compile(root)
	if err != nil {
		_ = s.close()
		return nil, e.wrap(err)
	}
	rdr, err := s.arrow.QueryContext(ctx, query)
	if err != nil {
		_ = s.close()
		return nil, classify(ctx, err)
	}
	return &reader{ctx: ctx, in: rdr, schema: root.Schema(), sess: s, refs: 1}, nil
}

// reader re-wraps DuckDB's batches with the plan's schema (field names,
// nullability and list element names as planned) and, on its last Release,
// closes the session.
type reader struct {
	ctx    context.Context
	in     array.RecordReader
	schema *arrow.Schema
	sess   *session
	cur    arrow.RecordBatch
	err    error

	mu   sync.Mutex
	refs int
}

func (r *reader) Retain() {
	r.mu.Lock()
	r.refs++
	r.mu.Unlock()
}

func (r *reader) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refs <= 0 {
		return
	}
	r.refs--
	if r.refs > 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.in.Release()
	_ = r.sess.close()
}

func (r *reader) Schema() *arrow.Schema { return r.schema }

func (r *reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.err != nil {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return false
	}
	if !r.in.Next() {
		return false
	}
	rec, err := conform(r.schema, r.in.RecordBatch())
	if err != nil {
		r.err = err
		return false
	}
	r.cur = rec
	return true
}

func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is RecordBatch (for older callers).
func (r *reader) Record() arrow.RecordBatch { return r.cur }

func (r *reader) Err() error {
	if r.err != nil {
		return classify(r.ctx, r.err)
	}
	if err := r.in.Err(); err != nil {
		return classify(r.ctx, err)
	}
	return nil
}

// conform returns rec's columns as a batch of schema sc. Columns whose type
// differs only in names (list element fields) are re-typed over the same
// buffers; any other difference is an error.
func conform(sc *arrow.Schema, rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	if int(rec.NumCols()) != sc.NumFields() {
		return nil, fmt.Errorf("frames/engines/duckdb: result has %d columns, plan %d", rec.NumCols(), sc.NumFields())
	}
	cols := make([]arrow.Array, sc.NumFields())
	for i, f := range sc.Fields() {
		c := rec.Column(i)
		if arrow.TypeEqual(c.DataType(), f.Type) {
			c.Retain()
			cols[i] = c
			continue
		}
		d, err := retype(c.Data(), f.Type)
		if err != nil {
			for _, done := range cols[:i] {
				done.Release()
			}
			return nil, fmt.Errorf("frames/engines/duckdb: column %q: %w", f.Name, err)
		}
		cols[i] = array.MakeFromData(d)
		d.Release()
	}
	out := array.NewRecordBatch(sc, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out, nil
}

// retype rebuilds d with type t over the same buffers when the two types
// have the same physical layout.
func retype(d arrow.ArrayData, t arrow.DataType) (arrow.ArrayData, error) {
	from := d.DataType()
	if from.ID() != t.ID() {
		return nil, fmt.Errorf("DuckDB returned %s, plan wants %s", from, t)
	}
	var children []arrow.ArrayData
	switch tt := t.(type) {
	case *arrow.ListType:
		c, err := retype(d.Children()[0], tt.Elem())
		if err != nil {
			return nil, err
		}
		defer c.Release()
		children = []arrow.ArrayData{c}
	case *arrow.LargeListType:
		c, err := retype(d.Children()[0], tt.Elem())
		if err != nil {
			return nil, err
		}
		defer c.Release()
		children = []arrow.ArrayData{c}
	case *arrow.TimestampType:
		f := from.(*arrow.TimestampType)
		if f.Unit != tt.Unit {
			return nil, fmt.Errorf("DuckDB returned %s, plan wants %s", from, t)
		}
	default:
		if !arrow.TypeEqual(from, t) {
			return nil, fmt.Errorf("DuckDB returned %s, plan wants %s", from, t)
		}
		children = d.Children()
	}
	return array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset()), nil
}
