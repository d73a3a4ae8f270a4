package sqlfront

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSQLSection(t *testing.T) {
	require.Equal(t, "(line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n", SQLSection("SELEC 1", 0))
	require.Equal(t, "(line 2, pos 2)\n\n== SQL ==\nSELECT 1\nFRM t\n--^^^\nWHERE x\n",
		SQLSection("SELECT 1\nFRM t\nWHERE x", 11))
	// pos counts characters, not bytes.
	require.Equal(t, "(line 1, pos 11)\n\n== SQL ==\nSELECT 'é' x\n-----------^^^\n", SQLSection("SELECT 'é' x", 12))
	require.Equal(t, "(line 1, pos 3)\n\n== SQL ==\nabc\n---^^^\n", SQLSection("abc", 99))
}

func TestNearOffset(t *testing.T) {
	require.Equal(t, 9, NearOffset("SELECT a FROM t", "FROM"))
	require.Equal(t, 9, NearOffset("SELECT a from t", "FROM"))
	require.Equal(t, 7, NearOffset("SELECT `x y` FROM t", "x y"))
	require.Equal(t, 14, NearOffset("SELECT 'from' FROM t", "FROM"), "a string is not its contents")
	require.Equal(t, 10, NearOffset("SELECT 1 + ;\n", ""))
	require.Equal(t, -1, NearOffset("SELECT 1", "nope"))
}

func TestPositionError(t *testing.T) {
	_, err := tokenize("SELECT 'abc")
	var pe *PositionError
	require.True(t, errors.As(err, &pe))
	require.Equal(t, 7, pe.Pos)
	require.ErrorIs(t, err, ErrSyntax)
	require.Equal(t, "sqlfront: syntax error: unterminated string literal starting at offset 7", err.Error())
}
