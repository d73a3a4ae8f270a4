package mongo

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// cursorReader decodes a cursor's documents into Arrow batches of up to
// batchRows rows, reading each column's value from its field path; the
// driver fetches the next server batch as the cursor advances.
type cursorReader struct {
	ctx       context.Context
	cur       *mongo.Cursor
	schema    *arrow.Schema
	paths     [][]string
	mem       memory.Allocator
	batchRows int
	rec       arrow.RecordBatch
	err       error
	done      bool
	refs      atomic.Int64
}

func newCursorReader(ctx context.Context, cur *mongo.Cursor, schema *arrow.Schema, fields []string, mem memory.Allocator, batchRows int) *cursorReader {
	paths := make([][]string, len(fields))
	for i, f := range fields {
		paths[i] = strings.Split(f, ".")
	}
	r := &cursorReader{ctx: ctx, cur: cur, schema: schema, paths: paths, mem: mem, batchRows: batchRows}
	r.refs.Store(1)
	return r
}

func (r *cursorReader) Retain() { r.refs.Add(1) }

func (r *cursorReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = r.cur.Close(ctx)
}

func (r *cursorReader) Schema() *arrow.Schema          { return r.schema }
func (r *cursorReader) RecordBatch() arrow.RecordBatch { return r.rec }
func (r *cursorReader) Record() arrow.RecordBatch      { return r.rec }
func (r *cursorReader) Err() error                     { return r.err }

func (r *cursorReader) Next() bool {
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
	if r.done || r.err != nil {
		return false
	}
	b := array.NewRecordBuilder(r.mem, r.schema)
	defer b.Release()
	n := 0
	for n < r.batchRows && r.cur.Next(r.ctx) {
		doc := r.cur.Current
		for i, p := range r.paths {
			v := doc.Lookup(p...) // the zero value when missing
			if err := appendValue(b.Field(i), v); err != nil {
				r.err = fmt.Errorf("column %q: %w", r.schema.Field(i).Name, err)
				return false
			}
		}
		n++
	}
	if n < r.batchRows {
		r.done = true
		if err := r.cur.Err(); err != nil {
			r.err = err
			return false
		}
	}
	if n == 0 {
		return false
	}
	r.rec = b.NewRecordBatch()
	return true
}

// appendValue appends a BSON value (zero RawValue: missing) to b.
func appendValue(b array.Builder, v bson.RawValue) error {
	if v.Type == 0 || v.Type == bson.TypeNull || v.Type == bson.TypeUndefined {
		b.AppendNull()
		return nil
	}
	mismatch := func() error {
		return fmt.Errorf("BSON %s value for an Arrow %s column", v.Type, b.Type())
	}
	switch bb := b.(type) {
	case *array.BooleanBuilder:
		x, ok := v.BooleanOK()
		if !ok {
			return mismatch()
		}
		bb.Append(x)
	case *array.Int8Builder, *array.Int16Builder, *array.Int32Builder, *array.Int64Builder:
		x, ok := asInt(v)
		if !ok {
			return mismatch()
		}
		switch ib := bb.(type) {
		case *array.Int8Builder:
			if x < math.MinInt8 || x > math.MaxInt8 {
				return fmt.Errorf("%d overflows int8", x)
			}
			ib.Append(int8(x))
		case *array.Int16Builder:
			if x < math.MinInt16 || x > math.MaxInt16 {
				return fmt.Errorf("%d overflows int16", x)
			}
			ib.Append(int16(x))
		case *array.Int32Builder:
			if x < math.MinInt32 || x > math.MaxInt32 {
				return fmt.Errorf("%d overflows int32", x)
			}
			ib.Append(int32(x))
		case *array.Int64Builder:
			ib.Append(x)
		}
	case *array.Float32Builder:
		x, ok := asFloat(v)
		if !ok {
			return mismatch()
		}
		bb.Append(float32(x))
	case *array.Float64Builder:
		x, ok := asFloat(v)
		if !ok {
			return mismatch()
		}
		bb.Append(x)
	case *array.StringBuilder:
		switch v.Type {
		case bson.TypeString:
			bb.Append(v.StringValue())
		case bson.TypeObjectID:
			bb.Append(v.ObjectID().Hex())
		default:
			return mismatch()
		}
	case *array.BinaryBuilder:
		_, data, ok := v.BinaryOK()
		if !ok {
			return mismatch()
		}
		bb.Append(data)
	case *array.Date32Builder:
		ms, ok := v.DateTimeOK()
		if !ok {
			return mismatch()
		}
		bb.Append(arrow.Date32(floorDiv(ms, 86_400_000)))
	case *array.TimestampBuilder:
		ms, ok := v.DateTimeOK()
		if !ok {
			return mismatch()
		}
		switch bb.Type().(*arrow.TimestampType).Unit {
		case arrow.Second:
			bb.Append(arrow.Timestamp(floorDiv(ms, 1000)))
		case arrow.Millisecond:
			bb.Append(arrow.Timestamp(ms))
		case arrow.Microsecond:
			bb.Append(arrow.Timestamp(ms * 1000))
		case arrow.Nanosecond:
			bb.Append(arrow.Timestamp(ms * 1_000_000))
		}
	case *array.ListBuilder:
		arr, ok := v.ArrayOK()
		if !ok {
			return mismatch()
		}
		vals, err := arr.Values()
		if err != nil {
			return err
		}
		bb.Append(true)
		for _, x := range vals {
			if err := appendValue(bb.ValueBuilder(), x); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("no decoder for Arrow %s", b.Type())
	}
	return nil
}

func asInt(v bson.RawValue) (int64, bool) {
	switch v.Type {
	case bson.TypeInt32:
		return int64(v.Int32()), true
	case bson.TypeInt64:
		return v.Int64(), true
	case bson.TypeDouble:
		f := v.Double()
		if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			return int64(f), true
		}
	}
	return 0, false
}

func asFloat(v bson.RawValue) (float64, bool) {
	switch v.Type {
	case bson.TypeDouble:
		return v.Double(), true
	case bson.TypeInt32:
		return float64(v.Int32()), true
	case bson.TypeInt64:
		return float64(v.Int64()), true
	}
	return 0, false
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
