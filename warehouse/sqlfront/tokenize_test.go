package sqlfront

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tk is a token without its position, for compact expectations.
type tk struct {
	kind  tokenKind
	text  string
	value string
}

// views returns every token, for tests.
func (l tokenList) views() []token {
	out := make([]token, l.len())
	for i := range out {
		out[i] = l.at(i)
	}
	return out
}

func lex(t *testing.T, src string) []tk {
	t.Helper()
	toks, err := tokenize(src)
	require.NoError(t, err)
	var b strings.Builder
	var got []tk
	for _, tok := range toks.views() {
		require.Equal(t, b.Len(), tok.pos, "token %q starts where the previous one ended", tok.text)
		b.WriteString(tok.text)
		got = append(got, tk{tok.kind, tok.text, tok.value()})
	}
	require.Equal(t, src, b.String(), "tokens rebuild the input")
	return got
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []tk
	}{
		{"empty", "", nil},
		{"words and spaces", "SELECT a_b$1\n\t$x", []tk{
			{tokWord, "SELECT", "SELECT"}, {tokSpace, " ", " "}, {tokWord, "a_b$1", "a_b$1"},
			{tokSpace, "\n\t", "\n\t"}, {tokWord, "$x", "$x"},
		}},
		{"line comment", "a -- c 'x\nb", []tk{
			{tokWord, "a", "a"}, {tokSpace, " ", " "}, {tokLineComment, "-- c 'x", "-- c 'x"},
			{tokSpace, "\n", "\n"}, {tokWord, "b", "b"},
		}},
		{"line comment at end", "--x", []tk{{tokLineComment, "--x", "--x"}}},
		{"nested block comment", "/* a /* 'b */ c */d", []tk{
			{tokBlockComment, "/* a /* 'b */ c */", "/* a /* 'b */ c */"}, {tokWord, "d", "d"},
		}},
		{"string escapes", `'a\'b\\c\nd\te\rf\0g\%h\_i\qj'`, []tk{
			{tokString, `'a\'b\\c\nd\te\rf\0g\%h\_i\qj'`, "a'b\\c\nd\te\rf\x00g\\%h\\_iqj"},
		}},
		{"doubled quote", `'it''s'`, []tk{{tokString, `'it''s'`, "it's"}}},
		{"empty string", `''`, []tk{{tokString, `''`, ""}}},
		{"unicode and octal escapes", `'\u0041\U0001F600\101\b\Z'`, []tk{
			{tokString, `'\u0041\U0001F600\101\b\Z'`, "A\U0001F600A\b\x1a"},
		}},
		{"short unicode escape", `'\u00'`, []tk{{tokString, `'\u00'`, "u00"}}},
		{"escaped multibyte", `'\é'`, []tk{{tokString, `'\é'`, "é"}}},
		{"raw strings", `r'a\'R"b\n"`, []tk{
			{tokRawString, `r'a\'`, `a\`}, {tokRawString, `R"b\n"`, `b\n`},
		}},
		{"word ending in r", `bar'x'`, []tk{{tokWord, "bar", "bar"}, {tokString, "'x'", "x"}}},
		{"double-quoted string", `"a""b\"c'd"`, []tk{{tokString, `"a""b\"c'd"`, `a"b"c'd`}}},
		{"backtick identifier", "`a``b`", []tk{{tokBacktickIdent, "`a``b`", "a`b"}}},
		{"numbers", "1 1.5e-3 .5 1L 2.0BD 1e", []tk{
			{tokNumber, "1", "1"}, {tokSpace, " ", " "}, {tokNumber, "1.5e-3", "1.5e-3"},
			{tokSpace, " ", " "}, {tokNumber, ".5", ".5"}, {tokSpace, " ", " "},
			{tokNumber, "1L", "1L"}, {tokSpace, " ", " "}, {tokNumber, "2.0BD", "2.0BD"},
			{tokSpace, " ", " "}, {tokNumber, "1e", "1e"},
		}},
		{"dot after name is not a number", "t.5", []tk{
			{tokWord, "t", "t"}, {tokPunct, ".", "."}, {tokNumber, "5", "5"},
		}},
		{"markers", "?,:name,:_x1", []tk{
			{tokPositional, "?", "?"}, {tokPunct, ",", ","}, {tokNamed, ":name", "name"},
			{tokPunct, ",", ","}, {tokNamed, ":_x1", "_x1"},
		}},
		{"cast is not a marker", "x::int", []tk{
			{tokWord, "x", "x"}, {tokPunct, ":", ":"}, {tokPunct, ":", ":"}, {tokWord, "int", "int"},
		}},
		{"colon before digit", ":1", []tk{{tokPunct, ":", ":"}, {tokNumber, "1", "1"}}},
		{"unicode word", "naïve", []tk{{tokWord, "naïve", "naïve"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, lex(t, tt.src))
		})
	}
}

func TestTokenizeErrors(t *testing.T) {
	tests := []struct {
		src string
		msg string
	}{
		{"SELECT 'abc", "unterminated string literal starting at offset 7"},
		{`SELECT 'abc\'`, "unterminated string literal starting at offset 7"},
		{`'abc\`, "unterminated string literal starting at offset 0"},
		{"x r'abc", "unterminated raw string literal starting at offset 2"},
		{`x "abc`, "unterminated string literal starting at offset 2"},
		{"x `abc``", "unterminated backtick identifier starting at offset 2"},
		{"a /* /* */", "unterminated block comment starting at offset 2"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := tokenize(tt.src)
			require.ErrorIs(t, err, ErrSyntax)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}
