package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestArithmeticOverTableColumns: expressions over a real table's columns
// get Spark's types, which the front end now takes from the catalog — the
// result's type as the manifest reports it and the value.
func TestArithmeticOverTableColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE ct (i INT, d DECIMAL(10,2), s STRING, dt DATE, arr ARRAY<INT>)")
	sqlIn(t, c, sid, "INSERT INTO ct VALUES (7, 1.25, '3', DATE'2024-01-31', array(1, 2))")
	for _, tc := range []struct{ sql, typ, value string }{
		{"SELECT i / 2 FROM ct", "DOUBLE", "3.5"},
		{"SELECT d * d FROM ct", "DECIMAL(21,4)", "1.5625"}, // DuckDB: DECIMAL(18,4)
		{"SELECT i * d FROM ct", "DECIMAL(21,2)", "8.75"},   // DuckDB: DECIMAL(18,2)
		{"SELECT d / 3 FROM ct", "DECIMAL(14,6)", "0.416667"},
		{"SELECT s + 1 FROM ct", "BIGINT", "4"}, // DuckDB: no + for VARCHAR
		{"SELECT s * i FROM ct", "BIGINT", "21"},
		{"SELECT dt + INTERVAL 1 DAY FROM ct", "DATE", "2024-02-01"},
		{"SELECT ct.dt - dt FROM ct", "INTERVAL DAY TO SECOND", "0 00:00:00.000000000"}, // DuckDB: BIGINT
		{"SELECT i FROM ct WHERE s + 1 = 4", "INT", "7"},
		// Another query block over real tables: a set operation.
		{"SELECT d * d FROM ct UNION ALL SELECT d * d FROM ct LIMIT 1", "DECIMAL(21,4)", "1.5625"},
		// A derived table's column is not the table's column of that
		// name (typ "": left untyped, the engine types it); neither is a
		// select item's alias.
		{"SELECT i * 2 FROM (SELECT d AS i FROM ct)", "", "2.50"},
		{"SELECT d AS i FROM ct ORDER BY i * 2", "DECIMAL(10,2)", "1.25"},
		// A lambda parameter is not the table's column of that name.
		{"SELECT transform(arr, s -> s + 1) FROM ct", "ARRAY<INT>", "[2,3]"},
	} {
		r := sqlIn(t, c, sid, tc.sql)
		require.Len(t, r.Manifest.Schema.Columns, 1, tc.sql)
		if tc.typ != "" {
			require.Equal(t, tc.typ, r.Manifest.Schema.Columns[0].TypeText, tc.sql)
		}
		require.Equal(t, [][]string{{tc.value}}, strs(rows(t, c, sid, tc.sql)), tc.sql)
	}
}
