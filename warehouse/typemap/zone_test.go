package typemap

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// TestTimestampTextInZone: TIMESTAMP text is the instant in the column's
// zone with its offset; UTC (and any zero offset) is written Z.
func TestTimestampTextInZone(t *testing.T) {
	instant := time.Date(2024, 7, 1, 12, 0, 0, 500000000, time.UTC).UnixMicro()
	cases := map[string]string{
		"Etc/UTC":          "2024-07-01T12:00:00.5Z",
		"UTC":              "2024-07-01T12:00:00.5Z",
		"America/New_York": "2024-07-01T08:00:00.5-04:00",
		"+01:00":           "2024-07-01T13:00:00.5+01:00",
		"-05:30":           "2024-07-01T06:30:00.5-05:30",
		"Not/AZone":        "2024-07-01T12:00:00.5Z",
	}
	for tz, want := range cases {
		b := array.NewTimestampBuilder(memory.DefaultAllocator, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz})
		b.Append(arrow.Timestamp(instant))
		arr := b.NewArray()
		got, ok := Text(arr, 0)
		require.True(t, ok)
		require.Equal(t, want, got, tz)
		parsed, err := time.Parse(time.RFC3339Nano, got)
		require.NoError(t, err)
		require.Equal(t, instant, parsed.UnixMicro(), "same instant")
		arr.Release()
		b.Release()
	}
}
