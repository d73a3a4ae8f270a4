package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVariantColumns(t *testing.T) {
	for sql, want := range map[string][]int{
		`SELECT parse_json('1')`: {0},
		`SELECT 1, parse_json(j) AS v, variant_get(v, '$.a') w FROM t, u`: {1, 2},
		`SELECT variant_get(v, '$.a', 'int'), try_variant_get(v, '$')`:    {1},
		`SELECT DISTINCT variant_set(v, '$.a', 1, false);`:                {0},
		`SELECT parse_json('1') || 'x'`:                                   nil,
		`SELECT upper(parse_json('1'))`:                                   nil,
		`SELECT *, parse_json('1') FROM t`:                                nil,
		`SELECT parse_json('1') UNION ALL SELECT parse_json('2')`:         nil,
		`SELECT parse_json(j) FROM t UNION SELECT parse_json('2')`:        nil,
		`SELECT 1; SELECT parse_json('1')`:                                nil,
		`INSERT INTO t SELECT parse_json('1')`:                            nil,
	} {
		tr, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
		require.Equal(t, want, tr.Variant, sql)
	}
}

func TestVariantEditCatalog(t *testing.T) {
	for sql, want := range map[string]string{
		`SELECT variant_set(v, '$.a', 'z')`:          `SELECT json(sl_variant_set(v, '$.a', to_json('z'), true))`,
		`SELECT try_variant_set(v, '$.a', 1, false)`: `SELECT json(sl_try_variant_set(v, '$.a', to_json(1), false))`,
		`SELECT variant_delete(v, '$.a', '$.b')`:     `SELECT json(sl_variant_delete(v, '$.a', '$.b'))`,
		`SELECT variant_strip_nulls(v)`:              `SELECT json(sl_variant_strip_nulls(v, true))`,
		`SELECT schema_of_variant_agg(v) FROM t`:     `SELECT sl_schema_of_variant_agg(to_json(list(v))) FROM t`,
	} {
		tr, err := Translate(sql, Options{})
		require.NoError(t, err, sql)
		require.Equal(t, want, tr.SQL, sql)
	}
	_, err := Translate(`SELECT variant_insert(v, '$.a')`, Options{})
	require.ErrorIs(t, err, ErrWrongNumArgs)
}

// TestVariantTableColumnPositions: with a catalog that has VARIANT
// columns, the result columns that are one (a reference or what a star
// expands to) are listed; a star that cannot be expanded ends the list, a
// set operation or a catalog without VARIANT columns gives none, and then
// no table is asked for.
func TestVariantTableColumnPositions(t *testing.T) {
	asked := 0
	cols := func(_, _, tb string) ([]Column, bool) {
		asked++
		if tb != "t" {
			return []Column{{"id", "INT"}, {"x", "STRING"}}, true
		}
		return []Column{{"id", "INT"}, {"v", "VARIANT"}}, true
	}
	for in, want := range map[string][]int{
		"SELECT * FROM t":                           {1},
		"SELECT v, id, t.v AS w FROM t":             {0, 2},
		"SELECT t.*, v FROM t JOIN u USING (id)":    {1, 2},
		"SELECT v, * FROM t JOIN u USING (id)":      {0},
		"SELECT v FROM t UNION ALL SELECT v FROM t": nil,
		"SELECT x FROM u":                           nil,
		"WITH w AS (SELECT 1 AS v) SELECT v FROM w": nil,
	} {
		tr, err := Translate(in, Options{Columns: cols, VariantColumns: func() bool { return true }})
		require.NoError(t, err, in)
		require.Equal(t, want, tr.Variant, in)
	}
	asked = 0
	tr, err := Translate("SELECT * FROM t", Options{Columns: cols, VariantColumns: func() bool { return false }})
	require.NoError(t, err)
	require.Empty(t, tr.Variant)
	require.Zero(t, asked)
}
