package warehouse_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// hostFiles makes a directory with a CSV file inside and another outside of
// it, and returns (dir, inside, outside).
func hostFiles(t *testing.T) (string, string, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "open")
	require.NoError(t, os.Mkdir(dir, 0o755))
	inside := filepath.Join(dir, "in.csv")
	outside := filepath.Join(root, "secret.csv")
	require.NoError(t, os.WriteFile(inside, []byte("a,b\n1,2\n"), 0o644))
	require.NoError(t, os.WriteFile(outside, []byte("token\ndapi-host-secret\n"), 0o644))
	return dir, inside, outside
}

// fileForms are the ways SQL could reach a host file, each with the one
// path it touches.
func fileForms(path string) []string {
	q := "'" + strings.ReplaceAll(path, "'", "''") + "'"
	return []string{
		"SELECT * FROM read_csv(" + q + ")",
		"SELECT * FROM " + q,
		"SELECT * FROM read_text(" + q + ")",
		"SELECT * FROM read_blob(" + q + ")",
		"SELECT * FROM glob(" + q + ")",
		"SELECT * FROM read_json(" + q + ")",
		"SELECT * FROM read_parquet(" + q + ")",
	}
}

// requireRefused: a file read failed for lack of permission (or, for a
// bare path without a known file extension, found no table), and told
// nothing of the file.
func requireRefused(t *testing.T, q string, st *sea.StatementStatus) {
	t.Helper()
	require.Contains(t, []string{"42501", "42P01"}, st.SQLState, "%s: %s", q, st.Error.Message)
	require.NotContains(t, st.Error.Message, "dapi-host-secret")
}

// TestSQLReachesNoHostFileByDefault: with the engine's defaults (what
// `sealane serve` runs), no form of file access works, nor the statements
// that attach, export, install or change instance-wide settings; each fails
// with a Databricks error class and SQLSTATE, and the warehouse stays up.
func TestSQLReachesNoHostFileByDefault(t *testing.T) {
	dir, inside, outside := hostFiles(t)
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, p := range []string{inside, outside, "/etc/passwd", dir + "/*"} {
		for _, q := range fileForms(p) {
			st := failed(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
			requireRefused(t, q, st)
		}
	}
	for _, q := range []string{
		"COPY (SELECT 1) TO '" + filepath.Join(dir, "out.csv") + "'",
		"ATTACH '" + filepath.Join(dir, "x.db") + "' AS x",
		"EXPORT DATABASE '" + dir + "'",
		"INSTALL httpfs", "LOAD httpfs",
		"PRAGMA threads=1", "PRAGMA memory_limit='1MB'",
		"SELECT 1; PRAGMA threads=1",
	} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
		require.Equal(t, "42601", st.SQLState, "%s: %s", q, st.Error.Message)
	}
	_, err := os.Stat(filepath.Join(dir, "out.csv"))
	require.ErrorIs(t, err, os.ErrNotExist)
	// SET of an engine setting is the session's Databricks configuration:
	// it never reaches DuckDB's instance-wide settings.
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "SET threads = 1")
	got := rows(t, c, "", "SELECT current_setting('threads')")
	require.Equal(t, "2", *got[0][0], "one session changed the engine's threads for all")
}

// TestAllowedDirectoriesOpenExactlyWhatTheyName: a directory the operator
// opens is readable (by absolute or relative path); its siblings and
// parents stay closed, and SQL cannot widen the list or turn access back on.
func TestAllowedDirectoriesOpenExactlyWhatTheyName(t *testing.T) {
	dir, inside, outside := hostFiles(t)
	c, _ := newWarehouseOn(t, warehouse.Config{}, duckengine.Config{Threads: 2, AllowedDirectories: []string{dir}})
	got := rows(t, c, "", "SELECT a, b FROM read_csv('"+inside+"')")
	require.Equal(t, "1", *got[0][0])
	got = rows(t, c, "", "SELECT count(*) FROM '"+filepath.Join(dir, "..", "open", "in.csv")+"'")
	require.Equal(t, "1", *got[0][0])
	for _, p := range []string{outside, filepath.Join(dir, "..", "secret.csv"), "/etc/passwd"} {
		for _, q := range fileForms(p) {
			st := failed(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
			requireRefused(t, q, st)
		}
	}
	// DuckDB's own SET is not reachable (SET is the session's Databricks
	// configuration); SET VARIABLE is, and cannot touch settings.
	sqlIn(t, c, "", "SET enable_external_access = true")
	sqlIn(t, c, "", "SET allowed_directories = ['/']")
	failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM read_csv('" + outside + "')", WaitTimeout: "30s"})
}

// TestInitReadsFilesBeforeTheSandboxCloses: start-up loading (sealane serve
// --load) reads host files, then SQL cannot.
func TestInitReadsFilesBeforeTheSandboxCloses(t *testing.T) {
	_, _, outside := hostFiles(t)
	c, _ := newWarehouseOn(t, warehouse.Config{}, duckengine.Config{Threads: 2,
		Init: func(ctx context.Context, db *sql.DB) error {
			_, err := db.ExecContext(ctx, `CREATE TABLE "default".loaded AS SELECT * FROM read_csv('`+outside+`')`)
			return err
		}})
	got := rows(t, c, "", "SELECT token FROM loaded")
	require.Equal(t, "dapi-host-secret", *got[0][0])
	failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM read_csv('" + outside + "')", WaitTimeout: "30s"})
}

// TestCreateAndDropCatalog: catalogs come and go with Databricks' statements
// (ATTACH, DuckDB's way, is refused), with Databricks' errors.
func TestCreateAndDropCatalog(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE CATALOG Sales COMMENT 'q3'")
	sqlIn(t, c, "", "CREATE CATALOG IF NOT EXISTS sales")
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "CREATE CATALOG sales", WaitTimeout: "30s"})
	require.Equal(t, "42P04", st.SQLState, st.Error.Message)
	sqlIn(t, c, "", "CREATE TABLE sales.default.t AS SELECT 1 AS x")
	require.Equal(t, "1", *rows(t, c, "", "SELECT x FROM sales.default.t")[0][0])
	sqlIn(t, c, "", "DROP CATALOG sales CASCADE")
	st = failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT x FROM sales.default.t", WaitTimeout: "30s"})
	require.NotEmpty(t, st.SQLState)
	sqlIn(t, c, "", "DROP CATALOG IF EXISTS sales")
	st = failed(t, c, sea.ExecuteStatementRequest{Statement: "DROP CATALOG sales", WaitTimeout: "30s"})
	require.Equal(t, "42704", st.SQLState, st.Error.Message)
	st = failed(t, c, sea.ExecuteStatementRequest{Statement: "DROP CATALOG main", WaitTimeout: "30s"})
	require.Equal(t, "0A000", st.SQLState, st.Error.Message)
}
