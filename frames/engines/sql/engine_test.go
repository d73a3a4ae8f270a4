package sql_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	sqlengine "github.com/sealane/sealane/frames/engines/sql"
)

// engines runs f on a fresh database of each dialect.
func engines(t *testing.T, f func(t *testing.T, e *sqlengine.Engine)) {
	t.Run("postgres", func(t *testing.T) {
		e, err := sqlengine.OpenPostgres(context.Background(), pgDSN(t))
		require.NoError(t, err)
		t.Cleanup(func() { _ = e.Close() })
		f(t, e)
	})
	t.Run("sqlite", func(t *testing.T) {
		e := newSQLite(t)
		t.Cleanup(func() { _ = e.Close() })
		f(t, e)
	})
}

type order struct {
	ID       int64   `frame:"id"`
	Customer string  `frame:"customer"`
	Amount   float64 `frame:"amount"`
}

type perCustomer struct {
	Customer *string  `frame:"customer"`
	N        int64    `frame:"n"`
	Total    *float64 `frame:"total"`
}

func ptr[T any](v T) *T { return &v }

// TestTablesAndQueries reads a table of the database and a named query,
// with schemas inferred from the database, joined with an in-memory frame.
func TestTablesAndQueries(t *testing.T) {
	engines(t, func(t *testing.T, e *sqlengine.Engine) {
		ctx := context.Background()
		_, err := e.DB().ExecContext(ctx, `CREATE TABLE orders (id BIGINT NOT NULL, customer TEXT, amount DOUBLE PRECISION)`)
		require.NoError(t, err)
		_, err = e.DB().ExecContext(ctx, `INSERT INTO orders VALUES (1, 'ann', 10.5), (2, 'bob', 3), (3, 'ann', 1.5), (4, NULL, 7)`)
		require.NoError(t, err)

		orders := frames.Table(ctx, "orders", frames.On(e))
		require.NoError(t, orders.Err())
		assert.Equal(t, "id", orders.Schema().Field(0).Name)
		assert.Equal(t, arrow.PrimitiveTypes.Int64, orders.Schema().Field(0).Type)
		assert.Equal(t, arrow.PrimitiveTypes.Float64, orders.Schema().Field(2).Type)

		f := orders.Filter(frames.Col("customer").IsNotNull()).
			GroupBy("customer").Agg(frames.CountAll().Alias("n"), frames.Col("amount").Sum().Alias("total")).
			Sort("customer")
		got, err := frames.Collect[perCustomer](ctx, f)
		require.NoError(t, err)
		assert.Equal(t, []perCustomer{{ptr("ann"), 2, ptr(12.0)}, {ptr("bob"), 1, ptr(3.0)}}, got)

		e.AddQuery("big_orders", "SELECT id, amount FROM orders WHERE amount > 5")
		big := frames.Table(ctx, "big_orders", frames.On(e))
		require.NoError(t, big.Err())
		names := frames.FromRows([]struct {
			ID   int64  `frame:"id"`
			Note string `frame:"note"`
		}{{1, "first"}, {4, "fourth"}, {9, "none"}}, frames.On(e))
		joined := big.Join(names, []string{"id"}, frames.Inner).Sort("id")
		type row struct {
			ID     *int64   `frame:"id"`
			Amount *float64 `frame:"amount"`
			Note   string   `frame:"note"`
		}
		rows, err := frames.Collect[row](ctx, joined)
		require.NoError(t, err)
		assert.Equal(t, []row{{ptr(int64(1)), ptr(10.5), "first"}, {ptr(int64(4)), ptr(7.0), "fourth"}}, rows)

		e.AddQuery("order_count", "SELECT count(*) AS n FROM orders")
		counted := frames.Table(ctx, "order_count", frames.On(e))
		if e.Name() == sqlengine.SQLiteName {
			// SQLite declares no type for expression columns.
			require.ErrorIs(t, counted.Err(), engine.ErrUnsupported)
			assert.Contains(t, counted.Err().Error(), "WithSchema")
		} else {
			require.NoError(t, counted.Err())
			assert.Equal(t, arrow.PrimitiveTypes.Int64, counted.Schema().Field(0).Type)
		}

		sql, err := joined.Explain()
		require.NoError(t, err)
		assert.Contains(t, sql, "amount > 5", "the named query runs inside the plan's SQL")
	})
}

// TestLargeInMemorySource copies 200,000 rows into a temporary table (COPY
// on PostgreSQL, batched INSERTs on SQLite): no row limit, every row read.
func TestLargeInMemorySource(t *testing.T) {
	engines(t, func(t *testing.T, e *sqlengine.Engine) {
		ctx := context.Background()
		const n = 200_000
		b := array.NewInt64Builder(memory.DefaultAllocator)
		for i := range n {
			b.Append(int64(i))
		}
		col := b.NewArray()
		defer col.Release()
		sc := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
		rec := array.NewRecordBatch(sc, []arrow.Array{col}, n)
		defer rec.Release()
		f := frames.FromArrow(sc, []arrow.RecordBatch{rec}, frames.On(e)).
			Agg(frames.CountAll().Alias("n"), frames.Col("x").Sum().Alias("s"))
		type res struct {
			N int64  `frame:"n"`
			S *int64 `frame:"s"`
		}
		got, err := frames.Collect[res](ctx, f)
		require.NoError(t, err)
		require.Equal(t, []res{{n, ptr(int64(n * (n - 1) / 2))}}, got)
	})
}

