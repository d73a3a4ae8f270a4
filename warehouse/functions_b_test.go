package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

// TestUnitFunctionsAndInstr: timestampadd/timestampdiff (and their
// three-argument spellings dateadd, datediff, date_diff) and instr with a
// position and an occurrence answer as Spark does, value and type.
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
	} {
		resp := sqlIn(t, c, "", tc.statement)
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeText, tc.statement)
		require.NotNil(t, resp.Result.DataArray[0][0], tc.statement)
		require.Equal(t, tc.value, *resp.Result.DataArray[0][0], tc.statement)
	}
}
