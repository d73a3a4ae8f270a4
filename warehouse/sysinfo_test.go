package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestSystemInformationSchemaListings: the drivers list
// system.information_schema like any schema (the Rust kernel's tables()
// and columns() send SHOW TABLES / SHOW COLUMNS IN CATALOG `system` SCHEMA
// LIKE 'information.schema'); its views and their columns are listed, and
// SHOW TABLES IN c.information_schema lists the same views in c. A listing
// of a user catalog's schemas leaves them out.
func TestSystemInformationSchemaListings(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE mine (a INT)")

	tables := strs(rows(t, c, sid, "SHOW TABLES IN CATALOG `system` SCHEMA LIKE 'information.schema'"))
	require.Contains(t, tables, []string{"information_schema", "tables", "false", "<null>", "system", "VIEW", "<null>"})
	require.Contains(t, tables, []string{"information_schema", "columns", "false", "<null>", "system", "VIEW", "<null>"})
	require.Len(t, strs(rows(t, c, sid, "SHOW TABLES IN main.information_schema LIKE 'tab*'")), 2, "tables, table_constraints")
	for _, r := range strs(rows(t, c, sid, "SHOW TABLES IN CATALOG main")) {
		require.NotEqual(t, "information_schema", r[0], "a user catalog's listing stays as it was")
	}
	require.Equal(t, [][]string{{"information_schema"}}, strs(rows(t, c, sid, "SHOW SCHEMAS IN system")))

	cols := strs(rows(t, c, sid, "SHOW COLUMNS IN CATALOG `system` SCHEMA LIKE 'information.schema' TABLE LIKE 'tables'"))
	require.NotEmpty(t, cols)
	require.Equal(t, []string{"table_catalog", "system", "information_schema", "tables", "STRING"}, cols[0][:5])
	require.Equal(t, "1", cols[0][10], "ordinalPosition")
	names := make([]string, len(cols))
	for i, r := range cols {
		names[i] = r[0]
	}
	require.Subset(t, names, []string{"table_catalog", "table_schema", "table_name", "table_type"})
}
