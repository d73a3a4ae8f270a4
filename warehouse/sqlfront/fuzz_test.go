package sqlfront

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// databricksSpecific reports whether src contains a construct Translate
// rewrites when the catalog map is empty.
func databricksSpecific(toks []token) bool {
	for i, t := range toks {
		lower := strings.ToLower(t.text)
		_, renamed := catalog[lower]
		_, generates := generators[lower]
		_, retyped := typeNames[lower]
		_, higher := higherOrder[lower]
		_, view := infoSchemaViews[lower]
		switch {
		case t.kind == tokWord && (renamed || generates || retyped || higher || view || ignoreNullsFuncs[lower] ||
			lower == "array" || lower == "timestamp" || lower == "information_schema"),
			t.isPunct('<') && i+2 < len(toks) && toks[i+1].isPunct('=') && toks[i+2].isPunct('>'),
			lower == "x" && i+1 < len(toks) && (toks[i+1].kind == tokString || toks[i+1].kind == tokQuotedIdent):
			return true
		case t.kind == tokBacktickIdent, t.kind == tokRawString, t.kind == tokNamed,
			t.kind == tokString && (t.text[0] == '"' || strings.Contains(t.text, `\`)),
			t.isKeyword("range"), t.isKeyword("default"), t.isKeyword("div"),
			t.isPunct('/'), t.isPunct('%'), t.isPunct('!'),
			t.isPunct('^'), t.isPunct('['), // xor(a, b); 1-based subscripts (f6e9e979275d864b)
			t.isKeyword("LIKE"), t.isKeyword("ILIKE"): // ESCAPE '\'
			return true
		case t.kind == tokNumber && isLetter(t.text[len(t.text)-1]):
			// A suffixed literal (10Y, 2L, 1.5BD) becomes a cast
			// (testdata/fuzz/FuzzTranslate/5d5b8514f28f02b2).
			if m := numberSuffix.FindStringSubmatch(t.text); m != nil && m[1]+m[2] != "" {
				return true
			}
		}
	}
	return false
}

// plainWords are the keywords plain SQL may use (see plainSQL).
var plainWords = map[string]bool{
	"select": true, "from": true, "where": true, "and": true, "or": true, "not": true, "as": true,
	"is": true, "null": true, "true": true, "false": true, "group": true, "by": true, "order": true,
	"having": true, "limit": true, "asc": true, "desc": true, "distinct": true, "case": true,
	"when": true, "then": true, "else": true, "end": true, "in": true, "between": true,
}

// plainSQL reports whether toks use only SQL that Databricks and DuckDB
// read alike, which Translate must copy unchanged: the keywords above,
// one-letter names (with digits), no calls, unsuffixed numbers, plain
// single-quoted strings, markers and a few operators. An allow-list, so
// that a rewrite the front end learns (there are many: JOIN without ON,
// a ^ b, LIKE's escape, subscripts …) does not need the oracle taught
// first; databricksSpecific is the deny-list it grew from.
func plainSQL(toks []token) bool {
	sig := -1 // the previous significant token
	for i, t := range toks {
		switch t.kind {
		case tokSpace, tokLineComment, tokBlockComment:
			continue
		case tokPositional:
		case tokNumber:
			if isLetter(t.text[len(t.text)-1]) {
				return false
			}
		case tokString:
			if t.text[0] != '\'' || strings.Contains(t.text, `\`) {
				return false
			}
		case tokWord:
			lower := strings.ToLower(t.text)
			if !plainWords[lower] && !oneLetterName(lower) {
				return false
			}
		case tokPunct:
			if !strings.Contains("(),.+-*=<>;", t.text) {
				return false
			}
			if t.isPunct('(') && sig >= 0 && toks[sig].kind == tokWord && !plainWords[strings.ToLower(toks[sig].text)] {
				return false // a call
			}
			if (t.isPunct('<') || t.isPunct('>')) && sig >= 0 && sig == i-1 && (toks[sig].isPunct('<') || toks[sig].isPunct('>')) &&
				(!toks[sig].isPunct('<') || !t.isPunct('>')) {
				return false // shifts (a >>> b, 69a8d43f01b3cfc4); <> is plain
			}
		default:
			return false
		}
		sig = i
	}
	return !databricksSpecific(toks)
}

// oneLetterName reports whether w is a letter and digits, not x (x'0A' is
// a binary literal).
func oneLetterName(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' || w[0] == 'x' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// FuzzTranslate checks that Translate, Classify and PatternRegexp never
// panic, that the catalog map changes neither success nor the markers, and
// that plain SQL (plainSQL) is left exactly as it is (so translating it is
// idempotent).
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		"SELECT 1",
		"SELECT `a``b`, 'it\\'s', r'x\\y', :p FROM main.default.t, range(0, 10, 1, 2)",
		"SELECT * FROM t JOIN range(3) r ON t.x = r.id WHERE x::int > ?",
		"/* a /* b */ c */ SELECT 'q''d' -- ?\n",
		"SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*' LIKE 't%'",
		"SET spark.sql.ansi.enabled = true",
		"DESCRIBE QUERY SELECT 1",
		"SELECT '\\0\\u0041\\101'",
		"CREATE SCHEMA IF NOT EXISTS main.s",
		"SELECT (a <=> b), x.k <=> y.k, startswith(g, 'a'), dayofweek(d), min_by(x, k)",
		"SELECT last_value(x, true) OVER (ORDER BY k), posexplode_outer(l) AS (p, c), CAST(l AS ARRAY<INT>)",
	} {
		f.Add(s)
	}
	opts := Options{CatalogMap: map[string]string{"main": "memory"}}
	f.Fuzz(func(t *testing.T, src string) {
		_, _ = Classify(src)
		_, _ = PatternRegexp(src)
		mapped, err := Translate(src, opts)
		tr, errNoMap := Translate(src, Options{})
		require.Equal(t, err == nil, errNoMap == nil, "the catalog map changed whether %q translates", src)
		if err != nil {
			return
		}
		require.Equal(t, tr.Positional, mapped.Positional)
		require.Equal(t, tr.Named, mapped.Named)
		toks, err := tokenize(src)
		require.NoError(t, err, "Translate accepted text tokenize rejects")
		if !plainSQL(toks.views()) {
			return
		}
		require.Equal(t, src, tr.SQL, "text without Databricks constructs changed")
		again, err := Translate(tr.SQL, Options{})
		require.NoError(t, err)
		require.Equal(t, tr, again, "translation is not idempotent")
		require.LessOrEqual(t, tr.Positional, strings.Count(tr.SQL, "?"))
	})
}
