package sqlfront

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClauseExpressionsGenerated: the expressions of every clause, not only
// the select list, go through parse → resolve → generate, so that 1 / 0
// fails as in Spark wherever it is written.
func TestClauseExpressionsGenerated(t *testing.T) {
	for _, q := range []string{
		"SELECT * FROM t WHERE a = 1 / 0",
		"SELECT * FROM t ORDER BY b + 1 / 0 DESC NULLS LAST, 2",
		"SELECT a FROM t GROUP BY a, b * (1 / 0)",
		"SELECT a, sum(b) FROM t GROUP BY a HAVING sum(b) > 1 / 0",
		"SELECT * FROM t JOIN u ON t.a = u.b + 1 / 0",
		"SELECT * FROM t WHERE x IN (SELECT y FROM v WHERE y > 1 / 0)",
		"SELECT (SELECT max(x) FROM u WHERE u.y = 1 / 0) FROM t",
		"SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) > 1 / 0",
		"SELECT sum(x) OVER (PARTITION BY a + 1 / 0) FROM t",
		"UPDATE t SET a = 1 / 0, b = 'x'",
		"DELETE FROM t WHERE c = 1 / 0",
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED AND s.b > 1 / 0 THEN DELETE",
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET t.c = 1 / 0",
	} {
		tr, err := Translate(q, Options{})
		require.NoError(t, err, q)
		require.Equal(t, 1, strings.Count(tr.SQL, "sl_nonzero(0)"), "%s\n=> %s", q, tr.SQL)
	}
}

// TestClauseExpressionsLeftAlone: words that end a clause elsewhere, lists
// of plain numbers and ordinals keep their text.
func TestClauseExpressionsLeftAlone(t *testing.T) {
	for _, q := range []string{
		"SELECT * FROM t WHERE a = 'x' AND b IN (1, 2, 3)",
		"SELECT a FROM t GROUP BY ROLLUP (a, b) ORDER BY 1 DESC",
		"SELECT * FROM t WHERE CASE WHEN a > 1 THEN 2 ELSE 1 END > 1 LIMIT 3",
		"SET spark.sql.ansi.enabled = true",
	} {
		tr, err := Translate(q, Options{})
		require.NoError(t, err, q)
		require.Equal(t, q, tr.SQL)
	}
}

// TestClauseConjunctsFallback: a condition the parser does not know as a
// whole is typed conjunct by conjunct, so Spark's operators in the others
// are still written (BETWEEN's AND is no conjunct boundary).
func TestClauseConjunctsFallback(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT * FROM t WHERE a <=> b AND (c, d) IN ((1, 2))":                        "SELECT * FROM t WHERE a IS NOT DISTINCT FROM b AND (c, d) IN ((1, 2))",
		"SELECT * FROM t WHERE (c, d) IN ((1, 2)) OR a ^ b = 1 AND x BETWEEN 1 AND 2": "SELECT * FROM t WHERE (c, d) IN ((1, 2)) OR xor(a, b) = 1 AND x BETWEEN 1 AND 2",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
