package kernel

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Patterns of the metadata calls are ADBC/JDBC search patterns: '%' matches
// any sequence, '_' any one character, '\x' is a literal x, every other
// character is literal. The service's SHOW ... LIKE patterns are regex-like
// instead ('*' any sequence, '|' alternatives, '.' any character, '\x'
// literal, case-insensitive), so patterns are translated before they are
// sent, and results are filtered again client-side with the same semantics.

// serviceMeta are the characters with a meaning in the service's LIKE form
// (its own wildcards and the regex rules it follows otherwise); a literal
// one is sent escaped.
const serviceMeta = `\.*%|+?()[]{}^$`

// patternToken is one element of a parsed ADBC pattern.
type patternToken struct {
	any, one bool   // '%', '_'
	lit      string // a literal character
}

// parsePattern splits an ADBC pattern; a trailing lone backslash is a
// literal backslash.
func parsePattern(p string) []patternToken {
	var out []patternToken
	for i := 0; i < len(p); {
		switch p[i] {
		case '%':
			out = append(out, patternToken{any: true})
			i++
			continue
		case '_':
			out = append(out, patternToken{one: true})
			i++
			continue
		case '\\':
			if i+1 < len(p) {
				i++
			}
		}
		_, size := utf8.DecodeRuneInString(p[i:])
		out = append(out, patternToken{lit: p[i : i+size]})
		i += size
	}
	return out
}

// matchesAll reports whether the pattern matches every name ("" or only '%').
func matchesAll(p string) bool { return strings.Trim(p, "%") == "" }

// literalName returns the name an ADBC pattern stands for when it has no
// wildcard (escapes removed).
func literalName(p string) (string, bool) {
	var b strings.Builder
	for _, t := range parsePattern(p) {
		if t.any || t.one {
			return "", false
		}
		b.WriteString(t.lit)
	}
	return b.String(), true
}

// EscapePattern returns the ADBC pattern matching exactly name: '%', '_' and
// '\' are escaped with a backslash.
func EscapePattern(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r == '%' || r == '_' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// servicePattern translates an ADBC pattern into the service's LIKE form:
// '%' → '*', '_' → '.', and a literal character that means something to
// the service is escaped with a backslash.
func servicePattern(p string) string {
	var b strings.Builder
	for _, t := range parsePattern(p) {
		switch {
		case t.any:
			b.WriteByte('*')
		case t.one:
			b.WriteByte('.')
		case strings.Contains(serviceMeta, t.lit):
			b.WriteByte('\\')
			b.WriteString(t.lit)
		default:
			b.WriteString(t.lit)
		}
	}
	return b.String()
}

// likeClause renders " <prefix>LIKE '<service pattern>'", or "" when the
// pattern matches everything.
func likeClause(prefix, p string) string {
	if matchesAll(p) {
		return ""
	}
	return " " + prefix + "LIKE " + quoteString(servicePattern(p))
}

// quoteString renders s as a Spark string literal. Backslash escapes are
// used (not a doubled quote, which Spark reads as two adjacent literals).
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == '\'' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteIdent renders a Databricks identifier in backticks, doubling inner
// backticks.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// matcher matches names against an ADBC pattern client-side, with the
// service's case-insensitivity.
type matcher struct{ re *regexp.Regexp }

// newMatcher compiles p; "" and "%" match everything (re is nil).
func newMatcher(p string) matcher {
	if matchesAll(p) {
		return matcher{}
	}
	var b strings.Builder
	b.WriteString(`(?is)^`)
	for _, t := range parsePattern(strings.ToValidUTF8(p, "\uFFFD")) {
		switch {
		case t.any:
			b.WriteString(`.*`)
		case t.one:
			b.WriteByte('.')
		default:
			b.WriteString(regexp.QuoteMeta(t.lit))
		}
	}
	b.WriteByte('$')
	return matcher{re: regexp.MustCompile(b.String())}
}

// match reports whether name matches.
func (m matcher) match(name string) bool { return m.re == nil || m.re.MatchString(name) }
