package sqlfront

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrderByAmbiguousAlias checks that an ORDER BY name two items are
// aliased with fails as in Spark, and that the forms Spark resolves pass.
func TestOrderByAmbiguousAlias(t *testing.T) {
	for _, sql := range []string{
		"SELECT 1 AS a, 2 AS a ORDER BY a",
		"SELECT 1 AS a, 2 AS `A` ORDER BY 1, a DESC NULLS LAST",
		"SELECT 1 AS a, 2 AS a ORDER BY a LIMIT 1",
	} {
		_, err := Translate(sql, Options{})
		var se *SparkError
		require.True(t, errors.As(err, &se), sql)
		require.Equal(t, "UNRESOLVED_COLUMN", se.Class, sql)
		require.Equal(t, "42703", se.SQLState, sql)
	}
	for _, sql := range []string{
		"SELECT 1 AS a, 2 AS b ORDER BY a",
		"SELECT 1 AS a, 2 AS a ORDER BY a + 1",
		"SELECT x AS a, y AS a FROM t ORDER BY a",
		"SELECT 1 AS a, 2 AS a ORDER BY coalesce(b, a)",
		"SELECT * FROM (SELECT 1 AS a, 2 AS a) ORDER BY 1",
	} {
		_, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
	}
}
