package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSetOpStrings checks that a string meeting a number in a column of a
// set operation is cast to the number's type, as Spark's ANSI coercion
// does, and that other forms are left alone.
func TestSetOpStrings(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1 AS a UNION SELECT 'x'":             "SELECT 1 AS a UNION SELECT CAST(('x') AS BIGINT)",
		"SELECT '1' a, 2 UNION ALL SELECT 3, 'y' b":  "SELECT CAST(('1') AS BIGINT) a, 2 UNION ALL SELECT 3, CAST(('y') AS BIGINT) b",
		"SELECT 'x' UNION SELECT 'y'":                "SELECT 'x' UNION SELECT 'y'",
		"SELECT 1, 'x' UNION SELECT 2":               "SELECT 1, 'x' UNION SELECT 2",
		"SELECT * FROM t UNION SELECT 'x'":           "SELECT * FROM t UNION SELECT 'x'",
		"SELECT (SELECT 1 UNION SELECT 'x') AS s":    "SELECT (SELECT 1 UNION SELECT 'x') AS s",
		"SELECT a FROM t EXCEPT SELECT 'x' FROM u":   "SELECT a FROM t EXCEPT SELECT 'x' FROM u",
		"SELECT 1.5 INTERSECT SELECT '2' ORDER BY 1": "SELECT 1.5 INTERSECT SELECT CAST(('2') AS DOUBLE) ORDER BY 1",
	} {
		got, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
