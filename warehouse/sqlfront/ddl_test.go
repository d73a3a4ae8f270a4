package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTranslateDDL(t *testing.T) {
	opts := Options{CatalogMap: map[string]string{"main": "memory"}}
	tests := []struct {
		name, in, want string
		table          *TableDef
	}{
		{"complex column types",
			"CREATE TABLE t (a ARRAY<STRUCT<f: INT, g: MAP<STRING, ARRAY<BIGINT>>>>, b STRUCT<x DOUBLE, `y y`:STRING NOT NULL COMMENT 'c'>, c MAP<INT, TIMESTAMP>)",
			`CREATE TABLE t (a STRUCT("f" INTEGER, "g" MAP(VARCHAR, BIGINT[]))[], b STRUCT("x" DOUBLE, "y y" VARCHAR), c MAP(INTEGER, TIMESTAMPTZ))`,
			&TableDef{Name: []string{"t"}, ColumnComments: map[string]string{}}},
		{"clauses recorded and dropped",
			"CREATE OR REPLACE TABLE main.s.t (id INT COMMENT 'the id', d DATE) USING delta PARTITIONED BY (d) CLUSTER BY (id) " +
				"LOCATION '/x' COMMENT 'tbl' TBLPROPERTIES ('k' = 'v', delta.appendOnly = true)",
			`CREATE OR REPLACE TABLE "memory".s.t (id INT , d DATE)      `,
			&TableDef{Name: []string{"main", "s", "t"}, Provider: "delta", PartitionedBy: []string{"d"}, ClusterBy: []string{"id"},
				Location: "/x", Comment: "tbl", HasComment: true, Properties: [][2]string{{"k", "v"}, {"delta.appendOnly", "true"}},
				ColumnComments: map[string]string{"id": "the id"}, Replace: true}},
		{"ctas",
			"CREATE TABLE IF NOT EXISTS t USING parquet AS SELECT 1 AS a",
			"CREATE TABLE IF NOT EXISTS t  AS SELECT 1 AS a",
			&TableDef{Name: []string{"t"}, Provider: "parquet", ColumnComments: map[string]string{}, IfNotExists: true, AsQuery: true}},
		{"cast to complex types", "SELECT CAST(x AS MAP<STRING, ARRAY<INT>>), y::STRUCT<a: DECIMAL(5, 2)>",
			`SELECT CAST(x AS MAP(VARCHAR, INTEGER[])), y::STRUCT("a" DECIMAL(5, 2))`, nil},
		{"join without condition", "SELECT * FROM a JOIN b WHERE x = y", "SELECT * FROM a CROSS JOIN b WHERE x = y", nil},
		{"inner join without condition", "SELECT * FROM a INNER JOIN (SELECT 1) b", "SELECT * FROM a CROSS JOIN (SELECT 1) b", nil},
		{"join with condition kept", "SELECT * FROM VALUES (1), (2) AS a(x) JOIN b ON x = y",
			"SELECT * FROM VALUES (1), (2) AS a(x) JOIN b ON x = y", nil},
		{"left semi", "SELECT * FROM a LEFT SEMI JOIN b ON x = y", "SELECT * FROM a  SEMI JOIN b ON x = y", nil},
		{"insert into table", "INSERT INTO TABLE t VALUES (1)", "INSERT INTO  t VALUES (1)", nil},
		{"drop database", "DROP DATABASE IF EXISTS s CASCADE", "DROP SCHEMA IF EXISTS s CASCADE", nil},
		{"add columns of one", "ALTER TABLE s.t ADD COLUMNS (c BIGINT COMMENT 'new')", "ALTER TABLE s.t ADD COLUMN c BIGINT ",
			&TableDef{Name: []string{"s", "t"}, ColumnComments: map[string]string{"c": "new"}, AddColumns: true}},
		{"values without alias", "SELECT col1 FROM VALUES (3, 'x'), (4, 'y') ORDER BY col1",
			"SELECT col1 FROM VALUES (3, 'x'), (4, 'y') AS __values(col1, col2) ORDER BY col1", nil},
		{"values with alias only", "SELECT * FROM VALUES (1) AS t", "SELECT * FROM VALUES (1) AS t(col1)", nil},
		{"values with columns kept", "SELECT * FROM VALUES (1) AS t(a)", "SELECT * FROM VALUES (1) AS t(a)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Translate(tt.in, opts)
			require.NoError(t, err)
			require.Equal(t, tt.want, tr.SQL)
			require.Equal(t, tt.table, tr.Table)
		})
	}
}

func TestTranslateOverwriteAndSchemaComment(t *testing.T) {
	tr, err := Translate("INSERT OVERWRITE TABLE main.default.t SELECT 1", Options{CatalogMap: map[string]string{"main": "memory"}})
	require.NoError(t, err)
	require.True(t, tr.Overwrite)
	require.Equal(t, `"memory"."default".t`, tr.Target)
	require.Equal(t, `INSERT INTO  "memory"."default".t SELECT 1`, tr.SQL)

	tr, err = Translate("CREATE DATABASE IF NOT EXISTS s COMMENT 'c' LOCATION '/x' WITH DBPROPERTIES ('a' = 'b')", Options{})
	require.NoError(t, err)
	require.Equal(t, "CREATE SCHEMA IF NOT EXISTS s ", tr.SQL)
	require.True(t, tr.HasSchemaComment)
	require.Equal(t, "c", tr.SchemaComment)
}

func TestTranslateInformationSchema(t *testing.T) {
	opts := Options{CatalogMap: map[string]string{"main": "memory"}}
	tr, err := Translate("SELECT table_name FROM main.information_schema.tables t WHERE t.table_schema = 'default'", opts)
	require.NoError(t, err)
	require.Contains(t, tr.SQL, "FROM duckdb_tables() WHERE NOT internal AND database_name = 'memory'")
	require.Contains(t, tr.SQL, ") t WHERE t.table_schema")
	require.Contains(t, tr.SQL, "CASE database_name WHEN 'memory' THEN 'main' ELSE database_name END AS table_catalog")

	tr, err = Translate("SELECT * FROM information_schema.columns ORDER BY 1", opts)
	require.NoError(t, err)
	require.Contains(t, tr.SQL, "database_name = current_database()")
	require.Contains(t, tr.SQL, ") AS columns ORDER BY 1")

	tr, err = Translate("SELECT * FROM system.information_schema.catalogs", opts)
	require.NoError(t, err)
	require.Contains(t, tr.SQL, "WHERE NOT internal AND true")

	// Not a view the warehouse answers, or not a relation: left alone.
	for _, q := range []string{"SELECT * FROM information_schema.key_column_usage", "SELECT information_schema.tables.x FROM t"} {
		tr, err = Translate(q, opts)
		require.NoError(t, err)
		require.Equal(t, q, tr.SQL)
	}
}
