package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTranslateFunctionCalls(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"startswith and endswith", "SELECT startswith(`g`, 'a'), ENDSWITH(g, :p)",
			`SELECT sl_starts_with("g", 'a'), sl_ends_with(g, $p)`},
		{"qualified name kept", "SELECT s.startswith(x), startswith", "SELECT s.startswith(x), startswith"},
		{"min_by and max_by keep NULL values", "SELECT min_by(x, k), MAX_BY(x, k) OVER (PARTITION BY g)",
			"SELECT arg_min_null(x, k), arg_max_null(x, k) OVER (PARTITION BY g)"},
		{"dayofweek Sunday is 1", "SELECT dayofweek(d), dayofweek(date_trunc('week', d))",
			"SELECT CAST(dayofweek(CAST(d AS TIMESTAMP)) + 1 AS INTEGER), " +
				"CAST(dayofweek(CAST(CAST(date_trunc(sl_trunc_unit('week'), CAST(d AS TIMESTAMP)) AS TIMESTAMPTZ) AS TIMESTAMP)) + 1 AS INTEGER)"},
		{"dayofweek as sqlgen writes weekday", "SELECT (((dayofweek(`d`) + 5) % 7) + 1)",
			`SELECT (((CAST(dayofweek(CAST("d" AS TIMESTAMP)) + 1 AS INTEGER) + 5) % 7) + 1)`},
		{"weekday Monday is 0", "SELECT weekday(d)", "SELECT CAST(isodow(CAST(d AS TIMESTAMP)) - 1 AS INTEGER)"},
		{"array", "SELECT array(1, 2), array()", "SELECT list_value(1, 2), list_value()"},
		{"last_value true", "SELECT last_value(`x`, true) OVER (ORDER BY k)",
			`SELECT last_value("x" IGNORE NULLS) OVER (ORDER BY k)`},
		{"first_value true with spaces", "SELECT first_value(x , TRUE ) OVER w",
			"SELECT first_value(x IGNORE NULLS) OVER w"},
		{"false flag dropped", "SELECT last_value(x, false) OVER ()", "SELECT last_value(x) OVER ()"},
		{"IGNORE NULLS moved inside", "SELECT last_value(x) IGNORE NULLS OVER ()",
			"SELECT last_value(x IGNORE NULLS) OVER ()"},
		{"RESPECT NULLS dropped", "SELECT first_value(x) respect nulls OVER ()", "SELECT first_value(x) OVER ()"},
		{"IGNORE NULLS inside kept", "SELECT last_value(x IGNORE NULLS) OVER ()",
			"SELECT last_value(x IGNORE NULLS) OVER ()"},
		{"array type", "SELECT CAST(a AS ARRAY<BIGINT>), b::array<array<decimal(10,2)>>",
			"SELECT CAST(a AS BIGINT[]), b::DECIMAL(10, 2)[][]"},
		{"array type in column definition", "CREATE TABLE t (l ARRAY<INT>)", "CREATE TABLE t (l INTEGER[])"},
		{"array comparison kept", "SELECT * FROM t WHERE array < b AND c > d",
			"SELECT * FROM t WHERE array < b AND c > d"},
		{"names in strings kept", "SELECT 'startswith(a, b)', x -- dayofweek(d)",
			"SELECT 'startswith(a, b)', x -- dayofweek(d)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestTranslateGenerators(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"posexplode_outer as sqlgen writes it", "SELECT `k`, posexplode_outer(`l`) AS (__sl_pos, `l`) FROM t",
			`SELECT "k", unnest(coalesce(nullif(list_transform("l", lambda __sl_e, __sl_i: ` +
				`struct_pack(__sl_pos := CAST(__sl_i - 1 AS INTEGER), "l" := __sl_e)), []), [NULL]), max_depth := 2) FROM t`},
		{"posexplode default names", "SELECT posexplode(l) FROM t",
			"SELECT unnest(list_transform(l, lambda __sl_e, __sl_i: " +
				"struct_pack(pos := CAST(__sl_i - 1 AS INTEGER), col := __sl_e)), max_depth := 2) FROM t"},
		{"explode default name", "SELECT k, explode(l) FROM t", "SELECT k, unnest(l) AS col FROM t"},
		{"explode alias kept", "SELECT explode(l) AS c, explode(m) AS (d)", "SELECT unnest(l) AS c, unnest(m) AS d"},
		{"explode_outer", "SELECT explode_outer(array(1, 2)) AS c",
			"SELECT unnest(coalesce(nullif(list_value(1, 2), []), [NULL])) AS c"},
		{"marker written once", "SELECT explode_outer(:l) AS c", "SELECT unnest(coalesce(nullif($l, []), [NULL])) AS c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestTranslateNullSafeEq(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"parenthesised as sqlgen writes it", "SELECT (`id` <=> `n`) AS eqns",
			`SELECT "id" IS NOT DISTINCT FROM "n" AS eqns`},
		{"join condition", "ON `__sl_l`.`k` <=> `__sl_r`.`k` AND `__sl_l`.`j` <=> `__sl_r`.`j`",
			`ON (("__sl_l"."k") IS NOT DISTINCT FROM ("__sl_r"."k")) AND (("__sl_l"."j") IS NOT DISTINCT FROM ("__sl_r"."j"))`},
		{"no spaces", "SELECT a<=>b", "SELECT a IS NOT DISTINCT FROM b"},
		{"calls windows and casts", "SELECT f(x) OVER (PARTITION BY y) <=> CAST(z AS INT), x::decimal(10,2) <=> -y[1].z",
			"SELECT (f(x) OVER (PARTITION BY y)) IS NOT DISTINCT FROM CAST(z AS INT), " +
				"(x::decimal(10,2)) IS NOT DISTINCT FROM (-y[1].z)"},
		{"literals and markers", "SELECT DATE '2024-01-01' <=> ?, NULL <=> 'a', 1.5 <=> ?",
			"SELECT (DATE '2024-01-01') IS NOT DISTINCT FROM ?, NULL IS NOT DISTINCT FROM 'a', 1.5 IS NOT DISTINCT FROM ?"},
		{"case and predicate after", "WHERE NOT CASE WHEN a THEN 1 END <=> b IS NULL",
			"WHERE NOT ((CASE WHEN a THEN 1 END) IS NOT DISTINCT FROM b) IS NULL"},
		{"comparison after is left-associative", "SELECT a <=> b = c", "SELECT (a IS NOT DISTINCT FROM b) = c"},
		{"renamed and replaced calls", "SELECT startswith(a, b) <=> now()",
			"SELECT sl_starts_with(a, b) IS NOT DISTINCT FROM (x)"},
		// Operands of any form, at Spark's precedence (the token pass this
		// replaced refused them).
		{"arithmetic before", "SELECT a + b <=> c", "SELECT (a + b) IS NOT DISTINCT FROM c"},
		{"concatenation after", "SELECT a <=> b || c", "SELECT a IS NOT DISTINCT FROM (b || c)"},
		{"comparison before", "SELECT x = a <=> b", "SELECT (x = a) IS NOT DISTINCT FROM b"},
		{"chained", "SELECT a <=> b <=> c", "SELECT (a IS NOT DISTINCT FROM b) IS NOT DISTINCT FROM c"},
		{"xor and shift at Spark's precedence", "SELECT 5 ^ 3 + 1, a ^ b & c, 8 >>> 1 + 1",
			"SELECT xor(5, (3 + 1)), xor(a, (b & c)), sl_shiftrightunsigned(8, CAST((1 + 1) AS INTEGER))"},
		{"in a lambda", "SELECT transform(array(1, 2), x -> x ^ 2)",
			"SELECT list_transform(list_value(1, 2), x -> xor(x, 2))"},
		{"in VALUES rows", "INSERT INTO t VALUES (1 ^ 2, a <=> b)",
			"INSERT INTO t VALUES (xor(1, 2), a IS NOT DISTINCT FROM b)"},
		{"nested type brackets are no shift", "SELECT CAST(x AS MAP<STRING, ARRAY<INT>>)",
			"SELECT CAST(x AS MAP(VARCHAR, INTEGER[]))"},
		{"in strings kept", "SELECT 'a <=> b' -- c <=> d", "SELECT 'a <=> b' -- c <=> d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Translate(tt.in, Options{Functions: map[string]string{"now": "x"}})
			require.NoError(t, err)
			require.Equal(t, tt.want, got.SQL)
		})
	}
}

func TestTranslateUnsupportedConstructs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  string
	}{
		{"operand missing", "SELECT <=> b", "<=> at offset 7: an expression form the front end does not parse"},
		{"ignoreNull not a literal", "SELECT last_value(x, y) OVER ()",
			"the ignoreNull argument of last_value at offset 21 must be the literal true or false"},
		{"three arguments", "SELECT first_value(x, true, 1) OVER ()", "first_value at offset 7 takes at most 2 arguments"},
		{"LATERAL VIEW", "SELECT * FROM t LATERAL VIEW OUTER explode(l) v AS c",
			"LATERAL VIEW explode at offset 35"},
		{"posexplode one alias", "SELECT posexplode(l) AS c FROM t", "needs 2 alias name(s), got 1"},
		{"generator alias without AS", "SELECT explode(l) c FROM t", "alias without AS after the generator at offset 18"},
		{"generator arguments", "SELECT explode(a, b)", "explode at offset 7 takes exactly 1 argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Translate(tt.in, Options{})
			require.ErrorIs(t, err, ErrUnsupported)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}
