package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// resolveItem parses and resolves the single select item of sql.
func resolveItem(t *testing.T, sql string) (exprNode, *resolver) {
	t.Helper()
	toks, err := tokenize(sql)
	require.NoError(t, err)
	r := newRewriter(toks, Options{})
	var root exprNode
	var rv *resolver
	r.forEachSelectItem(func(start, end int) {
		rv = &resolver{info: map[exprNode]*nodeInfo{}}
		e, _, err := parseItem(r, start, end, rv)
		require.NoError(t, err)
		rv.resolve(e)
		root = e
	})
	require.NotNil(t, root, sql)
	return root, rv
}

// TestResolveTypes checks the Spark types the resolver gives expressions;
// the expected types are Spark 4.3.0's (tests/conformance/testdata).
func TestResolveTypes(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT 1":          "int",
		"SELECT 2147483648": "bigint",
		// A copied operand at the item's edge keeps its own rewrite once.
		"SELECT 1.5 - NULL DIV 2":               "decimal(22,1)",
		"SELECT -2147483648":                    "int",
		"SELECT 123456789012345678901234567890": "decimal(30,0)",
		"SELECT 0.000001":                       "decimal(6,6)",
		"SELECT 1.50":                           "decimal(3,2)",
		"SELECT 1e3":                            "double",
		"SELECT 5E3BD":                          "decimal(4,0)",
		"SELECT 1Y":                             "tinyint",
		"SELECT 0.1 + 0.2":                      "decimal(2,1)",
		"SELECT 1.1 * 2.25":                     "decimal(6,3)",
		"SELECT 1.1 / 3":                        "decimal(7,6)",
		"SELECT 5 - 2.5":                        "decimal(3,1)",
		"SELECT 10 / 4.0":                       "decimal(9,6)",
		"SELECT 2 % 1.8":                        "decimal(2,1)",
		"SELECT 3 * 1.0E0":                      "double",
		"SELECT 7 / 2":                          "double",
		"SELECT 7 DIV 2":                        "bigint",
		"SELECT 1 + '2'":                        "bigint",
		"SELECT 1.5 + '1'":                      "double",
		"SELECT CAST(1 AS DECIMAL(38, 10)) * CAST(1 AS DECIMAL(38, 10))": "decimal(38,6)",
		"SELECT CAST(10 AS DECIMAL(5, 2)) / CAST(3 AS DECIMAL(5, 2))":    "decimal(13,8)",
		"SELECT ceil(-0.1)":                     "decimal(1,0)",
		"SELECT ceil(5)":                        "bigint",
		"SELECT ceil(3.1411, -3)":               "decimal(4,0)",
		"SELECT round(1.2345, 2)":               "decimal(4,2)",
		"SELECT round(1234.5, -2)":              "decimal(5,0)",
		"SELECT bround(25, -1)":                 "int",
		"SELECT sum(CAST(a AS DECIMAL(10, 2)))": "decimal(20,2)",
		"SELECT avg(CAST(a AS DECIMAL(10, 2)))": "decimal(14,6)",
		"SELECT try_multiply(-2147483648, 10)":  "int",
		"SELECT a + 1":                          "?",
		"SELECT upper('a')":                     "?",
	} {
		root, rv := resolveItem(t, sql)
		require.Equal(t, want, rv.typeOf(root).String(), sql)
	}
}

// TestResolveRejects checks the analysis errors the resolver raises as
// Spark does.
func TestResolveRejects(t *testing.T) {
	_, err := Translate("SELECT '1' + '2'", Options{})
	var se *SparkError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "DATATYPE_MISMATCH", se.Class)
	require.Equal(t, "42K09", se.SQLState)
}

// TestGenerateTypedItems checks the DuckDB text the generator writes for
// typed select items, and that items DuckDB computes as Spark does keep
// the token rewrites' text.
func TestGenerateTypedItems(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT 0.1 + 0.2":        "SELECT CAST((CAST('0.1' AS DECIMAL(1,1)) + CAST('0.2' AS DECIMAL(1,1))) AS DECIMAL(2,1))",
		"SELECT 1 + 2":            "SELECT 1 + 2",
		"SELECT 7 DIV 2, 1 / 0":   "SELECT sl_div(7, 2), 1 / sl_nonzero(0)",
		"SELECT CAST(1.9 AS INT)": "SELECT CAST(trunc(1.9) AS INT)",
		"SELECT 1 + '2'":          "SELECT 1 + CAST('2' AS BIGINT)",
		"SELECT 1 / '2'":          "SELECT 1 / sl_nonzero(CAST('2' AS BIGINT))",
		// Inside an expression it does not type, the generator writes the
		// string arithmetic DuckDB has no form of, parenthesised.
		"SELECT (1 + '2') * a FROM t": "SELECT (1 + CAST('2' AS BIGINT)) * a FROM t",
		"SELECT ceil(5)":              "SELECT CAST(5 AS BIGINT)",
		"SELECT 1.1 / 3": "SELECT CAST(CAST(sl_div_round(CAST(1.1 * 1000000 AS HUGEINT), CAST(CAST(3 AS DECIMAL(1,0)) * 1 AS HUGEINT)) " +
			"AS DECIMAL(38,0)) * CAST('0.000001' AS DECIMAL(6,6)) AS DECIMAL(7,6))",
		// Beyond HUGEINT's digits the quotient is a double's.
		"SELECT CAST(1 AS DECIMAL(38,10)) / 3": "SELECT CAST((CAST(CAST(1 AS DECIMAL(38,10)) AS DOUBLE) / sl_nonzero(3)) AS DECIMAL(38,10))",
		// A copied operand at the item's edge keeps its own rewrite once.
		"SELECT 1.5 - NULL DIV 2":           "SELECT CAST((1.5 - CAST(sl_div(NULL, 2) AS DECIMAL(20,0))) AS DECIMAL(22,1))",
		"SELECT -2147483648":                "SELECT CAST(-2147483648 AS INT)",
		"SELECT x FROM t WHERE a / b > 0.5": "SELECT x FROM t WHERE a / sl_nonzero(b) > 0.5",
	} {
		tr, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
		require.Equal(t, want, tr.SQL, sql)
	}
}

