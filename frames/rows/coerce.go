package rows

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// class groups Arrow types for coercion.
type class uint8

const (
	cOther class = iota
	cBool
	cInt
	cFloat
	cString
	cBinary
	cTimestamp
	cDate
	cDecimal
	cList
)

func classOf(t arrow.DataType) class {
	switch t.ID() {
	case arrow.BOOL:
		return cBool
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
		return cInt
	case arrow.FLOAT32, arrow.FLOAT64:
		return cFloat
	case arrow.STRING, arrow.LARGE_STRING:
		return cString
	case arrow.BINARY, arrow.LARGE_BINARY:
		return cBinary
	case arrow.TIMESTAMP:
		return cTimestamp
	case arrow.DATE32:
		return cDate
	case arrow.DECIMAL128:
		return cDecimal
	case arrow.LIST:
		return cList
	}
	return cOther
}

// coercible reports whether WithCoerce may convert from → to.
func coercible(from, to arrow.DataType) bool {
	fc := classOf(from)
	if fc == cOther || from.ID() == arrow.NULL {
		return from.ID() == arrow.NULL // an all-NULL column fits anything
	}
	switch classOf(to) {
	case cInt, cFloat, cDecimal:
		return fc == cInt || fc == cFloat || fc == cString || fc == cBool || fc == cDecimal
	case cBool:
		return fc == cBool || fc == cInt || fc == cString
	case cString:
		return fc != cList
	case cBinary:
		return fc == cString || fc == cBinary
	case cTimestamp, cDate:
		return fc == cTimestamp || fc == cDate || fc == cString
	case cList:
		return fc == cList && compute.CanCast(from, to)
	}
	return false
}

// failure is a value that did not convert.
type failure struct {
	row    int
	reason string
}

// coerceArray converts a to type to. It tries arrow's vectorised cast
// first where it fits and falls back to a per-value conversion that
// reports each failing row (set to NULL in the result).
func coerceArray(ctx context.Context, a arrow.Array, to arrow.DataType, mem memory.Allocator) (arrow.Array, []failure, error) {
	fc, tc := classOf(a.DataType()), classOf(to)
	if a.DataType().ID() == arrow.NULL {
		return array.MakeArrayOfNull(mem, to, a.Len()), nil, nil
	}
	if fc == cList {
		out, err := compute.CastArray(ctx, a, compute.SafeCastOptions(to))
		if err != nil {
			return nil, nil, fmt.Errorf("cannot coerce %s to %s: %w", a.DataType(), to, err)
		}
		return out, nil, nil
	}
	numeric := func(c class) bool { return c == cInt || c == cFloat }
	// arrow's safe cast checks integer overflow and float truncation but
	// not float64 → float32 overflow: float32 targets take the row path.
	if (numeric(fc) || fc == cString) && numeric(tc) && to.ID() != arrow.FLOAT32 || fc == cTimestamp && tc == cTimestamp {
		if out, err := compute.CastArray(ctx, a, compute.SafeCastOptions(to)); err == nil {
			return out, nil, nil
		}
	}
	return coerceRows(a, to, mem)
}

// cell is one source value, widened.
type cell struct {
	c     class
	i     int64
	f     float64
	s     string
	b     bool
	t     time.Time
	d     decimal128.Num
	scale int32
}

func coerceRows(a arrow.Array, to arrow.DataType, mem memory.Allocator) (arrow.Array, []failure, error) {
	get, err := cellReader(a)
	if err != nil {
		return nil, nil, err
	}
	b := array.NewBuilder(mem, to)
	defer b.Release()
	b.Reserve(a.Len())
	var fails []failure
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		if err := putCell(b, to, get(i)); err != nil {
			fails = append(fails, failure{row: i, reason: err.Error()})
			b.AppendNull()
		}
	}
	return b.NewArray(), fails, nil
}

