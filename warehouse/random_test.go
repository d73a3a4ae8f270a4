package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestRandomFunctions: rand(), random(), rand(seed) and randn() resolve
// (the kernel suite's cancel test sends pow(rand(), 2)); rand is a DOUBLE
// in [0, 1) that differs from row to row.
func TestRandomFunctions(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, call := range []string{"rand()", "random()", "rand(42)", "randn()", "randn(7)", "pow(rand(), 2)"} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{
			Statement: "SELECT " + call + " FROM range(1)", WaitTimeout: "30s"})
		require.Equal(t, "DOUBLE", resp.Manifest.Schema.Columns[0].TypeName, call)
	}
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: "SELECT min(r) >= 0, max(r) < 1, count(DISTINCT r) > 900 " +
			"FROM (SELECT rand() AS r FROM range(1000))", WaitTimeout: "30s"})
	require.Equal(t, [][]string{{"true", "true", "true"}}, strs(resp.Result.DataArray))
}
