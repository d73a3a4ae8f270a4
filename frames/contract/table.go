package contract

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/plan"
)

// Table is literal data: input rows for a source, or the expected output of
// a case. Cols are "name:type" with the type written as plan.TypeName
// renders it (int32, float64, string, bool, binary, date, timestamp,
// timestamp[UTC], decimal(p,s), list<T>). Rows hold Go values: nil for
// NULL, bool, any Go integer, float64, string, []byte, [Date], [TS],
// [Dec] and []any for lists.
type Table struct {
	Cols []string
	Rows [][]any
}

// T builds a Table from column specs and rows.
func T(cols []string, rows ...[]any) Table { return Table{Cols: cols, Rows: rows} }

// Cols is shorthand for a column spec list.
func Cols(specs ...string) []string { return specs }

// R is shorthand for one row.
func R(vals ...any) []any { return vals }

// Date is a date value written "2006-01-02".
type Date string

// TS is a timestamp value written "2006-01-02 15:04:05[.999999]"; it is
// read as UTC for timestamp[UTC] columns and as a naive wall time otherwise.
type TS string

// Dec is a decimal value written with exactly the column's scale, e.g.
// Dec("12.50") for decimal(10,2).
type Dec string

// Schema is the Arrow schema of the table's columns, all nullable.
func (tb Table) Schema() (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(tb.Cols))
	for i, spec := range tb.Cols {
		name, typ, ok := strings.Cut(spec, ":")
		if !ok {
			return nil, fmt.Errorf("contract: column spec %q is not name:type", spec)
		}
		dt, err := ParseType(typ)
		if err != nil {
			return nil, err
		}
		fields[i] = arrow.Field{Name: name, Type: dt, Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

// ParseType reads a type name as plan.TypeName writes it.
func ParseType(s string) (arrow.DataType, error) {
	switch s {
	case "bool":
		return arrow.FixedWidthTypes.Boolean, nil
	case "int8":
		return arrow.PrimitiveTypes.Int8, nil
	case "int16":
		return arrow.PrimitiveTypes.Int16, nil
	case "int32":
		return arrow.PrimitiveTypes.Int32, nil
	case "int64":
		return arrow.PrimitiveTypes.Int64, nil
	case "float32":
		return arrow.PrimitiveTypes.Float32, nil
	case "float64":
		return arrow.PrimitiveTypes.Float64, nil
	case "string":
		return arrow.BinaryTypes.String, nil
	case "binary":
		return arrow.BinaryTypes.Binary, nil
	case "date":
		return arrow.FixedWidthTypes.Date32, nil
	case "timestamp":
		return &arrow.TimestampType{Unit: arrow.Microsecond}, nil
	case "timestamp[UTC]":
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
	}
	if inner, ok := strings.CutPrefix(s, "list<"); ok && strings.HasSuffix(inner, ">") {
		elem, err := ParseType(strings.TrimSuffix(inner, ">"))
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(elem), nil
	}
	var p, sc int32
	if _, err := fmt.Sscanf(s, "decimal(%d,%d)", &p, &sc); err == nil {
		return &arrow.Decimal128Type{Precision: p, Scale: sc}, nil
	}
	return nil, fmt.Errorf("contract: unknown type %q", s)
}

// Record builds one record batch of the table's rows with mem.
func (tb Table) Record(mem memory.Allocator) (arrow.RecordBatch, error) {
	schema, err := tb.Schema()
	if err != nil {
		return nil, err
	}
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for r, row := range tb.Rows {
		if len(row) != len(tb.Cols) {
			return nil, fmt.Errorf("contract: row %d has %d values for %d columns", r, len(row), len(tb.Cols))
		}
		for c, v := range row {
			if err := appendValue(b.Field(c), v); err != nil {
				return nil, fmt.Errorf("contract: row %d column %s: %w", r, tb.Cols[c], err)
			}
		}
	}
	return b.NewRecordBatch(), nil
}

// appendValue appends one literal Go value to a builder.
func appendValue(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	bad := fmt.Errorf("value %v (%T) does not fit %s", v, v, b.Type())
	switch b := b.(type) {
	case *array.BooleanBuilder:
		x, ok := v.(bool)
		if !ok {
			return bad
		}
		b.Append(x)
	case *array.Int8Builder, *array.Int16Builder, *array.Int32Builder, *array.Int64Builder:
		x, ok := toInt64(v)
		if !ok {
			return bad
		}
		switch b := b.(type) {
		case *array.Int8Builder:
			b.Append(int8(x))
		case *array.Int16Builder:
			b.Append(int16(x))
		case *array.Int32Builder:
			b.Append(int32(x))
		case *array.Int64Builder:
			b.Append(x)
		}
	case *array.Float32Builder:
		x, ok := toFloat64(v)
		if !ok {
			return bad
		}
		b.Append(float32(x))
	case *array.Float64Builder:
		x, ok := toFloat64(v)
		if !ok {
			return bad
		}
		b.Append(x)
	case *array.StringBuilder:
		x, ok := v.(string)
		if !ok {
			return bad
		}
		b.Append(x)
	case *array.BinaryBuilder:
		x, ok := v.([]byte)
		if !ok {
			return bad
		}
		b.Append(x)
	case *array.Date32Builder:
		x, ok := v.(Date)
		if !ok {
			return bad
		}
		t, err := time.Parse(time.DateOnly, string(x))
		if err != nil {
			return err
		}
		b.Append(arrow.Date32FromTime(t))
	case *array.TimestampBuilder:
		x, ok := v.(TS)
		if !ok {
			return bad
		}
		t, err := time.Parse("2006-01-02 15:04:05.999999", string(x))
		if err != nil {
			return err
		}
		b.Append(arrow.Timestamp(t.UnixMicro()))
	case *array.Decimal128Builder:
		x, ok := v.(Dec)
		if !ok {
			return bad
		}
		dt := b.Type().(*arrow.Decimal128Type)
		n, err := decimal128.FromString(string(x), dt.Precision, dt.Scale)
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.ListBuilder:
		x, ok := v.([]any)
		if !ok {
			return bad
		}
		b.Append(true)
		for _, e := range x {
			if err := appendValue(b.ValueBuilder(), e); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported column type %s", b.Type())
	}
	return nil
}

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

func toFloat64(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	i, ok := toInt64(v)
	return float64(i), ok
}

// specs renders a schema as "name:type" column specs.
func specs(s *arrow.Schema) []string {
	out := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		out[i] = f.Name + ":" + plan.TypeName(f.Type)
	}
	return out
}

// renderRows renders every row of rec as one canonical string, so that
// expected and actual rows compare as strings: NULL, true/false, integers,
// floats with 12 significant digits, quoted strings, ISO dates and
// timestamps, decimals at their scale, lists in brackets.
func renderRows(rec arrow.RecordBatch) []string {
	out := make([]string, rec.NumRows())
	cells := make([]string, rec.NumCols())
	for r := range out {
		for c, col := range rec.Columns() {
			cells[c] = renderCell(col, r)
		}
		out[r] = strings.Join(cells, " | ")
	}
	return out
}

func renderCell(arr arrow.Array, i int) string {
	if arr.IsNull(i) {
		return "NULL"
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Float32:
		return renderFloat(float64(a.Value(i)), 6)
	case *array.Float64:
		return renderFloat(a.Value(i), 12)
	case *array.String:
		return strconv.Quote(a.Value(i))
	case *array.Binary:
		return "b" + strconv.Quote(string(a.Value(i)))
	case *array.Date32:
		return a.Value(i).ToTime().Format(time.DateOnly)
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().Format("2006-01-02 15:04:05.999999")
	case *array.Decimal128:
		return a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
	case *array.List:
		start, end := a.ValueOffsets(i)
		elems := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			elems = append(elems, renderCell(a.ListValues(), int(j)))
		}
		return "[" + strings.Join(elems, ", ") + "]"
	}
	return fmt.Sprintf("<%s %s>", arr.DataType(), arr.ValueStr(i))
}

func renderFloat(f float64, digits int) string {
	if f == 0 {
		return "0" // -0 and 0 print alike
	}
	if math.IsNaN(f) {
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', digits, 64)
}

// rendered is a table in canonical form: column specs and row strings.
type rendered struct {
	cols []string
	rows []string
}

// render puts the expected table in canonical form by building it with
// the same code paths as inputs, so both sides render alike.
func (tb Table) render() (rendered, error) {
	mem := memory.NewGoAllocator()
	rec, err := tb.Record(mem)
	if err != nil {
		return rendered{}, err
	}
	defer rec.Release()
	return rendered{cols: slices.Clone(tb.Cols), rows: renderRows(rec)}, nil
}