func cellReader(a arrow.Array) (func(int) cell, error) {
	switch a := a.(type) {
	case *array.Boolean:
		return func(i int) cell { return cell{c: cBool, b: a.Value(i)} }, nil
	case *array.Int8:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Int16:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Int32:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Int64:
		return func(i int) cell { return cell{c: cInt, i: a.Value(i)} }, nil
	case *array.Uint8:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Uint16:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Uint32:
		return func(i int) cell { return cell{c: cInt, i: int64(a.Value(i))} }, nil
	case *array.Uint64:
		return func(i int) cell {
			u := a.Value(i)
			if u > math.MaxInt64 {
				return cell{c: cFloat, f: float64(u)} // reported as out of range by int targets
			}
			return cell{c: cInt, i: int64(u)}
		}, nil
	case *array.Float32:
		return func(i int) cell { return cell{c: cFloat, f: float64(a.Value(i))} }, nil
	case *array.Float64:
		return func(i int) cell { return cell{c: cFloat, f: a.Value(i)} }, nil
	case *array.String:
		return func(i int) cell { return cell{c: cString, s: a.Value(i)} }, nil
	case *array.LargeString:
		return func(i int) cell { return cell{c: cString, s: a.Value(i)} }, nil
	case *array.Binary:
		return func(i int) cell { return cell{c: cBinary, s: string(a.Value(i))} }, nil
	case *array.Timestamp:
		toTime, err := a.DataType().(*arrow.TimestampType).GetToTimeFunc()
		if err != nil {
			return nil, err
		}
		return func(i int) cell { return cell{c: cTimestamp, t: toTime(a.Value(i)).UTC()} }, nil
	case *array.Date32:
		return func(i int) cell { return cell{c: cDate, t: a.Value(i).ToTime()} }, nil
	case *array.Decimal128:
		scale := a.DataType().(*arrow.Decimal128Type).Scale
		return func(i int) cell { return cell{c: cDecimal, d: a.Value(i), scale: scale} }, nil
	}
	return nil, fmt.Errorf("cannot coerce from %s", a.DataType())
}

// putCell converts c to type to and appends it to b; on error it appends
// nothing.
func putCell(b array.Builder, to arrow.DataType, c cell) error {
	switch bb := b.(type) {
	case *array.Int8Builder:
		return put(bb.Append, func() (int8, error) { x, err := toInt(c, math.MinInt8, math.MaxInt8); return int8(x), err })
	case *array.Int16Builder:
		return put(bb.Append, func() (int16, error) { x, err := toInt(c, math.MinInt16, math.MaxInt16); return int16(x), err })
	case *array.Int32Builder:
		return put(bb.Append, func() (int32, error) { x, err := toInt(c, math.MinInt32, math.MaxInt32); return int32(x), err })
	case *array.Int64Builder:
		return put(bb.Append, func() (int64, error) { return toInt(c, math.MinInt64, math.MaxInt64) })
	case *array.Float32Builder:
		return put(bb.Append, func() (float32, error) {
			x, err := toFloat(c)
			if err == nil && !math.IsInf(x, 0) && math.IsInf(float64(float32(x)), 0) {
				err = fmt.Errorf("out of float32 range")
			}
			return float32(x), err
		})
	case *array.Float64Builder:
		return put(bb.Append, func() (float64, error) { return toFloat(c) })
	case *array.BooleanBuilder:
		return put(bb.Append, func() (bool, error) { return toBool(c) })
	case *array.StringBuilder:
		return put(bb.Append, func() (string, error) { return toString(c) })
	case *array.BinaryBuilder:
		bb.Append([]byte(c.s))
		return nil
	case *array.TimestampBuilder:
		return put(bb.Append, func() (arrow.Timestamp, error) {
			t, err := toTime(c, false)
			if err != nil {
				return 0, err
			}
			return timestampIn(t, to.(*arrow.TimestampType).Unit)
		})
	case *array.Date32Builder:
		return put(bb.Append, func() (arrow.Date32, error) { t, err := toTime(c, true); return arrow.Date32FromTime(t), err })
	case *array.Decimal128Builder:
		return put(bb.Append, func() (decimal128.Num, error) { return toDecimal(c, to.(*arrow.Decimal128Type)) })
	}
	return fmt.Errorf("cannot coerce to %s", to)
}

func put[V any](appendFn func(V), conv func() (V, error)) error {
	v, err := conv()
	if err != nil {
		return err
	}
	appendFn(v)
	return nil
}

func toInt(c cell, lo, hi int64) (int64, error) {
	var x int64
	switch c.c {
	case cInt:
		x = c.i
	case cBool:
		if c.b {
			x = 1
		}
	case cDecimal:
		n, err := c.d.Rescale(c.scale, 0)
		if err != nil || !n.BigInt().IsInt64() {
			return 0, fmt.Errorf("%s is not an integer in range", c.d.ToString(c.scale))
		}
		x = n.BigInt().Int64()
	case cString:
		if i, err := strconv.ParseInt(strings.TrimSpace(c.s), 10, 64); err == nil {
			x = i
			break
		}
		fallthrough // "1e3", "2.0": through float, checked for a fraction
	case cFloat:
		f, err := toFloat(c)
		if err != nil {
			return 0, err
		}
		if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return 0, fmt.Errorf("%v is not an integer in range", f)
		}
		x = int64(f)
	default:
		return 0, fmt.Errorf("not a number")
	}
	if x < lo || x > hi {
		return 0, fmt.Errorf("%d is out of range [%d, %d]", x, lo, hi)
	}
	return x, nil
}

