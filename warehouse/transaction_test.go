package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// The transaction tests assert what Databricks documents for interactive
// transactions (see transaction.go for the references) and check what
// another session — the server's committed state — sees.

// TestAutocommitFalseOpensImplicitTransactions: after SET AUTOCOMMIT =
// FALSE every statement runs in a transaction that COMMIT or ROLLBACK ends;
// the next statement opens a new one; other sessions see only what was
// committed.
func TestAutocommitFalseOpensImplicitTransactions(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	other := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE tx (id INT)")
	require.Equal(t, [][]string{{"true"}}, strs(rows(t, c, sid, "SET AUTOCOMMIT")))
	sqlIn(t, c, sid, "SET AUTOCOMMIT = FALSE")
	require.Equal(t, [][]string{{"false"}}, strs(rows(t, c, sid, "SET AUTOCOMMIT")))

	sqlIn(t, c, sid, "INSERT INTO tx VALUES (1)")
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, sid, "SELECT count(*) FROM tx")), "read your own writes")
	require.Equal(t, [][]string{{"0"}}, strs(rows(t, c, other, "SELECT count(*) FROM tx")), "not committed yet")
	sqlIn(t, c, sid, "COMMIT")
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, other, "SELECT count(*) FROM tx")))

	sqlIn(t, c, sid, "INSERT INTO tx VALUES (2)") // opens the next transaction
	sqlIn(t, c, sid, "ROLLBACK")
	sqlIn(t, c, sid, "INSERT INTO tx VALUES (3)")
	sqlIn(t, c, sid, "COMMIT")
	require.Equal(t, [][]string{{"1"}, {"3"}}, strs(rows(t, c, other, "SELECT id FROM tx ORDER BY id")))

	sqlIn(t, c, sid, "ROLLBACK")            // nothing open: a no-op
	sqlIn(t, c, sid, "SET TIME ZONE 'UTC'") // session settings open no transaction
	sqlIn(t, c, sid, "USE SCHEMA default")
	sqlIn(t, c, sid, "SET AUTOCOMMIT = TRUE")
	sqlIn(t, c, sid, "INSERT INTO tx VALUES (4)")
	require.Equal(t, [][]string{{"4"}}, strs(rows(t, c, other, "SELECT max(id) FROM tx")), "autocommit again")
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "COMMIT", WaitTimeout: "30s"})
	require.Contains(t, st.Error.Message, "NO_ACTIVE_TRANSACTION")
}

