package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestDeltaTableMetadata: what CREATE TABLE … USING DELTA says beyond the
// columns is kept and shown by DESCRIBE TABLE EXTENDED, SHOW TBLPROPERTIES
// and SHOW CREATE TABLE. Spark without Delta cannot answer these (the
// conformance corpus records the parquet forms), so the expectations follow
// the Databricks SQL language reference: DESCRIBE TABLE EXTENDED adds a
// "# Detailed Table Information" section with Catalog, Database, Table,
// Type, Provider, Comment and Table Properties rows; SHOW CREATE TABLE
// returns one createtab_stmt column.
func TestDeltaTableMetadata(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE d (id BIGINT COMMENT 'key', m MAP<STRING, STRUCT<a: INT>>, day DATE) USING DELTA "+
		"PARTITIONED BY (day) COMMENT 'events' TBLPROPERTIES ('delta.appendOnly' = 'true', 'owner' = 'me')")

	desc := strs(rows(t, c, sid, "DESCRIBE TABLE EXTENDED d"))
	require.Equal(t, []string{"id", "bigint", "key"}, desc[0])
	require.Equal(t, []string{"m", "map<string,struct<a:int>>", "<null>"}, desc[1])
	require.Contains(t, desc, []string{"# Partition Information", "", ""})
	require.Contains(t, desc, []string{"# Detailed Table Information", "", ""})
	require.Contains(t, desc, []string{"Provider", "delta", ""})
	require.Contains(t, desc, []string{"Comment", "events", ""})
	require.Contains(t, desc, []string{"Table Properties", "[delta.appendOnly=true, owner=me]", ""})

	require.Equal(t, [][]string{{"delta.appendOnly", "true"}, {"owner", "me"}}, strs(rows(t, c, sid, "SHOW TBLPROPERTIES d")))
	sqlIn(t, c, sid, "ALTER TABLE d SET TBLPROPERTIES ('owner' = 'you')")
	sqlIn(t, c, sid, "ALTER TABLE d UNSET TBLPROPERTIES ('delta.appendOnly')")
	require.Equal(t, [][]string{{"owner", "you"}}, strs(rows(t, c, sid, "SHOW TBLPROPERTIES d")))
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "ALTER TABLE d UNSET TBLPROPERTIES ('nope')", WaitTimeout: "30s"})
	require.Equal(t, "42K0J", st.SQLState, st.Error.Message)

	create := rows(t, c, sid, "SHOW CREATE TABLE d")
	require.Len(t, create, 1)
	require.Equal(t, "CREATE TABLE main.default.d (\n  id BIGINT COMMENT 'key',\n  m MAP<STRING, STRUCT<a: INT>>,\n  day DATE)\n"+
		"USING delta\nPARTITIONED BY (day)\nCOMMENT 'events'\nTBLPROPERTIES (\n  'owner' = 'you')\n", *create[0][0])

	st = failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "DESCRIBE TABLE nope", WaitTimeout: "30s"})
	require.Equal(t, "42P01", st.SQLState, st.Error.Message)

	// A temporary view is found by its bare name, before a table of the
	// same name, as Spark resolves it.
	sqlIn(t, c, sid, "CREATE TEMPORARY VIEW d AS SELECT 1 AS only_col")
	require.Equal(t, [][]string{{"only_col", "int", "<null>"}}, strs(rows(t, c, sid, "DESCRIBE d")))
	require.Equal(t, "id", *rows(t, c, sid, "DESCRIBE main.default.d")[0][0])
}