// TestStripParens checks that only parentheses around the whole text go.
func TestStripParens(t *testing.T) {
	require.Equal(t, "1 + 2", stripParens("(1 + 2)"))
	require.Equal(t, "(1) + (2)", stripParens("(1) + (2)"))
	require.Equal(t, "')' + 1", stripParens("(')' + 1)"))
	require.Equal(t, "x", stripParens("x"))
}

// TestResolveInlineTable checks the column types of FROM VALUES … AS
// t(cols), as Spark derives them from the rows.
func TestResolveInlineTable(t *testing.T) {
	for sql, want := range map[string]map[string]string{
		"SELECT a FROM VALUES (NULL), (NULL) AS t(a)":           {"a": "void"},
		"SELECT a FROM VALUES (1), (NULL), (2L) AS t(a)":        {"a": "bigint"},
		"SELECT a FROM VALUES (1, 'x'), (1.25, NULL) t(a, b)":   {"a": "decimal(12,2)", "b": "string"},
		"SELECT a FROM VALUES (1.5), (1e3) AS t(a) WHERE a > 1": {"a": "double"},
		"SELECT a FROM t":                  nil,
		"SELECT a FROM VALUES (1), (2, 3)": nil,
	} {
		toks, err := tokenize(sql)
		require.NoError(t, err)
		r := newRewriter(toks, Options{})
		sc := r.inlineTableScope(0)
		if want == nil {
			require.Nil(t, sc, sql)
			continue
		}
		got := map[string]string{}
		for name, typ := range sc {
			got[name] = typ.String()
		}
		require.Equal(t, want, got, sql)
	}
	tr, err := Translate("SELECT max(a), sum(a), try_sum(b) FROM VALUES (NULL, 1L) AS t(a, b)", Options{})
	require.NoError(t, err)
	require.Equal(t, "SELECT max(a), CAST(sum(CAST(a AS DOUBLE)) AS DOUBLE), TRY_CAST(sum(b) AS BIGINT) FROM VALUES (NULL, CAST(1 AS BIGINT)) AS t(a, b)", tr.SQL)
	require.Equal(t, []int{0}, tr.Void)
}

// TestNameStructWithFieldNames checks the names of struct(x AS name, …),
// recorded from Spark 4.3.0 in tests/conformance (literals#16, complex#14).
func TestNameStructWithFieldNames(t *testing.T) {
	for item, want := range map[string]string{
		"STRUCT(1 AS a, 'x' AS b)": "struct(1 AS a, x AS b)",
		"struct(1 AS a, 2 AS b).b": "struct(1 AS a, 2 AS b).b",
		"struct(1, 'x')":           "struct(1, x)",
	} {
		got, ok := nameOf(t, item)
		require.True(t, ok, item)
		require.Equal(t, want, got, item)
	}
}

// TestGenerateBinaryForms checks the BINARY forms of string functions,
// which DuckDB has none of: written on the bytes' hex digits, also inside
// a call the generator does not own.
func TestGenerateBinaryForms(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT length(X'0A0B')":                         `SELECT CAST(octet_length(CAST('\x0A\x0B' AS BLOB)) AS INT)`,
		"SELECT startswith(X'0A0B', X'0A')":              `SELECT starts_with(hex(CAST('\x0A\x0B' AS BLOB)), hex(CAST('\x0A' AS BLOB)))`,
		"SELECT hex(lpad(unhex('aabb'), 5))":             "SELECT hex(unhex(lpad(hex(unhex('aabb')), 10, '00')))",
		"SELECT reverse(array(2, 1)), size(map('a', 1))": "SELECT list_reverse(list_value(2, 1)), CAST(cardinality((MAP {'a': 1})) AS INT)",
		"SELECT sequence(1, 3)":                          "SELECT CAST(sl_sequence(1, 3) AS INT[])",
		// DuckDB has no ceil or floor at a scale: written inside any call.
		"SELECT upper(floor(3.14159, 2))": "SELECT upper(CAST(sl_floor_at(3.14159, 2) AS DECIMAL(4,2)))",
		// A string argument the generator leaves to the catalog's macro
		// (sl_blen dispatches on typeof, also for untyped columns).
		"SELECT length('abc')": "SELECT CAST(sl_blen('abc') AS INTEGER)",
	} {
		tr, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
		require.Equal(t, want, tr.SQL, sql)
	}
}
