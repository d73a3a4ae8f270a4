package rows

import (
	"fmt"
	"reflect"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Column is a named column of Go values for FromColumns: a slice of one of
// the field types SchemaOf maps ([]int64, []*string, []Nullable[float64],
// []time.Time, [][]int32, …) or a []any.
//
// A []any column takes the type of its non-nil values: all integers give
// int64, integers and floats float64, all strings utf8, all bools bool,
// all time.Time timestamp[us, UTC], all []byte binary, all Date date32;
// all nil gives a column of NULLs; any other mix gives utf8 (values
// formatted as text), which the target type accepts only WithCoerce.
type Column struct {
	Name   string
	Values any
}

// FromColumns builds record batches with schema target from Go slices of
// equal length, through the same validation as Validate (same options and
// report; rows are numbered from 0). The caller releases the batches.
func FromColumns(cols []Column, target *arrow.Schema, opts ...Option) ([]arrow.RecordBatch, *Report, error) {
	cfg := newConfig(opts)
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	defer func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}()
	n := -1
	for i, c := range cols {
		var hint arrow.DataType
		if f, ok := target.FieldsByName(c.Name); ok {
			hint = f[0].Type
		}
		a, err := sliceToArray(cfg.mem, c.Values, hint)
		if err != nil {
			return nil, nil, fmt.Errorf("frames/rows: column %q: %w", c.Name, err)
		}
		arrs[i] = a
		if n >= 0 && a.Len() != n {
			return nil, nil, fmt.Errorf("frames/rows: column %q has %d values, column %q has %d", c.Name, a.Len(), cols[0].Name, n)
		}
		n = a.Len()
		fields[i] = arrow.Field{Name: c.Name, Type: a.DataType(), Nullable: a.NullN() > 0 || a.DataType().ID() == arrow.NULL}
	}
	if n < 0 {
		n = 0
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n))
	defer rec.Release()
	var batches []arrow.RecordBatch
	for lo := 0; lo == 0 || lo < n; lo += cfg.batchRows { // no rows: one empty batch
		batches = append(batches, rec.NewSlice(int64(lo), int64(min(lo+cfg.batchRows, n))))
	}
	defer releaseAll(batches)
	return Validate(target, batches, opts...)
}

// FromMap is FromColumns with the columns of a map: the target's columns
// first in target order, then any others by name (reported as unknown).
func FromMap(m map[string]any, target *arrow.Schema, opts ...Option) ([]arrow.RecordBatch, *Report, error) {
	var cols []Column
	for _, f := range target.Fields() {
		if v, ok := m[f.Name]; ok {
			cols = append(cols, Column{f.Name, v})
		}
	}
	var extra []string
	for name := range m {
		if !target.HasField(name) {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	for _, name := range extra {
		cols = append(cols, Column{name, m[name]})
	}
	return FromColumns(cols, target, opts...)
}

var anyType = reflect.TypeFor[any]()

// sliceToArray converts a Go slice to an Arrow array of its natural type;
// hint supplies precision and scale for decimal128.Num values.
func sliceToArray(mem memory.Allocator, values any, hint arrow.DataType) (arrow.Array, error) {
	rv := reflect.ValueOf(values)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("values must be a slice, got %T", values)
	}
	if rv.Type().Elem() == anyType {
		return anyToArray(mem, values.([]any))
	}
	f := field{name: "values", goName: "values", typ: rv.Type().Elem()}
	opts := ""
	if dt, ok := hint.(*arrow.Decimal128Type); ok {
		opts = fmt.Sprintf("decimal(%d,%d)", dt.Precision, dt.Scale)
	} else if lt, ok := hint.(*arrow.ListType); ok {
		if dt, ok := lt.Elem().(*arrow.Decimal128Type); ok {
			opts = fmt.Sprintf("decimal(%d,%d)", dt.Precision, dt.Scale)
		}
	}
	if err := classify(&f, opts); err != nil {
		if opts == "" {
			return nil, err
		}
		if err := classify(&f, ""); err != nil {
			return nil, err
		}
	}
	b := array.NewBuilder(mem, f.arrow)
	defer b.Release()
	b.Reserve(rv.Len())
	for i := 0; i < rv.Len(); i++ {
		if err := appendValue(&f, b, rv.Index(i)); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
	}
	return b.NewArray(), nil
}

// anyToArray infers a type for []any (see Column) and builds the array.
func anyToArray(mem memory.Allocator, vals []any) (arrow.Array, error) {
	var ints, floats, strs, bools, times, bins, dates, other int
	for _, v := range vals {
		switch v.(type) {
		case nil:
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			ints++
		case float32, float64:
			floats++
		case string:
			strs++
		case bool:
			bools++
		case time.Time:
			times++
		case []byte:
			bins++
		case Date:
			dates++
		default:
			other++
		}
	}
	nonNil := ints + floats + strs + bools + times + bins + dates + other
	var typ arrow.DataType
	switch nonNil {
	case 0:
		return array.NewNull(len(vals)), nil
	case ints:
		typ = arrow.PrimitiveTypes.Int64
	case ints + floats:
		typ = arrow.PrimitiveTypes.Float64
	case strs:
		typ = arrow.BinaryTypes.String
	case bools:
		typ = arrow.FixedWidthTypes.Boolean
	case times:
		typ = arrowTypeOf(kTimestamp)
	case bins:
		typ = arrow.BinaryTypes.Binary
	case dates:
		typ = arrow.FixedWidthTypes.Date32
	default:
		typ = arrow.BinaryTypes.String
	}
	b := array.NewBuilder(mem, typ)
	defer b.Release()
	b.Reserve(len(vals))
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		rv := reflect.ValueOf(v)
		switch bb := b.(type) {
		case *array.Int64Builder:
			if rv.CanInt() {
				bb.Append(rv.Int())
			} else if u := rv.Uint(); u <= 1<<63-1 {
				bb.Append(int64(u))
			} else {
				return nil, fmt.Errorf("value %d overflows int64", u)
			}
		case *array.Float64Builder:
			switch {
			case rv.CanInt():
				bb.Append(float64(rv.Int()))
			case rv.CanUint():
				bb.Append(float64(rv.Uint()))
			default:
				bb.Append(rv.Float())
			}
		case *array.BooleanBuilder:
			bb.Append(v.(bool))
		case *array.TimestampBuilder:
			bb.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
		case *array.BinaryBuilder:
			bb.Append(v.([]byte))
		case *array.Date32Builder:
			bb.Append(v.(Date).Date32())
		case *array.StringBuilder:
			bb.Append(formatAny(v))
		}
	}
	return b.NewArray(), nil
}

func formatAny(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}
