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
