package rows

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// Decode reads every batch of r into a []T. It checks r's schema with Check
// before reading anything and stops when ctx ends. It does not release r.
func Decode[T any](ctx context.Context, r array.RecordReader) ([]T, error) {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if err := p.check(r.Schema()); err != nil {
		return nil, err
	}
	// Decode each batch into its own slice, then copy once into a slice of
	// the exact total: no repeated regrowth of a large []T.
	var parts [][]T
	total := 0
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("frames/rows: decode: %w", err)
		}
		part, err := decodeAppend[T](p, nil, r.RecordBatch())
		if err != nil {
			// Row numbers inside err count from the batch's first row.
			return nil, fmt.Errorf("%w (in the batch starting at row %d of the stream)", err, total)
		}
		parts = append(parts, part)
		total += len(part)
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("frames/rows: decode: reading: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("frames/rows: decode: %w", err)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	out := make([]T, 0, total)
	for i, part := range parts {
		out = append(out, part...)
		parts[i] = nil // let the part go while copying the rest
	}
	return out, nil
}

// DecodeBatch decodes one batch into a new []T (after Check). The values
// do not alias the batch's memory; the caller may release it at once.
func DecodeBatch[T any](rec arrow.RecordBatch) ([]T, error) {
	return DecodeAppend[T](nil, rec)
}

// DecodeAppend decodes rec (after Check) and appends its rows to dst.
func DecodeAppend[T any](dst []T, rec arrow.RecordBatch) ([]T, error) {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if err := p.check(rec.Schema()); err != nil {
		return nil, err
	}
	return decodeAppend(p, dst, rec)
}

