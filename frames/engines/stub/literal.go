package stub

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/sealane/sealane/frames/plan"
)

// literal repeats a constant n times as an array of the literal's type.
func (x *executor) literal(l plan.Literal, n int) (arrow.Array, error) {
	typ := l.Type
	if typ == nil {
		typ = arrow.Null
	}
	if l.Value == nil {
		return array.MakeArrayOfNull(x.mem, typ, n), nil
	}
	b := array.NewBuilder(x.mem, typ)
	defer b.Release()
	b.Reserve(n)
	for range n {
		if err := appendValue(b, l.Value); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

// appendValue appends one Go value of a plan.Literal to a builder of the
// literal's type, converting numbers between widths.
func appendValue(b array.Builder, v any) error {
	bad := func() error {
		return fmt.Errorf("frames/stub: literal %v (%T) does not fit %s", v, v, b.Type())
	}
	switch b := b.(type) {
	case *array.BooleanBuilder:
		x, ok := v.(bool)
		if !ok {
			return bad()
		}
		b.Append(x)
	case *array.Int8Builder:
		x, ok := asInt(v)
		if !ok {
			return bad()
		}
		b.Append(int8(x))
	case *array.Int16Builder:
		x, ok := asInt(v)
		if !ok {
			return bad()
		}
		b.Append(int16(x))
	case *array.Int32Builder:
		x, ok := asInt(v)
		if !ok {
			return bad()
		}
		b.Append(int32(x))
	case *array.Int64Builder:
		x, ok := asInt(v)
		if !ok {
			return bad()
		}
		b.Append(x)
	case *array.Float32Builder:
		x, ok := asFloat(v)
		if !ok {
			return bad()
		}
		b.Append(float32(x))
	case *array.Float64Builder:
		x, ok := asFloat(v)
		if !ok {
			return bad()
		}
		b.Append(x)
	case *array.StringBuilder:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		b.Append(x)
	case *array.BinaryBuilder:
		x, ok := v.([]byte)
		if !ok {
			return bad()
		}
		b.Append(x)
	case *array.Date32Builder:
		switch x := v.(type) {
		case arrow.Date32:
			b.Append(x)
		case time.Time:
			b.Append(arrow.Date32FromTime(x))
		default:
			return bad()
		}
	case *array.TimestampBuilder:
		x, ok := v.(time.Time)
		if !ok {
			return bad()
		}
		ts, err := arrow.TimestampFromTime(x, b.Type().(*arrow.TimestampType).Unit)
		if err != nil {
			return fmt.Errorf("frames/stub: literal %v: %w", x, err)
		}
		b.Append(ts)
	case *array.Decimal128Builder:
		x, ok := v.(decimal128.Num)
		if !ok {
			return bad()
		}
		b.Append(x)
	default:
		return unsupported("literal of type "+b.Type().String(), "")
	}
	return nil
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	if i, ok := asInt(v); ok {
		return float64(i), true
	}
	return 0, false
}
