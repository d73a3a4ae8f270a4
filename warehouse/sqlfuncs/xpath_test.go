package sqlfuncs

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Spark 4.3.0's xpath examples, and the subset's edges.
func TestXPathAsSpark(t *testing.T) {
	ab := "<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>"
	require.Equal(t, []any{"b1", "b2", "b3"}, mustCall(t, "sl_xpath", ab, "a/b/text()"))
	require.Equal(t, []any{nil, nil, nil}, mustCall(t, "sl_xpath", ab, "a/b"))
	require.Equal(t, true, mustCall(t, "sl_xpath_boolean", "<a><b>1</b></a>", "a/b"))
	require.Equal(t, false, mustCall(t, "sl_xpath_boolean", "<a><b>1</b></a>", "a/c"))
	nums := "<a><b>1</b><b>2</b></a>"
	require.Equal(t, 3.0, mustCall(t, "sl_xpath_double", nums, "sum(a/b)"))
	require.Equal(t, float32(3), mustCall(t, "sl_xpath_float", nums, "sum(a/b)"))
	require.Equal(t, int32(3), mustCall(t, "sl_xpath_int", nums, "sum(a/b)"))
	require.Equal(t, int64(3), mustCall(t, "sl_xpath_long", nums, "sum(a/b)"))
	require.Equal(t, int32(3), mustCall(t, "sl_xpath_short", nums, "sum(a/b)"))
	require.Equal(t, int64(2), mustCall(t, "sl_xpath_long", nums, "count(/a/b)"))
	require.Equal(t, "cc", mustCall(t, "sl_xpath_string", "<a><b>b</b><c>cc</c></a>", "a/c"))
	require.Equal(t, "", mustCall(t, "sl_xpath_string", "<a><b>b</b></a>", "a/d"))
	require.Equal(t, int32(0), mustCall(t, "sl_xpath_int", "<a><b>x</b></a>", "a/b"), "not a number: 0")
	require.Equal(t, "2", mustCall(t, "sl_xpath_string", `<a><b id="2">x</b></a>`, "//b/@id"))
	require.Equal(t, []any{"x", "y"}, mustCall(t, "sl_xpath", "<r><a><b>x</b></a><b>y</b></r>", "//b/text()"))

	var se *Error
	_, err := call(t, "sl_xpath", ab, "a/b[1]")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "UNSUPPORTED_FEATURE", se.Class)
	_, err = call(t, "sl_xpath", ab, "a/")
	require.ErrorAs(t, err, &se)
	_, err = call(t, "sl_xpath", "<a><b></a>", "a")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "INVALID_XML", se.Class)
}
