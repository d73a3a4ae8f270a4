package sqldriver_test

import (
	"context"
	"database/sql"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
)

// TestPreparedStatementChecksArgumentCount: with ? markers only,
// database/sql checks the argument count before any request.
func TestPreparedStatementChecksArgumentCount(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	stmt, err := db.PrepareContext(ctx, "SELECT ? + ? AS s, '?' AS q -- ?")
	require.NoError(t, err)
	defer stmt.Close()
	_, err = stmt.QueryContext(ctx, 1)
	require.ErrorContains(t, err, "expected 2 arguments, got 1")
	var s int64
	require.NoError(t, stmt.QueryRowContext(ctx, 1, 2).Scan(&s, new(string)))
	require.Equal(t, int64(3), s)

	noMarkers, err := db.PrepareContext(ctx, "SELECT 1")
	require.NoError(t, err)
	defer noMarkers.Close()
	_, err = noMarkers.QueryContext(ctx, 1)
	require.ErrorContains(t, err, "expected 0 arguments, got 1")

	// Named markers: not counted; the server checks.
	named, err := db.PrepareContext(ctx, "SELECT :a || :b AS s")
	require.NoError(t, err)
	defer named.Close()
	var str string
	require.NoError(t, named.QueryRowContext(ctx, sql.Named("a", "x"), sql.Named("b", "y")).Scan(&str))
	require.Equal(t, "xy", str)
	require.Error(t, named.QueryRowContext(ctx, sql.Named("a", "x")).Scan(&str))

	// Mixed markers: the kernel refuses mixed arguments.
	_, err = db.QueryContext(ctx, "SELECT ?, :a", 1, sql.Named("a", 2))
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
}

// TestPreparedInsertManyTimes: one prepared INSERT runs once per row, with
// typed values of every kind.
func TestPreparedInsertManyTimes(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	_, err := db.ExecContext(ctx, `CREATE TABLE t (id INT, d DECIMAL(10,2), day DATE, ts TIMESTAMP, b BINARY, s STRING)`)
	require.NoError(t, err)
	ins, err := db.PrepareContext(ctx, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
	require.NoError(t, err)
	defer ins.Close()
	base := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	const n = 20
	for i := range n {
		ts := base.Add(time.Duration(i) * time.Hour)
		var s any = "row"
		if i%5 == 0 {
			s = nil
		}
		res, err := ins.ExecContext(ctx, int32(i), big.NewRat(int64(i)*25, 100), kernel.DateOf(ts), ts, []byte{byte(i)}, s)
		require.NoError(t, err)
		affected, err := res.RowsAffected()
		require.NoError(t, err)
		require.Equal(t, int64(1), affected)
	}
	var count, nulls int64
	var sum string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*), sum(d)::STRING, count(*) - count(s) FROM t").Scan(&count, &sum, &nulls))
	require.Equal(t, int64(n), count)
	require.Equal(t, "47.50", sum)
	require.Equal(t, int64(4), nulls)

	var (
		d       string
		day, ts time.Time
		b       []byte
	)
	require.NoError(t, db.QueryRowContext(ctx, "SELECT d, day, ts, b FROM t WHERE id = ?", int32(3)).Scan(&d, &day, &ts, &b))
	require.Equal(t, "0.75", d)
	require.Equal(t, "2024-01-02", day.Format(time.DateOnly))
	require.True(t, ts.Equal(base.Add(3*time.Hour)), ts)
	require.Equal(t, []byte{3}, b)
}
