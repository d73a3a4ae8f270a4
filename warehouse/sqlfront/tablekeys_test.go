package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTableKeys: PRIMARY KEY and FOREIGN KEY constraints, named or not,
// table-level or on a column, with Databricks' options, are dropped from
// the engine's DDL and recorded; CHECK and NOT NULL stay.
func TestTableKeys(t *testing.T) {
	tr, err := Translate("CREATE TABLE c (id INT NOT NULL PRIMARY KEY, pid INT, x INT CHECK (x > 0), "+
		"CONSTRAINT fk FOREIGN KEY (pid) REFERENCES s.p(id) NOT ENFORCED RELY, FOREIGN KEY (x) REFERENCES p)", Options{})
	require.NoError(t, err)
	require.Equal(t, "CREATE TABLE c (id INT NOT NULL, pid INT, x INT CHECK (x > 0))", tr.SQL)
	require.Equal(t, []TableKey{
		{Kind: "PRIMARY KEY", Columns: []string{"id"}},
		{Name: "fk", Kind: "FOREIGN KEY", Columns: []string{"pid"}, RefTable: []string{"s", "p"}, RefColumns: []string{"id"}},
		{Kind: "FOREIGN KEY", Columns: []string{"x"}, RefTable: []string{"p"}},
	}, tr.Table.Keys)

	tr, err = Translate("CREATE TABLE p (CONSTRAINT pk PRIMARY KEY (id, k), id INT, k STRING)", Options{})
	require.NoError(t, err)
	require.Equal(t, "CREATE TABLE p (id INT, k STRING)", tr.SQL)
	require.Equal(t, []TableKey{{Name: "pk", Kind: "PRIMARY KEY", Columns: []string{"id", "k"}}}, tr.Table.Keys)
}
