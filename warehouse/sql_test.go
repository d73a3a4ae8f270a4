package warehouse_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// column returns column i of JSON_ARRAY cells.
func column(cells [][]*string, i int) []string {
	var out []string
	for _, r := range strs(cells) {
		out = append(out, r[i])
	}
	return out
}

func TestShowCatalogs(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := sqlIn(t, c, "", "SHOW CATALOGS")
	require.Equal(t, []string{"catalog"}, columnNames(resp.Manifest))
	require.Contains(t, column(resp.Result.DataArray, 0), "main")
}

func TestShowSchemas(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE SCHEMA main.extra")

	resp := sqlIn(t, c, "", "SHOW SCHEMAS IN main")
	require.Equal(t, []string{"databaseName"}, columnNames(resp.Manifest))
	names := column(resp.Result.DataArray, 0)
	require.Contains(t, names, "default")
	require.Contains(t, names, "extra")

	resp = sqlIn(t, c, "", "SHOW SCHEMAS IN ALL CATALOGS")
	require.Equal(t, []string{"databaseName", "catalog"}, columnNames(resp.Manifest))
	got := strs(resp.Result.DataArray)
	require.Contains(t, got, []string{"default", "main"})
	require.Contains(t, got, []string{"extra", "main"})

	// Every catalog listed here is one SHOW CATALOGS knows.
	catalogs := column(sqlIn(t, c, "", "SHOW CATALOGS").Result.DataArray, 0)
	for _, row := range got {
		require.Contains(t, catalogs, row[1], "SHOW SCHEMAS IN ALL CATALOGS lists a catalog SHOW CATALOGS does not")
	}

	resp = sqlIn(t, c, "", "SHOW SCHEMAS IN main LIKE 'ext*'")
	require.Equal(t, [][]string{{"extra"}}, strs(resp.Result.DataArray))
}

func TestShowTables(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE main.default.t (id BIGINT, name STRING, amount DECIMAL(10,2), created TIMESTAMP, tz TIMESTAMPTZ, tags INT[])")
	sqlIn(t, c, "", "CREATE VIEW main.default.tv AS SELECT id FROM main.default.t")
	sqlIn(t, c, "", "CREATE TABLE main.default.other (x INT)")
	sqlIn(t, c, "", "CREATE SCHEMA main.elsewhere")
	sqlIn(t, c, "", "CREATE TABLE main.elsewhere.t2 (x INT)")

	resp := sqlIn(t, c, "", "SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*' LIKE 't%'")
	require.Equal(t, []string{"namespace", "tableName", "isTemporary", "information", "catalogName", "tableType", "remarks"}, columnNames(resp.Manifest))
	var types []string
	for _, col := range resp.Manifest.Schema.Columns {
		types = append(types, col.TypeText)
	}
	require.Equal(t, []string{"STRING", "STRING", "BOOLEAN", "STRING", "STRING", "STRING", "STRING"}, types)
	require.Equal(t, [][]string{
		{"default", "t", "false", "<null>", "main", "TABLE", "<null>"},
		{"default", "tv", "false", "<null>", "main", "VIEW", "<null>"},
	}, strs(resp.Result.DataArray))

	resp = sqlIn(t, c, "", "SHOW TABLES IN ALL CATALOGS SCHEMA LIKE 'else*'")
	require.Equal(t, [][]string{{"elsewhere", "t2", "false", "<null>", "main", "TABLE", "<null>"}}, strs(resp.Result.DataArray))
}

func TestShowColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE main.default.t (id BIGINT NOT NULL, name STRING, amount DECIMAL(10,2), created TIMESTAMP_NTZ, tz TIMESTAMP_LTZ, tags ARRAY<INT>)")
	sqlIn(t, c, "", "CREATE TABLE main.default.t_other (x INT)")

	resp := sqlIn(t, c, "", "SHOW COLUMNS IN CATALOG main SCHEMA LIKE 'default' TABLE LIKE 't'")
	require.Equal(t, []string{"col_name", "catalogName", "namespace", "tableName", "columnType", "columnSize", "decimalDigits",
		"radix", "isNullable", "remarks", "ordinalPosition", "isAutoIncrement", "isGenerated"}, columnNames(resp.Manifest))
	got := strs(resp.Result.DataArray)
	require.Len(t, got, 6)
	want := []struct{ name, typ, nullable string }{
		{"id", "BIGINT", "false"}, {"name", "STRING", "true"}, {"amount", "DECIMAL(10,2)", "true"},
		{"created", "TIMESTAMP_NTZ", "true"}, {"tz", "TIMESTAMP", "true"}, {"tags", "ARRAY<INT>", "true"},
	}
	for i, w := range want {
		row := got[i]
		require.Equal(t, []string{w.name, "main", "default", "t", w.typ}, row[:5], "column %d", i)
		require.Equal(t, w.nullable, row[8], w.name)
		require.Equal(t, strconv.Itoa(i+1), row[10], "ordinalPosition of %s is 1-based", w.name)
		require.Equal(t, []string{"NO", "NO"}, row[11:])
	}
	require.Equal(t, []string{"10", "2", "10"}, got[2][5:8], "DECIMAL(10,2) size, digits, radix")
	require.Equal(t, []string{"19", "0", "10"}, got[0][5:8], "BIGINT size, digits, radix")
}