// TestDMLCounts: INSERT [OVERWRITE], UPDATE, DELETE and MERGE answer with
// the counts a Databricks SQL warehouse (Delta) reports: num_affected_rows
// and num_inserted_rows for INSERT, num_affected_rows for the others.
func TestDMLCounts(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE t (id INT, v STRING) USING DELTA")
	resp := sqlIn(t, c, sid, "INSERT INTO TABLE t VALUES (1, 'a'), (2, 'b')")
	require.Equal(t, []string{"num_affected_rows", "num_inserted_rows"}, columnNames(resp.Manifest))
	require.Equal(t, [][]string{{"2", "2"}}, strs(resp.Result.DataArray))

	resp = sqlIn(t, c, sid, "INSERT OVERWRITE t VALUES (3, 'c')")
	require.Equal(t, [][]string{{"1", "1"}}, strs(resp.Result.DataArray))
	require.Equal(t, [][]string{{"3", "c"}}, strs(rows(t, c, sid, "SELECT * FROM t")))

	resp = sqlIn(t, c, sid, "UPDATE t SET v = 'z' WHERE id = 3")
	require.Equal(t, []string{"num_affected_rows"}, columnNames(resp.Manifest))
	require.Equal(t, [][]string{{"1"}}, strs(resp.Result.DataArray))

	resp = sqlIn(t, c, sid, "DELETE FROM t WHERE id = 3")
	require.Equal(t, [][]string{{"1"}}, strs(resp.Result.DataArray))

	// A failed overwrite leaves the table as it was.
	sqlIn(t, c, sid, "INSERT INTO t VALUES (4, 'd')")
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "INSERT OVERWRITE t VALUES ('x', 'y')", WaitTimeout: "30s"})
	require.Equal(t, "KD000", st.SQLState, st.Error.Message)
	require.Equal(t, [][]string{{"4", "d"}}, strs(rows(t, c, sid, "SELECT * FROM t")))
}

// TestSchemaAndViews: CREATE DATABASE is CREATE SCHEMA, its comment shows in
// DESCRIBE SCHEMA; SHOW VIEWS lists views; SHOW FUNCTIONS lists Spark names.
func TestSchemaAndViews(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE DATABASE IF NOT EXISTS s1 COMMENT 'first'")
	require.Equal(t, [][]string{{"Catalog Name", "main"}, {"Namespace Name", "s1"}, {"Comment", "first"}},
		strs(rows(t, c, sid, "DESCRIBE SCHEMA s1")))
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "CREATE SCHEMA s1", WaitTimeout: "30s"})
	require.Equal(t, "42P06", st.SQLState, st.Error.Message)
	sqlIn(t, c, sid, "CREATE TABLE s1.t (a INT)")
	st = failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "DROP SCHEMA s1", WaitTimeout: "30s"})
	require.Equal(t, "2BP01", st.SQLState, st.Error.Message)
	sqlIn(t, c, sid, "CREATE VIEW s1.v AS SELECT a FROM s1.t")
	require.Equal(t, [][]string{{"s1", "v", "false"}}, strs(rows(t, c, sid, "SHOW VIEWS IN s1")))
	sqlIn(t, c, sid, "DROP DATABASE s1 CASCADE")
	require.Equal(t, [][]string{{"upper"}}, strs(rows(t, c, sid, "SHOW FUNCTIONS LIKE 'upper'")))
}

// TestCommitWithoutTransaction: COMMIT with no transaction open fails with
// NO_ACTIVE_TRANSACTION (Databricks SQL language reference, COMMIT: "If
// there is no active transaction, executing COMMIT results in a
// NO_ACTIVE_TRANSACTION error"); ROLLBACK with none is a no-op (ROLLBACK:
// "does not result in an error"); inside BEGIN … COMMIT both succeed.
func TestCommitWithoutTransaction(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "COMMIT", WaitTimeout: "30s"})
	require.Contains(t, st.Error.Message, "NO_ACTIVE_TRANSACTION")
	require.Equal(t, "25000", st.SQLState)
	sqlIn(t, c, sid, "ROLLBACK")
	sqlIn(t, c, sid, "CREATE TABLE x (a INT)")
	sqlIn(t, c, sid, "BEGIN TRANSACTION")
	sqlIn(t, c, sid, "INSERT INTO x VALUES (1)")
	sqlIn(t, c, sid, "COMMIT")
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, sid, "SELECT a FROM x")))
}

// TestLiteralsWhereTheParserDoesNotGo: a suffixed number and a binary
// literal in a DDL DEFAULT and in LIMIT mean what they mean anywhere.
func TestLiteralsWhereTheParserDoesNotGo(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE d (id INT, n BIGINT DEFAULT 7L, b BINARY DEFAULT X'0a1')")
	sqlIn(t, c, sid, "INSERT INTO d (id) VALUES (1), (2)")
	require.Equal(t, [][]string{{"1", "7", "00A1"}}, strs(rows(t, c, sid, "SELECT id, n, hex(b) FROM d ORDER BY id LIMIT 1L")))
}
