package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestParseErrorSQLSection: a statement that does not parse fails with
// PARSE_SYNTAX_ERROR whose message carries Spark's position and "== SQL =="
// section — the statement text with a caret line under the error — as
// Spark's ParseException prints it; the connector's e2e looks for the
// statement text in the message.
func TestParseErrorSQLSection(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	for _, tc := range []struct{ sql, msg string }{
		{"SELEC 1", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n"},
		{"SELECT 1 +", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 10)\n\n== SQL ==\nSELECT 1 +\n----------^^^\n"},
		{"SELECT 1\nFROM range(3) x y z", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'y'. SQLSTATE: 42601 (line 2, pos 16)\n\n== SQL ==\nSELECT 1\nFROM range(3) x y z\n----------------^^^\n"},
		// The front end's own: an unterminated string, marked where it starts.
		{"SELECT 'abc", "SQLSTATE: 42601 (line 1, pos 7)\n\n== SQL ==\nSELECT 'abc\n-------^^^\n"},
		// A transaction statement the warehouse answers itself.
		{"BEGIN TRANSACTION READ ONLY", "SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nBEGIN TRANSACTION READ ONLY\n^^^\n"},
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: tc.sql, WaitTimeout: "30s"})
		require.Contains(t, st.Error.Message, tc.msg, tc.sql)
		require.Contains(t, st.Error.Message, "[PARSE_SYNTAX_ERROR]", tc.sql)
		require.Equal(t, "42601", st.SQLState, tc.sql)
	}
	// Other failures carry no such section.
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT 1/0", WaitTimeout: "30s"})
	require.NotContains(t, st.Error.Message, "== SQL ==")
}
