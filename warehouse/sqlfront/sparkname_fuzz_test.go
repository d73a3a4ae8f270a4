package sqlfront

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzSparkNames checks that naming never panics, never changes whether a
// statement translates nor its markers, and only inserts aliases: the text
// with Options.SparkNames is the text without it plus ` AS "…"` runs.
func FuzzSparkNames(f *testing.F) {
	for _, s := range []string{
		"SELECT 1 + 2, count(*), TRUE, NULL, x.a FROM t x",
		"SELECT rank() OVER (PARTITION BY b ORDER BY a DESC NULLS FIRST ROWS 2 PRECEDING) FROM t",
		"SELECT CASE a WHEN 1 THEN 'x' END, a IN (1, 2), a NOT BETWEEN 1 AND 2, b LIKE 'a%' ESCAPE '/'",
		"WITH c AS (SELECT -1.5e3, 1.5BD, 7L) SELECT * FROM c UNION (SELECT 1, 2, 3)",
		"SELECT trim(BOTH 'x' FROM b), substring(b FROM 2 FOR 3), extract(YEAR FROM d), position('a' IN b)",
		"SELECT CAST(a AS DECIMAL(10, 2)), TRY_CAST(b AS ARRAY<INT>), a::string, DATE '2020-1-1' + 1",
		"SELECT ((((1)))), - - 1, ~ a, !b, a <=> b, a || b || c, (SELECT 1), EXISTS (SELECT 1)",
		"SELECT first(a, true) FILTER (WHERE a > 0), lag(a, 2) OVER (ORDER BY a), explode(x) AS e",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		plain, err := Translate(src, Options{})
		named, errNamed := Translate(src, Options{SparkNames: true})
		require.Equal(t, err == nil, errNamed == nil, "naming changed whether %q translates", src)
		if err != nil {
			return
		}
		require.Equal(t, plain.Positional, named.Positional)
		require.Equal(t, plain.Named, named.Named)
		require.Equal(t, plain.Void, named.Void)
		require.Equal(t, plain.SQL, withoutAliases(t, plain.SQL, named.SQL), "naming did more than add aliases to %q", src)
	})
}

// withoutAliases removes from named the ` AS "…"` runs that plain lacks.
func withoutAliases(t *testing.T, plain, named string) string {
	var b strings.Builder
	i, j := 0, 0
	for j < len(named) {
		if i < len(plain) && plain[i] == named[j] {
			b.WriteByte(named[j])
			i++
			j++
			continue
		}
		const as = ` AS "`
		if !strings.HasPrefix(named[j:], as) && j > 0 && i > 0 && strings.HasPrefix(named[j-1:], as) {
			// The alias starts with the blank matched last.
			i, j = i-1, j-1
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-1])
		}
		require.True(t, strings.HasPrefix(named[j:], as), "unexpected text at %d of %q", j, named)
		end := scanQuotedEnd(named, j+len(as)-1)
		require.Positive(t, end, "unterminated alias in %q", named)
		j = end
	}
	return b.String()
}

// scanQuotedEnd returns the offset just past the double-quoted identifier
// starting at the quote at i, or -1.
func scanQuotedEnd(s string, i int) int {
	end, err := scanDoubled(s, i, '"', "alias")
	if err != nil {
		return -1
	}
	return end
}
