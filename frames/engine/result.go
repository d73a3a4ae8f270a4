package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ResultReader adapts a backend's record stream to a plan's schema, for
// engines that get Arrow from somewhere else (a database, a remote
// service). Every batch is re-wrapped with the plan's schema over the same
// buffers (Conform), the context is checked before each batch, errors are
// prefixed with the engine's name and made to match ctx's error when ctx
// ended, and the last Release releases the input and then calls done.
type ResultReader struct {
	ctx    context.Context
	engine string
	in     array.RecordReader
	schema *arrow.Schema
	done   func()
	cur    arrow.RecordBatch
	err    error

	mu   sync.Mutex
	refs int
}

var _ array.RecordReader = (*ResultReader)(nil)

// NewResultReader wraps in; schema is the plan's (root.Schema()); done, if
// not nil, runs once after the input is released (close a connection,
// drop registered views…).
func NewResultReader(ctx context.Context, engineName string, in array.RecordReader, schema *arrow.Schema, done func()) *ResultReader {
	return &ResultReader{ctx: ctx, engine: engineName, in: in, schema: schema, done: done, refs: 1}
}

// Retain implements array.RecordReader.
func (r *ResultReader) Retain() {
	r.mu.Lock()
	r.refs++
	r.mu.Unlock()
}

// Release implements array.RecordReader.
func (r *ResultReader) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refs <= 0 {
		return
	}
	if r.refs--; r.refs > 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.in.Release()
	if r.done != nil {
		r.done()
	}
}

// Schema implements array.RecordReader: the plan's schema.
func (r *ResultReader) Schema() *arrow.Schema { return r.schema }

// Next implements array.RecordReader.
func (r *ResultReader) Next() bool {
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
	rec, err := Conform(r.schema, r.in.RecordBatch())
	if err != nil {
		r.err = err
		return false
	}
	r.cur = rec
	return true
}

// RecordBatch implements array.RecordReader.
func (r *ResultReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is RecordBatch, for callers of the older arrow-go name.
//
// Deprecated: use RecordBatch.
func (r *ResultReader) Record() arrow.RecordBatch { return r.cur }

// Err implements array.RecordReader.
func (r *ResultReader) Err() error {
	if r.err != nil {
		return ContextError(r.ctx, r.engine, r.err)
	}
	return ContextError(r.ctx, r.engine, r.in.Err())
}

// ContextError prefixes err with the engine's name and, when ctx has
// ended, makes it match ctx's error too (errors.Is(err, context.Canceled)),
// since backends report interrupted work in their own words. nil stays nil.
func ContextError(ctx context.Context, engineName string, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("frames/engines/%s: %w: %w", engineName, cerr, err)
	}
	return fmt.Errorf("frames/engines/%s: %w", engineName, err)
}

// Conform returns rec's columns as a batch of schema sc, over the same
// buffers. Columns whose type differs from the plan's only in names (list
// element fields) or time-zone spelling are re-typed; any other difference
// is an error.
func Conform(sc *arrow.Schema, rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	if int(rec.NumCols()) != sc.NumFields() {
		return nil, fmt.Errorf("result has %d columns, the plan %d", rec.NumCols(), sc.NumFields())
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
			return nil, fmt.Errorf("column %q: %w", f.Name, err)
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
	mismatch := fmt.Errorf("the backend returned %s, the plan wants %s", from, t)
	if from.ID() != t.ID() {
		return nil, mismatch
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
	case *arrow.LargeListType:
		c, err := retype(d.Children()[0], tt.Elem())
		if err != nil {
			return nil, err
		}
		defer c.Release()
		children = []arrow.ArrayData{c}
	case *arrow.TimestampType:
		if from.(*arrow.TimestampType).Unit != tt.Unit {
			return nil, mismatch
		}
	default:
		if !arrow.TypeEqual(from, t) {
			return nil, mismatch
		}
	}
	return array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset()), nil
}

// NormaliseSchema maps a backend's Arrow schema onto the frames type set
// (see package plan): string and binary views and large variants become
// utf8/binary, unsigned ints widen to the next signed int, timestamps
// become microseconds with zone "" or "UTC", large lists become lists.
// Every field is nullable. Schema inference (SchemaInferrer) uses it.
func NormaliseSchema(sc *arrow.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, sc.NumFields())
	for i, f := range sc.Fields() {
		t, err := normaliseType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", f.Name, err)
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
	case *arrow.StringViewType, *arrow.LargeStringType:
		return arrow.BinaryTypes.String, nil
	case *arrow.BinaryViewType, *arrow.LargeBinaryType:
		return arrow.BinaryTypes.Binary, nil
	case *arrow.Uint8Type:
		return arrow.PrimitiveTypes.Int16, nil
	case *arrow.Uint16Type:
		return arrow.PrimitiveTypes.Int32, nil
	case *arrow.Uint32Type:
		return arrow.PrimitiveTypes.Int64, nil
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
	case *arrow.LargeListType:
		e, err := normaliseType(t.Elem())
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(e), nil
	}
	return nil, fmt.Errorf("type %s is not supported by frames", t)
}
