package warehouse_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestSessionsShareNothing: what one session sets up for itself — a
// temporary view, a SQL variable — is gone for the next session, even when
// the sessions follow each other (so the engine could hand the second one
// the first one's DuckDB connection). On Databricks temporary views and
// variables are session-scoped.
func TestSessionsShareNothing(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for round := range 3 {
		sid, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{})
		require.NoError(t, err)
		if round > 0 {
			st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT * FROM session_tmp", WaitTimeout: "10s"})
			require.Equal(t, "42P01", st.SQLState, "round %d sees the previous session's temporary view", round)
			st = failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT getvariable('leak') + 1 AS x, session_macro() AS y", WaitTimeout: "10s"})
			require.NotEmpty(t, st.Error.Message, "round %d sees the previous session's macro", round)
		}
		sqlIn(t, c, sid, "CREATE TEMPORARY VIEW session_tmp AS SELECT 1 AS one")
		sqlIn(t, c, sid, "CREATE TEMP MACRO session_macro() AS 42")
		require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, sid, "SELECT one FROM session_tmp")))
		require.NoError(t, c.DeleteSession(context.Background(), sid))
	}
}

// BenchmarkSessionOpenClose measures a session's life on the local
// warehouse: create, one statement, delete (each session has a DuckDB
// connection of its own, discarded at the end).
func BenchmarkSessionOpenClose(b *testing.B) {
	c := benchWarehouse(b, warehouse.Config{})
	for b.Loop() {
		sid, err := c.CreateSession(b.Context(), sea.CreateSessionRequest{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Execute(b.Context(), sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT 1", WaitTimeout: "10s"}); err != nil {
			b.Fatal(err)
		}
		if err := c.DeleteSession(context.Background(), sid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSessionStatement measures one small statement in a warm session
// (execute with wait_timeout, answered with its result).
func BenchmarkSessionStatement(b *testing.B) {
	c := benchWarehouse(b, warehouse.Config{})
	sid, err := c.CreateSession(b.Context(), sea.CreateSessionRequest{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Execute(b.Context(), sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT 1", WaitTimeout: "10s"}); err != nil {
			b.Fatal(err)
		}
	}
}
