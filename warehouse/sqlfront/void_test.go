package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslateVoidColumns: select items the resolver types VOID are
// reported by position, only where the text tells positions and types.
func TestTranslateVoidColumns(t *testing.T) {
	cases := map[string][]int{
		"SELECT NULL":                                             {0},
		"SELECT 1 AS a, NULL AS n, null m, NULL":                  {1, 2, 3},
		"select distinct NULL AS n FROM t WHERE x IS NULL":        {0},
		"SELECT {'a': 1, 'b': 2} AS s, [1, 2] AS l, NULL AS n":    {2},
		"SELECT NULL AS n;":                                       {0},
		"SELECT (NULL) AS n, NULL + 1, 1.5":                       {0},
		"SELECT f(NULL, 1), NULL + 1, CAST(NULL AS INT)":          nil,
		"SELECT 1, coalesce(NULL, 2) FROM t":                      nil,
		"SELECT *, NULL AS n FROM t":                              nil,
		"SELECT t.*, NULL FROM t":                                 nil,
		"SELECT NULL UNION ALL SELECT 1":                          nil,
		"SELECT NULL; SELECT 1":                                   nil,
		"WITH x AS (SELECT 1) SELECT NULL FROM x":                 nil,
		"INSERT INTO t SELECT NULL":                               nil,
		"SELECT array(1), array(), map() AS m, NULL":              {1, 2, 3},
		"SELECT array() FROM t UNION SELECT array(1)":             nil,
		"SELECT assert_true(x > 0) AS a, raise_error('no'), f(1)": {0, 1},
	}
	for in, want := range cases {
		tr, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, tr.Void, in)
	}
}