// TestUseCatalogAndSchema: USE SCHEMA and USE CATALOG move the session.
func TestUseCatalogAndSchema(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE SCHEMA main.s2")
	sqlIn(t, c, "", "CREATE TABLE main.s2.only_s2 AS SELECT 7 AS v")
	sid := newSession(t, c, sea.CreateSessionRequest{})

	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT v FROM only_s2", WaitTimeout: "10s"})
	require.Equal(t, "42P01", st.SQLState)

	sqlIn(t, c, sid, "USE SCHEMA s2")
	require.Equal(t, [][]string{{"7"}}, strs(rows(t, c, sid, "SELECT v FROM only_s2")))
	require.Equal(t, [][]string{{"s2"}}, strs(rows(t, c, sid, "SELECT current_schema() AS s")))

	sqlIn(t, c, sid, "USE CATALOG main")
	require.Equal(t, [][]string{{"default"}}, strs(rows(t, c, sid, "SELECT current_schema() AS s")))
	sqlIn(t, c, sid, "USE main.s2")
	require.Equal(t, [][]string{{"7"}}, strs(rows(t, c, sid, "SELECT v FROM only_s2")))

	st = failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "USE SCHEMA no_such", WaitTimeout: "10s"})
	require.NotEmpty(t, st.SQLState)
	require.Equal(t, [][]string{{"s2"}}, strs(rows(t, c, sid, "SELECT current_schema() AS s")), "a failed USE keeps the schema")
}

// TestSetTimezone: SET TIMEZONE changes the session's rendering of TIMESTAMP.
func TestSetTimezone(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "SET TIMEZONE = 'Asia/Tokyo'")
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream,
		Statement: "SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' AS ts, CAST(TIMESTAMPTZ '2024-01-01 00:00:00+00' AS TIMESTAMP_NTZ) AS wall"})
	rec := arrowResult(t, c, resp)[0]
	require.Equal(t, "Asia/Tokyo", rec.Schema().Field(0).Type.(*arrow.TimestampType).TimeZone)
	midnightUTC := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	require.EqualValues(t, midnightUTC.UnixMicro(), rec.Column(0).(*array.Timestamp).Value(0))
	require.EqualValues(t, midnightUTC.Add(9*time.Hour).UnixMicro(), rec.Column(1).(*array.Timestamp).Value(0), "Tokyo wall clock")

	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SET TIMEZONE = 'Not/AZone'", WaitTimeout: "10s"})
	require.Equal(t, "22023", st.SQLState)
	require.Equal(t, [][]string{{"Asia/Tokyo"}}, strs(rows(t, c, sid, "SELECT current_setting('TimeZone') AS tz")))
}

// TestRangeColumnID: Spark's range() names its column id.
func TestRangeColumnID(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := sqlIn(t, c, "", "SELECT id FROM range(3)")
	require.Equal(t, []sea.ColumnInfo{{Name: "id", TypeName: "LONG", TypeText: "BIGINT"}}, resp.Manifest.Schema.Columns)
	require.Equal(t, [][]string{{"0"}, {"1"}, {"2"}}, strs(resp.Result.DataArray))
}

func TestBacktickIdentifiers(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE `odd name` (`my col` INT, `a``b` STRING)")
	sqlIn(t, c, "", "INSERT INTO `odd name` VALUES (1, 'x')")
	resp := sqlIn(t, c, "", "SELECT `my col`, `a``b` FROM `main`.`default`.`odd name`")
	require.Equal(t, []string{"my col", "a`b"}, columnNames(resp.Manifest))
	require.Equal(t, [][]string{{"1", "x"}}, strs(resp.Result.DataArray))
}

func TestThreePartNames(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE TABLE main.default.t3 AS SELECT 5 AS a")
	require.Equal(t, [][]string{{"5"}}, strs(rows(t, c, "", "SELECT a FROM main.default.t3")))
	require.Equal(t, [][]string{{"5"}}, strs(rows(t, c, "", "SELECT t3.a FROM main.default.t3 JOIN main.default.t3 AS u ON t3.a = u.a")))
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT a FROM nocat.default.t3", WaitTimeout: "10s"})
	require.NotEmpty(t, st.SQLState)
}
