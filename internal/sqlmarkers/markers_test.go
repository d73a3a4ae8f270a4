package sqlmarkers_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/sqlmarkers"
)

// Case is one statement of testdata/cases.json, the table the kernel
// (CountMarkers) and the warehouse (sqlfront.Translate) run too.
type Case struct {
	SQL        string   `json:"sql"`
	Positional int      `json:"positional"`
	Named      []string `json:"named"`
}

func TestCount(t *testing.T) {
	b, err := os.ReadFile("testdata/cases.json")
	require.NoError(t, err)
	var cases []Case
	require.NoError(t, json.Unmarshal(b, &cases))
	for _, tc := range cases {
		p, n, _, _, err := sqlmarkers.Count(tc.SQL)
		require.NoError(t, err, tc.SQL)
		require.Equal(t, tc.Positional, p, tc.SQL)
		require.Equal(t, tc.Named, n, tc.SQL)
	}
}

func TestScannerPositions(t *testing.T) {
	const sql = "SELECT :a, ? /* :b */ x:c, :d"
	s := sqlmarkers.NewScanner(sql)
	var got []string
	for m, ok := s.Next(); ok; m, ok = s.Next() {
		got = append(got, sql[m.Pos:m.End]+"="+m.Name(sql))
	}
	require.NoError(t, s.Err())
	require.Equal(t, []string{":a=a", "?=", ":d=d"}, got)
}

func TestUnterminated(t *testing.T) {
	for sql, what := range map[string]string{
		"SELECT 'open ?":      "string literal",
		`SELECT "open \" ?`:   "string literal",
		"SELECT r'raw":        "raw string literal",
		"SELECT `ident":       "backtick identifier",
		"SELECT /* /* */ ?":   "block comment",
		`SELECT 'trailing \'`: "string literal",
	} {
		_, _, _, _, err := sqlmarkers.Count(sql)
		require.ErrorIs(t, err, sqlmarkers.ErrUnterminated, sql)
		var ue *sqlmarkers.UnterminatedError
		require.ErrorAs(t, err, &ue, sql)
		require.Equal(t, what, ue.What, sql)
		require.Equal(t, 7, ue.Offset, sql)
	}
}