func decodeAppend[T any](p *structPlan, dst []T, rec arrow.RecordBatch) ([]T, error) {
	n := int(rec.NumRows())
	base := len(dst)
	dst = slices.Grow(dst, n)[:base+n]
	rv := reflect.ValueOf(dst)
	schema := rec.Schema()
	for c := 0; c < int(rec.NumCols()); c++ {
		f := &p.fields[p.byName[schema.Field(c).Name]]
		if err := decodeColumn(f, rec.Column(c), rv, base); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// setter sets dst (addressable, of the field's scalar type) from row i of
// the array it was built for.
type setter func(dst reflect.Value, i int) error

func decodeColumn(f *field, arr arrow.Array, rv reflect.Value, base int) error {
	n := arr.Len()
	if f.wrap == wList {
		return decodeList(f, arr.(*array.List), rv, base)
	}
	if f.wrap == wPlain && arr.NullN() == 0 {
		if decodeFast(f, arr, rv, base) {
			return nil
		}
	}
	set, err := scalarSetter(f, arr)
	if err != nil {
		return err
	}
	var backing reflect.Value // wPtr: one allocation for all pointees
	if f.wrap == wPtr {
		backing = reflect.MakeSlice(reflect.SliceOf(f.scalar), n, n)
	}
	for i := 0; i < n; i++ {
		v := fieldAt(rv, base+i, f)
		if arr.IsNull(i) {
			if f.wrap == wPlain && f.kind != kBinary {
				return fmt.Errorf("frames/rows: row %d: NULL in column %q for non-nullable field %s", i, f.name, f.goName)
			}
			continue // zero value: nil pointer, invalid Nullable, nil slice
		}
		switch f.wrap {
		case wPtr:
			e := backing.Index(i)
			if err := set(e, i); err != nil {
				return err
			}
			v.Set(e.Addr())
		case wNullable:
			if err := set(v.Field(0), i); err != nil {
				return err
			}
			v.Field(1).SetBool(true)
		default:
			if err := set(v, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeFast handles the common non-null plain columns without closures.
func decodeFast(f *field, arr arrow.Array, rv reflect.Value, base int) bool {
	switch a := arr.(type) {
	case *array.Int64:
		if f.kind != kInt64 {
			return false
		}
		for i, x := range a.Int64Values() {
			fieldAt(rv, base+i, f).SetInt(x)
		}
	case *array.Float64:
		if f.kind != kFloat64 {
			return false
		}
		for i, x := range a.Float64Values() {
			fieldAt(rv, base+i, f).SetFloat(x)
		}
	case *array.Timestamp:
		if f.kind != kTimestamp || a.DataType().(*arrow.TimestampType).Unit != arrow.Microsecond {
			return false
		}
		for i, x := range a.TimestampValues() {
			*fieldAt(rv, base+i, f).Addr().Interface().(*time.Time) = time.UnixMicro(int64(x)).UTC()
		}
	default:
		return false
	}
	return true
}

func decodeList(f *field, a *array.List, rv reflect.Value, base int) error {
	values := a.ListValues()
	set, err := scalarSetter(f, values)
	if err != nil {
		return err
	}
	offsets := a.Offsets()
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			continue
		}
		lo, hi := int(offsets[i]), int(offsets[i+1])
		s := reflect.MakeSlice(f.typ, hi-lo, hi-lo)
		for k := lo; k < hi; k++ {
			e := s.Index(k - lo)
			if values.IsNull(k) {
				if !f.elemPtr {
					return fmt.Errorf("frames/rows: row %d: NULL list element in column %q for field %s (%v): use a slice of pointers", i, f.name, f.goName, f.typ)
				}
				continue
			}
			if f.elemPtr {
				ptr := reflect.New(f.scalar)
				if err := set(ptr.Elem(), k); err != nil {
					return err
				}
				e.Set(ptr)
				continue
			}
			if err := set(e, k); err != nil {
				return err
			}
		}
		fieldAt(rv, base+i, f).Set(s)
	}
	return nil
}

// scalarSetter builds the setter for arr's type into f's scalar kind.
func scalarSetter(f *field, arr arrow.Array) (setter, error) {
	switch a := arr.(type) {
	case *array.Boolean:
		return func(d reflect.Value, i int) error { d.SetBool(a.Value(i)); return nil }, nil
	case *array.Int8:
		return intSetter(f, func(i int) int64 { return int64(a.Value(i)) }), nil
	case *array.Int16:
		return intSetter(f, func(i int) int64 { return int64(a.Value(i)) }), nil
	case *array.Int32:
		return intSetter(f, func(i int) int64 { return int64(a.Value(i)) }), nil
	case *array.Int64:
		return intSetter(f, func(i int) int64 { return a.Value(i) }), nil
	case *array.Float32:
		return func(d reflect.Value, i int) error { d.SetFloat(float64(a.Value(i))); return nil }, nil
	case *array.Float64:
		return func(d reflect.Value, i int) error { d.SetFloat(a.Value(i)); return nil }, nil
	case *array.String:
		// One copy of the batch's string data; values are substrings of it.
		data, offs := string(a.ValueBytes()), a.ValueOffsets()
		first := int(offs[0])
		return func(d reflect.Value, i int) error {
			d.SetString(data[int(offs[i])-first : int(offs[i+1])-first])
			return nil
		}, nil
	case *array.Binary:
		data, offs := append(make([]byte, 0, len(a.ValueBytes())), a.ValueBytes()...), a.ValueOffsets()
		first := int(offs[0])
		return func(d reflect.Value, i int) error {
			lo, hi := int(offs[i])-first, int(offs[i+1])-first
			d.SetBytes(data[lo:hi:hi])
			return nil
		}, nil
	case *array.Timestamp:
		toTime, err := a.DataType().(*arrow.TimestampType).GetToTimeFunc()
		if err != nil {
			return nil, fmt.Errorf("frames/rows: column %q: %w", f.name, err)
		}
		return func(d reflect.Value, i int) error {
			*d.Addr().Interface().(*time.Time) = toTime(a.Value(i)).UTC()
			return nil
		}, nil
	case *array.Date32:
		if f.kind == kDate {
			return func(d reflect.Value, i int) error {
				*d.Addr().Interface().(*Date) = DateFromDate32(a.Value(i))
				return nil
			}, nil
		}
		return func(d reflect.Value, i int) error { d.SetInt(int64(a.Value(i))); return nil }, nil
	case *array.Decimal128:
		return func(d reflect.Value, i int) error {
			*d.Addr().Interface().(*decimal128.Num) = a.Value(i)
			return nil
		}, nil
	}
	return nil, fmt.Errorf("frames/rows: column %q: cannot decode %s into field %s", f.name, arr.DataType(), f.goName)
}

// intSetter sets signed or unsigned Go integers, range-checked.
func intSetter(f *field, get func(int) int64) setter {
	switch f.kind {
	case kUint8, kUint16, kUint32, kUint64:
		return func(d reflect.Value, i int) error {
			x := get(i)
			if x < 0 || d.OverflowUint(uint64(x)) {
				return fmt.Errorf("frames/rows: row %d: value %d of column %q overflows field %s (%v)", i, x, f.name, f.goName, d.Type())
			}
			d.SetUint(uint64(x))
			return nil
		}
	}
	return func(d reflect.Value, i int) error {
		x := get(i)
		if d.OverflowInt(x) {
			return fmt.Errorf("frames/rows: row %d: value %d of column %q overflows field %s (%v)", i, x, f.name, f.goName, d.Type())
		}
		d.SetInt(x)
		return nil
	}
}
