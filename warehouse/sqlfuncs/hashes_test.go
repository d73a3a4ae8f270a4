package sqlfuncs

import (
	"testing"

	"github.com/cespare/xxhash/v2"

	"github.com/stretchr/testify/require"
)

// Spark 4.3.0's answers (tests/conformance/testdata/functions.json).
func TestSparkHashes(t *testing.T) {
	h, err := SparkHash("Spark", []any{int32(123)}, int32(2))
	require.NoError(t, err)
	require.Equal(t, int32(-1321691492), h)
	x, err := SparkXXHash64("Spark", []any{int32(123)}, int32(2))
	require.NoError(t, err)
	require.Equal(t, int64(5602566077635097486), x)
	crc, _ := Lookup("sl_crc32")
	v, err := crc.Eval([]any{"Spark"})
	require.NoError(t, err)
	require.Equal(t, int64(1557323817), v)
	// NULL arguments are skipped: the seed carries over.
	a, _ := SparkHash("Spark", nil)
	b, _ := SparkHash("Spark")
	require.Equal(t, a, b)
	_, err = SparkHash(struct{}{})
	require.ErrorIs(t, err, ErrUnsupportedType)
}

// The reference XXH64 vectors (empty input, seed 0 and a 32+ byte input).
func TestXXH64Reference(t *testing.T) {
	require.Equal(t, uint64(0xEF46DB3751D8E999), XXH64(nil, 0))
	require.Equal(t, uint64(0xD24EC4F1A98C6E5B), XXH64([]byte("a"), 0))
	// Every length through the 32-byte stripes and each tail, against an
	// independent implementation (seed 0, the only one it takes).
	buf := make([]byte, 100)
	for i := range buf {
		buf[i] = byte(i*7 + 3)
	}
	for n := 0; n <= len(buf); n++ {
		require.Equal(t, xxhash.Sum64(buf[:n]), XXH64(buf[:n], 0), "length %d", n)
	}
}
