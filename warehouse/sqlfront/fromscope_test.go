package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestColumnTypesFromCatalog: with Options.Columns, a map column's
// subscript is named as Spark names it and an array column's subscript is
// 0-based; each table is asked for once, and a statement whose names need
// no type asks for none.
func TestColumnTypesFromCatalog(t *testing.T) {
	var asked []string
	cols := func(c, s, tb string) ([]Column, bool) {
		asked = append(asked, c+"."+s+"."+tb)
		if tb != "t" {
			return nil, false
		}
		return []Column{{"id", "INT"}, {"tags", "ARRAY<STRING>"}, {"attrs", "MAP<STRING, INT>"},
			{"a", "ARRAY<STRUCT<f: INT, g: MAP<STRING, INT>>>"}, {"s", "STRUCT<m: MAP<STRING, INT>>"}}, true
	}
	for in, want := range map[string]string{
		"SELECT id, tags[0], attrs['k'] FROM t ORDER BY id": `SELECT id, (sl_array_at(tags, 0)) AS "tags[0]", attrs['k'] AS "attrs[k]" FROM t ORDER BY id`,
		"SELECT a[0].g['k'] FROM t":                         `SELECT (sl_array_at(a, 0)).g['k'] AS "a[0].g[k]" FROM t`,
		"SELECT x.a[1].f FROM main.default.t AS x":          `SELECT (sl_array_at(x.a, 1)).f FROM main."default".t AS x`,
		"SELECT u.c['k'] FROM u":                            "SELECT u.c['k'] FROM u",
	} {
		asked = nil
		got, err := Translate(in, Options{SparkNames: true, Columns: cols})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
		require.Len(t, asked, 1, in)
	}
	asked = nil
	_, err := Translate("SELECT id, name FROM t WHERE id > 1", Options{SparkNames: true, Columns: cols})
	require.NoError(t, err)
	require.Empty(t, asked)
}

// TestFieldOfNamedStructSubscript: an array(…) field of named_struct(…)
// is subscripted 0-based without any catalog (Spark:
// named_struct('x', array(1)).x[0] is 1).
func TestFieldOfNamedStructSubscript(t *testing.T) {
	got, err := Translate("SELECT named_struct('x', array(1)).x[0]", Options{})
	require.NoError(t, err)
	require.Equal(t, "SELECT (sl_array_at({'x': list_value(1)}.x, 0))", got.SQL)
}

// TestExplodeMap: explode of a MAP (a map(…) call, or a column the catalog
// types MAP) yields its entries as columns key and value, as in Spark.
func TestExplodeMap(t *testing.T) {
	cols := func(_, _, _ string) ([]Column, bool) { return []Column{{"m", "MAP<STRING, INT>"}}, true }
	for in, want := range map[string]string{
		"SELECT explode(map('a', 1))":     "SELECT unnest(map_entries(MAP {'a': 1}), max_depth := 2)",
		"SELECT explode_outer(m) FROM t":  "SELECT unnest(coalesce(nullif(map_entries(m), []), [NULL]), max_depth := 2) FROM t",
		"SELECT explode(array(1)) FROM t": "SELECT unnest(list_value(1)) AS col FROM t",
	} {
		got, err := Translate(in, Options{Columns: cols})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
	_, err := Translate("SELECT explode(map('a', 1)) AS (k, v)", Options{})
	require.ErrorIs(t, err, ErrUnsupported)
}
