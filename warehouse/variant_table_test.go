package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestVariantTableColumn: a table column declared VARIANT (the connector
// e2e suite's test_variant_types) holds its values as JSON text, the form
// the warehouse keeps VARIANT values in elsewhere, rather than DuckDB's
// native VARIANT, whose Arrow export failed every SELECT with
// INTERNAL_ERROR.
func TestVariantTableColumn(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE vt (id INT, v VARIANT)")
	sqlIn(t, c, sid, `INSERT INTO vt VALUES (1, parse_json('{"a": 1, "b": [true, null]}')), (2, NULL)`)
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT id, v FROM vt ORDER BY id", WaitTimeout: "30s"})
	require.Equal(t, "INT", resp.Manifest.Schema.Columns[0].TypeText)
	cells := resp.Result.DataArray
	require.Len(t, cells, 2)
	require.JSONEq(t, `{"a": 1, "b": [true, null]}`, *cells[0][1])
	require.Nil(t, cells[1][1])
	sqlIn(t, c, sid, "ALTER TABLE vt ADD COLUMN w VARIANT")
	sqlIn(t, c, sid, `INSERT INTO vt VALUES (3, NULL, parse_json('[1, "x"]'))`)
	require.Equal(t, [][]string{{`[1,"x"]`}}, strs(rows(t, c, sid, "SELECT w FROM vt WHERE id = 3")))
}
