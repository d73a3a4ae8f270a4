package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTranslateCast(t *testing.T) {
	types := map[string]string{"?1": "INTEGER", ":d": "DATE"}
	cast := func(ordinal int, name string) string {
		if name != "" {
			return types[":"+name]
		}
		return types["?"+string(rune('0'+ordinal))]
	}
	tr, err := Translate("SELECT ?, ? FROM t", Options{Cast: cast})
	require.NoError(t, err)
	require.Equal(t, "SELECT CAST(? AS INTEGER), ? FROM t", tr.SQL)

	tr, err = Translate("SELECT x :d, :d, ':d', x:d", Options{Cast: cast})
	require.NoError(t, err)
	require.Equal(t, "SELECT x CAST($d AS DATE), CAST($d AS DATE), ':d', x:d", tr.SQL)
}

func TestTranslateFunctionsAndVerb(t *testing.T) {
	tr, err := Translate("select current_catalog(), CURRENT_CATALOG ( ), x.current_catalog(), 'current_catalog()'",
		Options{Functions: map[string]string{"current_catalog": "'main'"}})
	require.NoError(t, err)
	require.Equal(t, "select 'main', 'main', x.current_catalog(), 'current_catalog()'", tr.SQL)
	require.Equal(t, "SELECT", tr.Verb)

	tr, err = Translate("  /* c */ insert INTO t VALUES (1)", Options{})
	require.NoError(t, err)
	require.Equal(t, "INSERT", tr.Verb)
}

func TestTranslateTypeNames(t *testing.T) {
	tr, err := Translate("CREATE TABLE t (a TIMESTAMP_NTZ, b timestamp_ltz, c STRING); SELECT CAST(x AS TIMESTAMP_NTZ), 'TIMESTAMP_NTZ', `timestamp_ntz`", Options{})
	require.NoError(t, err)
	require.Equal(t, `CREATE TABLE t (a TIMESTAMP, b TIMESTAMPTZ, c STRING); SELECT CAST(x AS TIMESTAMP), 'TIMESTAMP_NTZ', "timestamp_ntz"`, tr.SQL)
}
