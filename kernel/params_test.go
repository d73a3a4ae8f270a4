package kernel_test

import (
	"context"
	"database/sql"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

type myInt int32

func strp(s string) *string { return &s }

// TestParameterWireForms: the type and value text each Go value is sent as.
func TestParameterWireForms(t *testing.T) {
	ts := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.FixedZone("", 2*3600))
	var nilTime *time.Time
	n := int64(7)
	for _, tc := range []struct {
		in       any
		typ      string
		val      *string
		typeOnly bool
	}{
		{nil, "VOID", nil, false},
		{true, "BOOLEAN", strp("true"), false},
		{int8(-8), "TINYINT", strp("-8"), false},
		{int16(16), "SMALLINT", strp("16"), false},
		{int32(32), "INT", strp("32"), false},
		{64, "BIGINT", strp("64"), false},
		{int64(-64), "BIGINT", strp("-64"), false},
		{uint8(255), "SMALLINT", strp("255"), false},
		{uint16(65535), "INT", strp("65535"), false},
		{uint32(1 << 31), "BIGINT", strp("2147483648"), false},
		{uint64(1<<64 - 1), "DECIMAL(20,0)", strp("18446744073709551615"), false},
		{float32(1.5), "FLOAT", strp("1.5"), false},
		{0.1, "DOUBLE", strp("0.1"), false},
		{"it's", "STRING", strp("it's"), false},
		{[]byte{0xca, 0xfe}, "BINARY", strp("cafe"), false},
		{[]byte(nil), "BINARY", nil, false},
		{ts, "TIMESTAMP", strp("2024-01-02T03:04:05.123456789+02:00"), false},
		{kernel.TimestampNTZ(ts), "TIMESTAMP_NTZ", strp("2024-01-02T03:04:05.123456789"), false},
		{kernel.DateOf(ts), "DATE", strp("2024-01-02"), false},
		{kernel.Date{Year: 33, Month: 3, Day: 9}, "DATE", strp("0033-03-09"), false},
		{3*24*time.Hour + 1500*time.Millisecond, "INTERVAL DAY TO SECOND", strp("3 days 00:00:01.5"), false},
		{-(26*time.Hour + time.Microsecond), "INTERVAL DAY TO SECOND", strp("-1 days -02:00:00.000001"), false},
		{time.Duration(0), "INTERVAL DAY TO SECOND", strp("0 days 00:00:00"), false},
		{kernel.Decimal{Unscaled: big.NewInt(1230), Precision: 10, Scale: 2}, "DECIMAL(10,2)", strp("12.30"), false},
		{kernel.Decimal{Unscaled: big.NewInt(-5), Scale: 3}, "DECIMAL(3,3)", strp("-0.005"), false},
		{kernel.Decimal{Precision: 12, Scale: 4}, "DECIMAL(12,4)", nil, false},
		{big.NewRat(-123, 40), "DECIMAL(4,3)", strp("-3.075"), false},
		{big.NewRat(5, 1), "DECIMAL(1,0)", strp("5"), false},
		{new(big.Int).Lsh(big.NewInt(1), 100), "DECIMAL(31,0)", strp("1267650600228229401496703205376"), false},
		{*big.NewInt(-42), "DECIMAL(2,0)", strp("-42"), false},
		{kernel.TypedValue{Type: "INTERVAL YEAR TO MONTH", Value: strp("1-2")}, "INTERVAL YEAR TO MONTH", strp("1-2"), false},
		{kernel.TypedValue{Type: "DATE"}, "DATE", nil, false},
		{&n, "BIGINT", strp("7"), false},
		{nilTime, "TIMESTAMP", nil, false},
		{myInt(3), "INT", strp("3"), false},
		{sql.NullString{String: "x", Valid: true}, "STRING", strp("x"), false},
		{sql.NullInt64{}, "VOID", nil, false},
	} {
		ps, err := kernel.Parameters([]any{tc.in})
		require.NoError(t, err, "%T %v", tc.in, tc.in)
		require.Equal(t, sea.Parameter{Ordinal: 1, Type: tc.typ, Value: tc.val}, ps[0], "%T %v", tc.in, tc.in)
	}
	d, err := kernel.ParseDecimal("-0012.3400")
	require.NoError(t, err)
	require.Equal(t, "-12.3400", d.String())
	typ, err := kernel.ParameterType(d)
	require.NoError(t, err)
	require.Equal(t, "DECIMAL(6,4)", typ)
}

