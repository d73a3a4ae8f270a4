package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrderedListagg checks that listagg and string_agg WITHIN GROUP
// (ORDER BY …) become DuckDB's ordered string_agg, named as Spark does.
func TestOrderedListagg(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT listagg(c) WITHIN GROUP (ORDER BY c DESC) FROM t": `SELECT string_agg(c, '' ORDER BY c DESC) AS ` +
			`"listagg(c, NULL) WITHIN GROUP (ORDER BY c DESC NULLS LAST)" FROM t`,
		"SELECT string_agg(`c`, ', ') WITHIN GROUP (ORDER BY length(c)) AS s FROM t": `SELECT string_agg("c", ', ' ORDER BY ` +
			`CAST(sl_blen(c) AS INTEGER)) AS s FROM t`,
		"SELECT listagg(c) FROM t": `SELECT string_agg(c, '') AS "listagg(c, NULL)" FROM t`,
	} {
		got, err := Translate(in, Options{SparkNames: true})
		require.NoError(t, err, in)
		require.Equal(t, want, got.SQL, in)
	}
}
