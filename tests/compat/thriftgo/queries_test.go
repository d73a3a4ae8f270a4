package thriftgo

import (
	"context"
	"database/sql"
	"errors"
	"math/big"
	"testing"
	"time"

	dbsql "github.com/databricks/databricks-sql-go"
	dbsqlerr "github.com/databricks/databricks-sql-go/errors"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv"
)

func TestTypes(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	var (
		b    bool
		i8   int8
		i16  int16
		i32  int32
		i64  int64
		f32  float32
		f64  float64
		s    string
		bin  []byte
		d    time.Time
		ts   time.Time
		dec  string
		null sql.NullString
	)
	err := db.QueryRowContext(context.Background(), `SELECT true, CAST(-8 AS TINYINT), CAST(300 AS SMALLINT), 70000, 9000000000,
		CAST(1.5 AS FLOAT), 2.25, 'héllo', X'0102', DATE'2024-02-29', TIMESTAMP'2024-01-02 03:04:05.123456',
		CAST(12.345 AS DECIMAL(10,3)), CAST(NULL AS STRING)`).
		Scan(&b, &i8, &i16, &i32, &i64, &f32, &f64, &s, &bin, &d, &ts, &dec, &null)
	require.NoError(t, err)
	require.True(t, b)
	require.Equal(t, int8(-8), i8)
	require.Equal(t, int16(300), i16)
	require.Equal(t, int32(70000), i32)
	require.Equal(t, int64(9000000000), i64)
	require.Equal(t, float32(1.5), f32)
	require.Equal(t, 2.25, f64)
	require.Equal(t, "héllo", s)
	require.Equal(t, []byte{1, 2}, bin)
	require.Equal(t, "2024-02-29", d.Format(time.DateOnly))
	require.Equal(t, "2024-01-02 03:04:05.123456", ts.UTC().Format("2006-01-02 15:04:05.000000"))
	require.Equal(t, "12.345", dec)
	require.False(t, null.Valid)

	rows, err := db.QueryContext(context.Background(), `SELECT 1 AS a, 'x' AS b, CAST(1 AS DECIMAL(5,2)) AS c`)
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names, dbTypes []string
	for _, ct := range types {
		names = append(names, ct.Name())
		dbTypes = append(dbTypes, ct.DatabaseTypeName())
	}
	require.Equal(t, []string{"a", "b", "c"}, names)
	// databricks-sql-go v1.10.0 reports no DecimalSize.
	require.Equal(t, []string{"INT", "STRING", "DECIMAL"}, dbTypes)
}

func TestParameters(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	ctx := context.Background()
	var (
		n int64
		s string
	)
	require.NoError(t, db.QueryRowContext(ctx, "SELECT ? + 1, ?", 41, "two").Scan(&n, &s))
	require.Equal(t, int64(42), n)
	require.Equal(t, "two", s)
	require.NoError(t, db.QueryRowContext(ctx, "SELECT :a * 2, :b",
		dbsql.Parameter{Name: "a", Value: 21}, dbsql.Parameter{Name: "b", Value: "bee"}).Scan(&n, &s))
	require.Equal(t, int64(42), n)
	require.Equal(t, "bee", s)
	var f float64
	require.NoError(t, db.QueryRowContext(ctx, "SELECT ?", 2.5).Scan(&f))
	require.Equal(t, 2.5, f)
}

func TestDDLAndDML(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, "CREATE TABLE t (id INT, name STRING)")
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)")
	require.NoError(t, err)
	rows, err := db.QueryContext(ctx, "SELECT id, name FROM t ORDER BY id")
	require.NoError(t, err)
	var got []string
	for rows.Next() {
		var id int
		var name sql.NullString
		require.NoError(t, rows.Scan(&id, &name))
		got = append(got, name.String)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Equal(t, []string{"a", "b", ""}, got)

	// An empty result still has its columns.
	rows, err = db.QueryContext(ctx, "SELECT id, name FROM t WHERE id > 100")
	require.NoError(t, err)
	cols, err := rows.Columns()
	require.NoError(t, err)
	require.Equal(t, []string{"id", "name"}, cols)
	require.False(t, rows.Next())
	require.NoError(t, rows.Close())
	require.Zero(t, e.wh.OpenStatements(), "statements left open on the server")
}

func TestErrors(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	ctx := context.Background()
	_, err := db.QueryContext(ctx, "SELECT * FROM no_such_table")
	require.Error(t, err)
	var execErr dbsqlerr.DBExecutionError
	require.True(t, errors.As(err, &execErr), "%T %v", err, err)
	require.Equal(t, "42P01", execErr.SqlState())
	require.Contains(t, err.Error(), "TABLE_OR_VIEW_NOT_FOUND")

	_, err = db.QueryContext(ctx, "SELEC 1")
	require.Error(t, err)
	require.True(t, errors.As(err, &execErr), "%T %v", err, err)
	require.Equal(t, "42601", execErr.SqlState())

	// A runtime error, raised while the statement runs.
	var n int
	err = db.QueryRowContext(ctx, "SELECT CAST('x' AS INT)").Scan(&n)
	require.Error(t, err)
	require.True(t, errors.As(err, &execErr), "%T %v", err, err)
	require.NotEmpty(t, execErr.SqlState())
}

func TestLargeResultCloudFetch(t *testing.T) {
	e := start(t, warehouse.Config{ChunkBytes: 1 << 20}, thriftsrv.Options{CloudFetchThreshold: 1 << 20})
	db := e.open(t)
	const n = 1_000_000
	rows, err := db.QueryContext(context.Background(), "SELECT id, id * 2 AS twice, CAST(id AS STRING) AS s FROM range(1000000) AS r(id)")
	require.NoError(t, err)
	var count, sum int64
	for rows.Next() {
		var id, twice int64
		var s string
		require.NoError(t, rows.Scan(&id, &twice, &s))
		require.Equal(t, 2*id, twice)
		count++
		sum += id
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Equal(t, int64(n), count)
	want := new(big.Int).SetInt64(n * (n - 1) / 2)
	require.Equal(t, want.Int64(), sum)
}

func TestLargeResultInline(t *testing.T) {
	e := start(t, warehouse.Config{ChunkBytes: 256 << 10}, thriftsrv.Options{})
	db := e.open(t, dbsql.WithCloudFetch(false), dbsql.WithMaxRows(10000))
	var count int64
	rows, err := db.QueryContext(context.Background(), "SELECT id FROM range(200000) AS r(id)")
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		require.Equal(t, count, id)
		count++
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Equal(t, int64(200000), count)
}

func TestCancel(t *testing.T) {
	e := start(t, warehouse.Config{}, thriftsrv.Options{})
	db := e.open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_, err := db.QueryContext(ctx, "SELECT count(*) FROM range(100000000000) AS a(x)")
	require.Error(t, err)
	require.Eventually(t, func() bool { return e.wh.OpenStatements() == 0 }, 20*time.Second, 50*time.Millisecond,
		"the cancelled statement still runs on the server")
}
