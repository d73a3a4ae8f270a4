// Package thriftgo runs the official Go driver, databricks-sql-go (pinned
// in go.mod), in its default mode — Thrift over HTTP — against sealane's
// warehouse, started in-process on a real DuckDB behind a real HTTP server.
package thriftgo

import (
	"context"
	"database/sql"
	"net"
	"net/http/httptest"
	"strconv"
	"testing"

	dbsql "github.com/databricks/databricks-sql-go"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/thriftsrv"
)

const token = "dapi-thrift-test"

// env is a running warehouse with its Thrift endpoint.
type env struct {
	wh   *warehouse.Server
	host string
	port int
}

func start(t *testing.T, cfg warehouse.Config, opts thriftsrv.Options) *env {
	t.Helper()
	cfg.Tokens = []string{token}
	eng, err := duckengine.Open(context.Background(), duckengine.Config{Threads: 2})
	require.NoError(t, err)
	wh := warehouse.New(eng, cfg)
	thriftsrv.Mount(wh, opts)
	hs := httptest.NewServer(wh.Handler())
	t.Cleanup(func() {
		hs.Close()
		require.NoError(t, wh.Close())
		require.NoError(t, eng.Close())
	})
	host, portText, err := net.SplitHostPort(hs.Listener.Addr().String())
	require.NoError(t, err)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	return &env{wh: wh, host: host, port: port}
}

// open connects databricks-sql-go with its defaults (Thrift, CloudFetch on).
func (e *env) open(t *testing.T, opts ...dbsql.ConnOption) *sql.DB {
	t.Helper()
	base := []dbsql.ConnOption{
		dbsql.WithServerHostname("http://" + e.host), dbsql.WithPort(e.port),
		dbsql.WithHTTPPath("/sql/1.0/warehouses/" + e.wh.Config().WarehouseID), dbsql.WithAccessToken(token),
	}
	conn, err := dbsql.NewConnector(append(base, opts...)...)
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestSelectOne(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	var n int
	require.NoError(t, db.QueryRowContext(context.Background(), "SELECT 1").Scan(&n))
	require.Equal(t, 1, n)
}