func TestParameterErrors(t *testing.T) {
	many := make([]any, kernel.MaxParameters+1)
	for name, args := range map[string][]any{
		"mixed":              {kernel.Named("a", 1), 2},
		"mixed other order":  {1, kernel.Named("a", 2)},
		"named twice":        {kernel.Named("a", 1), kernel.Named("a", 2)},
		"empty name":         {kernel.Named("", 1)},
		"too many":           many,
		"unsupported":        {struct{}{}},
		"no decimal form":    {big.NewRat(1, 3)},
		"too wide decimal":   {new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)},
		"scale > precision":  {kernel.Decimal{Unscaled: big.NewInt(1), Precision: 2, Scale: 3}},
		"value too wide":     {kernel.Decimal{Unscaled: big.NewInt(1000), Precision: 3}},
		"untyped TypedValue": {kernel.TypedValue{Value: strp("1")}},
	} {
		_, err := kernel.Parameters(args)
		require.ErrorIs(t, err, kernel.ErrInvalidArgument, name)
	}
	_, err := kernel.ParseDecimal("1.2.3")
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	_, err = kernel.Parameters(many[:kernel.MaxParameters])
	require.NoError(t, err)
}

// TestParameterRoundTrip: SELECT ? AS x returns each value with the Arrow
// type of its Databricks type.
func TestParameterRoundTrip(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	ts := time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.FixedZone("", 2*3600))
	for _, tc := range []struct {
		in   any
		typ  arrow.DataType
		want any // the Go value of the Arrow cell
	}{
		{true, arrow.FixedWidthTypes.Boolean, true},
		{int8(-8), arrow.PrimitiveTypes.Int8, int8(-8)},
		{int16(16), arrow.PrimitiveTypes.Int16, int16(16)},
		{int32(32), arrow.PrimitiveTypes.Int32, int32(32)},
		{int64(-1 << 63), arrow.PrimitiveTypes.Int64, int64(-1 << 63)},
		{uint32(1<<32 - 1), arrow.PrimitiveTypes.Int64, int64(1<<32 - 1)},
		{uint64(1<<64 - 1), &arrow.Decimal128Type{Precision: 20, Scale: 0}, "18446744073709551615"},
		{float32(1.5), arrow.PrimitiveTypes.Float32, float32(1.5)},
		{1e-300, arrow.PrimitiveTypes.Float64, 1e-300},
		{"it's ' \\ ?", arrow.BinaryTypes.String, "it's ' \\ ?"},
		{[]byte{0, 0xca, 0xfe}, arrow.BinaryTypes.Binary, []byte{0, 0xca, 0xfe}},
		{ts, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Etc/UTC"}, ts.UnixMicro()},
		{kernel.TimestampNTZ(ts), &arrow.TimestampType{Unit: arrow.Microsecond}, time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC).UnixMicro()},
		{kernel.Date{Year: 2024, Month: 2, Day: 29}, arrow.FixedWidthTypes.Date32, "2024-02-29"},
		{-(3*24*time.Hour + 1500*time.Millisecond), &arrow.DurationType{Unit: arrow.Microsecond}, int64(-259201500000)},
		{kernel.Decimal{Unscaled: big.NewInt(1230), Precision: 10, Scale: 2}, &arrow.Decimal128Type{Precision: 10, Scale: 2}, "12.30"},
		{big.NewRat(-123, 40), &arrow.Decimal128Type{Precision: 4, Scale: 3}, "-3.075"},
		{new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil), big.NewInt(1)), &arrow.Decimal128Type{Precision: 38, Scale: 0}, strings.Repeat("9", 38)},
		{nil, nil, nil}, // VOID: Databricks types the column VOID, the local warehouse INT
		{kernel.TypedValue{Type: "DATE"}, arrow.FixedWidthTypes.Date32, nil},
		{kernel.Decimal{Precision: 5, Scale: 1}, &arrow.Decimal128Type{Precision: 5, Scale: 1}, nil},
	} {
		rdr, err := c.Query(context.Background(), "SELECT ? AS x", tc.in)
		require.NoError(t, err, "%T %v", tc.in, tc.in)
		require.True(t, rdr.Next())
		col := rdr.RecordBatch().Column(0)
		if tc.typ != nil {
			require.True(t, arrow.TypeEqual(tc.typ, col.DataType()), "%T: %s, want %s", tc.in, col.DataType(), tc.typ)
		}
		require.Equal(t, tc.want, cell(col), "%T %v", tc.in, tc.in)
		rdr.Release()
	}
}

