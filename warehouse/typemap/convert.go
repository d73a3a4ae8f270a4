package typemap

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Converter turns engine record batches into batches of the Databricks Arrow
// schema. Columns whose type already matches pass through without a copy.
type Converter struct {
	// Schema is the Databricks Arrow schema of the converted batches.
	Schema *arrow.Schema
	// Columns describes each column as the manifest reports it.
	Columns  []Column
	identity []bool
	mem      memory.Allocator
}

// NewConverter plans the conversion of batches of src. tz is the session time
// zone used for zoned timestamps.
func NewConverter(src *arrow.Schema, tz string, mem memory.Allocator) (*Converter, error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	c := &Converter{Columns: make([]Column, src.NumFields()), identity: make([]bool, src.NumFields()), mem: mem}
	fields := make([]arrow.Field, src.NumFields())
	for i, f := range src.Fields() {
		col, err := FromArrow(f.Type, tz)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", f.Name, err)
		}
		field := arrow.Field{Name: f.Name, Type: col.Arrow, Nullable: true}
		if IsVariant(f) && col.TypeName == "STRING" {
			col, field = variant(), MarkVariant(field)
		}
		if isYearMonth(f) {
			if col, err = FromArrow(arrow.FixedWidthTypes.MonthInterval, tz); err != nil {
				return nil, err
			}
			field.Type = col.Arrow
		}
		c.Columns[i] = col
		c.identity[i] = arrow.TypeEqual(f.Type, col.Arrow)
		fields[i] = field
	}
	c.Schema = arrow.NewSchema(fields, nil)
	return c, nil
}

// Convert returns rec in the Databricks schema. The caller releases the result.
func (c *Converter) Convert(ctx context.Context, rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, rec.NumCols())
	defer func() {
		for _, a := range cols {
			if a != nil {
				a.Release()
			}
		}
	}()
	for i := range cols {
		in := rec.Column(i)
		if c.identity[i] {
			in.Retain()
			cols[i] = in
			continue
		}
		out, err := convertArray(ctx, c.mem, in, c.Columns[i].Arrow)
		if err != nil {
			return nil, fmt.Errorf("typemap: column %q: %w", rec.ColumnName(i), err)
		}
		cols[i] = out
	}
	return array.NewRecordBatch(c.Schema, cols, rec.NumRows()), nil
}

