package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHigherOrderFunctions checks the DuckDB form of Spark's higher-order
// functions whose lambdas DuckDB reads differently.
func TestHigherOrderFunctions(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"SELECT transform(array(1, 2), (x, i) -> x + i)",
			`SELECT list_transform(list_value(1, 2), lambda x, i: x + (CAST(i - 1 AS INTEGER)))`},
		{"SELECT filter(a, (x, i) -> x > i) FROM t",
			`SELECT list_filter(a, lambda x, i: x > (CAST(i - 1 AS INTEGER))) FROM t`},
		{"SELECT transform(a, x -> x + 1) FROM t", `SELECT list_transform(a, x -> x + 1) FROM t`},
		{"SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x)",
			`SELECT list_reduce(list_value(1, 2, 3), lambda acc, x: acc + x, 0)`},
		{"SELECT reduce(a, 0, (acc, x) -> acc + x, acc -> acc * 10) FROM t",
			`SELECT list_transform([list_reduce(a, lambda acc, x: acc + x, 0)], lambda acc: acc * 10)[1] FROM t`},
		{"SELECT zip_with(a, b, (x, y) -> x + y) FROM t",
			`SELECT list_transform(list_zip(a, b), lambda __sl_p: (__sl_p[1]) + (__sl_p[2])) FROM t`},
		{"SELECT map_filter(m, (k, v) -> k > v) FROM t",
			`SELECT map_from_entries(list_filter(map_entries(m), lambda __sl_e: (__sl_e.key) > (__sl_e.value))) FROM t`},
		{"SELECT transform_values(m, (k, v) -> v.f + k) FROM t",
			`SELECT map_from_entries(list_transform(map_entries(m), lambda __sl_e: {'key': __sl_e.key, 'value': (__sl_e.value).f + (__sl_e.key)})) FROM t`},
		{"SELECT transform(transform(a, (x, i) -> x * i), (y, j) -> y == j) FROM t",
			`SELECT list_transform(list_transform(a, lambda x, i: x * (CAST(i - 1 AS INTEGER))), lambda y, j: y == (CAST(j - 1 AS INTEGER))) FROM t`},
	} {
		got, err := Translate(tt.in, Options{})
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, got.SQL, tt.in)
	}
}

// TestLambdaNames checks the names Spark gives calls with lambdas.
func TestLambdaNames(t *testing.T) {
	for in, want := range map[string]string{
		"transform(array(1, 2, 3), x -> x + 1)": "transform(array(1, 2, 3), lambdafunction((namedlambdavariable() + 1), namedlambdavariable()))",
		"exists(array(1), x -> x IS NULL)":      "exists(array(1), lambdafunction((namedlambdavariable() IS NULL), namedlambdavariable()))",
		"aggregate(array(1), 0, (acc, x) -> acc + x)": "aggregate(array(1), 0, lambdafunction((namedlambdavariable() + namedlambdavariable()), " +
			"namedlambdavariable(), namedlambdavariable()), lambdafunction(namedlambdavariable(), namedlambdavariable()))",
		"array_sort(array(3, NULL, 1))": "array_sort(array(3, NULL, 1), " + arraySortComparator + ")",
	} {
		got, err := Translate("SELECT "+in, Options{SparkNames: true})
		require.NoError(t, err, in)
		require.Contains(t, got.SQL, `AS "`+want+`"`, in)
	}
}
