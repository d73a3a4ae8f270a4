package sqlfuncs

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func call(t *testing.T, name string, args ...any) (any, error) {
	t.Helper()
	f, ok := Lookup(name)
	require.True(t, ok, name)
	if f.Variadic == "" {
		require.Len(t, args, len(f.Args), "%s", f)
	}
	return f.Eval(args)
}

func mustCall(t *testing.T, name string, args ...any) any {
	t.Helper()
	v, err := call(t, name, args...)
	require.NoError(t, err)
	return v
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func unb64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

// Spark 4.3.0's aes_decrypt examples, and aes_encrypt's with a given IV.
func TestAESAsSpark(t *testing.T) {
	require.Equal(t, []byte("Spark"), mustCall(t, "sl_aes_decrypt",
		unhex(t, "83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94"), "0000111122223333", "GCM", "DEFAULT", ""))
	require.Equal(t, []byte("Spark SQL"), mustCall(t, "sl_aes_decrypt",
		unb64(t, "3lmwu+Mw0H3fi5NDvcu9lg=="), "1234567890abcdef", "ECB", "PKCS", ""))
	require.Equal(t, []byte("Apache Spark"), mustCall(t, "sl_aes_decrypt",
		unb64(t, "2NYmDCjgXTbbxGA3/SnJEfFC/JQ7olk2VQWReIAAFKo="), "1234567890abcdef", "CBC", "DEFAULT", ""))
	aad := "This is an AAD mixed into the input"
	require.Equal(t, []byte("Spark"), mustCall(t, "sl_aes_decrypt",
		unb64(t, "AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4"), "abcdefghijklmnop12345678ABCDEFGH", "GCM", "DEFAULT", aad))

	require.Equal(t, "AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4", base64.StdEncoding.EncodeToString(mustCall(t, "sl_aes_encrypt",
		"Spark", "abcdefghijklmnop12345678ABCDEFGH", "GCM", "DEFAULT", make([]byte, 12), aad).([]byte)))
	require.Equal(t, "AAAAAAAAAAAAAAAAAAAAAPSd4mWyMZ5mhvjiAPQJnfg=", base64.StdEncoding.EncodeToString(mustCall(t, "sl_aes_encrypt",
		"Spark", "abcdefghijklmnop12345678ABCDEFGH", "CBC", "DEFAULT", make([]byte, 16), "").([]byte)))
	require.Equal(t, "3lmwu+Mw0H3fi5NDvcu9lg==", base64.StdEncoding.EncodeToString(mustCall(t, "sl_aes_encrypt",
		"Spark SQL", "1234567890abcdef", "ECB", "PKCS", "", "").([]byte)))
	// A random IV: what encrypts decrypts.
	for _, mode := range []string{"GCM", "CBC", "ECB"} {
		ct := mustCall(t, "sl_aes_encrypt", "round trip", "0000111122223333", mode, "DEFAULT", "", "")
		require.Equal(t, []byte("round trip"), mustCall(t, "sl_aes_decrypt", ct, "0000111122223333", mode, "DEFAULT", ""), mode)
	}

	// Errors carry Spark's class; the try_ form is NULL instead.
	_, err := call(t, "sl_aes_decrypt", []byte("x"), "short", "GCM", "DEFAULT", "")
	var se *Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "INVALID_PARAMETER_VALUE", se.Class)
	_, err = call(t, "sl_aes_decrypt", make([]byte, 40), "0000111122223333", "GCM", "DEFAULT", "")
	require.ErrorAs(t, err, &se)
	_, err = call(t, "sl_aes_decrypt", make([]byte, 32), "0000111122223333", "GCM", "PKCS", "")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "UNSUPPORTED_FEATURE", se.Class)
	require.Nil(t, mustCall(t, "sl_try_aes_decrypt", make([]byte, 40), "0000111122223333", "GCM", "DEFAULT", ""))
}

func TestHMACAsSpark(t *testing.T) {
	require.Equal(t, "6E9EF29B75FFFC5B7ABAE527D58FDADB2FE42E7219011976917343065F58ED4A",
		strings.ToUpper(hex.EncodeToString(mustCall(t, "sl_hmac", "key", "message", "SHA-256").([]byte))))
}

