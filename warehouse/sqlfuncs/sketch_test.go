package sqlfuncs

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func texts(xs ...string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Set sketches answer Spark's examples exactly: distinct counts, unions,
// intersections and differences; NULL keys and NULL sketches are skipped.
func TestSetSketches(t *testing.T) {
	a := mustCall(t, "sl_set_build", append(texts("1", "1", "2", "2", "3"), nil), "theta")
	b := mustCall(t, "sl_set_build", texts("4", "4", "5", "5", "1"), "theta")
	require.Equal(t, int64(3), mustCall(t, "sl_set_estimate", a, "theta"))
	require.Equal(t, int64(5), mustCall(t, "sl_set_estimate", mustCall(t, "sl_set_union", a, b, "theta"), "theta"))
	require.Equal(t, int64(1), mustCall(t, "sl_set_estimate", mustCall(t, "sl_set_intersect", a, b, "theta"), "theta"))
	require.Equal(t, int64(2), mustCall(t, "sl_set_estimate", mustCall(t, "sl_set_difference", a, b, "theta"), "theta"))
	require.Equal(t, int64(5), mustCall(t, "sl_set_estimate", mustCall(t, "sl_set_union_list", []any{a, nil, b}, "theta"), "theta"))
	require.Equal(t, int64(0), mustCall(t, "sl_set_estimate", mustCall(t, "sl_set_intersect_list", []any{nil}, "theta"), "theta"))

	// A sketch of another family, or bytes that are no sketch, fail with
	// the family's error class.
	_, err := call(t, "sl_set_estimate", a, "hll")
	var se *Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, "HLL_INVALID_INPUT_SKETCH_BUFFER", se.Class)
	_, err = call(t, "sl_set_estimate", []byte("SLSK\x01T\x05"), "theta")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "THETA_INVALID_INPUT_SKETCH_BUFFER", se.Class)
}

func TestTupleSketches(t *testing.T) {
	pairs := func(kv ...string) []any {
		out := []any{}
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, texts(kv[i], kv[i+1]))
		}
		return out
	}
	a := mustCall(t, "sl_tuple_build", pairs("1", "1", "1", "2", "2", "3"), "sum", "integer")
	require.Equal(t, 2.0, mustCall(t, "sl_tuple_estimate", a, "integer"))
	require.Equal(t, int64(6), mustCall(t, "sl_tuple_summary_integer", a, "sum"))
	require.Equal(t, 1.0, mustCall(t, "sl_tuple_theta", a, "integer"))
	d := mustCall(t, "sl_tuple_build", pairs("1", "5.0", "1", "1.0", "2", "2.0"), "max", "double")
	require.Equal(t, 7.0, mustCall(t, "sl_tuple_summary_double", d, "sum"))
	require.Equal(t, 5.0, mustCall(t, "sl_tuple_summary_double", d, "max"))

	b := mustCall(t, "sl_tuple_build", pairs("2", "10", "3", "7"), "sum", "integer")
	require.Equal(t, 3.0, mustCall(t, "sl_tuple_estimate", mustCall(t, "sl_tuple_union", a, b, "sum", "integer"), "integer"))
	both := mustCall(t, "sl_tuple_intersect", a, b, "sum", "integer")
	require.Equal(t, 1.0, mustCall(t, "sl_tuple_estimate", both, "integer"))
	require.Equal(t, int64(13), mustCall(t, "sl_tuple_summary_integer", both, "sum"))
	require.Equal(t, 1.0, mustCall(t, "sl_tuple_estimate", mustCall(t, "sl_tuple_difference", a, b, "integer"), "integer"))
	theta := mustCall(t, "sl_set_build", texts("2", "9"), "theta")
	require.Equal(t, 3.0, mustCall(t, "sl_tuple_estimate", mustCall(t, "sl_tuple_union", a, theta, "sum", "integer"), "integer"))
	require.Equal(t, 0.0, mustCall(t, "sl_tuple_estimate", mustCall(t, "sl_tuple_intersect_list", []any{nil}, "sum", "double"), "double"))

	_, err := call(t, "sl_tuple_build", pairs("1", "1"), "median", "integer")
	var se *Error
	require.ErrorAs(t, err, &se)
}

func TestKLLSketches(t *testing.T) {
	k := mustCall(t, "sl_kll_build_bigint", []any{int64(5), int64(1), nil, int64(3), int64(2), int64(4)})
	require.Equal(t, int64(5), mustCall(t, "sl_kll_n", k, "bigint"))
	require.Equal(t, int64(3), mustCall(t, "sl_kll_quantile_bigint", k, 0.5, "bigint"))
	require.Equal(t, int64(1), mustCall(t, "sl_kll_quantile_bigint", k, 0.0, "bigint"))
	require.Equal(t, int64(5), mustCall(t, "sl_kll_quantile_bigint", k, 1.0, "bigint"))
	require.Equal(t, 0.6, mustCall(t, "sl_kll_rank", k, 3.0, "bigint"))
	for _, f := range All() {
		switch {
		case f.Name == "sl_kll_quantile_bigint" && f.Args[1] == "DOUBLE[]":
			v, err := f.Eval([]any{k, []any{0.2, nil, 1.0}, "bigint"})
			require.NoError(t, err)
			require.Equal(t, []any{int64(1), nil, int64(5)}, v)
		case f.Name == "sl_kll_rank" && f.Args[1] == "DOUBLE[]":
			v, err := f.Eval([]any{k, []any{1.0, 5.0}, "bigint"})
			require.NoError(t, err)
			require.Equal(t, []any{0.2, 1.0}, v)
		}
	}
	m := mustCall(t, "sl_kll_merge", k, k, "bigint")
	require.Equal(t, int64(10), mustCall(t, "sl_kll_n", m, "bigint"))
	require.Equal(t, int64(15), mustCall(t, "sl_kll_n", mustCall(t, "sl_kll_merge_list", []any{k, nil, m}, "bigint"), "bigint"))
	require.Contains(t, mustCall(t, "sl_kll_to_string", k, "bigint"), "N                      : 5")
	f := mustCall(t, "sl_kll_build_float", []any{float32(1.5), float32(2.5)})
	require.Equal(t, float32(1.5), mustCall(t, "sl_kll_quantile_float", f, 0.5, "float"))
	_, err := call(t, "sl_kll_quantile_bigint", k, 1.5, "bigint")
	var se *Error
	require.ErrorAs(t, err, &se)
	_, err = call(t, "sl_kll_n", f, "bigint")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "KLL_INVALID_INPUT_SKETCH_BUFFER", se.Class)
}
