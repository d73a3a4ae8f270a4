package sqlfront

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordedName is one select item and the name Apache Spark 4.3.0 gave it
// (testdata/sparknames/names.json, recorded with record.py).
type recordedName struct {
	Item       string `json:"item"`
	From       string `json:"from"`
	Spark      string `json:"spark"`
	Named      bool   `json:"named"`
	Limitation string `json:"limitation"`
}

// nameOf parses item as the only item of a select list and returns the
// name the namer gives it; ok is false when it leaves the engine's name.
func nameOf(t *testing.T, item string) (string, bool) {
	t.Helper()
	toks, err := tokenize("SELECT " + item)
	require.NoError(t, err)
	r := newRewriter(toks, Options{})
	e, aliased, err := parseSelectItem(r, 1, len(r.sig))
	if err != nil || aliased {
		return "", false
	}
	return sparkName(e, nil)
}

// TestSparkNamesRecorded checks the namer against Spark's own answers: every
// item it names gets exactly Spark's name, and the items it leaves to the
// engine (column references, which the engine names itself, and forms it
// does not know) stay listed as such, so that a change of coverage shows.
func TestSparkNamesRecorded(t *testing.T) {
	raw, err := os.ReadFile("testdata/sparknames/names.json")
	require.NoError(t, err)
	var doc struct {
		Oracle string         `json:"oracle"`
		Items  []recordedName `json:"items"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Contains(t, doc.Oracle, "Spark 4.3.0")
	named := 0
	for _, c := range doc.Items {
		got, ok := nameOf(t, c.Item)
		switch {
		case c.Limitation != "":
			assert.NotEqual(t, c.Spark, got, "%s: a known limitation now passes: list it as named", c.Item)
		case c.Named:
			named++
			assert.True(t, ok, "%s: not named, Spark %q", c.Item, c.Spark)
			assert.Equal(t, c.Spark, got, "%s", c.Item)
		default:
			assert.False(t, ok, "%s: named %q (Spark %q): mark it named if right", c.Item, got, c.Spark)
		}
	}
	assert.Greater(t, named, 350)
}

// TestSparkNames covers the forms of the brief and of the conformance
// corpus, names as recorded from Spark 4.3.0 (ANSI on).
func TestSparkNames(t *testing.T) {
	for item, want := range map[string]string{
		"1 + 2":       "(1 + 2)",
		"1.1 < '1'":   "(1.1 < 1)",
		"! true":      "(NOT true)",
		"count(*)":    "count(1)",
		"TRUE":        "true",
		"NULL":        "NULL",
		"MOD(2, 1.8)": "mod(2, 1.8)",
		"2L / 2L":     "(2 / 2)",
		"to_date('2009-07-30 04:17:52') < to_date('2009-07-30 04:17:52')": "(to_date(2009-07-30 04:17:52) < to_date(2009-07-30 04:17:52))",
		"sum(CAST(a AS DECIMAL(10, 2)))":                                  "sum(CAST(a AS DECIMAL(10,2)))",
		"rank() OVER (ORDER BY a)":                                        "RANK() OVER (ORDER BY a ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
		"lag(a) OVER (ORDER BY a)":                                        "lag(a, 1, NULL) OVER (ORDER BY a ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)",
		"percentile(a, 0.5)":                                              "percentile(a, 0.5, 1)",
		"current_catalog()":                                               "current_catalog()",
		"current_database()":                                              "current_schema()",
		"CAST(a AS STRING)":                                               "a",
		"CAST(x.a AS INT)":                                                "a",
		"CAST(ARRAY(1, 2) AS ARRAY<STRING>)":                              "array(1, 2)",
		"trim(BOTH 'SL' FROM 'SSparkSQLS')":                               "TRIM(BOTH SL FROM SSparkSQLS)",
		"trim(LEADING FROM '  x')":                                        "ltrim(  x)",
		"substring('Spark SQL' FROM 5)":                                   "substring(Spark SQL, 5, 2147483647)",
		"POSITION('bar' IN 'foobarbar')":                                  "locate(bar, foobarbar, 1)",
		"extract(YEAR FROM DATE '2021-09-01')":                            "extract(YEAR FROM DATE '2021-09-01')",
		"datepart('doy', DATE'2019-08-12')":                               "datepart(doy FROM DATE '2019-08-12')",
		"DATE '2021-9-1'":                                                 "DATE '2021-09-01'",
		"TIMESTAMP '2021-09-01 10:11:12.345600'":                          "TIMESTAMP '2021-09-01 10:11:12.3456'",
		"TIMESTAMP_LTZ '2021-09-01 10:11:12'":                             "TIMESTAMP '2021-09-01 10:11:12'",
		"hour(TIMESTAMP_NTZ '2018-02-14 12:58:59.123456789')":             "hour(TIMESTAMP_NTZ '2018-02-14 12:58:59.123456789')",
		"DATE '2021-09-01' - DATE '2021-08-01'":                           "(DATE '2021-09-01' - DATE '2021-08-01')",
		"'%x' like '/%x' ESCAPE '/'":                                      "%x LIKE /%x ESCAPE '/'",
		"string_agg(DISTINCT col)":                                        "string_agg(DISTINCT col, NULL)",
		"~ 0":                                                             "~0",
		"dayname(DATE('2008-02-20'))":                                     "dayname(2008-02-20)",
		"4 >>> 1":                                                         "(4 >>> 1)",
		"X '1010'":                                                        "X'1010'",
		"like('Spark', '_park')":                                          "Spark LIKE _park",
		"mask('AbCD123-@$#', 'Q')":                                        "mask(AbCD123-@$#, Q, x, n, NULL)",
		"to_varchar(454, '999')":                                          "to_char(454, 999)",
		"(SELECT max(a) FROM t)":                                          "scalarsubquery()",
		"a IN (SELECT 1)":                                                 "(a IN (listquery()))",
	} {
		got, ok := nameOf(t, item)
		assert.True(t, ok, "%s: not named", item)
		assert.Equal(t, want, got, "%s", item)
	}
}

// TestSparkNamesUnknown lists forms the namer leaves to the engine rather
// than guess.
func TestSparkNamesUnknown(t *testing.T) {
	for _, item := range []string{
		"a", "t.a", "`a b`", "*", "t.*", // the engine names columns; stars expand
		"x.a + 1",                             // t.a prints a, a struct field s.f prints s.f
		"m['k']",                              // a map key m[k] or a struct field s.k
		"2 > 1.1",                             // Spark: (2 > 1)
		"DATE '2021-09-01' + INTERVAL 1 HOUR", // Spark: a TIMESTAMP's TimeAdd
		"no_such_function(1)",                 // functions whose printing is not recorded
		"first_value(a) IGNORE NULLS OVER (ORDER BY a)",
		"sum(a) OVER w",
		"?", ":p",
		"CAST(1 AS INTERVAL DAY)",
		"explode(arr)",
		"TIMESTAMP '2021-09-01 10:11:12.123456789'",
	} {
		got, ok := nameOf(t, item)
		assert.False(t, ok, "%s: named %q", item, got)
	}
}

// TestTranslateSparkNames checks the hook: which select items Translate
// aliases, in which SELECTs, and that the rest of the text is unchanged.
func TestTranslateSparkNames(t *testing.T) {
	opts := Options{SparkNames: true, Functions: map[string]string{"current_catalog": "'main'"}}
	for in, want := range map[string]string{
		"SELECT count(*), a, x.b, 1 + 1 AS two FROM t x":   `SELECT count(*) AS "count(1)", a, x.b, 1 + 1 AS two FROM t x`,
		"SELECT DISTINCT a + 1 FROM t ORDER BY a + 1":      `SELECT DISTINCT a + 1 AS "(a + 1)" FROM t ORDER BY a + 1`,
		"SELECT 1 UNION ALL (SELECT 2)":                    `SELECT 1 AS "1" UNION ALL (SELECT 2 AS "2")`,
		"SELECT * FROM (SELECT count(*) FROM t) s":         `SELECT * FROM (SELECT count(*) AS "count(1)" FROM t) s`,
		"WITH c AS (SELECT 1 + 1) SELECT * FROM c":         `WITH c AS (SELECT 1 + 1 AS "(1 + 1)") SELECT * FROM c`,
		"SELECT current_catalog(), TRUE;":                  `SELECT 'main' AS "current_catalog()", TRUE AS "true";`,
		"SELECT 'a\"b'":                                    `SELECT 'a"b' AS "a""b"`,
		"SELECT *, a || 'x' FROM t WHERE a IN (SELECT 1)":  `SELECT *, a || 'x' AS "concat(a, x)" FROM t WHERE a IN (SELECT 1 AS "1")`,
		"INSERT INTO t SELECT sum(a) FROM u GROUP BY b":    `INSERT INTO t SELECT sum(a) AS "sum(a)" FROM u GROUP BY b`,
		"SELECT 'x' AS s, s LIKE 'a%', upper(b) c, b || c": `SELECT 'x' AS s, s LIKE 'a%' ESCAPE '\', upper(b) c, b || c`,
		"SELECT (SELECT max(a) FROM t), EXISTS (SELECT 1)": `SELECT (SELECT max(a) FROM t) AS "scalarsubquery()", EXISTS (SELECT 1) AS "exists()"`,
	} {
		tr, err := Translate(in, opts)
		require.NoError(t, err, in)
		assert.Equal(t, want, tr.SQL, in)
	}
	tr, err := Translate("SELECT count(*) FROM t", Options{})
	require.NoError(t, err)
	assert.Equal(t, "SELECT count(*) FROM t", tr.SQL, "names only with Options.SparkNames")
}

// TestSparkNamesManyItems names a select list of 100,000 items, half of them
// aliases the others' lateral-alias check looks up (a map: a scan of the
// earlier aliases per item would be quadratic).
func TestSparkNamesManyItems(t *testing.T) {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i := range 50000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "x%d AS y%d, x%d + 1", i, i, i)
	}
	tr, err := Translate(b.String(), Options{SparkNames: true})
	require.NoError(t, err)
	assert.Contains(t, tr.SQL, `x49999 + 1 AS "(x49999 + 1)"`)
}