func TestTextFunctions(t *testing.T) {
	for _, c := range []struct {
		num      string
		from, to int
		want     any
	}{
		{"100", 2, 10, "4"}, {"-10", 16, -10, "-16"}, {"-1", 10, 16, "FFFFFFFFFFFFFFFF"},
		{"ff", 16, 2, "11111111"}, {"12z", 10, 10, "12"}, {"z", 10, 10, nil}, {"1", 1, 10, nil},
		{"-9223372036854775808", 10, -10, "-9223372036854775808"},
	} {
		got, err := Conv(c.num, c.from, c.to)
		require.NoError(t, err)
		require.Equal(t, c.want, got, "conv(%q, %d, %d)", c.num, c.from, c.to)
	}
	_, err := Conv("99999999999999999999", 10, 10)
	require.Error(t, err)

	for in, want := range map[string]string{"Miller": "M460", "Robert": "R163", "Ashcraft": "A261",
		"Tymczak": "T522", "Pfister": "P236", "1abc": "1abc", "": "", "a": "A000"} {
		require.Equal(t, want, Soundex(in), in)
	}
	require.Equal(t, "a\ufffdb", MakeValidUTF8([]byte{0x61, 0xc2, 0x62}))
	require.Equal(t, "\ufffd\ufffd", MakeValidUTF8([]byte{0x80, 0x80}))
	require.Equal(t, "MZXW6YTBOI======", mustCall(t, "sl_to_base32", "foobar"))
	require.Equal(t, []byte("foobar"), mustCall(t, "sl_from_base32", "MZXW6YTBOI======"))
}

func TestBitmapsAndVectors(t *testing.T) {
	require.Equal(t, int64(1), mustCall(t, "sl_bitmap_bucket_number", int64(123)))
	require.Equal(t, int64(0), mustCall(t, "sl_bitmap_bucket_number", int64(0)))
	require.Equal(t, int64(122), mustCall(t, "sl_bitmap_bit_position", int64(123)))
	bm := mustCall(t, "sl_bitmap_construct", []any{int64(0), int64(1), int64(2), nil}).([]byte)
	require.Len(t, bm, 4096)
	require.Equal(t, byte(0x07), bm[0])
	require.Equal(t, int64(3), mustCall(t, "sl_bitmap_count", bm))
	or := mustCall(t, "sl_bitmap_or", []any{[]byte{0x10}, []byte{0x20}, nil}).([]byte)
	require.Equal(t, byte(0x30), or[0])
	and := mustCall(t, "sl_bitmap_and", []any{[]byte{0xf0}, []byte{0x30}}).([]byte)
	require.Equal(t, byte(0x30), and[0])

	v := func(xs ...float32) []any {
		out := make([]any, len(xs))
		for i, x := range xs {
			out[i] = x
		}
		return out
	}
	require.Equal(t, float32(32), mustCall(t, "sl_vector_inner_product", v(1, 2, 3), v(4, 5, 6)))
	require.Equal(t, float32(0.9746318459510803), mustCall(t, "sl_vector_cosine_similarity", v(1, 2, 3), v(4, 5, 6)))
	require.Equal(t, float32(7), mustCall(t, "sl_vector_norm", v(3, 4), float32(1)))
	require.Equal(t, v(2, 3), mustCall(t, "sl_vector_avg", []any{v(1, 2), v(3, 4), nil}))
	_, err := call(t, "sl_vector_l2_distance", v(1), v(1, 2))
	var se *Error
	require.ErrorAs(t, err, &se)
}

// Every registered function declares types the DuckDB leaf knows.
func TestRegistryTypes(t *testing.T) {
	known := map[string]bool{"BOOLEAN": true, "INTEGER": true, "BIGINT": true, "UBIGINT": true, "FLOAT": true,
		"DOUBLE": true, "VARCHAR": true, "BLOB": true, "ANY": true}
	ok := func(ty string) bool {
		for len(ty) > 2 && ty[len(ty)-2:] == "[]" {
			ty = ty[:len(ty)-2]
		}
		return known[ty]
	}
	for _, f := range All() {
		require.NotNil(t, f.Eval, f.Name)
		require.True(t, ok(f.Result) && f.Result != "ANY", "%s", f)
		for _, a := range f.Args {
			require.True(t, ok(a), "%s", f)
		}
		require.True(t, f.Variadic == "" || ok(f.Variadic), "%s", f)
	}
}

