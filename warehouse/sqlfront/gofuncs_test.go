package sqlfront

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoFunctionCalls: Databricks names of the Go scalar functions become
// calls of their sl_ implementation, Spark's defaults filled in and
// aggregates turned into list() handed to the function.
func TestGoFunctionCalls(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT crc32('Spark'), xxhash64(a, b), hash(a)":                     "SELECT sl_crc32('Spark'), sl_xxhash64(a, b), sl_murmur3(a)",
		"SELECT aes_decrypt(x, k)":                                           "SELECT sl_aes_decrypt(x, k, 'GCM', 'DEFAULT', '')",
		"SELECT aes_encrypt(x, k, 'CBC')":                                    "SELECT sl_aes_encrypt(x, k, 'CBC', 'DEFAULT', '', '')",
		"SELECT hmac('key', m)":                                              "SELECT sl_hmac('key', m, 'SHA-256')",
		"SELECT conv(n, 16, 10)":                                             "SELECT sl_conv(CAST(n AS VARCHAR), CAST(16 AS INTEGER), CAST(10 AS INTEGER))",
		"SELECT vector_sum(v) FROM t":                                        "SELECT sl_vector_sum(list(v)) FROM t",
		"SELECT hll_sketch_estimate(hll_sketch_agg(c, 12)) FROM t":           "SELECT sl_set_estimate(sl_set_build(list(CAST(c AS VARCHAR)), 'hll'), 'hll') FROM t",
		"SELECT kll_sketch_get_n_bigint(kll_sketch_agg_bigint(c)) FROM t":    "SELECT sl_kll_n(sl_kll_build_bigint(list(CAST(c AS BIGINT))), 'bigint') FROM t",
		"SELECT tuple_sketch_agg_double(k, v, 12, 'max') FROM t":             "SELECT sl_tuple_build(list([CAST(k AS VARCHAR), CAST(v AS VARCHAR)]),  'max', 'double') FROM t", // the argument as written, its blank included
		"SELECT approx_top_k(c) FROM t":                                      "SELECT sl_approx_top_k(list(c), 5) FROM t",
		"SELECT approx_top_k_estimate(approx_top_k_accumulate(c), 2) FROM t": "SELECT sl_approx_top_k(list(c), CAST(2 AS INTEGER)) FROM t",
		"SELECT st_srid(st_geomfromwkb(w))":                                  "SELECT sl_st_srid(CAST(sl_st_from_wkb(w, 0, 'geometry') AS BLOB))",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}

// TestFormatFunctionsRefused: XML, CSV, Avro and Protobuf functions fail
// with a Spark error class, not as unknown routines.
func TestFormatFunctionsRefused(t *testing.T) {
	for sql, class := range map[string]string{
		"SELECT from_xml(x, 'a INT')":             "UNSUPPORTED_FEATURE",
		"SELECT schema_of_csv(x)":                 "UNSUPPORTED_FEATURE",
		"SELECT to_csv(named_struct('a', 1))":     "UNSUPPORTED_FEATURE",
		"SELECT to_avro(s) FROM t":                "AVRO_NOT_LOADED_SQL_FUNCTIONS_UNUSABLE",
		"SELECT from_protobuf(s, 'P', '/d.desc')": "PROTOBUF_DESCRIPTOR_FILE_NOT_FOUND",
	} {
		_, err := Translate(sql, Options{})
		var se *SparkError
		require.True(t, errors.As(err, &se), sql)
		require.Equal(t, class, se.Class, sql)
	}
}

// TestShiftRightUnsignedOperator: a >>> b is the Go function of
// shiftrightunsigned, its operands of any form at Spark's precedence.
func TestShiftRightUnsignedOperator(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 4 >>> 1":                             "SELECT sl_shiftrightunsigned(4, CAST(1 AS INTEGER))",
		"SELECT (a + 1) >>> b FROM t":                "SELECT sl_shiftrightunsigned((a + 1), CAST(b AS INTEGER)) FROM t",
		"SELECT x >> 1, y > 2":                       "SELECT x >> 1, y > 2",
		"SELECT CAST(x AS ARRAY<ARRAY<ARRAY<INT>>>)": "SELECT CAST(x AS INTEGER[][][])",
		"SELECT a + 4 >>> 1":                         "SELECT sl_shiftrightunsigned((a + 4), CAST(1 AS INTEGER))",
		"SELECT 4 >>> 1 + a":                         "SELECT sl_shiftrightunsigned(4, CAST((1 + a) AS INTEGER))",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
