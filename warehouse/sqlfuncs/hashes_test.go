package sqlfuncs

import (
	"math/big"
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
	var se *Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "UNSUPPORTED_FEATURE", se.Class)

	// A DECIMAL (as duckdb-go hands it over) of precision up to 18 hashes
	// its unscaled long; wider ones the bytes of Java's BigInteger.
	type decimal struct {
		Width, Scale uint8
		Value        *big.Int
	}
	d, err := SparkHash(decimal{Width: 2, Scale: 1, Value: big.NewInt(15)})
	require.NoError(t, err)
	l, _ := SparkHash(int64(15))
	require.Equal(t, l, d)
	_, err = SparkHash(decimal{Width: 30, Scale: 0, Value: big.NewInt(-129)})
	require.NoError(t, err)
	require.Equal(t, []byte{0xff, 0x7f}, javaBigIntegerBytes(big.NewInt(-129)))
	require.Equal(t, []byte{0x00, 0x80}, javaBigIntegerBytes(big.NewInt(128)))
	require.Equal(t, []byte{0xff}, javaBigIntegerBytes(big.NewInt(-1)))
	require.Equal(t, []byte{0x00}, javaBigIntegerBytes(big.NewInt(0)))
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
