package warehouse

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// reader re-wraps the kernel's batches with the plan's schema.
type reader struct {
	ctx    context.Context
	in     array.RecordReader
	schema *arrow.Schema
	cur    arrow.RecordBatch
	err    error
	refs   atomic.Int64
}

func newReader(ctx context.Context, in array.RecordReader, sc *arrow.Schema) *reader {
	r := &reader{ctx: ctx, in: in, schema: sc}
	r.refs.Store(1)
	return r
}

func (r *reader) Retain() { r.refs.Add(1) }

func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.in.Release()
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
	return classify(r.ctx, r.in.Err())
}

// classify makes errors caused by the end of ctx match ctx's error.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("frames/engines/warehouse: %w: %w", cerr, err)
	}
	return fmt.Errorf("frames/engines/warehouse: %w", err)
}

// conform returns rec's columns as a batch of schema sc, re-typing columns
// whose type differs only in names or time zone spelling.
func conform(sc *arrow.Schema, rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	if int(rec.NumCols()) != sc.NumFields() {
		return nil, fmt.Errorf("frames/engines/warehouse: result has %d columns, plan %d", rec.NumCols(), sc.NumFields())
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
			return nil, fmt.Errorf("frames/engines/warehouse: column %q: %w", f.Name, err)
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

func retype(d arrow.ArrayData, t arrow.DataType) (arrow.ArrayData, error) {
	from := d.DataType()
	if from.ID() != t.ID() {
		return nil, fmt.Errorf("the warehouse returned %s, the plan wants %s", from, t)
	}
	children := d.Children()
	switch tt := t.(type) {
	case *arrow.ListType:
		c, err := retype(d.Children()[0], tt.Elem())
		if err != nil {
			return nil, err
		}
		defer c.Release()
		children = []arrow.ArrayData{c}
	case *arrow.TimestampType:
		if from.(*arrow.TimestampType).Unit != tt.Unit {
			return nil, fmt.Errorf("the warehouse returned %s, the plan wants %s", from, t)
		}
	default:
		if !arrow.TypeEqual(from, t) {
			return nil, fmt.Errorf("the warehouse returned %s, the plan wants %s", from, t)
		}
	}
	return array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset()), nil
}

// normalise maps the warehouse's Arrow types onto the frames type set.
func normalise(sc *arrow.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, sc.NumFields())
	for i, f := range sc.Fields() {
		t, err := normaliseType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("frames/engines/warehouse: column %q: %w", f.Name, err)
		}
		fields[i] = arrow.Field{Name: f.Name, Type: t, Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

func normaliseType(t arrow.DataType) (arrow.DataType, error) {
	switch t := t.(type) {
	case *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Float32Type, *arrow.Float64Type, *arrow.StringType, *arrow.BinaryType, *arrow.Date32Type,
		*arrow.Decimal128Type:
		return t, nil
	case *arrow.LargeStringType, *arrow.StringViewType:
		return arrow.BinaryTypes.String, nil
	case *arrow.LargeBinaryType, *arrow.BinaryViewType:
		return arrow.BinaryTypes.Binary, nil
	case *arrow.TimestampType:
		tz := ""
		if t.TimeZone != "" {
			tz = "UTC"
		}
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz}, nil
	case *arrow.ListType:
		e, err := normaliseType(t.Elem())
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(e), nil
	}
	return nil, fmt.Errorf("type %s is not supported by frames", t)
}