func TestSpatialWKB(t *testing.T) {
	point := unhex(t, "0101000000000000000000F03F0000000000000040")
	g := mustCall(t, "sl_st_from_wkb", point, int32(0), "geometry")
	require.Equal(t, int32(0), mustCall(t, "sl_st_srid", g))
	require.Equal(t, int32(3857), mustCall(t, "sl_st_srid", mustCall(t, "sl_st_setsrid", g, int32(3857))))
	require.Equal(t, point, mustCall(t, "sl_st_asbinary", g, "NDR"))
	require.Equal(t, "00000000013FF00000000000004000000000000000",
		strings.ToUpper(hex.EncodeToString(mustCall(t, "sl_st_asbinary", g, "XDR").([]byte))))
	// A polygon inside a collection round-trips through both byte orders.
	poly := unhex(t, "0107000000010000000103000000010000000400000000000000000000000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f00000000000000000000000000000000")
	geo := mustCall(t, "sl_st_from_wkb", poly, int32(4326), "geography")
	xdr := mustCall(t, "sl_st_asbinary", geo, "XDR").([]byte)
	back, err := reencodeWKB(xdr, binaryLE)
	require.NoError(t, err)
	require.Equal(t, poly, back)
	_, err = call(t, "sl_st_from_wkb", point[:10], int32(0), "geometry")
	var se *Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "WKB_PARSE_ERROR", se.Class)
}

var binaryLE = binary.LittleEndian

func TestShiftRightUnsignedOverloads(t *testing.T) {
	var ints, longs int
	for _, f := range All() {
		if f.Name != "sl_shiftrightunsigned" {
			continue
		}
		switch f.Result {
		case "INTEGER":
			ints++
			v, err := f.Eval([]any{int32(-4), int32(1)})
			require.NoError(t, err)
			require.Equal(t, int32(2147483646), v)
		case "BIGINT":
			longs++
			v, err := f.Eval([]any{int64(4), int32(65)})
			require.NoError(t, err)
			require.Equal(t, int64(2), v)
		}
	}
	require.Equal(t, 1, ints)
	require.Equal(t, 1, longs)
}

// Spark 4.3.0's count_min_sketch(col, 0.5d, 0.5d, 1) of 1, 2, 1, byte for byte.
func TestCountMinSketchAsSpark(t *testing.T) {
	b, err := CountMinSketch([]any{int32(1), int32(2), nil, int32(1)}, 0.5, 0.5, 1)
	require.NoError(t, err)
	require.Equal(t, "0000000100000000000000030000000100000004000000005D8D6AB90000000000000000000000000000000200000000000000010000000000000000",
		strings.ToUpper(hex.EncodeToString(b)))
	_, err = CountMinSketch(nil, 0.5, 1.5, 1)
	require.Error(t, err)
}

// Spark 4.3.0's approx_top_k examples, ties in its order.
func TestTopKAsSpark(t *testing.T) {
	ints := func(xs ...int32) []any {
		out := make([]any, len(xs))
		for i, x := range xs {
			out[i] = x
		}
		return out
	}
	got, err := TopKPositions(ints(0, 0, 1, 1, 2, 3, 4, 4), 5)
	require.NoError(t, err)
	// Items 0, 4, 1 (twice each), then 2, 3, by their first positions.
	require.Equal(t, []any{[]any{int64(1), int64(2)}, []any{int64(7), int64(2)}, []any{int64(3), int64(2)},
		[]any{int64(5), int64(1)}, []any{int64(6), int64(1)}}, got)
	got, err = TopKPositions(ints(0, 1, 1, 2, 2, 2), 10)
	require.NoError(t, err)
	require.Equal(t, []any{[]any{int64(4), int64(3)}, []any{int64(2), int64(2)}, []any{int64(1), int64(1)}}, got)
	got, err = TopKPositions([]any{"a", "b", "c", "c", "c", "c", "d", "d", nil}, 2)
	require.NoError(t, err)
	require.Equal(t, []any{[]any{int64(3), int64(4)}, []any{int64(7), int64(2)}}, got)
	// Enough distinct items to resize the table a few times.
	many := make([]any, 0, 300)
	for i := range 100 {
		many = append(many, int64(i), int64(i%10))
	}
	got, err = TopKPositions(many, 3)
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, int64(11), got[0].([]any)[1])
	_, err = TopKPositions(many, 0)
	require.Error(t, err)
	h, _ := javaHashCode("Spark")
	require.Equal(t, int32(80085693), h)
}

// An argument of a type a function does not take fails as Spark's
// analyser fails it, and wraps ErrUnsupportedType.
func TestArgumentTypeErrors(t *testing.T) {
	_, err := call(t, "sl_crc32", int32(5))
	var se *Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "DATATYPE_MISMATCH", se.Class)
	require.Equal(t, "42K09", se.State)
	require.ErrorIs(t, err, ErrUnsupportedType)
}
