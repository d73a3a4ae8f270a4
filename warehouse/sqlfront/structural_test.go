package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStructuralCalls checks the calls rewritten from their arguments' text.
func TestStructuralCalls(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"SELECT decode(x, 1, 'a', 2, 'b', 'z') FROM t",
			"SELECT CASE WHEN (x) IS NOT DISTINCT FROM (1) THEN 'a' WHEN (x) IS NOT DISTINCT FROM (2) THEN 'b' ELSE 'z' END FROM t"},
		{"SELECT decode(x, NULL, 'n')", "SELECT CASE WHEN (x) IS NOT DISTINCT FROM (NULL) THEN 'n' END"},
		{"SELECT decode(b, 'utf-8')", "SELECT decode(b)"},
		{"SELECT elt(2, 'a', 1)", "SELECT list_value(CAST('a' AS VARCHAR), CAST(1 AS VARCHAR))[2]"},
		{"SELECT to_number(s, '$99,999.9S') FROM t", "SELECT CAST(sl_number_text(s) AS DECIMAL(6,1)) FROM t"},
		{"SELECT try_to_number('454.00', '000D00')", "SELECT TRY_CAST(sl_number_text('454.00') AS DECIMAL(5,2))"},
	} {
		got, err := Translate(tt.in, Options{})
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, got.SQL, tt.in)
	}
}

func TestNumberFormat(t *testing.T) {
	for f, want := range map[string][2]int{"999": {3, 0}, "000.00": {5, 2}, "99,999": {5, 0}, "$99.99": {4, 2},
		"99G999D9S": {6, 1}, "S999": {3, 0}, "99MI": {2, 0}, "999PR": {3, 0}} {
		p, s, ok := numberFormat(f)
		require.True(t, ok, f)
		require.Equal(t, want, [2]int{p, s}, f)
	}
	for _, f := range []string{"", "yyyy", "9.9.9", "abc"} {
		_, _, ok := numberFormat(f)
		require.False(t, ok, f)
	}
}

// TestToChar checks that to_char's format picks the kind of its value.
func TestToChar(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"SELECT to_char(b, 'hex') FROM t", "SELECT hex(b) FROM t"},
		{"SELECT to_varchar(b, 'base64') FROM t", "SELECT to_base64(b) FROM t"},
		{"SELECT to_char(x, '99G999D9S') FROM t",
			"SELECT (format('{:,.1f}', CAST(abs(x) AS DOUBLE)) || CASE WHEN (x) < 0 THEN '-' ELSE '+' END) FROM t"},
		{"SELECT to_char(x, '$99.99') FROM t",
			"SELECT (CASE WHEN (x) < 0 THEN '-' ELSE '' END || '$' || format('{:.2f}', CAST(abs(x) AS DOUBLE))) FROM t"},
		{"SELECT to_char(d, 'yyyy-MM-dd') FROM t", "SELECT strftime(CAST(d AS TIMESTAMP), '%Y-%m-%d') FROM t"},
	} {
		got, err := Translate(tt.in, Options{})
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, got.SQL, tt.in)
	}
}

