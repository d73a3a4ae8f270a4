package warehouse_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestGoFunctionsThroughTheServer: functions computed by Go scalar
// functions (package sqlfuncs) answer through the server in a session of
// their own — sketches over a table of the session, exact past the sizes
// of Spark's examples — and their errors carry Spark's class and SQLSTATE.
func TestGoFunctionsThroughTheServer(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE ev AS SELECT id % 1000 AS k, id AS v FROM range(20000) t(id)")
	for _, tc := range []struct{ statement, typ, value string }{
		{"SELECT hll_sketch_estimate(hll_sketch_agg(k)) FROM ev", "BIGINT", "1000"},
		{"SELECT theta_sketch_estimate(theta_intersection(theta_sketch_agg(k), theta_sketch_agg(v))) FROM ev", "BIGINT", "1000"},
		{"SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(v), 0.5) FROM ev", "BIGINT", "9999"},
		{"SELECT element_at(kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(v), array(0.25, 0.5)), 2) FROM ev", "BIGINT", "9999"},
		{"SELECT kll_sketch_get_rank_double(kll_sketch_agg_double(v), 9999.0) FROM ev", "DOUBLE", "0.5"},
		{"SELECT kll_sketch_get_n_bigint(kll_merge_agg_bigint(s)) FROM (SELECT kll_sketch_agg_bigint(v) AS s FROM ev GROUP BY k % 7)", "BIGINT", "20000"},
		{"SELECT tuple_sketch_summary_integer(tuple_sketch_agg_integer(k, 1)) FROM ev", "BIGINT", "20000"},
		{"SELECT hash('Spark', array(123), 2), crc32('Spark')", "INT", "-1321691492"},
		{"SELECT xxhash64('Spark', array(123), 2)", "BIGINT", "5602566077635097486"},
		{"SELECT CAST(aes_decrypt(aes_encrypt('secret', '0000111122223333'), '0000111122223333') AS STRING)", "STRING", "secret"},
		{"SELECT st_srid(st_setsrid(st_geomfromwkb(X'0101000000000000000000F03F0000000000000040'), 3857))", "INT", "3857"},
		{"SELECT xpath_long('<a><b>1</b><b>2</b></a>', 'sum(a/b)')", "BIGINT", "3"},
	} {
		resp := sqlIn(t, c, sid, tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		require.NotNil(t, resp.Result.DataArray[0][0], tc.statement)
		require.Equal(t, tc.value, *resp.Result.DataArray[0][0], tc.statement)
	}
	for _, tc := range []struct{ statement, class, sqlState string }{
		{"SELECT hll_sketch_estimate(X'00')", "HLL_INVALID_INPUT_SKETCH_BUFFER", "22546"},
		{"SELECT theta_sketch_estimate(hll_sketch_agg(k)) FROM ev", "THETA_INVALID_INPUT_SKETCH_BUFFER", "22546"},
		{"SELECT aes_decrypt(X'00', 'short')", "INVALID_PARAMETER_VALUE", "22023"},
		{"SELECT aes_decrypt(X'00', '1234567890abcdef', 'GCM', 'PKCS')", "UNSUPPORTED_FEATURE", "0A000"},
		{"SELECT kll_sketch_get_quantile_bigint(kll_sketch_agg_bigint(v), 2.0) FROM ev", "KLL_SKETCH_INVALID_QUANTILE_RANGE", "22003"},
		{"SELECT st_geomfromwkb(X'0101')", "WKB_PARSE_ERROR", "22023"},
		{"SELECT xpath('<a/>', 'a[1]')", "UNSUPPORTED_FEATURE", "0A000"},
		{"SELECT from_xml('<a/>', 'a INT')", "UNSUPPORTED_FEATURE", "0A000"},
		{"SELECT to_avro(1)", "AVRO_NOT_LOADED_SQL_FUNCTIONS_UNUSABLE", "22KD3"},
		{"SELECT crc32(5)", "DATATYPE_MISMATCH", "42K09"},
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: tc.statement, WaitTimeout: "30s"})
		require.Equal(t, tc.sqlState, st.SQLState, tc.statement)
		require.True(t, strings.HasPrefix(st.Error.Message, "["+tc.class+"] "), "%s: %q", tc.statement, st.Error.Message)
		require.NotContains(t, st.Error.Message, "API error", tc.statement)
	}
}
