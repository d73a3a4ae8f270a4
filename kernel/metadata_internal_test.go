package kernel

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/sqlfront"
)

func TestServicePattern(t *testing.T) {
	for _, tt := range []struct{ adbc, service, literal string }{
		{"%", "*", `'*'`},
		{"a_b", "a.b", `'a.b'`},
		{`a\_b`, "a_b", `'a_b'`},
		{`a\%`, `a\%`, `'a\\%'`},
		{"a.b", `a\.b`, `'a\\.b'`},
		{"a|b*", `a\|b\*`, `'a\\|b\\*'`},
		{"it's", "it's", `'it\'s'`},
		{`back\\slash`, `back\\slash`, `'back\\\\slash'`},
		{`trailing\`, `trailing\\`, `'trailing\\\\'`},
		{"(x)+[y]{2}^$?", `\(x\)\+\[y\]\{2\}\^\$\?`, `'\\(x\\)\\+\\[y\\]\\{2\\}\\^\\$\\?'`},
		{"ünï_%", "ünï.*", `'ünï.*'`},
	} {
		require.Equal(t, tt.service, servicePattern(tt.adbc), tt.adbc)
		require.Equal(t, tt.literal, quoteString(tt.service), tt.adbc)
	}
	require.Equal(t, "", likeClause("", "%%"))
	require.Equal(t, " SCHEMA LIKE 'a.b'", likeClause("SCHEMA ", "a_b"))
	require.Equal(t, "`a``b`", quoteIdent("a`b"))
	require.Equal(t, `a\_b\%c\\`, EscapePattern(`a_b%c\`))
}

// TestServicePatternAgreesWithWarehouse checks that what the service
// matches (the local warehouse's reading of the SQL literal and pattern)
// is what the client-side matcher matches.
func TestServicePatternAgreesWithWarehouse(t *testing.T) {
	names := []string{"a_b", "axb", "a.b", "A_B", "ab", "a%", "a%b", "a|b", "a*", "it's", `back\slash`, "(x)+[y]{2}^$?", "", "a_b_c"}
	patterns := []string{"%", "a_b", `a\_b`, "a.b", "a%", `a\%`, `a\%b`, "a|b", "a*", "it's", `back\\slash`, "_%", "%_%_",
		"(x)+[y]{2}^$?", `a\_b\_c`, "A_B"}
	for _, p := range patterns {
		cmd, err := sqlfront.Classify("SHOW CATALOGS LIKE " + quoteString(servicePattern(p)))
		require.NoError(t, err, p)
		re, err := sqlfront.PatternRegexp(cmd.Pattern)
		require.NoError(t, err, p)
		m := newMatcher(p)
		for _, n := range names {
			require.Equal(t, re.MatchString(n), m.match(n), "pattern %q name %q", p, n)
		}
	}
}

func TestLiteralName(t *testing.T) {
	name, ok := literalName(`a\_b.c`)
	require.True(t, ok)
	require.Equal(t, "a_b.c", name)
	_, ok = literalName("a_b")
	require.False(t, ok)
	_, ok = literalName("a%")
	require.False(t, ok)
}

func TestRejectedAsSyntax(t *testing.T) {
	failed := func(state, msg string) error {
		return &Error{HTTPStatus: 200, SQLState: state, Message: msg, Op: "statement", class: ErrStatementFailed}
	}
	require.True(t, rejectedAsSyntax(failed("42601", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'ALL'. SQLSTATE: 42601")))
	require.True(t, rejectedAsSyntax(failed("42601", "no viable alternative at input 'SHOW COLUMNS IN ALL'")), "older services: no error class")
	require.True(t, rejectedAsSyntax(fmt.Errorf("wrapped: %w", failed("42601", "[PARSE_SYNTAX_ERROR] x"))))
	require.False(t, rejectedAsSyntax(failed("42601", "[INVALID_FORMAT] bad pattern")))
	require.False(t, rejectedAsSyntax(failed("42501", "[INSUFFICIENT_PERMISSIONS] no")))
	require.False(t, rejectedAsSyntax(failed("", "[PARSE_SYNTAX_ERROR] x")), "no SQLSTATE")
	require.False(t, rejectedAsSyntax(&Error{HTTPStatus: 400, SQLState: "42601", Message: "[PARSE_SYNTAX_ERROR] x", class: ErrInvalidArgument}),
		"an HTTP error is not a statement failure")
	require.False(t, rejectedAsSyntax(errors.New("sealane: statement failed")))
}
