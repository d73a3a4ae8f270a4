package warehouse_test

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/typemap"
)

// TestVariantColumns: a select item that is a VARIANT is typed VARIANT in
// the manifest and its Arrow field is marked (Spark:DataType:SqlName), its
// value the JSON text; the edits (Go scalar functions of the engine) answer
// as Spark's examples do.
func TestVariantColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, typ, value string }{
		{`SELECT parse_json('{"a": 1}')`, "VARIANT", `{"a":1}`},
		{`SELECT variant_set(parse_json('{"a": {"b": 1}}'), '$.a.c.d', 2) AS v`, "VARIANT", `{"a":{"b":1,"c":{"d":2}}}`},
		{`SELECT try_variant_insert(parse_json('{"a": 1}'), '$.a', 2)`, "VARIANT", ""},
		{`SELECT variant_insert(parse_json('["a","b"]'), '$[5]', 'z')`, "VARIANT", `["a","b",null,null,null,"z"]`},
		{`SELECT variant_delete(parse_json('{"a": 1, "b": 2}'), NULL, '$.a')`, "VARIANT", `{"b":2}`},
		{`SELECT variant_array_append(parse_json('{"a": [1]}'), '$.a', parse_json('[2]'))`, "VARIANT", `{"a":[1,[2]]}`},
		{`SELECT variant_strip_nulls(parse_json('{"a": [1, null], "b": null}'), false)`, "VARIANT", `{"a":[1,null]}`},
		{`SELECT to_variant_object(named_struct('b', 1, 'a', 2))`, "VARIANT", `{"a":2,"b":1}`},
		{`SELECT variant_get(parse_json('[1, "hello"]'), '$[1]')`, "VARIANT", `"hello"`},
		{`SELECT variant_get(parse_json('[1, "hello"]'), '$[0]', 'int')`, "INT", "1"},
		{`SELECT schema_of_variant(parse_json('[{"b":true,"a":0}]'))`, "STRING", "ARRAY<OBJECT<a: BIGINT, b: BOOLEAN>>"},
		{`SELECT schema_of_variant_agg(parse_json(j)) FROM VALUES ('1'), ('2.5') AS t(j)`, "STRING", "DECIMAL(20,1)"},
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		cell := resp.Result.DataArray[0][0]
		got := ""
		if cell != nil {
			got = *cell
		}
		require.Equal(t, tc.value, got, tc.statement)
	}

	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: `SELECT 1 AS n, parse_json('[1]') AS v`,
		Format: sea.FormatArrowStream, Disposition: sea.DispositionInlineOrExternalLinks, WaitTimeout: "30s"})
	recs := arrowResult(t, c, resp)
	require.False(t, typemap.IsVariant(recs[0].Schema().Field(0)))
	require.True(t, typemap.IsVariant(recs[0].Schema().Field(1)))
	require.Equal(t, "VARIANT", resp.Manifest.Schema.Columns[1].TypeName)

	st := failed(t, c, sea.ExecuteStatementRequest{Statement: `SELECT variant_set(parse_json('{"a": 1}'), '$.a.b', 2)`, WaitTimeout: "30s"})
	require.Equal(t, "22023", st.SQLState)
	require.True(t, strings.HasPrefix(st.Error.Message, "[INVALID_VARIANT_EDIT] "), st.Error.Message)
}

// TestYearMonthIntervals: a year-month interval select item (an interval
// literal or make_ym_interval) is typed INTERVAL YEAR TO MONTH, sent as an
// Arrow month interval and as y-m text, not as 30-day months of a day-time
// interval; day-time literals stay DAY TO SECOND.
func TestYearMonthIntervals(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, typ, value string }{
		{"SELECT INTERVAL '1-2' YEAR TO MONTH", "INTERVAL YEAR TO MONTH", "1-2"},
		{"SELECT INTERVAL 14 MONTHS AS m", "INTERVAL YEAR TO MONTH", "1-2"},
		{"SELECT make_ym_interval(-1, 1)", "INTERVAL YEAR TO MONTH", "-0-11"},
		{"SELECT INTERVAL '3 04:05:06' DAY TO SECOND", "INTERVAL DAY TO SECOND", "3 04:05:06.000000000"},
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		require.Equal(t, tc.value, *resp.Result.DataArray[0][0], tc.statement)
	}
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 AS n, INTERVAL '1-2' YEAR TO MONTH AS i",
		Format: sea.FormatArrowStream, Disposition: sea.DispositionInlineOrExternalLinks, WaitTimeout: "30s"})
	rec := arrowResult(t, c, resp)[0]
	require.Equal(t, arrow.INTERVAL_MONTHS, rec.Column(1).DataType().ID())
	require.Equal(t, arrow.MonthInterval(14), rec.Column(1).(*array.MonthInterval).Value(0))
}