// TestPostgresCancelStopsTheQuery cancels a running query: Execute
// reports context.Canceled, the server no longer runs the query, and the
// engine goes on working.
func TestPostgresCancelStopsTheQuery(t *testing.T) {
	ctx := context.Background()
	e, err := sqlengine.OpenPostgres(ctx, pgDSN(t))
	require.NoError(t, err)
	defer e.Close()
	_, err = e.DB().ExecContext(ctx, `CREATE FUNCTION slow(x BIGINT) RETURNS BIGINT AS 'SELECT x FROM pg_sleep(0.1)' LANGUAGE SQL`)
	require.NoError(t, err)
	e.AddQuery("slow", "SELECT slow(g) AS g FROM generate_series(1, 10000) AS g")
	src := frames.FromRows([]struct {
		G int64 `frame:"g"`
	}{{1}, {2}}, frames.On(e))
	f := frames.Table(ctx, "slow", frames.On(e)).Join(src, []string{"g"}, frames.Inner)
	require.NoError(t, f.Err())

	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(300*time.Millisecond, cancel)
	rdr, err := e.Execute(cctx, f.Plan()) // the result is sorted: the query runs inside Execute
	if err == nil {
		for rdr.Next() {
		}
		err = rdr.Err()
		rdr.Release()
	}
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)

	// The server learns of the cancel request asynchronously; it must stop
	// the query (without one it would run for 1,000 s).
	assert.Eventually(t, func() bool {
		var running int
		require.NoError(t, e.DB().QueryRowContext(ctx,
			`SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%slow(g)%' AND state = 'active' AND pid <> pg_backend_pid()`).Scan(&running))
		return running == 0
	}, 10*time.Second, 20*time.Millisecond, "the server still runs the cancelled query")

	n, err := frames.Collect[struct {
		G int64 `frame:"g"`
	}](ctx, src)
	require.NoError(t, err, "the engine works after a cancellation")
	assert.Len(t, n, 2)
}

// TestTypesRoundTrip sends every frames type through a temporary table and
// back.
func TestTypesRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, e *sqlengine.Engine) {
		fields := []arrow.Field{
			{Name: "b", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
			{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
			{Name: "i32", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
			{Name: "f32", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
			{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
			{Name: "bin", Type: arrow.BinaryTypes.Binary, Nullable: true},
			{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
			{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
			{Name: "tn", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
			{Name: "dec", Type: &arrow.Decimal128Type{Precision: 12, Scale: 3}, Nullable: true},
		}
		data := `[
			{"b": true, "i8": -7, "i32": 42, "f32": 1.5, "s": "it's \"q\" ü", "bin": "AAEC", "d": "2024-02-29", "ts": "2024-02-29T23:59:59.123456Z", "tn": "1999-12-31T00:00:00.5", "dec": "123.456"},
			{"b": null, "i8": null, "i32": null, "f32": null, "s": null, "bin": null, "d": null, "ts": null, "tn": null, "dec": null}
		]`
		if e.Name() == sqlengine.PostgresName {
			fields = append(fields, arrow.Field{Name: "l", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true})
			data = strings.ReplaceAll(data, `"dec": "123.456"}`, `"dec": "123.456", "l": ["a,b", null, "c\"d"]}`)
			data = strings.ReplaceAll(data, `"dec": null}`, `"dec": null, "l": null}`)
		}
		sc := arrow.NewSchema(fields, nil)
		rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, sc, strings.NewReader(data))
		require.NoError(t, err)
		defer rec.Release()
		f := frames.FromArrow(sc, []arrow.RecordBatch{rec}, frames.On(e))
		rdr, err := e.Execute(context.Background(), f.Plan())
		require.NoError(t, err)
		defer rdr.Release()
		require.True(t, rdr.Next(), "%v", rdr.Err())
		got := rdr.RecordBatch()
		for i := range fields {
			assert.True(t, array.Equal(rec.Column(i), got.Column(i)), "column %s: sent %v, got %v", fields[i].Name, rec.Column(i), got.Column(i))
		}
		require.False(t, rdr.Next())
		require.NoError(t, rdr.Err())
	})
}

// TestUnsupportedAtBuildTime: what a dialect does not declare fails when
// the frame is built, naming the engine.
func TestUnsupportedAtBuildTime(t *testing.T) {
	e := newSQLite(t)
	defer e.Close()
	f := frames.FromRows([]order{{1, "a", 1}}, frames.On(e)).GroupBy("customer").Agg(frames.Col("amount").Median())
	require.ErrorIs(t, f.Err(), engine.ErrUnsupported)
	assert.Contains(t, f.Err().Error(), `"sqlite"`)
	assert.Contains(t, f.Err().Error(), "median")
}

// TestCastFloatToString: floats cast to strings read 6.0, not 6, as on the
// DuckDB and warehouse engines.
func TestCastFloatToString(t *testing.T) {
	engines(t, func(t *testing.T, e *sqlengine.Engine) {
		f := frames.FromRows([]struct {
			X float64 `frame:"x"`
		}{{6}, {0.5}, {-1234567}, {2.25}}, frames.On(e)).
			CastColumns(map[string]arrow.DataType{"x": arrow.BinaryTypes.String})
		got, err := frames.Collect[struct {
			X *string `frame:"x"`
		}](context.Background(), f)
		require.NoError(t, err)
		var texts []string
		for _, r := range got {
			texts = append(texts, *r.X)
		}
		assert.Equal(t, []string{"6.0", "0.5", "-1234567.0", "2.25"}, texts)
	})
}
