package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestInformationSchema: each catalog answers information_schema.catalogs,
// schemata, tables, columns and views with Databricks' column names
// (Databricks SQL language reference, "Information schema"; Spark has none
// to ask), system.information_schema spans every catalog, and DuckDB's own
// schemas do not show.
func TestInformationSchema(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE tt (a INT COMMENT 'x', b STRING, e ARRAY<INT>) COMMENT 'tbl'")
	sqlIn(t, c, sid, "CREATE VIEW vv AS SELECT a FROM tt")
	sqlIn(t, c, sid, "CREATE CATALOG other")

	require.Equal(t, [][]string{{"main"}}, strs(rows(t, c, sid, "SELECT catalog_name FROM information_schema.catalogs")))
	require.Equal(t, [][]string{{"main"}, {"other"}},
		strs(rows(t, c, sid, "SELECT catalog_name FROM system.information_schema.catalogs ORDER BY 1")))
	require.Equal(t, [][]string{{"main", "default"}},
		strs(rows(t, c, sid, "SELECT catalog_name, schema_name FROM main.information_schema.schemata")))
	require.Equal(t, [][]string{{"other", "default"}},
		strs(rows(t, c, sid, "SELECT catalog_name, schema_name FROM other.information_schema.schemata")))

	resp := sqlIn(t, c, sid, "SELECT table_catalog, table_schema, table_name, table_type, comment FROM information_schema.tables ORDER BY table_name")
	require.Equal(t, [][]string{{"main", "default", "tt", "MANAGED", "tbl"}, {"main", "default", "vv", "VIEW", "<null>"}},
		strs(resp.Result.DataArray))
	require.Equal(t, [][]string{{"tt"}}, strs(rows(t, c, sid,
		"SELECT t.table_name FROM main.information_schema.tables t WHERE t.table_type = 'MANAGED'")))

	require.Equal(t, [][]string{
		{"a", "0", "YES", "int", "INT", "x"},
		{"b", "1", "YES", "string", "STRING", "<null>"},
		{"e", "2", "YES", "array<int>", "ARRAY", "<null>"},
	}, strs(rows(t, c, sid, "SELECT column_name, ordinal_position, is_nullable, full_data_type, data_type, comment "+
		"FROM information_schema.columns WHERE table_name = 'tt' ORDER BY ordinal_position")))
	require.Equal(t, [][]string{{"vv", "SELECT a FROM tt"}},
		strs(rows(t, c, sid, "SELECT table_name, view_definition FROM information_schema.views")))
	require.Empty(t, rows(t, c, sid, "SELECT * FROM information_schema.routines"))
}
