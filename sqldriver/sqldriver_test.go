package sqldriver_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sqldriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// openDB starts a local warehouse and opens it through the registered driver
// with a DSN, as users do.
func openDB(t *testing.T) *sql.DB {
	t.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{"dapi-sql"}})
	ts := httptest.NewServer(srv.Handler())
	db, err := sql.Open(sqldriver.DriverName, "http://token:dapi-sql@"+ts.Listener.Addr().String()+srv.Config().HTTPPath()+"?catalog=main&schema=default")
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, db.Close())
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
	})
	return db
}

func TestScanNaturalGoTypes(t *testing.T) {
	db := openDB(t)
	row := db.QueryRowContext(context.Background(), `SELECT true AS b, 7::TINYINT AS i8, 42::BIGINT AS i64, 1.5::DOUBLE AS f,
		'héllo' AS s, unhex('cafe') AS bin, DATE '2024-01-02' AS d, TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS ts,
		12345678901234567890.12::DECIMAL(22,2) AS dec, [1, 2] AS arr, NULL::INT AS n`)
	var (
		b    bool
		i8   int8
		i64  int64
		f    float64
		s    string
		bin  []byte
		d    time.Time
		ts   time.Time
		dec  string
		arr  string
		null sql.NullInt64
	)
	require.NoError(t, row.Scan(&b, &i8, &i64, &f, &s, &bin, &d, &ts, &dec, &arr, &null))
	require.True(t, b)
	require.Equal(t, int8(7), i8)
	require.Equal(t, int64(42), i64)
	require.Equal(t, 1.5, f)
	require.Equal(t, "héllo", s)
	require.Equal(t, []byte{0xca, 0xfe}, bin)
	require.Equal(t, "2024-01-02", d.Format(time.DateOnly))
	require.True(t, ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)), ts)
	require.Equal(t, "12345678901234567890.12", dec, "DECIMAL keeps every digit")
	require.JSONEq(t, "[1,2]", arr)
	require.False(t, null.Valid)
}

func TestColumnTypes(t *testing.T) {
	db := openDB(t)
	rows, err := db.Query("SELECT 1::BIGINT AS a, 'x' AS b, 1.25::DECIMAL(5,2) AS c, TIMESTAMP '2024-01-01' AS d, TIMESTAMP_NTZ '2024-01-01' AS e")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names []string
	for _, ct := range types {
		names = append(names, ct.DatabaseTypeName())
	}
	require.Equal(t, []string{"BIGINT", "STRING", "DECIMAL", "TIMESTAMP", "TIMESTAMP_NTZ"}, names)
}

func TestExecReportsAffectedRowsAndParameters(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, "CREATE TABLE t (id BIGINT, name STRING)")
	require.NoError(t, err)
	res, err := db.ExecContext(ctx, "INSERT INTO t SELECT id, 'n' || id FROM range(5)")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(5), n)

	var name string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT name FROM t WHERE id = ?", 3).Scan(&name))
	require.Equal(t, "n3", name)
	require.NoError(t, db.QueryRowContext(ctx, "SELECT name FROM t WHERE id = :id", sql.Named("id", 4)).Scan(&name))
	require.Equal(t, "n4", name)

	stmt, err := db.PrepareContext(ctx, "SELECT count(*) FROM t WHERE id >= ?")
	require.NoError(t, err)
	defer stmt.Close()
	var count int64
	require.NoError(t, stmt.QueryRowContext(ctx, 2).Scan(&count))
	require.Equal(t, int64(3), count)
}

func TestQueryArrow(t *testing.T) {
	db := openDB(t)
	rdr, err := sqldriver.QueryArrow(context.Background(), db, "SELECT id FROM range(250000)")
	require.NoError(t, err)
	defer rdr.Release()
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, int64(250000), rows)
}

func TestBadDSNIsAClearError(t *testing.T) {
	db, err := sql.Open(sqldriver.DriverName, "token:t@h/sql/1.0/warehouses/w?bogus=1")
	if err == nil {
		err = db.Ping()
		_ = db.Close()
	}
	require.ErrorContains(t, err, `unknown DSN parameter "bogus"`)
}
