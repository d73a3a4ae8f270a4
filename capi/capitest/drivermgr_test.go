package capitest

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-adbc/go/adbc/drivermgr"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
)

// openDM opens the library through the Go driver manager.
func openDM(t *testing.T, opts map[string]string) adbc.Connection {
	t.Helper()
	opts["driver"] = library(t)
	opts["entrypoint"] = "AdbcDriverInit"
	db, err := drivermgr.Driver{}.NewDatabase(opts)
	require.NoError(t, err)
	cnxn, err := db.Open(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, cnxn.Close())
		require.NoError(t, db.Close())
	})
	return cnxn
}

// queryDM runs query and returns the row count and the sum of column 0.
func queryDM(t *testing.T, cnxn adbc.Connection, query string, stmtOpts ...string) (rows, sum int64) {
	t.Helper()
	stmt, err := cnxn.NewStatement()
	require.NoError(t, err)
	defer func() { require.NoError(t, stmt.Close()) }()
	for i := 0; i+1 < len(stmtOpts); i += 2 {
		require.NoError(t, stmt.SetOption(stmtOpts[i], stmtOpts[i+1]))
	}
	require.NoError(t, stmt.SetSqlQuery(query))
	rdr, _, err := stmt.ExecuteQuery(context.Background())
	require.NoError(t, err)
	defer rdr.Release()
	for rdr.Next() {
		col := rdr.RecordBatch().Column(0).(*array.Int64)
		rows += int64(col.Len())
		for i := 0; i < col.Len(); i++ {
			sum += col.Value(i)
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

func TestDriverManagerSelect(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	cnxn := openDM(t, srv.options())
	const n = 300_000
	rows, sum := queryDM(t, cnxn, "SELECT id FROM range(300000)")
	require.Equal(t, int64(n), rows)
	require.Equal(t, int64(n*(n-1)/2), sum)
}

func TestDriverManagerErrorSQLState(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	cnxn := openDM(t, srv.options())
	stmt, err := cnxn.NewStatement()
	require.NoError(t, err)
	defer func() { require.NoError(t, stmt.Close()) }()
	require.NoError(t, stmt.SetSqlQuery("SELECT * FROM no_such_table"))
	_, _, err = stmt.ExecuteQuery(context.Background())
	var ae adbc.Error
	require.True(t, errors.As(err, &ae), "%v", err)
	require.Equal(t, "42P01", string(ae.SqlState[:]))
	require.Contains(t, ae.Msg, "no_such_table")
	require.NotEqual(t, adbc.StatusOK, ae.Code)
}

func TestDriverManagerOptions(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	// Database options travel through AdbcDatabaseSetOption before Init: a
	// bad one fails Init with the driver's message.
	_, err := drivermgr.Driver{}.NewDatabase(map[string]string{
		"driver": library(t), "entrypoint": "AdbcDriverInit", "uri": srv.url,
		"databricks.retry.max_retries": "not-a-number",
	})
	require.ErrorContains(t, err, "databricks.retry.max_retries")

	cnxn := openDM(t, srv.options("databricks.batch_rows", "1000"))
	rows, sum := queryDM(t, cnxn, "SELECT id FROM range(100)", "databricks.statement.row_limit", "10")
	require.Equal(t, int64(10), rows)
	require.Equal(t, int64(45), sum)
	require.Error(t, cnxn.(adbc.PostInitOptions).SetOption("adbc.connection.autocommit", "false"))
}

func TestDriverManagerMetadata(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	cnxn := openDM(t, srv.options())
	rdr, err := cnxn.GetTableTypes(context.Background())
	require.NoError(t, err)
	n := 0
	for rdr.Next() {
		n += int(rdr.RecordBatch().NumRows())
	}
	require.NoError(t, rdr.Err())
	rdr.Release()
	require.Positive(t, n)

	rdr, err = cnxn.GetObjects(context.Background(), adbc.ObjectDepthCatalogs, nil, nil, nil, nil, nil)
	require.NoError(t, err)
	n = 0
	for rdr.Next() {
		n += int(rdr.RecordBatch().NumRows())
	}
	require.NoError(t, rdr.Err())
	rdr.Release()
	require.Positive(t, n)
}
