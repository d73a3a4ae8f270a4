package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/typemap"
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

// TestVariantTableColumnTyped: a result column that is a VARIANT table
// column — a plain or qualified reference, aliased or not, or what a star
// expands to — is typed VARIANT as on Databricks (the connector e2e's
// test_variant_type_detection: SELECT * of id INT, v VARIANT, s STRING),
// in the manifest and in the Arrow field's Spark:DataType:SqlName; the
// other columns keep their types, and DESCRIBE TABLE shows variant.
func TestVariantTableColumnTyped(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE vtt (id INT, v VARIANT, s STRING)")
	sqlIn(t, c, sid, `INSERT INTO vtt VALUES (1, parse_json('{"a": 1}'), 'x')`)
	for _, tc := range []struct {
		statement string
		types     []string
	}{
		{"SELECT * FROM vtt LIMIT 0", []string{"INT", "VARIANT", "STRING"}},
		{"SELECT * FROM vtt ORDER BY id", []string{"INT", "VARIANT", "STRING"}},
		{"SELECT vtt.* FROM vtt", []string{"INT", "VARIANT", "STRING"}},
		{"SELECT x.*, s AS t FROM vtt AS x", []string{"INT", "VARIANT", "STRING", "STRING"}},
		{"SELECT *, v FROM vtt", []string{"INT", "VARIANT", "STRING", "VARIANT"}},
		{"SELECT s, v FROM vtt", []string{"STRING", "VARIANT"}},
		{"SELECT vtt.v AS w, id FROM vtt WHERE id = 1", []string{"VARIANT", "INT"}},
		{"SELECT default.vtt.v FROM vtt", []string{"VARIANT"}},
		{"SELECT CAST(v AS STRING) FROM vtt", []string{"STRING"}},
	} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: tc.statement,
			Format: sea.FormatArrowStream, Disposition: sea.DispositionInlineOrExternalLinks, WaitTimeout: "30s"})
		var got []string
		for _, col := range resp.Manifest.Schema.Columns {
			got = append(got, col.TypeText)
			if col.TypeText == "VARIANT" {
				require.Equal(t, "VARIANT", col.TypeName, tc.statement)
			}
		}
		require.Equal(t, tc.types, got, tc.statement)
		if recs := arrowResult(t, c, resp); len(recs) > 0 {
			for i, typ := range tc.types {
				require.Equal(t, typ == "VARIANT", typemap.IsVariant(recs[0].Schema().Field(i)), "%s: column %d", tc.statement, i)
			}
		}
	}
	cells := rows(t, c, sid, "SELECT * FROM vtt")
	require.JSONEq(t, `{"a": 1}`, *cells[0][1])

	desc := strs(rows(t, c, sid, "DESCRIBE TABLE vtt"))
	require.Equal(t, []string{"v", "variant"}, desc[1][:2])
}