// cell is the Go value of row 0 of col.
func cell(col arrow.Array) any {
	if col.IsNull(0) {
		return nil
	}
	switch a := col.(type) {
	case *array.Boolean:
		return a.Value(0)
	case *array.Int8:
		return a.Value(0)
	case *array.Int16:
		return a.Value(0)
	case *array.Int32:
		return a.Value(0)
	case *array.Int64:
		return a.Value(0)
	case *array.Float32:
		return a.Value(0)
	case *array.Float64:
		return a.Value(0)
	case *array.String:
		return a.Value(0)
	case *array.Binary:
		return a.Value(0)
	case *array.Timestamp:
		return int64(a.Value(0))
	case *array.Duration:
		return int64(a.Value(0))
	case *array.Date32:
		return a.Value(0).ToTime().Format(time.DateOnly)
	case *array.Decimal128:
		return decimal128.Num.ToString(a.Value(0), a.DataType().(*arrow.Decimal128Type).Scale)
	}
	return col.ValueStr(0)
}

func TestParametersNamedAndErrors(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	ctx := context.Background()

	rdr, err := c.Query(ctx, "SELECT :x + 1 AS a, :x * 2 AS b, :s AS s", kernel.Named("x", int64(5)), kernel.Named("s", "x'); DROP TABLE t; --"))
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rec := rdr.RecordBatch()
	require.EqualValues(t, 6, cell(rec.Column(0)))
	require.EqualValues(t, 10, cell(rec.Column(1)))
	require.Equal(t, "x'); DROP TABLE t; --", cell(rec.Column(2)))
	rdr.Release()

	// Missing values are the server's error.
	_, err = c.Query(ctx, "SELECT :present, :absent", kernel.Named("present", 1))
	require.ErrorIs(t, err, kernel.ErrStatementFailed)
	require.ErrorContains(t, err, "absent")
	_, err = c.Query(ctx, "SELECT ?, ?", 1)
	require.ErrorIs(t, err, kernel.ErrStatementFailed)

	// Mixing and too many are refused before any request.
	e.calls()
	_, err = c.Query(ctx, "SELECT ?, :a", 1, kernel.Named("a", 2))
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	many := make([]any, 257)
	_, err = c.Query(ctx, "SELECT 1", many...)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	require.ErrorContains(t, err, "at most 256")
	require.Empty(t, e.calls())
}

func TestDescribeQuery(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	sc, err := c.DescribeQuery(context.Background(), `SELECT 1.25::DECIMAL(10,2) AS d, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS ts,
		TIMESTAMP_NTZ '2024-01-01 00:00:00' AS ntz, [1, 2] AS arr, 'x' AS s, 7::BIGINT AS n;`)
	require.NoError(t, err)
	want := arrow.NewSchema([]arrow.Field{
		{Name: "d", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Etc/UTC"}, Nullable: true},
		{Name: "ntz", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
		{Name: "arr", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	require.True(t, want.Equal(sc), "got %s", sc)

	// The schema is the one Query's reader has.
	rdr, err := c.Query(context.Background(), "SELECT 1.25::DECIMAL(10,2) AS d, [1, 2] AS arr")
	require.NoError(t, err)
	defer rdr.Release()
	sc2, err := c.DescribeQuery(context.Background(), "SELECT 1.25::DECIMAL(10,2) AS d, [1, 2] AS arr")
	require.NoError(t, err)
	require.True(t, rdr.Schema().Equal(sc2), "%s vs %s", rdr.Schema(), sc2)

	_, err = c.DescribeQuery(context.Background(), "SELECT * FROM no_such_table")
	require.ErrorIs(t, err, kernel.ErrStatementFailed)
}
