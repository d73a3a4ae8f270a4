package typemap

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

func TestFromArrow(t *testing.T) {
	cases := []struct {
		in        arrow.DataType
		name      string
		text      string
		wantArrow arrow.DataType
	}{
		{arrow.PrimitiveTypes.Int8, "BYTE", "TINYINT", arrow.PrimitiveTypes.Int8},
		{arrow.PrimitiveTypes.Uint32, "LONG", "BIGINT", arrow.PrimitiveTypes.Int64},
		{arrow.PrimitiveTypes.Uint64, "DECIMAL", "DECIMAL(20,0)", &arrow.Decimal128Type{Precision: 20}},
		{&arrow.Decimal128Type{Precision: 10, Scale: 2}, "DECIMAL", "DECIMAL(10,2)", &arrow.Decimal128Type{Precision: 10, Scale: 2}},
		{arrow.BinaryTypes.LargeString, "STRING", "STRING", arrow.BinaryTypes.String},
		{&arrow.Time64Type{Unit: arrow.Microsecond}, "STRING", "STRING", arrow.BinaryTypes.String},
		{&arrow.TimestampType{Unit: arrow.Nanosecond}, "TIMESTAMP_NTZ", "TIMESTAMP_NTZ", &arrow.TimestampType{Unit: arrow.Microsecond}},
		{&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, "TIMESTAMP", "TIMESTAMP", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Asia/Tokyo"}},
		{arrow.FixedWidthTypes.MonthDayNanoInterval, "INTERVAL", "INTERVAL DAY TO SECOND", &arrow.DurationType{Unit: arrow.Microsecond}},
		{arrow.ListOf(arrow.PrimitiveTypes.Int32), "ARRAY", "ARRAY<INT>", arrow.ListOf(arrow.PrimitiveTypes.Int32)},
		{arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64), "MAP", "MAP<STRING, BIGINT>", arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64)},
		{arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int16}), "STRUCT", "STRUCT<a: SMALLINT>", arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int16, Nullable: true})},
		{&arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Uint8, ValueType: arrow.BinaryTypes.String}, "STRING", "STRING", arrow.BinaryTypes.String},
		{arrow.Null, "NULL", "VOID", arrow.Null},
	}
	for _, c := range cases {
		col, err := FromArrow(c.in, "Asia/Tokyo")
		require.NoError(t, err, c.in)
		require.Equal(t, c.name, col.TypeName, c.in)
		require.Equal(t, c.text, col.TypeText, c.in)
		require.True(t, arrow.TypeEqual(c.wantArrow, col.Arrow), "%s: got %s", c.in, col.Arrow)
	}
	info := mustColumn(t, &arrow.Decimal128Type{Precision: 5}).ColumnInfo("d", 3)
	require.Equal(t, 5, *info.TypePrecision)
	require.Equal(t, 0, *info.TypeScale, "scale 0 is still sent for DECIMAL")
	require.Nil(t, mustColumn(t, arrow.PrimitiveTypes.Int64).ColumnInfo("x", 0).TypePrecision)
}

func mustColumn(t *testing.T, dt arrow.DataType) Column {
	t.Helper()
	c, err := FromArrow(dt, "")
	require.NoError(t, err)
	return c
}

func TestFromEngineTypeName(t *testing.T) {
	for in, want := range map[string]string{
		"INTEGER":                            "INT",
		"DECIMAL(10,2)":                      "DECIMAL(10,2)",
		"VARCHAR":                            "STRING",
		"TIMESTAMP WITH TIME ZONE":           "TIMESTAMP",
		"TIMESTAMP":                          "TIMESTAMP_NTZ",
		"INTEGER[]":                          "ARRAY<INT>",
		"VARCHAR[][]":                        "ARRAY<ARRAY<STRING>>",
		"STRUCT(a INTEGER, \"b c\" VARCHAR)": "STRUCT<a: INT, b c: STRING>",
		"MAP(VARCHAR, STRUCT(x DOUBLE))":     "MAP<STRING, STRUCT<x: DOUBLE>>",
		"HUGEINT":                            "DECIMAL(38,0)",
		"ENUM('a', 'b')":                     "STRING",
		"BLOB":                               "BINARY",
		"INTERVAL":                           "INTERVAL DAY TO SECOND",
	} {
		require.Equal(t, want, FromEngineTypeName(in).TypeText, in)
	}
}

