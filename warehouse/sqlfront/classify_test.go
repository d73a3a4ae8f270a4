package sqlfront

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		in   string
		want Command
	}{
		// Queries.
		{"SELECT 1", Command{Kind: KindQuery}},
		{"", Command{Kind: KindQuery}},
		{" -- only a comment\n;", Command{Kind: KindQuery}},
		{"SHOW TABLE EXTENDED IN s LIKE 't'", Command{Kind: KindQuery}},
		{"DESCRIBE FUNCTION upper", Command{Kind: KindQuery}},
		{"ALTER TABLE t ADD COLUMN c INT", Command{Kind: KindQuery}},

		// DDL and metadata the warehouse answers itself.
		{"SHOW FUNCTIONS", Command{Kind: KindShowFunctions}},
		{"SHOW USER FUNCTIONS LIKE 'up*'", Command{Kind: KindShowFunctions, Pattern: "up*"}},
		{"SHOW FUNCTIONS IN CATALOG `main` LIKE '*'", Command{Kind: KindShowCatalogFunctions, Catalog: "main", Pattern: "*"}},
		{"SHOW FUNCTIONS IN CATALOG c SCHEMA LIKE 'd*' 'f*'", Command{Kind: KindShowCatalogFunctions, Catalog: "c", SchemaPattern: "d*", Pattern: "f*"}},
		{"SHOW FUNCTIONS IN catalog LIKE 'x'", Command{Kind: KindShowFunctions, Schema: "catalog", Pattern: "x"}},
		{"SHOW KEYS IN CATALOG `main` IN SCHEMA `s` IN TABLE `t`", Command{Kind: KindShowKeys, Catalog: "main", Schema: "s", Table: "t"}},
		{"SHOW FOREIGN KEYS IN CATALOG c IN SCHEMA s IN TABLE t", Command{Kind: KindShowForeignKeys, Catalog: "c", Schema: "s", Table: "t"}},
		{"show keys from table s.t", Command{Kind: KindShowKeys, Schema: "s", Table: "t"}},
		{"SHOW KEYS IN c.s.t", Command{Kind: KindShowKeys, Catalog: "c", Schema: "s", Table: "t"}},
		{"SHOW CREATE TABLE c.s.t", Command{Kind: KindShowCreateTable, Catalog: "c", Schema: "s", Table: "t"}},
		{"SHOW TBLPROPERTIES t ('a.b')", Command{Kind: KindShowTblProperties, Table: "t", Value: "a.b"}},
		{"SHOW VIEWS IN s LIKE 'v*'", Command{Kind: KindShowViews, Schema: "s", Pattern: "v*"}},
		{"DESCRIBE TABLE t", Command{Kind: KindDescribeTable, Table: "t"}},
		{"DESC t", Command{Kind: KindDescribeTable, Table: "t"}},
		{"DESCRIBE TABLE EXTENDED s.t c", Command{Kind: KindDescribeTable, Schema: "s", Table: "t", Value: "c", Extended: true}},
		{"DESCRIBE extended", Command{Kind: KindDescribeTable, Table: "extended"}},
		{"DESCRIBE SCHEMA EXTENDED c.s", Command{Kind: KindDescribeSchema, Catalog: "c", Schema: "s", Extended: true}},
		{"DESCRIBE CATALOG c", Command{Kind: KindDescribeCatalog, Catalog: "c"}},
		{"ALTER TABLE t SET TBLPROPERTIES ('k' = 'v', delta.x = true)", Command{Kind: KindAlterTableProperties, Table: "t",
			Properties: [][2]string{{"k", "v"}, {"delta.x", "true"}}}},
		{"ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('k')", Command{Kind: KindAlterTableProperties, Table: "t",
			Properties: [][2]string{{"k", ""}}, Unset: true, IfExists: true}},
		{"SET VAR x = 1", Command{Kind: KindQuery}},
		{"SET VARIABLE x = 1", Command{Kind: KindQuery}},
		{"CREATE CATALOG c", Command{Kind: KindCreateCatalog, Catalog: "c"}},
		{"create catalog if not exists `My Cat` COMMENT 'x'", Command{Kind: KindCreateCatalog, Catalog: "My Cat", IfExists: true, Value: "x"}},
		{"DROP CATALOG IF EXISTS c CASCADE", Command{Kind: KindDropCatalog, Catalog: "c", IfExists: true, Cascade: true}},
		{"DROP CATALOG c RESTRICT", Command{Kind: KindDropCatalog, Catalog: "c"}},

		// SHOW CATALOGS.
		{"SHOW CATALOGS", Command{Kind: KindShowCatalogs}},
		{"show catalogs;", Command{Kind: KindShowCatalogs}},
		{"SHOW CATALOGS LIKE 'ma*'", Command{Kind: KindShowCatalogs, Pattern: "ma*"}},
		{"/* c */ SHOW /* c */ CATALOGS 'ma*|hive' ; ;", Command{Kind: KindShowCatalogs, Pattern: "ma*|hive"}},

		// SHOW SCHEMAS.
		{"SHOW SCHEMAS", Command{Kind: KindShowSchemas}},
		{"SHOW DATABASES FROM main", Command{Kind: KindShowSchemas, Catalog: "main"}},
		{"SHOW NAMESPACES IN `my cat` LIKE 'd*'", Command{Kind: KindShowSchemas, Catalog: "my cat", Pattern: "d*"}},
		{"SHOW SCHEMAS IN ALL CATALOGS LIKE 'def%'", Command{Kind: KindShowSchemas, AllCatalogs: true, Pattern: "def%"}},
		{"SHOW SCHEMAS IN CATALOG main", Command{Kind: KindShowSchemas, Catalog: "main"}},
		{"SHOW SCHEMAS IN catalog", Command{Kind: KindShowSchemas, Catalog: "catalog"}},
		{"SHOW SCHEMAS IN catalog LIKE 'x'", Command{Kind: KindShowSchemas, Catalog: "catalog", Pattern: "x"}},
		{`SHOW SCHEMAS IN "Main" 'x'`, Command{Kind: KindShowSchemas, Catalog: "Main", Pattern: "x"}},
		{"SHOW SCHEMAS IN my-cat", Command{Kind: KindShowSchemas, Catalog: "my-cat"}},

		// SHOW TABLES.
		{"SHOW TABLES", Command{Kind: KindShowTables}},
		{"SHOW TABLES IN s", Command{Kind: KindShowTables, Schema: "s"}},
		{"SHOW TABLES FROM main.default LIKE 't*'", Command{Kind: KindShowTables, Catalog: "main", Schema: "default", Pattern: "t*"}},
		{"SHOW TABLES IN `main`.`de``f`", Command{Kind: KindShowTables, Catalog: "main", Schema: "de`f"}},
		{"SHOW TABLES IN CATALOG main", Command{Kind: KindShowTables, Catalog: "main"}},
		{"SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*' LIKE 't%'",
			Command{Kind: KindShowTables, Catalog: "main", SchemaPattern: "def*", Pattern: "t%"}},
		{"SHOW TABLES IN ALL CATALOGS SCHEMA LIKE '*' LIKE '*'",
			Command{Kind: KindShowTables, AllCatalogs: true, SchemaPattern: "*", Pattern: "*"}},
		{"SHOW TABLES IN ALL CATALOGS", Command{Kind: KindShowTables, AllCatalogs: true}},
		{"SHOW TABLES IN catalog", Command{Kind: KindShowTables, Schema: "catalog"}},
		{"SHOW TABLES IN catalog.s", Command{Kind: KindShowTables, Catalog: "catalog", Schema: "s"}},
		{"SHOW TABLES IN catalog SCHEMA LIKE 'x'", Command{Kind: KindShowTables, Schema: "catalog", SchemaPattern: "x"}},
		{"SHOW TABLES IN all", Command{Kind: KindShowTables, Schema: "all"}},
		{"SHOW TABLES 'a\\_b'", Command{Kind: KindShowTables, Pattern: `a\_b`}},
		{"SHOW TABLES LIKE r'a\\b'", Command{Kind: KindShowTables, Pattern: `a\b`}},

		// SHOW COLUMNS.
		{"SHOW COLUMNS IN CATALOG main", Command{Kind: KindShowColumns, Catalog: "main"}},
		{"SHOW COLUMNS IN CATALOG main SCHEMA LIKE 'default' TABLE LIKE 't%' LIKE 'c*'",
			Command{Kind: KindShowColumns, Catalog: "main", SchemaPattern: "default", TablePattern: "t%", ColumnPattern: "c*"}},
		{"SHOW COLUMNS IN ALL CATALOGS TABLE LIKE 't'", Command{Kind: KindShowColumns, AllCatalogs: true, TablePattern: "t"}},
		{"SHOW COLUMNS IN t", Command{Kind: KindShowColumns, Table: "t"}},
		{"SHOW COLUMNS FROM t IN s", Command{Kind: KindShowColumns, Schema: "s", Table: "t"}},
		{"SHOW COLUMNS FROM t FROM c.s", Command{Kind: KindShowColumns, Catalog: "c", Schema: "s", Table: "t"}},
		{"SHOW COLUMNS IN s.t", Command{Kind: KindShowColumns, Schema: "s", Table: "t"}},
		{"SHOW COLUMNS IN main.`default`.\"T\"", Command{Kind: KindShowColumns, Catalog: "main", Schema: "default", Table: "T"}},
		{"SHOW COLUMNS IN s.t IN S", Command{Kind: KindShowColumns, Schema: "S", Table: "t"}},
		{"SHOW COLUMNS IN t LIKE 'a*'", Command{Kind: KindShowColumns, Table: "t", ColumnPattern: "a*"}},
		{"SHOW COLUMNS IN catalog", Command{Kind: KindShowColumns, Table: "catalog"}},
		{"SHOW COLUMNS IN catalog IN s", Command{Kind: KindShowColumns, Schema: "s", Table: "catalog"}},

		// USE.
		{"USE CATALOG main", Command{Kind: KindUseCatalog, Catalog: "main"}},
		{"use catalog `Hive Meta`;", Command{Kind: KindUseCatalog, Catalog: "Hive Meta"}},
		{"USE CATALOG 'hive_metastore'", Command{Kind: KindUseCatalog, Catalog: "hive_metastore"}},
		{"SET CATALOG main", Command{Kind: KindUseCatalog, Catalog: "main"}},
		{"USE SCHEMA s", Command{Kind: KindUseSchema, Schema: "s"}},
		{"USE DATABASE main.s", Command{Kind: KindUseSchema, Catalog: "main", Schema: "s"}},
		{"USE NAMESPACE `s`", Command{Kind: KindUseSchema, Schema: "s"}},
		{"USE main.default", Command{Kind: KindUseSchema, Catalog: "main", Schema: "default"}},
		{"USE s", Command{Kind: KindUseSchema, Schema: "s"}},
		{"USE catalog", Command{Kind: KindUseSchema, Schema: "catalog"}},
		{"USE catalog.s", Command{Kind: KindUseSchema, Catalog: "catalog", Schema: "s"}},
		{"USE schema", Command{Kind: KindUseSchema, Schema: "schema"}},
		{"USE SCHEMA 'x'", Command{Kind: KindUseSchema, Schema: "x"}},

		// SET and RESET.
		{"SET", Command{Kind: KindSet}},
		{"SET;", Command{Kind: KindSet}},
		{"SET spark.sql.ansi.enabled", Command{Kind: KindSet, Key: "spark.sql.ansi.enabled"}},
		{"SET spark.sql.ansi.enabled = true", Command{Kind: KindSet, Key: "spark.sql.ansi.enabled", Value: "true", HasValue: true}},
		{"set ANSI_MODE=false;", Command{Kind: KindSet, Key: "ANSI_MODE", Value: "false", HasValue: true}},
		{"SET x = 200", Command{Kind: KindSet, Key: "x", Value: "200", HasValue: true}},
		{"SET x = -1.5", Command{Kind: KindSet, Key: "x", Value: "-1.5", HasValue: true}},
		{"SET x = 'it\\'s'", Command{Kind: KindSet, Key: "x", Value: "it's", HasValue: true}},
		{`SET x = "a b"`, Command{Kind: KindSet, Key: "x", Value: "a b", HasValue: true}},
		{"SET `odd key` = `v`", Command{Kind: KindSet, Key: "odd key", Value: "v", HasValue: true}},
		{"SET x =", Command{Kind: KindSet, Key: "x", Value: "", HasValue: true}},
		{"SET x = a b", Command{Kind: KindSet, Key: "x", Value: "a b", HasValue: true}},
		{"SET -v", Command{Kind: KindSet, Key: "-v"}},
		{"SET catalog = x", Command{Kind: KindSet, Key: "catalog", Value: "x", HasValue: true}},
		{"SET TIME ZONE 'America/New_York'", Command{Kind: KindSet, Key: "timezone", Value: "America/New_York", HasValue: true}},
		{"set time zone local", Command{Kind: KindSet, Key: "timezone", Value: "LOCAL", HasValue: true}},
		{"SET TIME ZONE INTERVAL 8 HOURS", Command{Kind: KindSet, Key: "timezone", Value: "INTERVAL 8 HOURS", HasValue: true}},
		{"RESET", Command{Kind: KindReset}},
		{"RESET spark.sql.ansi.enabled;", Command{Kind: KindReset, Key: "spark.sql.ansi.enabled"}},

		// DESCRIBE QUERY.
		{"DESCRIBE QUERY SELECT * FROM t WHERE a = 'x';",
			Command{Kind: KindDescribeQuery, Query: "SELECT * FROM t WHERE a = 'x'"}},
		{"desc query\n  WITH x AS (SELECT 1) SELECT * FROM x -- trailing\n",
			Command{Kind: KindDescribeQuery, Query: "WITH x AS (SELECT 1) SELECT * FROM x"}},
		{"DESCRIBE SELECT 1", Command{Kind: KindDescribeQuery, Query: "SELECT 1"}},
		{"DESCRIBE (SELECT 1)", Command{Kind: KindDescribeQuery, Query: "(SELECT 1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Classify(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	tests := []struct {
		in  string
		msg string
	}{
		{"SHOW CATALOGS LIKE", "expected a string pattern after LIKE at end of statement (offset 18)"},
		{"SHOW CATALOGS LIKE x", `expected a string pattern after LIKE at "x" (offset 19)`},
		{"SHOW CATALOGS 'a' 'b'", `unexpected text after SHOW CATALOGS at "'b'" (offset 18)`},
		{"SHOW SCHEMAS IN", "expected catalog name at end of statement"},
		{"SHOW SCHEMAS IN a.b", `catalog name "a.b" has 2 parts, at most 1 allowed`},
		{"SHOW TABLES IN", "expected schema name at end of statement"},
		{"SHOW TABLES IN a.b.c", `schema name "a.b.c" has 3 parts`},
		{"SHOW TABLES IN CATALOG my-cat.x SCHEMA LIKE 's'", `catalog name "my-cat.x" has 2 parts`},
		{"SHOW TABLES IN s garbage", `unexpected text after SHOW TABLES at "garbage"`},
		{"SHOW TABLES SCHEMA LIKE", "expected a string pattern after LIKE"},
		{"SHOW COLUMNS", "expected IN or FROM after SHOW COLUMNS"},
		{"SHOW COLUMNS IN", "expected table name"},
		{"SHOW COLUMNS IN a.b.c.d", `table name "a.b.c.d" has 4 parts`},
		{"SHOW COLUMNS IN s.t IN u", "SHOW COLUMNS names table s.t but schema u"},
		{"SHOW COLUMNS IN c.s.t IN d.s", "SHOW COLUMNS names table c.s.t but schema d.s"},
		{"SHOW COLUMNS IN CATALOG c SCHEMA LIKE 'x' garbage", `unexpected text after SHOW COLUMNS at "garbage"`},
		{"SHOW KEYS", "expected IN or FROM after SHOW KEYS"},
		{"SHOW FOREIGN KEYS IN CATALOG c IN TABLE t", "expected IN SCHEMA after SHOW FOREIGN KEYS IN CATALOG"},
		{"SHOW KEYS IN CATALOG c IN SCHEMA s", "expected IN TABLE after SHOW KEYS IN SCHEMA"},
		{"SHOW KEYS IN CATALOG c IN SCHEMA s IN TABLE a.t", `table name "a.t" has 2 parts`},
		{"SHOW KEYS IN t garbage", `unexpected text after SHOW KEYS at "garbage"`},
		{"SHOW FUNCTIONS IN CATALOG c LIKE", "expected a string pattern after LIKE"},
		{"USE", "expected schema name at end of statement"},
		{"USE a.b.c", `schema name "a.b.c" has 3 parts`},
		{"USE CATALOG a b", `unexpected text after USE CATALOG at "b"`},
		{"USE CATALOG a.b", `catalog name "a.b" has 2 parts`},
		{"SET a b", `expected '=' or the end of the statement after SET a at "b" (offset 6)`},
		{"SET = 1", `expected a key after SET at "=" (offset 4)`},
		{"SET TIME ZONE", "expected LOCAL, a string or an interval after SET TIME ZONE"},
		{"SET TIME ZONE LOCAL x", "unexpected text after SET TIME ZONE LOCAL"},
		{"RESET a b", `unexpected text after RESET a at "b"`},
		{"DESCRIBE QUERY", "expected a query after DESCRIBE QUERY"},
		{"DESCRIBE QUERY ;", "expected a query after DESCRIBE QUERY"},
		{"SELECT 'unterminated", "unterminated string literal starting at offset 7"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Classify(tt.in)
			require.ErrorIs(t, err, ErrSyntax)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestKindString(t *testing.T) {
	require.Equal(t, "Query", KindQuery.String())
	require.Equal(t, "ShowColumns", KindShowColumns.String())
	require.Equal(t, "DescribeQuery", KindDescribeQuery.String())
	require.Equal(t, "Kind(99)", Kind(99).String())
}

// TestClassifyRefusesEngineOnlyStatements: DuckDB statements that reach past
// a session (host files, extensions, attached databases, instance-wide
// settings) and second statements never reach the engine.
func TestClassifyRefusesEngineOnlyStatements(t *testing.T) {
	for _, in := range []string{
		"PRAGMA threads=1", "pragma memory_limit='1GB'", "/* x */ PRAGMA enable_profiling",
		"INSTALL httpfs", "FORCE INSTALL httpfs", "LOAD httpfs", "UPDATE EXTENSIONS",
		"ATTACH '/tmp/x.db' AS x", "DETACH x", "EXPORT DATABASE '/tmp/exp'", "IMPORT DATABASE '/tmp/exp'",
		"COPY (SELECT 1) TO '/tmp/x.csv'", "COPY t FROM '/etc/passwd'", "CALL enable_logging()",
		"CHECKPOINT", "EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/x.csv'", "DESCRIBE QUERY PRAGMA threads=1",
		"SELECT 1; PRAGMA threads=1", "SELECT 1; SET threads = 1", "SELECT 1 ; SELECT 2 ;",
	} {
		_, err := Classify(in)
		require.ErrorIs(t, err, ErrSyntax, in)
	}
	_, err := Classify("COPY INTO t FROM '/data' FILEFORMAT = CSV")
	require.ErrorIs(t, err, ErrUnsupported)

	// Not refused: the same words where Databricks SQL has them.
	for _, in := range []string{
		"UPDATE t SET a = 1", "SELECT 'PRAGMA threads=1'", "SELECT 1;", "SELECT 1;;", "SELECT load FROM t",
		"EXPLAIN SELECT 1", "DESCRIBE QUERY SELECT 1",
	} {
		_, err := Classify(in)
		require.NoError(t, err, in)
	}
}
