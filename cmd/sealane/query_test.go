package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/stretchr/testify/require"
)

func TestQueryLocalFormats(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	require.NoError(t, query(ctx, []string{"--local", "SELECT id, 'r' || id AS s FROM range(3)"}, &out))
	require.Equal(t, "id  s\n0   r0\n1   r1\n2   r2\n(3 rows)\n", out.String())

	out.Reset()
	require.NoError(t, query(ctx, []string{"--local", "--format", "csv", "SELECT 1 AS a, NULL::INT AS b, 'x,y' AS c"}, &out))
	require.Equal(t, "a,b,c\n1,,\"x,y\"\n", out.String())

	out.Reset()
	require.NoError(t, query(ctx, []string{"--local", "--format", "json", "SELECT 2 AS a, 'q' AS b"}, &out))
	require.JSONEq(t, `{"a":2,"b":"q"}`, strings.TrimSpace(out.String()))

	out.Reset()
	require.NoError(t, query(ctx, []string{"--local", "CREATE TABLE t (a INT)"}, &out))
	require.Equal(t, "OK\n", out.String(), "DDL prints OK, not an empty table")

	out.Reset()
	require.NoError(t, query(ctx, []string{"--local", "--max-rows", "2", "SELECT * FROM range(10)"}, &out))
	require.Contains(t, out.String(), "(2 of 10 rows shown")
}

func TestQueryLocalFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	pq := filepath.Join(dir, "r.parquet")
	require.NoError(t, query(ctx, []string{"--local", "--format", "parquet", "-o", pq, "SELECT id FROM range(200000)"}, &bytes.Buffer{}))
	f, err := file.OpenParquetFile(pq, false)
	require.NoError(t, err)
	require.Equal(t, int64(200000), f.NumRows())
	require.NoError(t, f.Close())

	ar := filepath.Join(dir, "r.arrows")
	require.NoError(t, query(ctx, []string{"--local", "--format", "arrow", "-o", ar, "SELECT id FROM range(1000)"}, &bytes.Buffer{}))
	fh, err := os.Open(ar)
	require.NoError(t, err)
	defer fh.Close()
	rdr, err := ipc.NewReader(fh)
	require.NoError(t, err)
	defer rdr.Release()
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	require.Equal(t, int64(1000), rows)
}

func TestQueryFlagErrors(t *testing.T) {
	env := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"SELECT 1"}, "--local, or --host"},
		{[]string{"--local"}, "exactly one SQL"},
		{[]string{"--local", "--format", "xml", "SELECT 1"}, "unknown --format"},
		{[]string{"--local", "--format", "parquet", "SELECT 1"}, "needs -o"},
		{[]string{"--local", "--max-rows", "-1", "SELECT 1"}, "--max-rows -1"},
		{[]string{"--local", "--connect-timeout", "0s", "SELECT 1"}, "--connect-timeout"},
		{[]string{"--local", "--host", "h", "SELECT 1"}, "takes no --host"},
	} {
		_, err := parseQuery(tc.args, env)
		require.ErrorContains(t, err, tc.want, "%v", tc.args)
	}
	o, err := parseQuery([]string{"SELECT 1"}, func(k string) string {
		return map[string]string{"DATABRICKS_HOST": "h", "DATABRICKS_TOKEN": "t", "DATABRICKS_WAREHOUSE_ID": "w"}[k]
	})
	require.NoError(t, err)
	require.Equal(t, "w", o.cfg.WarehouseID)
}

// TestQueryLocalReadsTheWorkingDirectoryOnly: the one-user in-process
// warehouse opens the working directory to SQL, and nothing above it.
func TestQueryLocalReadsTheWorkingDirectoryOnly(t *testing.T) {
	root := t.TempDir()
	work := filepath.Join(root, "work")
	require.NoError(t, os.Mkdir(work, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(work, "here.csv"), []byte("v\n7\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(root, "above.csv"), []byte("v\n8\n"), 0o600))
	t.Chdir(work)
	var out bytes.Buffer
	require.NoError(t, query(t.Context(), []string{"--local", "--format", "csv", "SELECT v FROM read_csv('here.csv')"}, &out))
	require.Contains(t, out.String(), "7")
	err := query(t.Context(), []string{"--local", "SELECT v FROM read_csv('../above.csv')"}, &bytes.Buffer{})
	require.ErrorContains(t, err, "42501")
}

// TestQueryOutputIsAtomic: a query that fails leaves nothing at -o (not an
// empty or partial file), and a file already there stays as it was.
func TestQueryOutputIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	bad := "SELECT CAST(CASE WHEN id = 150000 THEN 'x' ELSE '1' END AS INT) AS v FROM range(200000)"
	require.Error(t, query(t.Context(), []string{"--local", "--format", "csv", "-o", out, bad}, &bytes.Buffer{}))
	_, err := os.Stat(out)
	require.ErrorIs(t, err, os.ErrNotExist)

	require.NoError(t, os.WriteFile(out, []byte("before\n"), 0o600))
	require.Error(t, query(t.Context(), []string{"--local", "--format", "csv", "-o", out, bad}, &bytes.Buffer{}))
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, "before\n", string(got))
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, left, 1, "no temporary file left behind")

	require.NoError(t, query(t.Context(), []string{"--local", "--format", "csv", "-o", out, "SELECT 1 AS v"}, &bytes.Buffer{}))
	got, err = os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, "v\n1\n", string(got))
}
