package warehouse_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestStatementFailures: a failed statement is HTTP 200 with FAILED,
// status.error {error_code, message} and the SQLSTATE in status.sql_state
// and at the end of the message (before a syntax error's SQL section).
func TestStatementFailures(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE t (a INT)")
	for _, tc := range []struct{ statement, sqlState string }{
		{"SELEC 1", "42601"},
		{"SELECT * FROM no_such_table", "42P01"},
		{"SELECT no_such_column FROM t", "42703"},
		{"SELECT CAST('abc' AS INT)", "22018"},
		{"SELECT CAST(2147483647 AS INT) + CAST(1 AS INT)", "22003"},
		{"SELECT [1, 2] + 1", "42K09"},
	} {
		// Decode the raw body to see exactly what is on the wire.
		var raw map[string]any
		err := c.Do(t.Context(), http.MethodPost, "/statements",
			sea.ExecuteStatementRequest{WarehouseID: c.WarehouseID, Statement: tc.statement, WaitTimeout: "10s"}, &raw)
		require.NoError(t, err, "a statement failure is HTTP 200")
		status := raw["status"].(map[string]any)
		require.Equal(t, "FAILED", status["state"], tc.statement)
		require.Equal(t, tc.sqlState, status["sql_state"], "%s: %v", tc.statement, status)
		e := status["error"].(map[string]any)
		require.NotEmpty(t, e["error_code"])
		msg, _ := e["message"].(string)
		// A syntax error continues, as in Spark, with the position and the
		// "== SQL ==" section (see TestParseErrorSQLSection).
		body, _, _ := strings.Cut(msg, " (line ")
		require.True(t, strings.HasSuffix(body, "SQLSTATE: "+tc.sqlState), "%s: message %q", tc.statement, msg)
		require.True(t, strings.HasPrefix(msg, "["), "message starts with the error class: %q", msg)

		// A poll says the same.
		got, err := c.Get(t.Context(), raw["statement_id"].(string))
		require.NoError(t, err)
		require.Equal(t, sea.StateFailed, got.Status.State)
		require.Equal(t, tc.sqlState, got.Status.SQLState)
		require.Equal(t, msg, got.Status.Error.Message)
	}
}

// TestMissingTableWording: a missing table is worded as Databricks words
// TABLE_OR_VIEW_NOT_FOUND, naming the table as written, and never suggests
// one of DuckDB's own tables (it said: Did you mean "sqlite_temp_master"?).
func TestMissingTableWording(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	for stmt, name := range map[string]string{
		"SELECT * FROM definitely_not_a_table_xyz": "`definitely_not_a_table_xyz`",
		"SELECT * FROM default.no_such_t":          "`no_such_t`", // DuckDB names the table only
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: stmt, WaitTimeout: "30s"})
		require.Equal(t, "42P01", st.SQLState, st.Error.Message)
		require.True(t, strings.HasPrefix(st.Error.Message, "[TABLE_OR_VIEW_NOT_FOUND] The table or view "+name+" cannot be found."), st.Error.Message)
		require.NotContains(t, st.Error.Message, "Did you mean", stmt)
		require.NotContains(t, st.Error.Message, "sqlite", stmt)
	}
}

func TestErrorBodies(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ChunkRows: 10})
	_, err := c.Get(t.Context(), "01ee0000-0000-0000-0000-000000000000")
	he := apiError(t, err, http.StatusNotFound)
	require.Equal(t, sea.ErrorCodeNotFound, he.Body.ErrorCode)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(he.Raw), &body))
	require.Contains(t, body, "error_code")
	require.Contains(t, body, "message")

	for _, op := range []func(string) error{
		func(id string) error { _, err := c.Chunk(t.Context(), id, 0); return err },
		func(id string) error { return c.Cancel(t.Context(), id) },
		func(id string) error { return c.Close(t.Context(), id) },
	} {
		apiError(t, op("01ee0000-0000-0000-0000-000000000000"), http.StatusNotFound)
	}

	// Chunk index out of range: 400.
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(25)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.Equal(t, 3, resp.Manifest.TotalChunkCount)
	for _, k := range []int{3, 100, -1} {
		_, err := c.Chunk(t.Context(), resp.StatementID, k)
		apiError(t, err, http.StatusBadRequest)
	}
	_, err = c.Chunk(t.Context(), resp.StatementID, 2)
	require.NoError(t, err)
	err = c.Do(t.Context(), http.MethodGet, "/statements/"+resp.StatementID+"/result/chunks/two", nil, nil)
	apiError(t, err, http.StatusBadRequest)

	// Chunks of a FAILED statement: 404.
	f := run(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM no_such_table", WaitTimeout: "10s"})
	require.Equal(t, sea.StateFailed, f.Status.State)
	_, err = c.Chunk(t.Context(), f.StatementID, 0)
	apiError(t, err, http.StatusNotFound)

	// An empty statement is refused.
	_, err = c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: ""})
	apiError(t, err, http.StatusBadRequest)
}