func toFloat(c cell) (float64, error) {
	switch c.c {
	case cInt:
		return float64(c.i), nil
	case cFloat:
		return c.f, nil
	case cBool:
		if c.b {
			return 1, nil
		}
		return 0, nil
	case cDecimal:
		return c.d.ToFloat64(c.scale), nil
	case cString:
		f, err := strconv.ParseFloat(strings.TrimSpace(c.s), 64)
		if err != nil {
			return 0, fmt.Errorf("not a number")
		}
		return f, nil
	}
	return 0, fmt.Errorf("not a number")
}

func toBool(c cell) (bool, error) {
	switch c.c {
	case cBool:
		return c.b, nil
	case cInt:
		if c.i == 0 || c.i == 1 {
			return c.i == 1, nil
		}
	case cString:
		if b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(c.s))); err == nil {
			return b, nil
		}
	}
	return false, fmt.Errorf("not a boolean (true/false/1/0)")
}

func toString(c cell) (string, error) {
	switch c.c {
	case cInt:
		return strconv.FormatInt(c.i, 10), nil
	case cFloat:
		return strconv.FormatFloat(c.f, 'g', -1, 64), nil
	case cBool:
		return strconv.FormatBool(c.b), nil
	case cString:
		return c.s, nil
	case cBinary:
		if !utf8.ValidString(c.s) {
			return "", fmt.Errorf("binary value is not valid UTF-8")
		}
		return c.s, nil
	case cTimestamp:
		return c.t.Format(time.RFC3339Nano), nil
	case cDate:
		return c.t.Format(time.DateOnly), nil
	case cDecimal:
		return c.d.ToString(c.scale), nil
	}
	return "", fmt.Errorf("not convertible to string")
}

// timeLayouts are the accepted string forms of timestamps, in order;
// strings without a zone are read as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

func toTime(c cell, date bool) (time.Time, error) {
	switch c.c {
	case cTimestamp, cDate:
		return c.t, nil
	case cString:
		s := strings.TrimSpace(c.s)
		if date {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return time.Time{}, fmt.Errorf("not a date (YYYY-MM-DD)")
			}
			return t, nil
		}
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("not a timestamp (RFC 3339 or YYYY-MM-DD[ hh:mm:ss])")
	}
	return time.Time{}, fmt.Errorf("not a timestamp")
}

// timestampIn converts t to unit without losing precision.
func timestampIn(t time.Time, unit arrow.TimeUnit) (arrow.Timestamp, error) {
	ns := int64(t.Nanosecond())
	switch unit {
	case arrow.Second:
		if ns != 0 {
			return 0, fmt.Errorf("sub-second precision would be lost")
		}
		return arrow.Timestamp(t.Unix()), nil
	case arrow.Millisecond:
		if ns%1e6 != 0 {
			return 0, fmt.Errorf("sub-millisecond precision would be lost")
		}
		return arrow.Timestamp(t.UnixMilli()), nil
	case arrow.Microsecond:
		if ns%1e3 != 0 {
			return 0, fmt.Errorf("sub-microsecond precision would be lost")
		}
		return arrow.Timestamp(t.UnixMicro()), nil
	}
	return arrow.Timestamp(t.UnixNano()), nil
}

func toDecimal(c cell, dt *arrow.Decimal128Type) (decimal128.Num, error) {
	var (
		n   decimal128.Num
		err error
	)
	switch c.c {
	case cInt, cBool:
		var x int64
		x, err = toInt(c, math.MinInt64, math.MaxInt64)
		if err == nil {
			n, err = decimal128.FromI64(x).Rescale(0, dt.Scale)
		}
	case cFloat:
		n, err = decimal128.FromFloat64(c.f, dt.Precision, dt.Scale)
	case cString:
		n, err = decimal128.FromString(strings.TrimSpace(c.s), dt.Precision, dt.Scale)
	case cDecimal:
		n, err = c.d.Rescale(c.scale, dt.Scale)
	default:
		err = fmt.Errorf("not a number")
	}
	if err == nil && !n.FitsInPrecision(dt.Precision) {
		err = fmt.Errorf("does not fit %s", dt)
	}
	if err != nil {
		return decimal128.Num{}, fmt.Errorf("not a %s: %w", dt, err)
	}
	return n, nil
}
