package warehouse_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestUnitFunctionsAndInstr: timestampadd/timestampdiff (and their
// three-argument spellings dateadd, datediff, date_diff), instr with a
// position and an occurrence, and concat_ws of arrays answer as Spark
// does, value and type.
func TestUnitFunctionsAndInstr(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ statement, typ, value string }{
		{"SELECT dateadd(DAY, 3, DATE '2021-09-01')", "TIMESTAMP", "2021-09-04T00:00:00Z"},
		{"SELECT timestampadd(MONTH, 1, TIMESTAMP '2021-01-31 10:00:00')", "TIMESTAMP", "2021-02-28T10:00:00Z"},
		{"SELECT timestampadd(QUARTER, -1, DATE '2021-04-01')", "TIMESTAMP", "2021-01-01T00:00:00Z"},
		{"SELECT datediff(DAY, DATE '2021-09-01', DATE '2021-09-04')", "BIGINT", "3"},
		{"SELECT timestampdiff(MONTH, TIMESTAMP '2021-01-31 10:00:00', TIMESTAMP '2021-03-30 10:00:00')", "BIGINT", "1"},
		{"SELECT date_diff(HOUR, TIMESTAMP '2021-01-01 00:00:00', TIMESTAMP '2021-01-01 05:59:59')", "BIGINT", "5"},
		{"SELECT datediff('2009-07-31', '2009-07-30')", "INT", "1"},
		{"SELECT instr('abcabc', 'b', 1)", "INT", "2"},
		{"SELECT instr('abcabc', 'b', 1, 2)", "INT", "5"},
		{"SELECT instr('abcabc', 'b', -1, 1)", "INT", "5"},
		{"SELECT instr('abcabc', 'b', 3, 2)", "INT", "0"},
		{"SELECT concat_ws(',', 'a', array(), array('b', NULL, 'c'), 1)", "STRING", "a,b,c,1"},
		{"SELECT concat_ws('-', s) FROM VALUES (array('x', 'y')) AS t(s)", "STRING", "x-y"},
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		require.NotNil(t, resp.Result.DataArray[0][0], tc.statement)
		require.Equal(t, tc.value, *resp.Result.DataArray[0][0], tc.statement)
	}
}

// TestXMLAndCSV: from_csv with a DDL schema splits and casts by position;
// the XML functions but XPath, which the local warehouse does not emulate,
// fail with UNSUPPORTED_FEATURE (0A000), not as unknown routines.
func TestXMLAndCSV(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := sqlIn(t, c, "", "SELECT from_csv('1, 0.8,x', 'a INT, b DOUBLE, c INT')")
	require.Equal(t, "STRUCT<a: INT, b: DOUBLE, c: INT>", resp.Manifest.Schema.Columns[0].TypeText)
	require.JSONEq(t, `{"a":1,"b":0.8,"c":null}`, *resp.Result.DataArray[0][0])
	for _, q := range []string{"SELECT from_xml('<p><a>1</a></p>', 'a INT')", "SELECT to_xml(named_struct('a', 1))"} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
		require.Equal(t, "0A000", st.SQLState, q)
		require.True(t, strings.HasPrefix(st.Error.Message, "[UNSUPPORTED_FEATURE] "), st.Error.Message)
		require.Equal(t, 1, strings.Count(st.Error.Message, "UNSUPPORTED_FEATURE"), "the class once: %s", st.Error.Message)
	}
}
