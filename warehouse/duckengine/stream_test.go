//go:build duckdb_arrow

package duckengine_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/engine"
)

func openSession(t *testing.T, cfg duckengine.Config) engine.Session {
	t.Helper()
	ctx := context.Background()
	cfg.ExtensionDir, cfg.TempDir = t.TempDir(), t.TempDir()
	e, err := duckengine.Open(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	s, err := e.NewSession(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func streamer(t *testing.T, s engine.Session) engine.Streamer {
	t.Helper()
	st, ok := s.(engine.Streamer)
	require.True(t, ok, "duckengine sessions stream")
	return st
}

// sumInt64 drains rdr's first (BIGINT) column.
func sumInt64(t *testing.T, rdr array.RecordReader) (rows, sum int64) {
	t.Helper()
	for rdr.Next() {
		col := rdr.RecordBatch().Column(0).(*array.Int64)
		for i := range col.Len() {
			sum += col.Value(i)
		}
		rows += int64(col.Len())
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

// TestStreamingIsActive: a statement that fails late hands out its first
// rows before it fails when streamed, while the materialising Query fails
// before returning anything. If duckdb-go's connection handle could no
// longer be reached, QueryStream would fall back to Query and this fails.
func TestStreamingIsActive(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	ctx := context.Background()
	const q = "SELECT CASE WHEN i < 2000000 THEN i ELSE error('late failure') END AS i FROM range(3000000) t(i)"

	_, err := s.Query(ctx, q)
	require.Error(t, err, "the materialising path runs the statement to its end first")

	rdr, err := streamer(t, s).QueryStream(ctx, q)
	require.NoError(t, err, "the stream starts before the failing rows are produced")
	defer rdr.Release()
	require.True(t, rdr.Next())
	require.Positive(t, rdr.RecordBatch().NumRows())
	require.Equal(t, int64(0), rdr.RecordBatch().Column(0).(*array.Int64).Value(0))
	for rdr.Next() { //nolint:revive // drain to the failure
	}
	var ee *engine.Error
	require.ErrorAs(t, rdr.Err(), &ee)
	require.Equal(t, "INVALID_INPUT", ee.Class)
	require.Contains(t, ee.Message, "late failure")
}

// TestStreamEveryRow: a result read through the stream has every row.
func TestStreamEveryRow(t *testing.T) {
	s := openSession(t, duckengine.Config{Threads: 2})
	rdr, err := streamer(t, s).QueryStream(context.Background(), "SELECT range AS i FROM range(5000000)")
	require.NoError(t, err)
	defer rdr.Release()
	rows, sum := sumInt64(t, rdr)
	require.Equal(t, int64(5000000), rows)
	require.Equal(t, int64(5000000)*(5000000-1)/2, sum)
}

// TestStreamCancel: cancelling the context ends a stream that would run
// for hours, with ErrCanceled, and the session runs the next statement.
func TestStreamCancel(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	rdr, err := streamer(t, s).QueryStream(ctx, "SELECT i * 2 AS j FROM range(1000000000000) t(i)")
	require.NoError(t, err)
	require.True(t, rdr.Next())
	cancel()
	for rdr.Next() { //nolint:revive // the stream ends
	}
	require.ErrorIs(t, rdr.Err(), engine.ErrCanceled)
	rdr.Release()

	rdr, err = streamer(t, s).QueryStream(context.Background(), "SELECT 42::BIGINT")
	require.NoError(t, err, "the interrupt does not reach the next statement")
	defer rdr.Release()
	rows, sum := sumInt64(t, rdr)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(42), sum)
}

// TestStreamCancelBeforeFirstBatch: a context that ends while DuckDB
// works towards the first batch interrupts it.
func TestStreamCancelBeforeFirstBatch(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := streamer(t, s).QueryStream(ctx, "SELECT 1")
	require.ErrorIs(t, err, engine.ErrCanceled)
}

// TestStreamArgsAndForms: parameters bind by position and by name, text
// with several statements runs them all (through the materialising path),
// errors at prepare time are classified, and statements without rows work.
func TestStreamArgsAndForms(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	st := streamer(t, s)
	ctx := context.Background()
	read := func(q string, args ...any) (int64, int64) {
		t.Helper()
		rdr, err := st.QueryStream(ctx, q, args...)
		require.NoError(t, err, q)
		defer rdr.Release()
		return sumInt64(t, rdr)
	}
	_, sum := read("SELECT CAST(? AS BIGINT) + CAST(? AS BIGINT)", "40", "2")
	require.Equal(t, int64(42), sum)
	_, sum = read("SELECT CAST($a AS BIGINT) * 2", sql.Named("a", "21"))
	require.Equal(t, int64(42), sum)
	rows, _ := read("SELECT CAST(? AS BIGINT) WHERE ? IS NULL", "1", nil)
	require.Equal(t, int64(1), rows)
	_, sum = read("CREATE TEMP TABLE x AS SELECT 7::BIGINT AS v; SELECT v FROM x")
	require.Equal(t, int64(7), sum)
	rows, _ = read("SELECT i FROM range(10) t(i) WHERE i < 0")
	require.Equal(t, int64(0), rows)

	_, err := st.QueryStream(ctx, "SELEC 1")
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "PARSE_SYNTAX_ERROR", ee.Class)
	_, err = st.QueryStream(ctx, "SELECT * FROM no_such_table")
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", ee.Class)
	_, err = st.QueryStream(ctx, "SELECT ?::INT")
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "UNBOUND_SQL_PARAMETER", ee.Class)
	require.False(t, errors.Is(err, engine.ErrCanceled))
}

// TestStreamWithinMemoryLimit: under a 64 MB memory_limit, a 160 MB
// result streams through whole, while a statement that must hold more than
// the limit fails with OUT_OF_MEMORY instead of taking the process down.
func TestStreamWithinMemoryLimit(t *testing.T) {
	s := openSession(t, duckengine.Config{MemoryLimit: "64MB", Threads: 2})
	ctx := context.Background()
	rdr, err := streamer(t, s).QueryStream(ctx, "SELECT range AS i FROM range(20000000)")
	require.NoError(t, err)
	rows, sum := sumInt64(t, rdr)
	rdr.Release()
	require.Equal(t, int64(20000000), rows)
	require.Equal(t, int64(20000000)*(20000000-1)/2, sum)

	rdr, err = streamer(t, s).QueryStream(ctx, "SELECT length(list(range)) FROM range(50000000)")
	if err == nil {
		for rdr.Next() { //nolint:revive // to the error
		}
		err = rdr.Err()
		rdr.Release()
	}
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "OUT_OF_MEMORY", ee.Class)
	require.Equal(t, "53200", ee.SQLState)
}

// TestStreamReleasedEarly: a reader released before its end (row_limit
// reached) ends the statement, and the session runs the next one; so does
// one whose context ends after it was read to its end.
func TestStreamReleasedEarly(t *testing.T) {
	s := openSession(t, duckengine.Config{})
	st := streamer(t, s)
	rdr, err := st.QueryStream(context.Background(), "SELECT i FROM range(1000000000000) t(i)")
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rdr.Release()

	ctx, cancel := context.WithCancel(context.Background())
	rdr, err = st.QueryStream(ctx, "SELECT 1::BIGINT")
	require.NoError(t, err)
	rows, _ := sumInt64(t, rdr)
	require.Equal(t, int64(1), rows)
	cancel()
	rdr.Release()

	for range 3 {
		rdr, err = st.QueryStream(context.Background(), "SELECT sum(i)::BIGINT FROM range(1000) t(i)")
		require.NoError(t, err)
		_, sum := sumInt64(t, rdr)
		rdr.Release()
		require.Equal(t, int64(499500), sum)
	}
}
