package sqlfront

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusNameExceptions are the conformance cases whose Spark names the namer
// cannot reproduce, with the reason.
var corpusNameExceptions = map[string]string{
	// The example runs after SET spark.sql.parser.escapedStringLiterals=true,
	// under which Spark keeps backslashes the default reading drops.
	"like#3": "escapedStringLiterals", "ilike#3": "escapedStringLiterals",
	"regexp#1": "escapedStringLiterals", "regexp_like#1": "escapedStringLiterals",
	"rlike#1": "escapedStringLiterals",
}

// TestSparkNamesConformanceCorpus runs the namer over the select lists of
// every case of the conformance corpus (tests/conformance/testdata, Spark
// 4.3.0's recorded answers) and requires each name it gives to be Spark's,
// whether or not the warehouse answers the case yet: the namer never guesses.
func TestSparkNamesConformanceCorpus(t *testing.T) {
	type gcase struct {
		ID      string `json:"id"`
		SQL     string `json:"sql"`
		Columns []struct {
			Name string `json:"name"`
		} `json:"columns"`
	}
	var cases []gcase
	for _, f := range []string{"functions", "statements"} {
		raw, err := os.ReadFile("../../tests/conformance/testdata/" + f + ".json")
		if errors.Is(err, os.ErrNotExist) {
			t.Skip("no conformance golden files")
		}
		require.NoError(t, err)
		var g struct{ Cases []gcase }
		require.NoError(t, json.Unmarshal(raw, &g))
		cases = append(cases, g.Cases...)
	}
	named := 0
	for _, c := range cases {
		toks, err := tokenize(c.SQL)
		if err != nil || len(c.Columns) == 0 || corpusNameExceptions[c.ID] != "" {
			continue
		}
		r := newRewriter(toks, Options{SparkNames: true})
		r.nameSelectItems()
		ends := firstSelectItemEnds(r)
		if len(ends) != len(c.Columns) {
			continue // a star, or not a plain SELECT
		}
		for i, end := range ends {
			alias, ok := strings.CutPrefix(r.post[r.si(end)], ` AS `)
			if !ok {
				continue
			}
			named++
			assert.Equal(t, QuoteIdent(c.Columns[i].Name), alias, "%s: %s", c.ID, c.SQL)
		}
	}
	assert.Greater(t, named, 1000, "names given over the corpus")
}

// firstSelectItemEnds returns the significant index of the last token of
// each item of the statement's first select list.
func firstSelectItemEnds(r *rewriter) []int {
	k := 0
	for k < len(r.sig) && !r.sigTok(k).isKeyword("SELECT") {
		k++
	}
	if t := r.sigTok(k + 1); t.isKeyword("DISTINCT") || t.isKeyword("ALL") {
		k++
	}
	var ends []int
	depth := 0
	for k++; k <= len(r.sig); k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('(') || t.isPunct('['):
			depth++
		case (t.isPunct(')') || t.isPunct(']')) && depth > 0:
			depth--
		case depth > 0:
		case t.isPunct(','):
			ends = append(ends, k-1)
		case t.kind == tokSpace || t.isPunct(')') || t.isPunct(';') ||
			t.kind == tokWord && (isKeywordIn(selectListEnd, t.text) || isKeywordIn(setOperators, t.text)):
			return append(ends, k-1)
		}
	}
	return ends
}
