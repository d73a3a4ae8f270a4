package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVariantFunctions(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"SELECT variant_get(parse_json(s), '$.a', 'int') FROM t", "SELECT CAST(json_extract(json(s), '$.a') AS INTEGER) FROM t"},
		{"SELECT try_variant_get(v, '$[1]', 'BIGINT') FROM t", "SELECT TRY_CAST(json_extract(v, '$[1]') AS BIGINT) FROM t"},
		{"SELECT variant_get(v, '$.b', 'string') FROM t", "SELECT json_extract_string(v, '$.b') FROM t"},
		{"SELECT variant_get(v, '$.b') FROM t", "SELECT json_extract(v, '$.b') FROM t"},
		{"SELECT is_variant_null(v) FROM t", "SELECT coalesce(json_type(v) = 'NULL', false) FROM t"},
		{"SELECT try_parse_json(s) FROM t", "SELECT sl_try_parse_json(s) FROM t"},
	} {
		got, err := Translate(tt.in, Options{})
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, got.SQL, tt.in)
	}
	got, err := Translate("SELECT variant_get(v, '$.a', 'int') FROM t", Options{SparkNames: true})
	require.NoError(t, err)
	require.Contains(t, got.SQL, `AS "variant_get(v, $.a)"`)
}
