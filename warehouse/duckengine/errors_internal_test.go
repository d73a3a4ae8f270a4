//go:build duckdb_arrow

package duckengine

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSyntaxErrorNamesWhere: DuckDB's "syntax error at or near "X"" and
// "at end of input" become Spark's wording with the place in Near/NearEnd;
// a doubled quote inside the token is one quote; other parser errors keep
// their message and name no place.
func TestSyntaxErrorNamesWhere(t *testing.T) {
	cause := errors.New("duckdb")
	e := syntaxError(`syntax error at or near "SELEC"`, "42601", cause)
	require.Equal(t, "Syntax error at or near 'SELEC'.", e.Message)
	require.Equal(t, "SELEC", e.Near)
	require.False(t, e.NearEnd)
	require.ErrorIs(t, e, cause)

	e = syntaxError(`syntax error at or near """a"""`, "42601", cause)
	require.Equal(t, `"a"`, e.Near)

	e = syntaxError("syntax error at end of input", "42601", cause)
	require.True(t, e.NearEnd)
	require.Equal(t, "Syntax error at or near end of input.", e.Message)

	e = syntaxError("unterminated quoted string", "42601", cause)
	require.Equal(t, "unterminated quoted string", e.Message)
	require.Empty(t, e.Near)
	require.False(t, e.NearEnd)
}
