package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestViewColumnComments: DESCRIBE of a view shows the comment of a table
// column it selects as it is (by name, aliased, qualified or through *), as
// Spark carries it; expressions, struct fields and joins show none.
func TestViewColumnComments(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE vt (id INT COMMENT 'the id', name STRING COMMENT 'nm', pos STRUCT<x: INT>)")
	sqlIn(t, c, sid, "CREATE VIEW vv AS SELECT id, name AS n, upper(name) AS u, vt.id AS i2, pos.x FROM vt")
	require.Equal(t, [][]string{{"id", "int", "the id"}, {"n", "string", "nm"}, {"u", "string", "<null>"},
		{"i2", "int", "the id"}, {"x", "int", "<null>"}}, strs(rows(t, c, sid, "DESCRIBE vv")))
	sqlIn(t, c, sid, "CREATE VIEW vs AS SELECT * FROM vt")
	require.Equal(t, [][]string{{"id", "int", "the id"}, {"name", "string", "nm"}, {"pos", "struct<x:int>", "<null>"}},
		strs(rows(t, c, sid, "DESCRIBE vs")))
	sqlIn(t, c, sid, "CREATE VIEW vj AS SELECT a.id FROM vt a JOIN vt b ON a.id = b.id")
	require.Equal(t, [][]string{{"id", "int", "<null>"}}, strs(rows(t, c, sid, "DESCRIBE vj")))
}
