package warehouse_test

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// typesQuery returns one row of every DuckDB type the warehouse maps.
const typesQuery = `SELECT
	true AS b, 1::TINYINT AS ti, 2::SMALLINT AS si, 3::INT AS i, 4::BIGINT AS bi,
	12345678901234567890123::HUGEINT AS hi, 4000000000::UINTEGER AS ui,
	1.5::FLOAT AS f, 2.25::DOUBLE AS d, 12.30::DECIMAL(10,2) AS dec,
	'hello' AS s, unhex('ABCD') AS bl, DATE '2024-01-02' AS dt,
	TIMESTAMP_NTZ '2024-01-02 03:04:05.123456' AS ts,
	TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tstz,
	INTERVAL '3 days 4 hours' AS iv, [1, 2, 3]::INTEGER[] AS arr,
	{'x': 1, 'y': 'a'} AS st, MAP {'k': 1} AS m, NULL AS n`

type wantColumn struct {
	name, typeName, typeText string
	prec, scale              int // DECIMAL only
	interval                 string
	arrow                    arrow.DataType
}

// wantColumns is typesQuery's schema per protocol §4.2, for session time
// zone tz, except the last column, NULL AS n (see TestVoidColumn).
func wantColumns(tz string) []wantColumn {
	return []wantColumn{
		{name: "b", typeName: "BOOLEAN", typeText: "BOOLEAN", arrow: arrow.FixedWidthTypes.Boolean},
		{name: "ti", typeName: "BYTE", typeText: "TINYINT", arrow: arrow.PrimitiveTypes.Int8},
		{name: "si", typeName: "SHORT", typeText: "SMALLINT", arrow: arrow.PrimitiveTypes.Int16},
		{name: "i", typeName: "INT", typeText: "INT", arrow: arrow.PrimitiveTypes.Int32},
		{name: "bi", typeName: "LONG", typeText: "BIGINT", arrow: arrow.PrimitiveTypes.Int64},
		{name: "hi", typeName: "DECIMAL", typeText: "DECIMAL(38,0)", prec: 38, arrow: &arrow.Decimal128Type{Precision: 38}},
		{name: "ui", typeName: "LONG", typeText: "BIGINT", arrow: arrow.PrimitiveTypes.Int64},
		{name: "f", typeName: "FLOAT", typeText: "FLOAT", arrow: arrow.PrimitiveTypes.Float32},
		{name: "d", typeName: "DOUBLE", typeText: "DOUBLE", arrow: arrow.PrimitiveTypes.Float64},
		{name: "dec", typeName: "DECIMAL", typeText: "DECIMAL(10,2)", prec: 10, scale: 2, arrow: &arrow.Decimal128Type{Precision: 10, Scale: 2}},
		{name: "s", typeName: "STRING", typeText: "STRING", arrow: arrow.BinaryTypes.String},
		{name: "bl", typeName: "BINARY", typeText: "BINARY", arrow: arrow.BinaryTypes.Binary},
		{name: "dt", typeName: "DATE", typeText: "DATE", arrow: arrow.FixedWidthTypes.Date32},
		{name: "ts", typeName: "TIMESTAMP_NTZ", typeText: "TIMESTAMP_NTZ", arrow: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{name: "tstz", typeName: "TIMESTAMP", typeText: "TIMESTAMP", arrow: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz}},
		{name: "iv", typeName: "INTERVAL", typeText: "INTERVAL DAY TO SECOND", interval: "DAY TO SECOND", arrow: &arrow.DurationType{Unit: arrow.Microsecond}},
		{name: "arr", typeName: "ARRAY", typeText: "ARRAY<INT>", arrow: arrow.ListOf(arrow.PrimitiveTypes.Int32)},
		{name: "st", typeName: "STRUCT", typeText: "STRUCT<x: INT, y: STRING>", arrow: arrow.StructOf(
			arrow.Field{Name: "x", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
			arrow.Field{Name: "y", Type: arrow.BinaryTypes.String, Nullable: true})},
		{name: "m", typeName: "MAP", typeText: "MAP<STRING, INT>", arrow: arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32)},
	}
}

