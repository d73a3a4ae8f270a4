package sqlfront

import "strings"

// QuoteIdent returns name as a DuckDB double-quoted identifier, with every
// double quote in name doubled: QuoteIdent(`a"b`) is `"a""b"`.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteString returns s as a standard SQL string literal, in which a backslash
// is an ordinary character and a single quote is doubled.
//
// DuckDB receives SQL text as a C string, so a NUL byte cannot appear in it.
// A value containing NUL is therefore spelled as a parenthesised
// concatenation: "a\x00b" becomes ('a' || chr(0) || 'b').
func quoteString(s string) string {
	if !strings.Contains(s, "\x00") {
		return quoteNoNUL(s)
	}
	parts := strings.Split(s, "\x00")
	for i, p := range parts {
		parts[i] = quoteNoNUL(p)
	}
	return "(" + strings.Join(parts, " || chr(0) || ") + ")"
}

func quoteNoNUL(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
