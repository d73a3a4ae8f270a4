package sqlfront

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslateBinaryLiterals: X'..' and X".." become BLOB literals; odd
// digit counts get a leading 0; other text fails. X '..' with a blank is one
// too: Spark's grammar reads X as a type constructor, like DATE '..'
// (Spark 4.3.0 answers bitmap_count(X '1010') as bitmap_count(X'1010')).
func TestTranslateBinaryLiterals(t *testing.T) {
	cases := map[string]string{
		"SELECT X'0a0B'":          `SELECT CAST('\x0A\x0B' AS BLOB)`,
		`SELECT x"1ABF", X'1'`:    `SELECT CAST('\x1A\xBF' AS BLOB), CAST('\x01' AS BLOB)`,
		"SELECT X''":              `SELECT CAST('' AS BLOB)`,
		"SELECT x 'a', x, 'X'":    `SELECT CAST('\x0A' AS BLOB), x, 'X'`,
		"SELECT X /* c */ '1010'": `SELECT CAST('\x10\x10' AS BLOB)`,
		"SHOW TABLES IN x 'ab'":   "SHOW TABLES IN x 'ab'",
		"SELECT t.x FROM t AS x":  "SELECT t.x FROM t AS x",
		// Written from the tree in every clause and in VALUES rows.
		"SELECT * FROM t WHERE b = X'0A'": `SELECT * FROM t WHERE b = CAST('\x0A' AS BLOB)`,
		"INSERT INTO t VALUES (X'0A', 1)": `INSERT INTO t VALUES (CAST('\x0A' AS BLOB), 1)`,
	}
	for in, want := range cases {
		tr, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, tr.SQL, in)
	}
	_, err := Translate("SELECT X'0G'", Options{})
	require.ErrorIs(t, err, ErrSyntax)
}

func TestTranslateNumberSuffixes(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 2L / 2L":       "SELECT CAST(2 AS BIGINT) / sl_nonzero(CAST(2 AS BIGINT))",
		"SELECT 1.0D, 1e3F":    "SELECT CAST(1.0 AS DOUBLE), CAST(1e3 AS FLOAT)",
		"SELECT -128Y, 1 - 3S": "SELECT CAST(-128 AS TINYINT), 1 - CAST(3 AS SMALLINT)",
		"SELECT 1.5BD, 5E3BD":  "SELECT CAST('1.5' AS DECIMAL(2,1)), CAST('5E3' AS DECIMAL(4,0))",
		"SELECT 0.01BD, 12.BD": "SELECT CAST('0.01' AS DECIMAL(2,2)), CAST('12.' AS DECIMAL(2,0))",
		"SELECT 1, 1.5, x1L":   "SELECT 1, 1.5, x1L",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err)
		require.Equal(t, want, got.SQL, in)
	}
}

// TestNumberSuffixesFromTree: suffixed literals are written by the
// generator wherever the tree holds them — clauses, VALUES rows, inside
// calls it does not write — and, where the parser does not reach (LIMIT,
// a DDL DEFAULT), written the same way as single literals rather than
// reaching DuckDB as a syntax error.
func TestNumberSuffixesFromTree(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT * FROM t WHERE a = 2L":            "SELECT * FROM t WHERE a = CAST(2 AS BIGINT)",
		"INSERT INTO t VALUES (1Y, 2.5BD)":        "INSERT INTO t VALUES (CAST(1 AS TINYINT), CAST('2.5' AS DECIMAL(2,1)))",
		"SELECT f(array(1.0F, -2S)) FROM t":       "SELECT f(list_value(CAST(1.0 AS FLOAT), CAST(-2 AS SMALLINT))) FROM t",
		"SELECT a FROM t ORDER BY a + 1L, 1":      "SELECT a FROM t ORDER BY a + CAST(1 AS BIGINT), 1",
		"SELECT transform(l, x -> x + 1L) FROM t": "SELECT list_transform(l, x -> x + CAST(1 AS BIGINT)) FROM t",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
	for in, want := range map[string]string{
		"SELECT a FROM t LIMIT 2L":                                      "SELECT a FROM t LIMIT CAST(2 AS BIGINT)",
		"CREATE TABLE t (a BIGINT DEFAULT 0L, b BINARY DEFAULT X'0a1')": "X'0A1'",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		if strings.HasPrefix(want, "X'") {
			require.Contains(t, got.SQL, `DEFAULT CAST(0 AS BIGINT)`, in)
			require.Contains(t, got.SQL, `DEFAULT CAST('\x00\xA1' AS BLOB)`, in)
			continue
		}
		require.Equal(t, want, got.SQL, in)
	}
	_, err := Translate("CREATE TABLE t (b BINARY DEFAULT X'0G')", Options{})
	require.ErrorIs(t, err, ErrSyntax)
}
