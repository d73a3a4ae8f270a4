package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestRangeDecimalArgument: Spark casts range()'s DECIMAL argument to
// BIGINT, truncating (the connector e2e's large narrow result set runs
// SELECT … FROM range(12500000.0)); DuckDB's range takes no DECIMAL.
func TestRangeDecimalArgument(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	require.Equal(t, [][]string{{"12500000", "12499999"}},
		strs(rows(t, c, sid, "SELECT count(*), max(id) FROM range(12500000.0)")))
	require.Equal(t, [][]string{{"0"}, {"2"}}, strs(rows(t, c, sid, "SELECT id FROM range(0, 3.9, 2.0) ORDER BY id")))
}
