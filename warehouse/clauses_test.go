package warehouse_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestClauseSparkErrors: arithmetic and casts outside the select list
// (WHERE, JOIN … ON, HAVING, ORDER BY, subqueries, DML) fail with Spark's
// error class, as in the select list.
func TestClauseSparkErrors(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, class string }{
		{"SELECT id FROM range(3) WHERE id = 1 / 0", "DIVIDE_BY_ZERO"},
		{"SELECT a.id FROM range(2) AS a JOIN range(2) AS b ON a.id = b.id + 1 / 0", "DIVIDE_BY_ZERO"},
		{"SELECT id FROM range(3) GROUP BY id HAVING id > 1 DIV 0", "DIVIDE_BY_ZERO"},
		{"SELECT id FROM range(3) ORDER BY id % 0", "REMAINDER_BY_ZERO"},
		{"SELECT (SELECT max(id) FROM range(2) WHERE id > 1 / 0)", "DIVIDE_BY_ZERO"},
		{"SELECT id FROM range(3) WHERE id = CAST('x' AS INT)", "CAST_INVALID_INPUT"},
		{"SELECT id FROM range(3) WHERE id < 2147483647 + 1", "ARITHMETIC_OVERFLOW"},
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: tc.statement, WaitTimeout: "30s"})
		require.True(t, strings.HasPrefix(st.Error.Message, "["+tc.class+"] "), "%s: %q", tc.statement, st.Error.Message)
	}
}

// TestSparkOperatorsAnywhere: <=>, ^ and >>> answer as in Spark with
// operands of any form and in every clause, not only next to primary
// expressions.
func TestSparkOperatorsAnywhere(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, value string }{
		{"SELECT 5 ^ 3 + 1", "1"}, // 5 XOR 4: arithmetic binds more tightly
		{"SELECT 16 >>> 1 + 1", "4"},
		{"SELECT CAST(NULL AS INT) + 1 <=> NULL", "true"},
		{"SELECT count(*) FROM range(4) WHERE id ^ 1 = 0", "1"},
		{"SELECT count(*) FROM range(4) AS a JOIN range(4) AS b ON a.id + 0 <=> b.id", "4"},
		{"SELECT max(id) FROM range(8) GROUP BY id >>> 2 ORDER BY 1 LIMIT 1", "3"},
		{"SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc ^ x)", "0"},
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.NotNil(t, resp.Result.DataArray[0][0], tc.statement)
		require.Equal(t, tc.value, *resp.Result.DataArray[0][0], tc.statement)
	}
}

// TestColumnTypesFromCatalog: the front end knows the Spark types of a
// real table's columns (from the engine's catalog), so a map column's
// subscript is named as in Spark and an array column's is 0-based.
func TestColumnTypesFromCatalog(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE typed_t (tags ARRAY<STRING>, attrs MAP<STRING, INT>)")
	sqlIn(t, c, "", "INSERT INTO typed_t VALUES (array('x', 'y'), map('k', 1))")
	resp := sqlIn(t, c, "", "SELECT tags[0], attrs['k'] FROM typed_t")
	require.Equal(t, "tags[0]", resp.Manifest.Schema.Columns[0].Name)
	require.Equal(t, "attrs[k]", resp.Manifest.Schema.Columns[1].Name)
	require.Equal(t, "x", *resp.Result.DataArray[0][0])
	require.Equal(t, "1", *resp.Result.DataArray[0][1])
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT tags[5] FROM typed_t", WaitTimeout: "30s"})
	require.True(t, strings.HasPrefix(st.Error.Message, "[INVALID_ARRAY_INDEX] "), st.Error.Message)
}

// TestExplodeMapColumn: explode of a MAP column answers its entries as
// columns key and value, as in Spark.
func TestExplodeMapColumn(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE map_t (m MAP<STRING, INT>)")
	sqlIn(t, c, "", "INSERT INTO map_t VALUES (map('a', 1, 'b', 2))")
	resp := sqlIn(t, c, "", "SELECT explode(m) FROM map_t")
	require.Equal(t, "key", resp.Manifest.Schema.Columns[0].Name)
	require.Equal(t, "value", resp.Manifest.Schema.Columns[1].Name)
	require.Len(t, resp.Result.DataArray, 2)
}
