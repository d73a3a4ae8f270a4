package rows

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

type edgeRow struct {
	F   float64    `frame:"f"`
	F32 float32    `frame:"f32"`
	I8  int8       `frame:"i8"`
	I64 int64      `frame:"i64"`
	U64 uint64     `frame:"u64"`
	S   string     `frame:"s"`
	PS  *string    `frame:"ps"`
	Bin []byte     `frame:"bin"`
	T   time.Time  `frame:"t"`
	PT  *time.Time `frame:"pt"`
	L   []int64    `frame:"l"`
}

func roundTrip(t *testing.T, in []edgeRow) []edgeRow {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	recs, err := Encode(in, WithAllocator(mem))
	require.NoError(t, err)
	s, err := SchemaOf[edgeRow]()
	require.NoError(t, err)
	rdr, err := array.NewRecordReader(s, recs)
	require.NoError(t, err)
	defer rdr.Release()
	releaseAll(recs)
	out, err := Decode[edgeRow](context.Background(), rdr)
	require.NoError(t, err)
	return out
}

func TestEncodeDecodeEdgeValues(t *testing.T) {
	empty := ""
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	local := time.Date(2024, 3, 10, 1, 30, 0, 123456789, ny)
	in := []edgeRow{
		{F: math.NaN(), F32: float32(math.Inf(-1)), I8: math.MinInt8, I64: math.MinInt64, U64: math.MaxInt64,
			S: "", PS: &empty, Bin: []byte{}, T: time.Time{}, PT: &local, L: []int64{}},
		{F: math.Inf(1), F32: float32(math.Copysign(0, -1)), I8: math.MaxInt8, I64: math.MaxInt64, S: "\x00é", PS: nil, Bin: nil, T: local, L: nil},
	}
	out := roundTrip(t, in)
	require.Len(t, out, 2)
	require.True(t, math.IsNaN(out[0].F))
	require.True(t, math.IsInf(float64(out[0].F32), -1))
	require.True(t, math.IsInf(out[1].F, 1))
	require.True(t, math.Signbit(float64(out[1].F32)), "negative zero lost its sign")
	require.Equal(t, in[0].I8, out[0].I8)
	require.Equal(t, in[0].I64, out[0].I64)
	require.Equal(t, in[1].I64, out[1].I64)
	require.Equal(t, in[0].U64, out[0].U64)
	// Empty strings stay empty strings; a nil pointer is NULL.
	require.NotNil(t, out[0].PS)
	require.Equal(t, "", *out[0].PS)
	require.Nil(t, out[1].PS)
	require.Equal(t, "\x00é", out[1].S)
	// Times come back as the same instant in UTC, truncated to microseconds.
	want := local.UTC().Truncate(time.Microsecond)
	require.Equal(t, want, out[1].T)
	require.Equal(t, time.UTC, out[1].T.Location())
	require.Equal(t, want, *out[0].PT)
	// The zero time survives (year 1).
	require.True(t, out[0].T.Equal(time.Time{}), "zero time came back as %v", out[0].T)
	require.Nil(t, out[1].PT)
	require.Empty(t, out[0].L)
	require.Empty(t, out[1].L)
}

// TestEncodeErrorInLaterColumn: a value that fails to encode in any column
// but the first returns the error (it panicked building a batch from
// columns of different lengths) and leaks nothing.
func TestEncodeErrorInLaterColumn(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in := make([]edgeRow, 50)
	in[37].U64 = math.MaxUint64
	recs, err := Encode(in, WithAllocator(mem), WithBatchRows(8))
	require.ErrorContains(t, err, "row 37 field U64: value 18446744073709551615 overflows int64")
	require.Nil(t, recs)
}