// checkSchema compares a manifest and an Arrow schema with wantColumns(tz).
func checkSchema(t *testing.T, m *sea.ResultManifest, schema *arrow.Schema, tz string) {
	t.Helper()
	want := wantColumns(tz)
	require.Equal(t, len(want)+1, m.Schema.ColumnCount)
	require.Len(t, m.Schema.Columns, len(want)+1)
	require.Equal(t, len(want)+1, schema.NumFields())
	require.Equal(t, "n", m.Schema.Columns[len(want)].Name)
	for i, w := range want {
		col := m.Schema.Columns[i]
		require.Equal(t, w.name, col.Name)
		require.Equal(t, i, col.Position)
		require.Equal(t, w.typeName, col.TypeName, w.name)
		require.Equal(t, w.typeText, col.TypeText, w.name)
		require.Equal(t, w.interval, col.TypeIntervalType, w.name)
		if w.typeName == "DECIMAL" {
			require.NotNil(t, col.TypePrecision, w.name)
			require.NotNil(t, col.TypeScale, w.name)
			require.Equal(t, w.prec, *col.TypePrecision, w.name)
			require.Equal(t, w.scale, *col.TypeScale, w.name)
		} else {
			require.Nil(t, col.TypePrecision, w.name)
		}
		f := schema.Field(i)
		require.Equal(t, w.name, f.Name)
		require.True(t, arrow.TypeEqual(w.arrow, f.Type), "%s: Arrow %s, want %s", w.name, f.Type, w.arrow)
	}
}

func TestTypes(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: typesQuery, WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	recs := arrowResult(t, c, resp)
	require.Len(t, recs, 1)
	rec := recs[0]
	require.EqualValues(t, 1, rec.NumRows())
	checkSchema(t, resp.Manifest, rec.Schema(), "Etc/UTC")

	col := func(name string) arrow.Array {
		idx := rec.Schema().FieldIndices(name)
		require.Len(t, idx, 1, name)
		return rec.Column(idx[0])
	}
	require.True(t, col("b").(*array.Boolean).Value(0))
	require.EqualValues(t, 1, col("ti").(*array.Int8).Value(0))
	require.EqualValues(t, 2, col("si").(*array.Int16).Value(0))
	require.EqualValues(t, 3, col("i").(*array.Int32).Value(0))
	require.EqualValues(t, 4, col("bi").(*array.Int64).Value(0))
	hi, ok := decimal128.FromString("12345678901234567890123", 38, 0)
	require.NoError(t, ok)
	require.Equal(t, hi, col("hi").(*array.Decimal128).Value(0))
	require.EqualValues(t, 4000000000, col("ui").(*array.Int64).Value(0))
	require.EqualValues(t, 1.5, col("f").(*array.Float32).Value(0))
	require.EqualValues(t, 2.25, col("d").(*array.Float64).Value(0))
	require.Equal(t, decimal128.FromI64(1230), col("dec").(*array.Decimal128).Value(0))
	require.Equal(t, "hello", col("s").(*array.String).Value(0))
	require.Equal(t, []byte{0xab, 0xcd}, col("bl").(*array.Binary).Value(0))
	require.Equal(t, arrow.Date32FromTime(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)), col("dt").(*array.Date32).Value(0))
	instant := time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC).UnixMicro()
	require.EqualValues(t, instant, col("ts").(*array.Timestamp).Value(0), "NTZ wall clock as if UTC")
	require.EqualValues(t, instant, col("tstz").(*array.Timestamp).Value(0))
	require.EqualValues(t, (3*24+4)*time.Hour/time.Microsecond, col("iv").(*array.Duration).Value(0))
	arr := col("arr").(*array.List)
	require.Equal(t, []int32{1, 2, 3}, arr.ListValues().(*array.Int32).Int32Values())
	st := col("st").(*array.Struct)
	require.EqualValues(t, 1, st.Field(0).(*array.Int32).Value(0))
	require.Equal(t, "a", st.Field(1).(*array.String).Value(0))
	m := col("m").(*array.Map)
	require.Equal(t, "k", m.Keys().(*array.String).Value(0))
	require.EqualValues(t, 1, m.Items().(*array.Int32).Value(0))
	require.True(t, arrow.TypeEqual(arrow.Null, col("n").DataType()), "a bare NULL is VOID")
	require.Equal(t, 1, col("n").NullN())

	// The same values as JSON_ARRAY text.
	resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: typesQuery, WaitTimeout: "10s"})
	require.Equal(t, []string{"true", "1", "2", "3", "4", "12345678901234567890123", "4000000000", "1.5", "2.25", "12.30",
		"hello", "abcd", "2024-01-02", "2024-01-02T03:04:05.123456", "2024-01-02T03:04:05.123456Z",
		"3 04:00:00.000000000", "[1,2,3]", `{"x":1,"y":"a"}`, `{"k":1}`, "<null>"}, strs(resp.Result.DataArray)[0])
}

