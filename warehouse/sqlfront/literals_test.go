package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslateBinaryLiterals: X'..' and X".." become BLOB literals; odd
// digit counts get a leading 0; other text fails.
func TestTranslateBinaryLiterals(t *testing.T) {
	cases := map[string]string{
		"SELECT X'0a0B'":         `SELECT CAST('\x0A\x0B' AS BLOB)`,
		`SELECT x"1ABF", X'1'`:   `SELECT CAST('\x1A\xBF' AS BLOB), CAST('\x01' AS BLOB)`,
		"SELECT X''":             `SELECT CAST('' AS BLOB)`,
		"SELECT x 'a', x, 'X'":   "SELECT x 'a', x, 'X'",
		"SELECT t.x FROM t AS x": "SELECT t.x FROM t AS x",
	}
	for in, want := range cases {
		tr, err := Translate(in, Options{})
		require.NoError(t, err, in)
		require.Equal(t, want, tr.SQL, in)
	}
	_, err := Translate("SELECT X'0G'", Options{})
	require.ErrorIs(t, err, ErrSyntax)
}