// TestFirstValueAggregate: first_value/last_value outside a window are
// Spark's first/last aggregates.
func TestFirstValueAggregate(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT first_value(c) FROM t":                         "SELECT first(c) FROM t",
		"SELECT last_value(c, true) FROM t":                    "SELECT sl_last(c, true) FROM t",
		"SELECT first_value(c, true) OVER (ORDER BY c) FROM t": "SELECT first_value(c IGNORE NULLS) OVER (ORDER BY c) FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}

// TestSmallForms covers the argument forms Spark accepts beyond DuckDB's.
func TestSmallForms(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT dense_rank(b) OVER (ORDER BY b) FROM t":   "SELECT CAST(dense_rank() OVER (ORDER BY b) AS INTEGER) FROM t",
		"SELECT percent_rank(b) OVER (ORDER BY b) FROM t": "SELECT percent_rank() OVER (ORDER BY b) FROM t",
		"SELECT like('Spark', '_park')":                   `SELECT ('Spark' LIKE '_park' ESCAPE '\')`,
		"SELECT a LIKE (b) FROM t":                        `SELECT a LIKE (b) ESCAPE '\' FROM t`,
		"SELECT lpad(s, 5), rpad(s, 5, '?') FROM t":       "SELECT lpad(s, 5, ' '), rpad(s, 5, '?') FROM t",
		"SELECT max_by(x, y, 2) FROM t":                   "SELECT arg_max(x, y, 2) FROM t",
		"SELECT concat_ws('s')":                           "SELECT (CASE WHEN 's' IS NULL THEN NULL ELSE '' END)",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
	got, err := Translate("SELECT overlay('Spark SQL' PLACING '_' FROM 6), any(c) FROM t", Options{SparkNames: true})
	require.NoError(t, err)
	require.Contains(t, got.SQL, `AS "overlay(Spark SQL, _, 6, -1)"`)
	require.Contains(t, got.SQL, `AS "any(c)"`)
}

func TestLikeOperatorWithParenthesis(t *testing.T) {
	got, err := Translate("SELECT a NOT ILIKE (b) FROM t", Options{})
	require.NoError(t, err)
	require.Equal(t, `SELECT a NOT ILIKE (b) ESCAPE '\' FROM t`, got.SQL)
}

// TestMoreFunctions checks a few entries of more_functions.go and that
// every macro they call is known to MacrosFor.
func TestMoreFunctions(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT array_union(a, b) FROM t":                        "SELECT sl_array_distinct(list_concat(a, b)) FROM t",
		"SELECT make_timestamp(2014, 12, 28, 6, 30, 1, 'CET')":   "SELECT sl_make_timestamp_tz(2014, 12, 28, 6, 30, 1, 'CET')",
		"SELECT try_make_timestamp_ntz(y, 1, 1, 0, 0, 0) FROM t": "SELECT TRY(make_timestamp(y, 1, 1, 0, 0, 0)) FROM t",
		"SELECT str_to_map(s) FROM t":                            "SELECT sl_str_to_map(s, ',', ':') FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
	require.Equal(t, []string{"sl_array_distinct", "sl_array_except"}, MacrosFor("SELECT sl_array_except(a, b)"))
}

// TestXor: ^ is Spark's bitwise XOR, DuckDB's power; its operands are of
// any form, at Spark's precedence (arithmetic and & bind more tightly).
func TestXor(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 3 ^ 5":                      "SELECT xor(3, 5)",
		"SELECT a ^ b AS x FROM t":          "SELECT xor(a, b) AS x FROM t",
		"SELECT f(a) ^ (b + 1) = 0 FROM t":  "SELECT xor(f(a), (b + 1)) = 0 FROM t",
		"SELECT '^' FROM t WHERE s = 'a^b'": "SELECT '^' FROM t WHERE s = 'a^b'",
		"SELECT a + b ^ c FROM t":           "SELECT xor((a + b), c) FROM t",
		"SELECT a ^ b * c FROM t":           "SELECT xor(a, (b * c)) FROM t",
		"SELECT a ^ b ^ c FROM t":           "SELECT xor(xor(a, b), c) FROM t",
		"SELECT * FROM t WHERE a ^ b = 1":   "SELECT * FROM t WHERE xor(a, b) = 1",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
	// Where the parser does not know the expression, ^ is refused rather
	// than computed as a power.
	_, err := Translate("SELECT a ^ FROM t", Options{})
	require.ErrorIs(t, err, ErrUnsupported)
}

func TestInlineAndNamedGeneratorArgument(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT inline(a) FROM t":                "SELECT unnest(a, max_depth := 2) FROM t",
		"SELECT inline_outer(input => a) FROM t": "SELECT unnest(coalesce(nullif(a, []), [NULL]), max_depth := 2) FROM t",
		"SELECT explode(collection => a) FROM t": "SELECT unnest(a) AS col FROM t",
		"SELECT date_part('SECONDS', ts) FROM t": "SELECT CAST(date_part('microseconds', CAST(ts AS TIMESTAMP)) / 1000000 AS DECIMAL(8,6)) FROM t",
		"SELECT format_number(x, 4) FROM t":      "SELECT format('{:,.4f}', CAST(x AS DOUBLE)) FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}

func TestWithinGroupNames(t *testing.T) {
	got, err := Translate("SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY c), mode() WITHIN GROUP (ORDER BY c DESC), "+
		"array_join(a, ',', 'x') FROM t", Options{SparkNames: true})
	require.NoError(t, err)
	require.Contains(t, got.SQL, `AS "percentile_cont(0.25) WITHIN GROUP (ORDER BY c)"`)
	require.Contains(t, got.SQL, `AS "mode() WITHIN GROUP (ORDER BY c)"`) // Spark prints mode's order inverted
	require.Contains(t, got.SQL, `array_to_string(list_transform(a, lambda __sl_e: coalesce(CAST(__sl_e AS VARCHAR), 'x')), ',')`)
}