// TestTypesEmptyResult: an empty result of the same query has the same
// manifest schema, and no result data: clients take the schema from the
// manifest.
func TestTypesEmptyResult(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	full := succeed(t, c, sea.ExecuteStatementRequest{Statement: typesQuery, WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM (" + typesQuery + ") WHERE false", WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	require.EqualValues(t, 0, resp.Manifest.TotalRowCount)
	require.Nil(t, resp.Result)
	require.Equal(t, full.Manifest.Schema.ColumnCount, resp.Manifest.Schema.ColumnCount)
	// All but the last column, n: the SQL front end finds a bare NULL (VOID)
	// only in the outer select list, so through the subquery it is INT.
	n := full.Manifest.Schema.ColumnCount - 1
	require.Equal(t, full.Manifest.Schema.Columns[:n], resp.Manifest.Schema.Columns[:n])
}

// TestTypesSessionTimezone: the session's TIMEZONE becomes the Arrow tz of
// TIMESTAMP columns; the instants do not change.
func TestTypesSessionTimezone(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{SessionConfs: map[string]string{"TIMEZONE": "Europe/Amsterdam"}})
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: typesQuery, WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	recs := arrowResult(t, c, resp)
	checkSchema(t, resp.Manifest, recs[0].Schema(), "Europe/Amsterdam")
	instant := time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC).UnixMicro()
	require.EqualValues(t, instant, recs[0].Column(14).(*array.Timestamp).Value(0))
}

// TestVoidColumn: a bare NULL is VOID on Databricks (type_name NULL, Arrow null).
func TestVoidColumn(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT NULL AS n", WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	require.Equal(t, sea.ColumnInfo{Name: "n", TypeName: "NULL", TypeText: "VOID"}, resp.Manifest.Schema.Columns[0])
	recs := arrowResult(t, c, resp)
	require.True(t, arrow.TypeEqual(arrow.Null, recs[0].Column(0).DataType()))
	require.Equal(t, 1, recs[0].Column(0).NullN())

	// JSON_ARRAY, an empty result and DESCRIBE QUERY agree; a typed NULL is not VOID.
	require.Equal(t, [][]string{{"1", "<null>"}}, strs(rows(t, c, "", "SELECT 1 AS a, NULL AS n")))
	resp = sqlIn(t, c, "", "SELECT NULL AS n, CAST(NULL AS INT) AS i WHERE false")
	require.Equal(t, []string{"VOID", "INT"}, []string{resp.Manifest.Schema.Columns[0].TypeText, resp.Manifest.Schema.Columns[1].TypeText})
	require.Equal(t, [][]string{{"n", "VOID", "<null>"}}, strs(rows(t, c, "", "DESCRIBE QUERY SELECT NULL AS n")))
}

// TestEmptyCollectionColumns: array() and map() are ARRAY<VOID> and
// MAP<VOID, VOID> on Databricks, in Arrow lists and maps of null, and the
// rows keep their empty values in every format.
func TestEmptyCollectionColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT array() AS a, map() AS m FROM range(2)", WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	cols := resp.Manifest.Schema.Columns
	require.Equal(t, []string{"ARRAY<VOID>", "MAP<VOID, VOID>"}, []string{cols[0].TypeText, cols[1].TypeText})
	recs := arrowResult(t, c, resp)
	require.True(t, arrow.TypeEqual(arrow.ListOf(arrow.Null), recs[0].Column(0).DataType()), recs[0].Column(0).DataType().String())
	require.True(t, arrow.TypeEqual(arrow.MapOf(arrow.Null, arrow.Null), recs[0].Column(1).DataType()), recs[0].Column(1).DataType().String())
	require.Equal(t, 2, recs[0].Column(0).Len())
	require.Equal(t, [][]string{{"[]", "{}"}, {"[]", "{}"}}, strs(rows(t, c, "", "SELECT array() AS a, map() AS m FROM range(2)")))

	// assert_true is VOID too: NULL when the condition holds.
	resp = sqlIn(t, c, "", "SELECT assert_true(1 > 0) AS v")
	require.Equal(t, "VOID", resp.Manifest.Schema.Columns[0].TypeText)
}
