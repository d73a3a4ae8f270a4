package capitest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

var (
	loadOnce sync.Once
	loadErr  error
)

// loadC loads the library through the SealaneDriverInit alias, once.
func loadC(t *testing.T) {
	t.Helper()
	lib := library(t)
	loadOnce.Do(func() { loadErr = Load(lib, "SealaneDriverInit") })
	require.NoError(t, loadErr)
}

// connectC loads the library through the SealaneDriverInit alias and opens
// a database and a connection, released at cleanup.
func connectC(t *testing.T, opts map[string]string) (*Database, *Connection) {
	t.Helper()
	loadC(t)
	db, err := OpenDatabase(opts)
	require.NoError(t, err)
	cn, err := db.Connect()
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, cn.Close())
		require.NoError(t, db.Close())
	})
	return db, cn
}

// statementC makes a statement, released at cleanup.
func statementC(t *testing.T, cn *Connection, query string) *Statement {
	t.Helper()
	st, err := cn.NewStatement(query)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Close()) })
	return st
}

// drain reads every batch and returns the row count.
func drain(rdr array.RecordReader) (int64, error) {
	defer rdr.Release()
	var n int64
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	return n, rdr.Err()
}

func TestCABIOptions(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	db, cn := connectC(t, srv.options("databricks.batch_rows", "1000"))
	v, err := db.Option("databricks.batch_rows")
	require.NoError(t, err)
	require.Equal(t, "1000", v)
	_, err = db.Option("databricks.access_token")
	var ce *Error
	require.ErrorAs(t, err, &ce, "the token is write-only")
	require.Equal(t, 3, ce.Status, "ADBC_STATUS_NOT_FOUND")

	st := statementC(t, cn, "SELECT id FROM range(100)")
	require.NoError(t, st.SetOptionInt("databricks.statement.row_limit", 7))
	limit, err := st.OptionInt("databricks.statement.row_limit")
	require.NoError(t, err)
	require.Equal(t, int64(7), limit)
	rdr, err := st.Query()
	require.NoError(t, err)
	n, err := drain(rdr)
	require.NoError(t, err)
	require.Equal(t, int64(7), n)
}

func TestCABIErrorDetails(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	_, err := statementC(t, cn, "SELECT * FROM no_such_table").Query()
	var ce *Error
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "42P01", ce.SQLState)
	require.Contains(t, ce.Msg, "no_such_table")
	require.NotEmpty(t, ce.Details["databricks.statement_id"], "details: %v", ce.Details)
}

// cancelLongQuery starts a query that would run for hours, calls cancel
// once it runs, and checks that the caller gets control back promptly with
// ADBC_STATUS_CANCELLED and that the server was asked to cancel.
func cancelLongQuery(t *testing.T, cancel func(cn *Connection, st *Statement) error) {
	srv := startServer(t, warehouse.Config{DirectResultsWait: 100 * time.Millisecond})
	_, cn := connectC(t, srv.options())
	st := statementC(t, cn, "SELECT count(*) FROM range(1000000000000)")
	done := make(chan error, 1)
	go func() {
		rdr, err := st.Query()
		if err == nil {
			_, err = drain(rdr)
		}
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	require.NoError(t, cancel(cn, st))
	select {
	case err := <-done:
		require.Less(t, time.Since(start), 5*time.Second)
		var ce *Error
		require.True(t, errors.As(err, &ce), "%v", err)
		require.Equal(t, 11, ce.Status, "ADBC_STATUS_CANCELLED: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the query did not return after Cancel")
	}
	require.Eventually(t, func() bool { return srv.cancels.Load() > 0 }, 5*time.Second, 10*time.Millisecond,
		"the server saw POST …/cancel")
}

func TestCABIStatementCancel(t *testing.T) {
	cancelLongQuery(t, func(_ *Connection, st *Statement) error { return st.Cancel() })
}

func TestCABIConnectionCancel(t *testing.T) {
	cancelLongQuery(t, func(cn *Connection, _ *Statement) error { return cn.Cancel() })
}
