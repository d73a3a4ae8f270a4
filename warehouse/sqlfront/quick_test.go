package sqlfront

import "testing"

func TestIsQuick(t *testing.T) {
	for in, want := range map[string]bool{
		"SELECT 1":                             true,
		"select current_catalog(), :x + 1":     true,
		"SELECT 'FROM t' AS s":                 true,
		"VALUES (1), (2)":                      true,
		"SHOW TABLES IN main.default":          true,
		"SET spark.sql.ansi.enabled = false":   true,
		"USE CATALOG main":                     true,
		"DESCRIBE QUERY SELECT * FROM t":       true,
		"SELECT * FROM range(1000000000)":      false,
		"SELECT (SELECT max(id) FROM t)":       false,
		"SELECT 1 UNION ALL SELECT id FROM t":  false,
		"WITH c AS (SELECT 1) SELECT * FROM c": false,
		"CREATE TABLE t AS SELECT 1":           false,
		"INSERT INTO t VALUES (1)":             false,
		"SELECT * FROM t":                      false,
		"/* hi */ SELECT 2 -- from nothing":    true,
		"":                                     false,
	} {
		if got := IsQuick(in); got != want {
			t.Errorf("IsQuick(%q) = %v, want %v", in, got, want)
		}
	}
	long := "SELECT '" + string(make([]byte, QuickTextBytes)) + "'"
	if IsQuick(long) {
		t.Error("a statement longer than QuickTextBytes is not quick")
	}
}
