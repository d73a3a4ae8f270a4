package adbcdriver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

const testToken = "dapi-adbc-test-token"

// env is a local warehouse on DuckDB served over HTTP.
type env struct {
	url, httpPath string
	mem           *memory.CheckedAllocator
	drv           adbc.Driver
}

// newEnv starts a warehouse and checks at cleanup that the test left no
// Arrow memory of the driver's allocator and no goroutine behind.
func newEnv(t *testing.T, cfg warehouse.Config) *env {
	t.Helper()
	baseline := runtime.NumGoroutine()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	cfg.Tokens = []string{testToken}
	srv := warehouse.New(eng, cfg)
	ts := httptest.NewServer(srv.Handler())
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	e := &env{url: ts.URL, httpPath: srv.Config().HTTPPath(), mem: mem, drv: adbcdriver.NewDriver(mem)}
	t.Cleanup(func() {
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
		mem.AssertSize(t, 0)
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > baseline {
			buf := make([]byte, 1<<20)
			t.Errorf("goroutines leaked: %d > %d\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
		}
	})
	return e
}

// options are the database options of the local warehouse, with quick retries.
func (e *env) options(extra ...string) map[string]string {
	opts := map[string]string{
		"uri":                       e.url,
		"databricks.http_path":      e.httpPath,
		"databricks.access_token":   testToken,
		"databricks.retry.min_wait": "10ms",
		"databricks.retry.max_wait": "2s",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		opts[extra[i]] = extra[i+1]
	}
	return opts
}

// open opens a database and a connection, closed at cleanup.
func (e *env) open(t *testing.T, opts map[string]string) (adbc.Database, adbc.Connection) {
	t.Helper()
	db, err := e.drv.NewDatabase(opts)
	require.NoError(t, err)
	cnxn, err := db.Open(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, cnxn.Close())
		require.NoError(t, db.Close())
	})
	return db, cnxn
}

// statement returns a statement with query set, closed at cleanup.
func statement(t *testing.T, cnxn adbc.Connection, query string) adbc.Statement {
	t.Helper()
	stmt, err := cnxn.NewStatement()
	require.NoError(t, err)
	require.NoError(t, stmt.SetSqlQuery(query))
	t.Cleanup(func() { require.NoError(t, stmt.Close()) })
	return stmt
}

// drainInt64 reads every batch, returning the row count and the sum of column 0.
func drainInt64(t *testing.T, rdr array.RecordReader) (rows, sum int64) {
	t.Helper()
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += rec.NumRows()
		col := rec.Column(0).(*array.Int64)
		for i := 0; i < col.Len(); i++ {
			sum += col.Value(i)
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

// adbcError asserts that err is an adbc.Error with the status.
func adbcError(t *testing.T, err error, code adbc.Status) adbc.Error {
	t.Helper()
	var ae adbc.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, code, ae.Code, "%v", err)
	return ae
}
