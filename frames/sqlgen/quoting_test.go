package sqlgen_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/sqlgen"
)

// hostile are names and strings that must stay one identifier or literal.
var hostile = []string{
	`a"b`, "x`y", "--", ";", `'; DROP TABLE t; --`, `"; DROP TABLE t; --`,
	"`; DROP TABLE t; --", `\`, `\'`, "line\nbreak", "tab\tend", "é漢🙂", `a\"b`, "",
}

// TestQuoteQualifiedHostile: a table name whose quote characters do not
// form well-quoted parts is one identifier, never SQL text.
func TestQuoteQualifiedHostile(t *testing.T) {
	cases := []struct {
		d        *sqlgen.Dialect
		in, want string
	}{
		{sqlgen.DuckDB, `main.t`, `"main"."t"`},
		{sqlgen.DuckDB, `"my db"."a.b"`, `"my db"."a.b"`},
		{sqlgen.DuckDB, `"a""b".t`, `"a""b"."t"`},
		{sqlgen.DuckDB, `t"; DROP TABLE x; --`, `"t""; DROP TABLE x; --"`},
		{sqlgen.DuckDB, `"t"; DROP TABLE x; --"`, `"""t""; DROP TABLE x; --"""`},
		{sqlgen.DuckDB, `"unterminated`, `"""unterminated"`},
		{sqlgen.DuckDB, `"a"b`, `"""a""b"`},
		{sqlgen.Databricks, "c.s.t", "`c`.`s`.`t`"},
		{sqlgen.Databricks, "`c`.`s.x`.t", "`c`.`s.x`.`t`"},
		{sqlgen.Databricks, "t`; DROP TABLE x; --", "`t``; DROP TABLE x; --`"},
		{sqlgen.Databricks, "`t` UNION SELECT 1 --", "```t`` UNION SELECT 1 --`"},
	}
	for _, c := range cases {
		require.Equal(t, c.want, c.d.QuoteQualified(c.in), "%s %q", c.d, c.in)
	}
}

// TestQuoteIdentHostile: the quoted identifier starts and ends with the
// quote and every quote inside is doubled.
func TestQuoteIdentHostile(t *testing.T) {
	for _, d := range []*sqlgen.Dialect{sqlgen.DuckDB, sqlgen.Databricks} {
		q := map[*sqlgen.Dialect]string{sqlgen.DuckDB: `"`, sqlgen.Databricks: "`"}[d]
		for _, s := range hostile {
			got := d.QuoteIdent(s)
			inner := strings.TrimSuffix(strings.TrimPrefix(got, q), q)
			require.Equal(t, s, strings.ReplaceAll(inner, q+q, q), "%s %q", d, s)
			require.NotContains(t, strings.ReplaceAll(inner, q+q, ""), q, "%s %q", d, s)
		}
	}
}

// TestStringLitNUL: a NUL byte would end the query text at the C boundary
// (DuckDB: "unterminated quoted string"); it is written as a function call
// or an escape instead.
func TestStringLitNUL(t *testing.T) {
	require.Equal(t, `('a' || chr(0) || 'b''c')`, sqlgen.DuckDB.StringLit("a\x00b'c"))
	require.Equal(t, `(chr(0) || chr(0))`, sqlgen.DuckDB.StringLit("\x00\x00"))
	require.Equal(t, `'a\u0000b\'c'`, sqlgen.Databricks.StringLit("a\x00b'c"))
	for _, d := range []*sqlgen.Dialect{sqlgen.DuckDB, sqlgen.Databricks} {
		for _, s := range hostile {
			require.NotContains(t, d.StringLit(s+"\x00"), "\x00")
		}
	}
}
