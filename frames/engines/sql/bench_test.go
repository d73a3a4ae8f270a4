package sql_test

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	sqlengine "github.com/sealane/sealane/frames/engines/sql"
)

// benchRows is the size of the benchmark table.
const benchRows = 1_000_000

// benchEngine is a PostgreSQL engine over a database holding the table
// events(id bigint, k text, v double precision) of benchRows rows, 100 keys.
func benchEngine(b *testing.B) *sqlengine.Engine {
	b.Helper()
	ctx := context.Background()
	e, err := sqlengine.OpenPostgres(ctx, pgDSNB(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = e.Close() })
	_, err = e.DB().ExecContext(ctx, `CREATE TABLE IF NOT EXISTS events AS
		SELECT g AS id, 'k' || (g % 100) AS k, ((g % 1000) / 10.0) :: double precision AS v
		FROM generate_series(1, 1000000) AS g`)
	require.NoError(b, err)
	_, err = e.DB().ExecContext(ctx, `ANALYZE events`)
	require.NoError(b, err)
	return e
}

// drain runs f on e and counts the rows read as Arrow.
func drain(b *testing.B, e *sqlengine.Engine, f *frames.Frame) int64 {
	rdr, err := e.Execute(context.Background(), f.Plan())
	require.NoError(b, err)
	defer rdr.Release()
	rows := int64(0)
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	require.NoError(b, rdr.Err())
	return rows
}

func pgDSNB(b *testing.B) string {
	if pgErr != nil {
		b.Fatalf("PostgreSQL test server: %v", pgErr)
	}
	dsn, err := pg.CreateDatabase(context.Background(), "bench")
	if err != nil {
		// A second benchmark reuses the database.
		return pg.DSN("bench")
	}
	return dsn
}

// heapInUse is the heap in use after the run (the benchmarks report it
// beside their allocations per run).
func heapInUse() float64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse)
}

// BenchmarkPostgresGroupByPushdown: a group-by over 1M rows computed by
// PostgreSQL; 100 rows come back.
func BenchmarkPostgresGroupByPushdown(b *testing.B) {
	e := benchEngine(b)
	ctx := context.Background()
	f := frames.Table(ctx, "events", frames.On(e)).GroupBy("k").
		Agg(frames.CountAll().Alias("n"), frames.Col("v").Mean().Alias("m"))
	require.NoError(b, f.Err())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		require.EqualValues(b, 100, drain(b, e, f))
	}
	b.ReportMetric(heapInUse()/1e6, "heap-MB")
}

// BenchmarkPostgresFilterProjectPushdown: a filter and projection run by
// PostgreSQL; 1% of the rows come back as Arrow.
func BenchmarkPostgresFilterProjectPushdown(b *testing.B) {
	e := benchEngine(b)
	ctx := context.Background()
	f := frames.Table(ctx, "events", frames.On(e)).Filter(frames.Col("k").Eq("k7")).Select("id", "v")
	require.NoError(b, f.Err())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		require.EqualValues(b, benchRows/100, drain(b, e, f))
	}
	b.ReportMetric(heapInUse()/1e6, "heap-MB")
}

// BenchmarkPostgresReadWholeTable: every row read into Arrow through the
// engine (what computing the group-by locally would have to transfer).
func BenchmarkPostgresReadWholeTable(b *testing.B) {
	e := benchEngine(b)
	ctx := context.Background()
	f := frames.Table(ctx, "events", frames.On(e))
	require.NoError(b, f.Err())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		require.EqualValues(b, benchRows, drain(b, e, f))
	}
	b.ReportMetric(heapInUse()/1e6, "heap-MB")
}

// BenchmarkPostgresCopyToStdout: COPY events TO STDOUT into io.Discard, the
// cheapest way to move the table out of PostgreSQL (a floor for reading it
// into any local engine).
func BenchmarkPostgresCopyToStdout(b *testing.B) {
	e := benchEngine(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		conn, err := pgx.Connect(ctx, pgDSNB(b))
		require.NoError(b, err)
		tag, err := conn.PgConn().CopyTo(ctx, io.Discard, "COPY events TO STDOUT")
		require.NoError(b, err)
		require.EqualValues(b, benchRows, tag.RowsAffected())
		require.NoError(b, conn.Close(ctx))
	}
	_ = e
}
