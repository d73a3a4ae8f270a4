package sqlfront

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PatternRegexp compiles a Databricks SHOW ... LIKE pattern: '*' and '%' match
// any sequence, '|' separates alternatives, '.' matches any single character,
// '\x' is a literal x, every other character is literal; matching is
// whole-string and case-insensitive. "" matches everything.
//
// As in Spark, leading and trailing blanks of the pattern are ignored. A
// pattern ending in a lone backslash, or that is not valid UTF-8, yields an
// error wrapping ErrSyntax.
func PatternRegexp(p string) (*regexp.Regexp, error) {
	lead := len(p) - len(strings.TrimLeftFunc(p, unicode.IsSpace))
	p = strings.TrimSpace(p)
	if p == "" {
		return regexp.MustCompile(`(?s)^.*$`), nil
	}
	if !utf8.ValidString(p) {
		return nil, fmt.Errorf("%w: pattern %q is not valid UTF-8", ErrSyntax, p)
	}
	var b strings.Builder
	b.WriteString(`(?is)^(?:`)
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*', '%':
			b.WriteString(`.*`)
		case '|', '.':
			b.WriteByte(c)
		case '\\':
			if i+1 == len(p) {
				return nil, fmt.Errorf("%w: pattern %q ends with a lone backslash at offset %d", ErrSyntax, p, lead+i)
			}
			_, size := utf8.DecodeRuneInString(p[i+1:])
			b.WriteString(regexp.QuoteMeta(p[i+1 : i+1+size]))
			i += size
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString(`)$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("%w: pattern %q: %w", ErrSyntax, p, err)
	}
	return re, nil
}
