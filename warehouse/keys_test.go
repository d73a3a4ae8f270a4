package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestDriverKeyAndFunctionListings: the forms databricks-jdbc and the Rust
// kernel send for getPrimaryKeys, getImportedKeys and getFunctions answer
// with the columns those drivers read by name, one row per key column in
// key order; a missing table is TABLE_OR_VIEW_NOT_FOUND and a missing
// catalog NO_SUCH_CATALOG_EXCEPTION, as for the other listings.
func TestDriverKeyAndFunctionListings(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE SCHEMA main.keys")
	sqlIn(t, c, sid, "CREATE TABLE main.keys.parent (id INT NOT NULL, k STRING NOT NULL, CONSTRAINT pk PRIMARY KEY (id, k))")
	sqlIn(t, c, sid, "USE SCHEMA keys")
	sqlIn(t, c, sid, "CREATE TABLE child (x INT, pid INT, pk STRING, CONSTRAINT fk FOREIGN KEY (pid, pk) REFERENCES parent(id, k))")

	resp := sqlIn(t, c, sid, "SHOW KEYS IN CATALOG `main` IN SCHEMA `keys` IN TABLE `parent`")
	require.Equal(t, []string{"catalogName", "namespace", "tableName", "col_name", "keySeq", "constraintName"}, columnNames(resp.Manifest))
	keys := strs(resp.Result.DataArray)
	require.Len(t, keys, 2)
	require.Equal(t, []string{"main", "keys", "parent", "id", "1"}, keys[0][:5])
	require.Equal(t, []string{"main", "keys", "parent", "k", "2"}, keys[1][:5])
	require.Equal(t, "pk", keys[0][5])
	require.Empty(t, rows(t, c, sid, "SHOW KEYS IN child"), "child has no primary key")

	resp = sqlIn(t, c, sid, "SHOW FOREIGN KEYS IN CATALOG main IN SCHEMA keys IN TABLE child")
	require.Equal(t, []string{"parentCatalogName", "parentNamespace", "parentTableName", "parentColName",
		"catalogName", "namespace", "tableName", "col_name", "keySeq", "updateRule", "deleteRule",
		"constraintName", "deferrability"}, columnNames(resp.Manifest))
	fks := strs(resp.Result.DataArray)
	require.Len(t, fks, 2)
	require.Equal(t, []string{"main", "keys", "parent", "id", "main", "keys", "child", "pid", "1", "3", "3"}, fks[0][:11])
	require.Equal(t, []string{"main", "keys", "parent", "k", "main", "keys", "child", "pk", "2", "3", "3"}, fks[1][:11])
	require.Equal(t, "5", fks[1][12])
	require.Equal(t, "fk", fks[0][11])
	require.Empty(t, rows(t, c, sid, "SHOW FOREIGN KEYS IN TABLE main.keys.parent"))

	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SHOW KEYS IN CATALOG main IN SCHEMA keys IN TABLE nope", WaitTimeout: "30s"})
	require.Equal(t, "42P01", st.SQLState, st.Error.Message)

	resp = sqlIn(t, c, sid, "SHOW FUNCTIONS IN CATALOG `main` LIKE '*'")
	require.Equal(t, []string{"catalogName", "namespace", "functionName", "remarks", "functionType", "specificName"}, columnNames(resp.Manifest))
	require.Empty(t, rows(t, c, sid, "SHOW FUNCTIONS IN CATALOG main SCHEMA LIKE 'keys' LIKE 'f*'"))
	st = failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SHOW FUNCTIONS IN CATALOG nope", WaitTimeout: "30s"})
	require.Equal(t, "42704", st.SQLState, st.Error.Message)
}

// TestInformationalKeys: PRIMARY KEY and FOREIGN KEY are informational, as
// on Databricks: a duplicate key and a dangling reference insert, and
// SHOW KEYS / SHOW FOREIGN KEYS still report what CREATE TABLE declared,
// with the user's constraint names (column-level and unnamed keys named
// after the table).
func TestInformationalKeys(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE ip (id INT NOT NULL PRIMARY KEY, v STRING)")
	sqlIn(t, c, sid, "CREATE TABLE ic (x INT, pid INT, CONSTRAINT ic_parent FOREIGN KEY (pid) REFERENCES ip (id) NOT ENFORCED)")
	sqlIn(t, c, sid, "INSERT INTO ip VALUES (1, 'a'), (1, 'b')")
	sqlIn(t, c, sid, "INSERT INTO ic VALUES (1, 99)")
	require.Equal(t, [][]string{{"2"}}, strs(rows(t, c, sid, "SELECT count(*) FROM ip WHERE id = 1")))

	keys := strs(rows(t, c, sid, "SHOW KEYS IN TABLE ip"))
	require.Len(t, keys, 1)
	require.Equal(t, []string{"id", "1", "ip_pk"}, keys[0][3:])
	fks := strs(rows(t, c, sid, "SHOW FOREIGN KEYS IN TABLE ic"))
	require.Len(t, fks, 1)
	require.Equal(t, []string{"ip", "id", "ic", "pid", "1"}, []string{fks[0][2], fks[0][3], fks[0][6], fks[0][7], fks[0][8]})
	require.Equal(t, "ic_parent", fks[0][11])
}
