package kernel_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
)

func TestCountMarkers(t *testing.T) {
	for _, tc := range []struct {
		sql        string
		positional int
		named      []string
	}{
		{"SELECT 1", 0, nil},
		{"SELECT ?, ?", 2, nil},
		{"SELECT ? AS x, ? * 2 AS y FROM t WHERE a IN (?, ?)", 4, nil},
		{"SELECT :a, :b, :a", 0, []string{"a", "b"}},
		{"SELECT * FROM t WHERE id = :id AND name=:name_2", 0, []string{"id", "name_2"}},
		// String literals, with Spark backslash escapes.
		{"SELECT '?', ':x', ?", 1, nil},
		{`SELECT 'it\'s ?', "say \"?\" :x", ?`, 1, nil},
		{`SELECT 'a\\', ?`, 1, nil},
		{"SELECT 'it''s ?', ?", 1, nil},
		{`SELECT "?", :p`, 0, []string{"p"}},
		// Raw strings: a backslash does not escape.
		{`SELECT r'\', ?`, 1, nil},
		{`SELECT R"C:\dir\?", :p`, 0, []string{"p"}},
		{"SELECT rr, ?", 1, nil},
		// Backtick identifiers.
		{"SELECT `a?b`, `:c`, ? FROM `t``?`", 1, nil},
		// Comments, nested block comments.
		{"SELECT ? -- is it ? or :x\n, ?", 2, nil},
		{"SELECT 1 -- trailing ?", 0, nil},
		{"SELECT /* ? /* :x ? */ still comment ? */ :y", 0, []string{"y"}},
		// Casts and JSON paths are not markers.
		{"SELECT x::INT, :p::STRING", 0, []string{"p"}},
		{"SELECT ?::INT, x::DATE", 1, nil},
		{"SELECT raw:owner, raw:store.bicycle, a[0]:b FROM t WHERE id = :id", 0, []string{"id"}},
		{"SELECT CAST(:v AS INT)", 0, []string{"v"}},
		{"SELECT :_under, :x1", 0, []string{"_under", "x1"}},
		{"SELECT a[:1]", 0, nil},
		{"SELECT ?;", 1, nil},
	} {
		p, n, err := kernel.CountMarkers(tc.sql)
		require.NoError(t, err, tc.sql)
		require.Equal(t, tc.positional, p, tc.sql)
		require.Equal(t, tc.named, n, tc.sql)
	}
}

func TestCountMarkersErrors(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT ?, :x":          "mixes positional (?, offset 7) and named (:x, offset 10)",
		"SELECT 'open ?":        "unterminated string literal starting at offset 7",
		`SELECT "open \" ?`:     "unterminated string literal",
		"SELECT r'raw":          "unterminated raw string literal",
		"SELECT `ident":         "unterminated backtick identifier",
		"SELECT /* /* */ ?":     "unterminated block comment",
		`SELECT 'trailing \'`:   "unterminated string literal",
		"SELECT :a -- ?\n, ?":   "mixes",
		"SELECT ?::INT, :p + 1": "mixes",
	} {
		_, _, err := kernel.CountMarkers(sql)
		require.ErrorIs(t, err, kernel.ErrInvalidArgument, sql)
		require.ErrorContains(t, err, want, sql)
	}
}

// TestMarkerCasesShared runs the table the warehouse runs too
// (internal/sqlmarkers/testdata/cases.json).
func TestMarkerCasesShared(t *testing.T) {
	b, err := os.ReadFile("../internal/sqlmarkers/testdata/cases.json")
	require.NoError(t, err)
	var cases []struct {
		SQL        string   `json:"sql"`
		Positional int      `json:"positional"`
		Named      []string `json:"named"`
	}
	require.NoError(t, json.Unmarshal(b, &cases))
	for _, tc := range cases {
		p, n, err := kernel.CountMarkers(tc.SQL)
		require.NoError(t, err, tc.SQL)
		require.Equal(t, tc.Positional, p, tc.SQL)
		require.Equal(t, tc.Named, n, tc.SQL)
	}
}
