package repl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitterEndsStatementsAtSemicolonsOutsideQuotesAndComments(t *testing.T) {
	cases := []struct {
		name    string
		inputs  []string
		want    []string
		pending string
	}{
		{"one", []string{"SELECT 1;"}, []string{"SELECT 1"}, ""},
		{"two on a line", []string{"SELECT 1; SELECT 2;"}, []string{"SELECT 1", "SELECT 2"}, ""},
		{"across lines", []string{"SELECT\n", "1\n", ";\n"}, []string{"SELECT\n1"}, ""},
		{"semicolon in string", []string{"SELECT ';' AS s;"}, []string{"SELECT ';' AS s"}, ""},
		{"escaped quote in string", []string{`SELECT 'it\'s;' AS s;`}, []string{`SELECT 'it\'s;' AS s`}, ""},
		{"string across lines", []string{"SELECT 'a;\n", "b';"}, []string{"SELECT 'a;\nb'"}, ""},
		{"backquoted identifier", []string{"SELECT 1 AS `a;b`;"}, []string{"SELECT 1 AS `a;b`"}, ""},
		{"double-quoted", []string{`SELECT "x;y";`}, []string{`SELECT "x;y"`}, ""},
		{"line comment", []string{"SELECT 1 -- no; end\n", ";"}, []string{"SELECT 1 -- no; end"}, ""},
		{"block comment", []string{"SELECT /* ; */ 1;"}, []string{"SELECT /* ; */ 1"}, ""},
		{"block comment across lines", []string{"SELECT /* ;\n", "; */ 2;"}, []string{"SELECT /* ;\n; */ 2"}, ""},
		{"empty statements dropped", []string{";;  ;\n"}, nil, ""},
		{"comment-only statement dropped", []string{"-- hello\n;"}, nil, ""},
		{"unfinished kept", []string{"SELECT 1; SELECT"}, []string{"SELECT 1"}, "SELECT"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s Splitter
			var got []string
			for _, in := range c.inputs {
				got = append(got, s.Feed(in)...)
			}
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.pending, s.Pending())
		})
	}
}

func TestSplitterInStatement(t *testing.T) {
	var s Splitter
	assert.False(t, s.InStatement())
	s.Feed("-- a comment\n")
	assert.False(t, s.InStatement(), "a comment alone begins no statement")
	s.Feed("SELECT 'open\n")
	assert.True(t, s.InStatement())
	s.Reset()
	assert.False(t, s.InStatement())
	assert.Equal(t, []string{"SELECT 2"}, s.Feed("SELECT 2;"), "Reset forgets the open quote")
}
