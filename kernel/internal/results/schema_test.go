package results_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
)

func TestSchemaFromManifest(t *testing.T) {
	i32, i64, str := arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64, arrow.BinaryTypes.String
	field := func(name string, dt arrow.DataType) arrow.Field {
		return arrow.Field{Name: name, Type: dt, Nullable: true}
	}
	for _, tc := range []struct {
		text string
		col  sea.ColumnInfo // overrides: type_name, precision, ...
		want arrow.DataType
	}{
		{text: "BOOLEAN", want: arrow.FixedWidthTypes.Boolean},
		{text: "TINYINT", want: arrow.PrimitiveTypes.Int8},
		{text: "smallint", want: arrow.PrimitiveTypes.Int16},
		{text: "INT", want: i32},
		{text: "INTEGER", want: i32},
		{text: "BIGINT", want: i64},
		{text: "FLOAT", want: arrow.PrimitiveTypes.Float32},
		{text: "DOUBLE", want: arrow.PrimitiveTypes.Float64},
		{text: "DECIMAL(10,2)", want: &arrow.Decimal128Type{Precision: 10, Scale: 2}},
		{text: "decimal( 38 , 0 )", want: &arrow.Decimal128Type{Precision: 38}},
		{text: "DECIMAL", want: &arrow.Decimal128Type{Precision: 10}},
		{text: "DECIMAL", col: sea.ColumnInfo{TypePrecision: sea.IntPtr(12), TypeScale: sea.IntPtr(4)}, want: &arrow.Decimal128Type{Precision: 12, Scale: 4}},
		{text: "STRING", want: str},
		{text: "VARCHAR(10)", want: str},
		{text: "CHAR(3)", want: str},
		{text: "BINARY", want: arrow.BinaryTypes.Binary},
		{text: "DATE", want: arrow.FixedWidthTypes.Date32},
		{text: "TIMESTAMP", want: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/Amsterdam"}},
		{text: "TIMESTAMP_NTZ", want: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{text: "INTERVAL YEAR TO MONTH", want: arrow.FixedWidthTypes.MonthInterval},
		{text: "INTERVAL MONTH", want: arrow.FixedWidthTypes.MonthInterval},
		{text: "INTERVAL DAY TO SECOND", want: &arrow.DurationType{Unit: arrow.Microsecond}},
		{text: "INTERVAL HOUR", want: &arrow.DurationType{Unit: arrow.Microsecond}},
		{text: "VOID", want: arrow.Null},
		{text: "ARRAY<INT>", want: arrow.ListOf(i32)},
		{text: "ARRAY<ARRAY<STRING>>", want: arrow.ListOf(arrow.ListOf(str))},
		{text: "MAP<STRING, BIGINT>", want: arrow.MapOf(str, i64)},
		{text: "MAP<INT,ARRAY<DECIMAL(5,1)>>", want: arrow.MapOf(i32, arrow.ListOf(&arrow.Decimal128Type{Precision: 5, Scale: 1}))},
		{text: "STRUCT<x: INT, y: STRING>", want: arrow.StructOf(field("x", i32), field("y", str))},
		{text: "STRUCT<a:INT,b:STRUCT<c:DATE>>", want: arrow.StructOf(field("a", i32), field("b", arrow.StructOf(field("c", arrow.FixedWidthTypes.Date32))))},
		{text: "STRUCT<`a b`: INT, `c``d`: MAP<STRING, INT>>", want: arrow.StructOf(field("a b", i32), field("c`d", arrow.MapOf(str, i32)))},
		{text: "STRUCT<id BIGINT NOT NULL COMMENT 'the, key>', tags ARRAY<STRING>>", want: arrow.StructOf(field("id", i64), field("tags", arrow.ListOf(str)))},
		{text: "STRUCT<>", want: arrow.StructOf()},
		{text: "ARRAY<STRUCT<k: STRING, v: TIMESTAMP>>", want: arrow.ListOf(arrow.StructOf(field("k", str),
			field("v", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/Amsterdam"})))},
		{text: "VARIANT", want: str},
		{text: "GEOMETRY(4326)", want: str},
		{text: "ARRAY<GEOGRAPHY(OGC:CRS84)>", want: arrow.ListOf(str)},
		// No type_text: type_name decides.
		{col: sea.ColumnInfo{TypeName: "LONG"}, want: i64},
		{col: sea.ColumnInfo{TypeName: "DECIMAL", TypePrecision: sea.IntPtr(7), TypeScale: sea.IntPtr(3)}, want: &arrow.Decimal128Type{Precision: 7, Scale: 3}},
		{col: sea.ColumnInfo{TypeName: "INTERVAL", TypeIntervalType: "YEAR_MONTH"}, want: arrow.FixedWidthTypes.MonthInterval},
		{col: sea.ColumnInfo{TypeName: "ARRAY"}, want: str},
	} {
		t.Run(tc.text+tc.col.TypeName, func(t *testing.T) {
			col := tc.col
			col.Name, col.TypeText = "c", tc.text
			m := &sea.ResultManifest{Schema: sea.Schema{ColumnCount: 1, Columns: []sea.ColumnInfo{col}}}
			s, err := results.SchemaFromManifest(m, "Europe/Amsterdam")
			require.NoError(t, err)
			require.Equal(t, 1, s.NumFields())
			require.True(t, arrow.TypeEqual(tc.want, s.Field(0).Type), "got %s, want %s", s.Field(0).Type, tc.want)
			require.True(t, s.Field(0).Nullable)
		})
	}
}

func TestSchemaFromManifestOrderAndDefaults(t *testing.T) {
	m := &sea.ResultManifest{Schema: sea.Schema{ColumnCount: 2, Columns: []sea.ColumnInfo{
		{Name: "b", TypeText: "TIMESTAMP", Position: 1}, {Name: "a", TypeText: "INT", Position: 0}}}}
	s, err := results.SchemaFromManifest(m, "")
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, fieldNames(s))
	require.Equal(t, "timestamp[us, tz=Etc/UTC]", s.Field(1).Type.String())

	s, err = results.SchemaFromManifest(&sea.ResultManifest{}, "")
	require.NoError(t, err)
	require.Zero(t, s.NumFields())
}

func TestSchemaFromManifestRejects(t *testing.T) {
	for _, text := range []string{"ARRAY<INT", "MAP<INT>", "DECIMAL(40,2)", "DECIMAL(2,5)", "STRUCT<a: INT b: INT>",
		"INTERVAL YEAR TO SECOND", "ARRAY<>", "INT INT", "STRUCT<`a: INT>"} {
		m := &sea.ResultManifest{Schema: sea.Schema{ColumnCount: 1, Columns: []sea.ColumnInfo{{Name: "c", TypeText: text}}}}
		_, err := results.SchemaFromManifest(m, "")
		require.ErrorIs(t, err, results.ErrProtocol, text)
		require.Contains(t, err.Error(), `column 0 "c"`)
	}
}