// TestTransactionRefusals: SET AUTOCOMMIT and BEGIN inside a transaction,
// BEGIN with autocommit off, and commands a transaction does not run fail
// with TRANSACTION_NOT_SUPPORTED; a failure aborts the transaction until
// ROLLBACK, and nothing of it is committed.
func TestTransactionRefusals(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	other := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE tr (id INT)")
	fails := func(stmt, class, state string) {
		t.Helper()
		st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: stmt, WaitTimeout: "30s"})
		require.Contains(t, st.Error.Message, "["+class+"]", stmt)
		require.Equal(t, state, st.SQLState, stmt)
	}

	fails("BEGIN TRANSACTION READ ONLY", "PARSE_SYNTAX_ERROR", "42601")
	fails("ROLLBACK TO SAVEPOINT s", "PARSE_SYNTAX_ERROR", "42601")
	fails("COMMIT", "NO_ACTIVE_TRANSACTION", "25000") // nothing was opened behind the session's back

	sqlIn(t, c, sid, "SET AUTOCOMMIT = FALSE")
	fails("BEGIN TRANSACTION", "TRANSACTION_NOT_SUPPORTED.NESTED_TRANSACTION", "0A000")
	sqlIn(t, c, sid, "INSERT INTO tr VALUES (1)")
	fails("SET AUTOCOMMIT = TRUE", "TRANSACTION_NOT_SUPPORTED.COMMAND", "0A000")
	fails("INSERT INTO tr VALUES (2)", "TRANSACTION_ABORTED", "25000")
	fails("COMMIT", "TRANSACTION_ABORTED", "25000")
	sqlIn(t, c, sid, "ROLLBACK")
	sqlIn(t, c, sid, "SET AUTOCOMMIT = TRUE")
	require.Equal(t, [][]string{{"0"}}, strs(rows(t, c, other, "SELECT count(*) FROM tr")))

	for _, blocked := range []struct{ stmt, class string }{
		{"SHOW TABLES", "TRANSACTION_NOT_SUPPORTED.COMMAND"},
		{"DESCRIBE TABLE EXTENDED tr", "TRANSACTION_NOT_SUPPORTED.COMMAND"},
		{"SHOW COLUMNS IN CATALOG main SCHEMA LIKE 'default' TABLE LIKE 'tr'", "TRANSACTION_NOT_SUPPORTED.COMMAND"},
		{"SHOW SCHEMAS IN main", "TRANSACTION_NOT_SUPPORTED.COMMAND"},
		{"CREATE TABLE tr2 (a INT)", "TRANSACTION_NOT_SUPPORTED.COMMAND"},
		{"SELECT * FROM information_schema.tables", "TRANSACTION_NOT_SUPPORTED.INFORMATION_SCHEMA_TABLE"},
		{"BEGIN", "TRANSACTION_NOT_SUPPORTED.NESTED_TRANSACTION"},
		{"SELECT * FROM no_such_table", "TABLE_OR_VIEW_NOT_FOUND"},
	} {
		sqlIn(t, c, sid, "BEGIN TRANSACTION")
		sqlIn(t, c, sid, "INSERT INTO tr VALUES (1)")
		fails(blocked.stmt, blocked.class, map[bool]string{true: "42P01", false: "0A000"}[blocked.class == "TABLE_OR_VIEW_NOT_FOUND"])
		fails("SELECT 1", "TRANSACTION_ABORTED", "25000")
		sqlIn(t, c, sid, "ROLLBACK")
	}
	require.Equal(t, [][]string{{"0"}}, strs(rows(t, c, other, "SELECT count(*) FROM tr")))

	sqlIn(t, c, sid, "BEGIN TRANSACTION")
	sqlIn(t, c, sid, "INSERT INTO tr VALUES (7)")
	require.Equal(t, [][]string{{"id", "int", "<null>"}}, strs(rows(t, c, sid, "DESCRIBE TABLE tr"))[:1])
	require.NotEmpty(t, rows(t, c, sid, "SHOW COLUMNS IN tr"))
	require.NotEmpty(t, rows(t, c, sid, "DESCRIBE QUERY SELECT id FROM tr"))
	sqlIn(t, c, sid, "COMMIT")
	require.Equal(t, [][]string{{"7"}}, strs(rows(t, c, other, "SELECT id FROM tr")))
}

// TestOverwriteInTransaction: INSERT OVERWRITE inside a transaction is
// part of it (it opened a transaction of its own before, which failed and
// aborted the session's).
func TestOverwriteInTransaction(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	other := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE ow (a INT)")
	sqlIn(t, c, sid, "INSERT INTO ow VALUES (1)")
	sqlIn(t, c, sid, "BEGIN TRANSACTION")
	sqlIn(t, c, sid, "INSERT OVERWRITE ow VALUES (2)")
	require.Equal(t, [][]string{{"2"}}, strs(rows(t, c, sid, "SELECT a FROM ow")))
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, other, "SELECT a FROM ow")))
	sqlIn(t, c, sid, "ROLLBACK")
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, other, "SELECT a FROM ow")))
	sqlIn(t, c, sid, "INSERT OVERWRITE ow VALUES (3)") // autocommit: its own transaction
	require.Equal(t, [][]string{{"3"}}, strs(rows(t, c, other, "SELECT a FROM ow")))
}

// TestCloseSessionRollsBack: a session closed with its transaction open
// leaves nothing of it behind.
func TestCloseSessionRollsBack(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	other := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, other, "CREATE TABLE tc (id INT)")
	sid, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{})
	require.NoError(t, err)
	sqlIn(t, c, sid, "SET AUTOCOMMIT = FALSE")
	sqlIn(t, c, sid, "INSERT INTO tc VALUES (1)")
	require.NoError(t, c.DeleteSession(t.Context(), sid))
	require.Equal(t, [][]string{{"0"}}, strs(rows(t, c, other, "SELECT count(*) FROM tc")))
}
