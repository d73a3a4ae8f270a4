package rows

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"golang.org/x/sync/errgroup"
)

// Encode converts rows into record batches of at most WithBatchRows rows
// (default DefaultBatchRows) with schema SchemaOf[T]. It fills the column
// builders one column at a time from cached field plans, encoding batches
// in parallel on up to GOMAXPROCS goroutines. No rows give no batches. The
// caller releases the batches.
func Encode[T any](rows []T, opts ...Option) ([]arrow.RecordBatch, error) {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	cfg := newConfig(opts)
	rv := reflect.ValueOf(rows)
	nb := (len(rows) + cfg.batchRows - 1) / cfg.batchRows
	out := make([]arrow.RecordBatch, nb)
	var next atomic.Int64
	work := func() error {
		rb := array.NewRecordBuilder(cfg.mem, p.schema)
		defer rb.Release()
		for {
			k := int(next.Add(1) - 1)
			if k >= nb {
				return nil
			}
			lo := k * cfg.batchRows
			hi := min(lo+cfg.batchRows, len(rows))
			for j := range p.fields {
				if err := encodeColumn(&p.fields[j], rb.Field(j), rv, lo, hi); err != nil {
					// The columns now differ in length, so no batch can be
					// built from them; rb.Release (deferred) frees them.
					next.Store(int64(nb)) // stop the other workers
					return err
				}
			}
			out[k] = rb.NewRecordBatch()
		}
	}
	var g errgroup.Group
	for w := min(runtime.GOMAXPROCS(0), nb); w > 0; w-- {
		g.Go(work)
	}
	if err := g.Wait(); err != nil {
		for _, r := range out {
			if r != nil {
				r.Release()
			}
		}
		return nil, err
	}
	return out, nil
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// fieldAt returns field f of row i of the slice rv (addressable).
func fieldAt(rv reflect.Value, i int, f *field) reflect.Value {
	e := rv.Index(i)
	if len(f.index) == 1 {
		return e.Field(f.index[0])
	}
	return e.FieldByIndex(f.index)
}

func encodeColumn(f *field, b array.Builder, rv reflect.Value, lo, hi int) error {
	if f.wrap == wPlain {
		return encodePlain(f, b, rv, lo, hi)
	}
	b.Reserve(hi - lo)
	for i := lo; i < hi; i++ {
		if err := appendValue(f, b, fieldAt(rv, i, f)); err != nil {
			return rowErr(f, i, err)
		}
	}
	return nil
}

// appendValue appends v, of f's Go type (wrap included), to b.
func appendValue(f *field, b array.Builder, v reflect.Value) error {
	switch f.wrap {
	case wPtr:
		if v.IsNil() {
			b.AppendNull()
			return nil
		}
		return appendScalar(f, b, v.Elem())
	case wNullable:
		if !v.Field(1).Bool() {
			b.AppendNull()
			return nil
		}
		return appendScalar(f, b, v.Field(0))
	case wList:
		lb := b.(*array.ListBuilder)
		if v.IsNil() {
			lb.AppendNull()
			return nil
		}
		lb.Append(true)
		vb := lb.ValueBuilder()
		n := v.Len()
		vb.Reserve(n)
		for k := 0; k < n; k++ {
			e := v.Index(k)
			if f.elemPtr {
				if e.IsNil() {
					vb.AppendNull()
					continue
				}
				e = e.Elem()
			}
			if err := appendScalar(f, vb, e); err != nil {
				return err
			}
		}
		return nil
	}
	return appendScalar(f, b, v)
}

func rowErr(f *field, i int, err error) error {
	return fmt.Errorf("frames/rows: row %d field %s: %w", i, f.goName, err)
}

// encodePlain has one tight loop per kind for non-nullable fields.
func encodePlain(f *field, b array.Builder, rv reflect.Value, lo, hi int) error {
	n := hi - lo
	switch f.kind {
	case kInt64, kUint32:
		bb := b.(*array.Int64Builder)
		bb.Reserve(n)
		if f.kind == kUint32 {
			for i := lo; i < hi; i++ {
				bb.UnsafeAppend(int64(fieldAt(rv, i, f).Uint()))
			}
			return nil
		}
		for i := lo; i < hi; i++ {
			bb.UnsafeAppend(fieldAt(rv, i, f).Int())
		}
	case kInt32:
		bb := b.(*array.Int32Builder)
		bb.Reserve(n)
		for i := lo; i < hi; i++ {
			bb.UnsafeAppend(int32(fieldAt(rv, i, f).Int()))
		}
	case kFloat64:
		bb := b.(*array.Float64Builder)
		bb.Reserve(n)
		for i := lo; i < hi; i++ {
			bb.UnsafeAppend(fieldAt(rv, i, f).Float())
		}
	case kString:
		bb := b.(*array.StringBuilder)
		bb.Reserve(n)
		total := 0
		for i := lo; i < hi; i++ {
			total += fieldAt(rv, i, f).Len()
		}
		bb.ReserveData(total)
		for i := lo; i < hi; i++ {
			bb.Append(fieldAt(rv, i, f).String())
		}
	case kTimestamp:
		bb := b.(*array.TimestampBuilder)
		bb.Reserve(n)
		for i := lo; i < hi; i++ {
			t := fieldAt(rv, i, f).Addr().Interface().(*time.Time)
			bb.UnsafeAppend(arrow.Timestamp(t.UnixMicro()))
		}
	default:
		b.Reserve(n)
		for i := lo; i < hi; i++ {
			if err := appendScalar(f, b, fieldAt(rv, i, f)); err != nil {
				return rowErr(f, i, err)
			}
		}
	}
	return nil
}

// appendScalar appends the scalar v (addressable, of f.scalar's type) to b.
func appendScalar(f *field, b array.Builder, v reflect.Value) error {
	switch f.kind {
	case kBool:
		b.(*array.BooleanBuilder).Append(v.Bool())
	case kInt8:
		b.(*array.Int8Builder).Append(int8(v.Int()))
	case kInt16:
		b.(*array.Int16Builder).Append(int16(v.Int()))
	case kInt32:
		b.(*array.Int32Builder).Append(int32(v.Int()))
	case kInt64:
		b.(*array.Int64Builder).Append(v.Int())
	case kUint8:
		b.(*array.Int16Builder).Append(int16(v.Uint()))
	case kUint16:
		b.(*array.Int32Builder).Append(int32(v.Uint()))
	case kUint32:
		b.(*array.Int64Builder).Append(int64(v.Uint()))
	case kUint64:
		u := v.Uint()
		if u > math.MaxInt64 {
			return fmt.Errorf("value %d overflows int64", u)
		}
		b.(*array.Int64Builder).Append(int64(u))
	case kFloat32:
		b.(*array.Float32Builder).Append(float32(v.Float()))
	case kFloat64:
		b.(*array.Float64Builder).Append(v.Float())
	case kString:
		b.(*array.StringBuilder).Append(v.String())
	case kBinary:
		if v.IsNil() {
			b.AppendNull()
		} else {
			b.(*array.BinaryBuilder).Append(v.Bytes())
		}
	case kTimestamp:
		t := v.Addr().Interface().(*time.Time)
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
	case kDate32:
		b.(*array.Date32Builder).Append(arrow.Date32(v.Int()))
	case kDate:
		d := v.Addr().Interface().(*Date)
		b.(*array.Date32Builder).Append(d.Date32())
	case kDecimal:
		n := *v.Addr().Interface().(*decimal128.Num)
		dt := b.Type().(*arrow.Decimal128Type)
		if !n.FitsInPrecision(dt.Precision) {
			return fmt.Errorf("value %s does not fit %s", n.ToString(dt.Scale), dt)
		}
		b.(*array.Decimal128Builder).Append(n)
	default:
		return fmt.Errorf("kind %d not encodable", f.kind)
	}
	return nil
}