// convertArray converts arr to target; the result is owned by the caller.
func convertArray(ctx context.Context, mem memory.Allocator, arr arrow.Array, target arrow.DataType) (arrow.Array, error) {
	if arrow.TypeEqual(arr.DataType(), target) {
		arr.Retain()
		return arr, nil
	}
	switch src := arr.DataType().(type) {
	case *arrow.TimestampType:
		if src.Unit == arrow.Microsecond {
			return relabel(arr, target, nil), nil
		}
	case *arrow.MonthDayNanoIntervalType:
		in := arr.(*array.MonthDayNanoInterval)
		if target.ID() == arrow.INTERVAL_MONTHS {
			// A year-month interval: its months (the engine's days and
			// nanoseconds are zero there).
			b := array.NewMonthIntervalBuilder(mem)
			defer b.Release()
			for i := 0; i < in.Len(); i++ {
				if in.IsNull(i) {
					b.AppendNull()
					continue
				}
				b.Append(arrow.MonthInterval(in.Value(i).Months))
			}
			return b.NewArray(), nil
		}
		b := array.NewDurationBuilder(mem, durMicros)
		defer b.Release()
		b.Reserve(in.Len())
		for i := 0; i < in.Len(); i++ {
			if in.IsNull(i) {
				b.AppendNull()
				continue
			}
			v := in.Value(i)
			// A month is counted as 30 days: Databricks has no interval mixing months and time.
			b.Append(arrow.Duration((int64(v.Months)*30+int64(v.Days))*int64(24*time.Hour/time.Microsecond) + v.Nanoseconds/1000))
		}
		return b.NewArray(), nil
	case *arrow.DayTimeIntervalType:
		in := arr.(*array.DayTimeInterval)
		b := array.NewDurationBuilder(mem, durMicros)
		defer b.Release()
		for i := 0; i < in.Len(); i++ {
			if in.IsNull(i) {
				b.AppendNull()
				continue
			}
			v := in.Value(i)
			b.Append(arrow.Duration(int64(v.Days)*int64(24*time.Hour/time.Microsecond) + int64(v.Milliseconds)*1000))
		}
		return b.NewArray(), nil
	case *arrow.Time32Type, *arrow.Time64Type:
		b := array.NewStringBuilder(mem)
		defer b.Release()
		for i := 0; i < arr.Len(); i++ {
			if arr.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.Append(arr.ValueStr(i))
		}
		return b.NewArray(), nil
	case *arrow.DictionaryType:
		dict := arr.(*array.Dictionary)
		values, err := convertArray(ctx, mem, dict.Dictionary(), target)
		if err != nil {
			return nil, err
		}
		defer values.Release()
		b := array.NewBuilder(mem, target)
		defer b.Release()
		for i := 0; i < dict.Len(); i++ {
			if dict.IsNull(i) {
				b.AppendNull()
				continue
			}
			if err := b.AppendValueFromString(values.ValueStr(dict.GetValueIndex(i))); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	case *arrow.MapType:
		tgt := target.(*arrow.MapType)
		entries := arr.(*array.Map).ListValues()
		conv, err := convertArray(ctx, mem, entries, tgt.Elem())
		if err != nil {
			return nil, err
		}
		defer conv.Release()
		return relabel(arr, target, []arrow.ArrayData{conv.Data()}), nil
	case *arrow.ListType:
		if tgt, ok := target.(*arrow.ListType); ok {
			conv, err := convertArray(ctx, mem, arr.(*array.List).ListValues(), tgt.Elem())
			if err != nil {
				return nil, err
			}
			defer conv.Release()
			return relabel(arr, target, []arrow.ArrayData{conv.Data()}), nil
		}
	case *arrow.StructType:
		tgt := target.(*arrow.StructType)
		st := arr.(*array.Struct)
		children := make([]arrow.ArrayData, st.NumField())
		for i := range children {
			conv, err := convertArray(ctx, mem, st.Field(i), tgt.Field(i).Type)
			if err != nil {
				return nil, err
			}
			defer conv.Release()
			children[i] = conv.Data()
		}
		return relabel(arr, target, children), nil
	}
	return rebuild(mem, arr, target)
}

// rebuild converts value by value, for the rare types that need a real change
// of representation (unsigned integers, other timestamp units, views).
func rebuild(mem memory.Allocator, arr arrow.Array, target arrow.DataType) (arrow.Array, error) {
	b := array.NewBuilder(mem, target)
	defer b.Release()
	b.Reserve(arr.Len())
	for i := 0; i < arr.Len(); i++ {
		if arr.IsNull(i) {
			b.AppendNull()
			continue
		}
		switch src := arr.(type) {
		case *array.Timestamp:
			unit := src.DataType().(*arrow.TimestampType).Unit
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(int64(src.Value(i)) * unitMicros(unit) / 1000))
		case *array.Date64:
			b.(*array.Date32Builder).Append(arrow.Date32FromTime(src.Value(i).ToTime()))
		case interface{ ValueBytes(int) []byte }:
			if bb, ok := b.(*array.BinaryBuilder); ok {
				bb.Append(src.ValueBytes(i))
				continue
			}
			if err := b.AppendValueFromString(arr.ValueStr(i)); err != nil {
				return nil, err
			}
		default:
			if err := b.AppendValueFromString(arr.ValueStr(i)); err != nil {
				return nil, fmt.Errorf("converting %s to %s: %w", arr.DataType(), target, err)
			}
		}
	}
	return b.NewArray(), nil
}

// unitMicros returns 1000 × the number of microseconds in one unit (so that
// nanoseconds divide exactly).
func unitMicros(u arrow.TimeUnit) int64 {
	switch u {
	case arrow.Second:
		return 1_000_000_000
	case arrow.Millisecond:
		return 1_000_000
	case arrow.Nanosecond:
		return 1
	}
	return 1000
}

// relabel returns arr's buffers under a new type (and optionally new children)
// without copying values.
func relabel(arr arrow.Array, target arrow.DataType, children []arrow.ArrayData) arrow.Array {
	d := arr.Data()
	if children == nil {
		children = d.Children()
	}
	nd := array.NewData(target, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
	defer nd.Release()
	return array.MakeFromData(nd)
}