func TestParameterCast(t *testing.T) {
	for in, want := range map[string]string{
		"": "VARCHAR", "int": "INTEGER", "BIGINT": "BIGINT", "DECIMAL(10,2)": "DECIMAL(10,2)", "DECIMAL": "DECIMAL(10,0)",
		"TIMESTAMP": "TIMESTAMPTZ", "TIMESTAMP_NTZ": "TIMESTAMP", "BINARY": "BLOB", "VOID": "", "INTERVAL DAY": "INTERVAL",
	} {
		got, err := ParameterCast(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := ParameterCast("ARRAY<INT>")
	require.ErrorIs(t, err, ErrUnknownParameterType)
}

func TestConvertAndText(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)

	u := array.NewUint32Builder(mem)
	u.AppendValues([]uint32{1, 4000000000}, nil)
	u.AppendNull()
	ts := array.NewTimestampBuilder(mem, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"})
	ts.AppendValues([]arrow.Timestamp{0, 1_700_000_000_123_456, 5}, nil)
	iv := array.NewMonthDayNanoIntervalBuilder(mem)
	iv.AppendValues([]arrow.MonthDayNanoInterval{{Months: 1, Days: 2, Nanoseconds: 3_000_000_000}, {}, {Days: -1}}, nil)
	dec := array.NewDecimal128Builder(mem, &arrow.Decimal128Type{Precision: 10, Scale: 2})
	dec.AppendValues([]decimal128.Num{decimal128.FromI64(1230), decimal128.FromI64(-5), decimal128.FromI64(0)}, nil)
	bin := array.NewBinaryBuilder(mem, arrow.BinaryTypes.Binary)
	bin.AppendValues([][]byte{{0xca, 0xfe}, {}, nil}, []bool{true, true, false})

	schema := arrow.NewSchema([]arrow.Field{
		{Name: "u", Type: arrow.PrimitiveTypes.Uint32}, {Name: "ts", Type: ts.Type()}, {Name: "iv", Type: iv.Type()},
		{Name: "dec", Type: dec.Type()}, {Name: "bin", Type: arrow.BinaryTypes.Binary},
	}, nil)
	cols := []arrow.Array{u.NewArray(), ts.NewArray(), iv.NewArray(), dec.NewArray(), bin.NewArray()}
	for _, b := range []array.Builder{u, ts, iv, dec, bin} {
		b.Release()
	}
	rec := array.NewRecordBatch(schema, cols, 3)
	for _, c := range cols {
		c.Release()
	}
	defer rec.Release()

	conv, err := NewConverter(schema, "Europe/Amsterdam", mem)
	require.NoError(t, err)
	out, err := conv.Convert(context.Background(), rec)
	require.NoError(t, err)
	defer out.Release()

	require.Equal(t, int64(4000000000), out.Column(0).(*array.Int64).Value(1))
	require.True(t, out.Column(0).IsNull(2))
	require.Equal(t, "Europe/Amsterdam", out.Column(1).DataType().(*arrow.TimestampType).TimeZone)
	require.Equal(t, arrow.Timestamp(1_700_000_000_123_456), out.Column(1).(*array.Timestamp).Value(1), "relabel keeps the values")
	const dayMicros = int64(24 * 3600 * 1_000_000)
	require.Equal(t, arrow.Duration(32*dayMicros+3_000_000), out.Column(2).(*array.Duration).Value(0))

	text := func(col, row int) any {
		s, ok := Text(out.Column(col), row)
		if !ok {
			return nil
		}
		return s
	}
	require.Equal(t, "4000000000", text(0, 1))
	require.Nil(t, text(0, 2))
	require.Equal(t, "2023-11-14T23:13:20.123456+01:00", text(1, 1), "the instant in the session zone, with its offset")
	require.Equal(t, "32 00:00:03.000000000", text(2, 0))
	require.Equal(t, "-1 00:00:00.000000000", text(2, 2))
	require.Equal(t, "12.30", text(3, 0))
	require.Equal(t, "-0.05", text(3, 1))
	require.Equal(t, "0.00", text(3, 2))
	require.Equal(t, "cafe", text(4, 0))
	require.Equal(t, "", text(4, 1))
	require.Nil(t, text(4, 2))
}
