package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestForeignKeyCatalogQualifiedParent: a FOREIGN KEY may name its parent
// with its catalog (REFERENCES main.s.t), as Databricks accepts; DuckDB
// refused it as cross-database. SHOW FOREIGN KEYS reports the key.
func TestForeignKeyCatalogQualifiedParent(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE SCHEMA main.fk3")
	sqlIn(t, c, sid, "CREATE TABLE main.fk3.parent (id INT NOT NULL, CONSTRAINT parent_pk PRIMARY KEY (id))")
	sqlIn(t, c, sid, "CREATE TABLE main.fk3.child (pid INT, CONSTRAINT child_fk FOREIGN KEY (pid) REFERENCES main.fk3.parent(id))")
	sqlIn(t, c, sid, "USE SCHEMA fk3")
	sqlIn(t, c, sid, "CREATE TABLE child2 (pid INT, FOREIGN KEY (pid) REFERENCES `main`.fk3.parent (id))")
	for _, child := range []string{"child", "child2"} {
		fks := strs(rows(t, c, sid, "SHOW FOREIGN KEYS IN CATALOG main IN SCHEMA fk3 IN TABLE "+child))
		require.Len(t, fks, 1, child)
		require.Equal(t, []string{"main", "fk3", "parent", "id", "main", "fk3", child, "pid"}, fks[0][:8], child)
	}
	// A parent in another catalog is still the engine's to refuse.
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid,
		Statement: "CREATE TABLE child3 (pid INT, FOREIGN KEY (pid) REFERENCES other.fk3.parent (id))", WaitTimeout: "30s"})
	require.NotEmpty(t, st.SQLState)
}
