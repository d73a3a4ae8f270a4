//go:build duckdb_arrow

// Command breakdown splits the time of framesbench's queries on DuckDB into
// execution, result materialisation, chunk fetching and Arrow conversion,
// and compares duckdb-go's (materialising) Arrow reader with a streaming
// read through duckdb-go-bindings on the same database. Modes: count
// (count(*) over the query), agg (max of every output column), arrow
// (duckdb-go: QueryContext, drain, total), raw and stream (bindings,
// materialised or streaming: execute, fetch, convert, total).
//
// The bindings reach duckdb-go's database only through its exported
// instance cache, which duckdb-go uses for file-backed databases only
// (":memory:name" is not a valid DSN), so the tool runs on a temporary
// database file; the queries read Parquet and never touch its storage.
//
//	go run ./bench/framesbench/breakdown -data /tmp/fbdata-go -reps 3 -queries filter_with_columns,sort
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

func main() {
	dir := flag.String("data", "/tmp/fbdata-go", "framesbench data directory")
	reps := flag.Int("reps", 3, "repetitions (median)")
	only := flag.String("queries", "filter_with_columns,sort", "queries")
	modes := flag.String("modes", "count,ctas,arrow,raw,stream", "modes")
	threads := flag.Int("threads", 0, "DuckDB threads (0: default)")
	sbuf := flag.String("sbuf", "", "streaming_buffer_size for the stream mode, e.g. 1GB")
	prof := flag.String("cpuprofile", "", "write a CPU profile")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	// duckdb-go cannot open a named in-memory database (":memory:x" is not
	// a URL), so both sides share a file-backed one through the instance
	// cache; the queries read Parquet and never touch its storage.
	name := filepath.Join(os.TempDir(), fmt.Sprintf("breakdown-%d.duckdb", os.Getpid()))
	defer func() { _ = os.Remove(name); _ = os.Remove(name + ".wal") }()
	ext := filepath.Join(os.TempDir(), "sealane-duckdb-extensions")
	settings := []string{
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = true",
		"SET extension_directory = '" + ext + "'",
	}
	if *threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", *threads))
	}
	connector, err := duckdb.NewConnector(name, func(ex driver.ExecerContext) error {
		for _, s := range settings {
			if _, err := ex.ExecContext(ctx, s, nil); err != nil {
				return err
			}
		}
		return nil
	})
	check(err)
	db := sql.OpenDB(connector)
	defer func() { _ = db.Close() }()
	check(db.PingContext(ctx))

	// The same database, reached through the bindings.
	var cfg bindings.Config
	bindings.CreateConfig(&cfg)
	bindings.SetConfig(cfg, "duckdb_api", "go")
	var rdb bindings.Database
	var msg string
	if bindings.GetOrCreateFromCache(duckdb.GetInstanceCache(), name, &rdb, cfg, &msg) == bindings.StateError {
		panic(msg)
	}
	bindings.DestroyConfig(&cfg)
	defer bindings.Close(&rdb)
	var rc bindings.Connection
	if bindings.Connect(rdb, &rc) == bindings.StateError {
		panic("connect")
	}
	defer bindings.Disconnect(&rc)
	for _, s := range settings {
		var r bindings.Result
		if bindings.Query(rc, s, &r) == bindings.StateError {
			panic(bindings.ResultError(&r))
		}
		bindings.DestroyResult(&r)
	}

	if *sbuf != "" {
		var r bindings.Result
		if bindings.Query(rc, "SET streaming_buffer_size = '"+*sbuf+"'", &r) == bindings.StateError {
			panic(bindings.ResultError(&r))
		}
		bindings.DestroyResult(&r)
	}
	for _, q := range strings.Split(*only, ",") {
		sqlq := rawSQL(*dir, q)
		for _, m := range strings.Split(*modes, ",") {
			var ts [][]time.Duration
			var rows int64
			for range *reps {
				var t []time.Duration
				switch m {
				case "count":
					t, rows = runCount(ctx, db, sqlq)
				case "agg":
					t, rows = runAgg(ctx, db, sqlq)
				case "ctas":
					t, rows = runCTAS(ctx, db, sqlq)
				case "arrow":
					t, rows = runArrow(ctx, db, sqlq)
				case "raw":
					t, rows = runRaw(rc, sqlq, false)
				case "stream":
					t, rows = runRaw(rc, sqlq, true)
				}
				ts = append(ts, t)
			}
			fmt.Printf("%-20s %-7s rows=%-9d %s\n", q, m, rows, med(ts))
		}
	}
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// med formats the per-phase medians (and the total).
func med(ts [][]time.Duration) string {
	var parts []string
	for i := range ts[0] {
		var v []time.Duration
		for _, t := range ts {
			v = append(v, t[i])
		}
		slices.Sort(v)
		parts = append(parts, fmt.Sprintf("%7.3f", v[len(v)/2].Seconds()))
	}
	return strings.Join(parts, " ")
}

func runCount(ctx context.Context, db *sql.DB, q string) ([]time.Duration, int64) {
	start := time.Now()
	var n int64
	check(db.QueryRowContext(ctx, "SELECT count(*) FROM ("+q+")").Scan(&n))
	return []time.Duration{time.Since(start)}, n
}

// runAgg executes the query feeding every column into an aggregate:
// execution without materialising or exporting the result.
func runAgg(ctx context.Context, db *sql.DB, q string) ([]time.Duration, int64) {
	conn, err := db.Conn(ctx)
	check(err)
	defer func() { _ = conn.Close() }()
	rows, err := conn.QueryContext(ctx, "SELECT * FROM ("+q+") LIMIT 0")
	check(err)
	cols, err := rows.Columns()
	check(err)
	check(rows.Close())
	aggs := []string{"count(*)"}
	for _, c := range cols {
		aggs = append(aggs, "max(\""+c+"\")")
	}
	start := time.Now()
	var n int64
	dst := make([]any, len(aggs))
	dst[0] = &n
	for i := 1; i < len(dst); i++ {
		dst[i] = new(any)
	}
	check(conn.QueryRowContext(ctx, "SELECT "+strings.Join(aggs, ", ")+" FROM ("+q+")").Scan(dst...))
	return []time.Duration{time.Since(start)}, n
}

// runCTAS materialises every column into a temporary table (execution
// without any export).
func runCTAS(ctx context.Context, db *sql.DB, q string) ([]time.Duration, int64) {
	conn, err := db.Conn(ctx)
	check(err)
	defer func() { _ = conn.Close() }()
	start := time.Now()
	_, err = conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE __bd AS "+q)
	check(err)
	d := time.Since(start)
	var n int64
	check(conn.QueryRowContext(ctx, "SELECT count(*) FROM __bd").Scan(&n))
	_, err = conn.ExecContext(ctx, "DROP TABLE __bd")
	check(err)
	return []time.Duration{d}, n
}

// runArrow: duckdb-go's Arrow interface, QueryContext then drain.
func runArrow(ctx context.Context, db *sql.DB, q string) ([]time.Duration, int64) {
	conn, err := db.Conn(ctx)
	check(err)
	defer func() { _ = conn.Close() }()
	var t []time.Duration
	var rows int64
	check(conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		check(err)
		start := time.Now()
		rdr, err := ar.QueryContext(ctx, q)
		check(err)
		t0 := time.Since(start)
		for rdr.Next() {
			rows += rdr.RecordBatch().NumRows()
		}
		check(rdr.Err())
		t1 := time.Since(start)
		rdr.Release()
		t = []time.Duration{t0, t1 - t0, time.Since(start)}
		return nil
	}))
	return t, rows
}

// runRaw: bindings; execute (materialised or streaming), then fetch and
// convert, timed separately: [execute, fetch, convert, total].
func runRaw(c bindings.Connection, q string, streaming bool) ([]time.Duration, int64) {
	start := time.Now()
	var ps bindings.PreparedStatement
	if bindings.Prepare(c, q, &ps) == bindings.StateError {
		panic(bindings.PrepareError(ps))
	}
	defer bindings.DestroyPrepare(&ps)
	var pend bindings.PendingResult
	var st bindings.State
	if streaming {
		st = bindings.PendingPreparedStreaming(ps, &pend)
	} else {
		st = bindings.PendingPrepared(ps, &pend)
	}
	if st == bindings.StateError {
		panic(bindings.PendingError(pend))
	}
	var res bindings.Result
	if bindings.ExecutePending(pend, &res) == bindings.StateError {
		panic(bindings.ResultError(&res))
	}
	bindings.DestroyPending(&pend)
	defer bindings.DestroyResult(&res)
	tExec := time.Since(start)
	opts := bindings.ResultGetArrowOptions(&res)
	defer bindings.DestroyArrowOptions(&opts)
	cc := bindings.ColumnCount(&res)
	names := make([]string, cc)
	types := make([]bindings.LogicalType, cc)
	for i := range cc {
		names[i] = bindings.ColumnName(&res, i)
		types[i] = bindings.ColumnLogicalType(&res, i)
	}
	schema, ed := bindings.NewArrowSchema(opts, types, names)
	if bindings.ErrorDataHasError(ed) {
		panic(bindings.ErrorDataMessage(ed))
	}
	bindings.DestroyErrorData(&ed)
	var fetch, conv time.Duration
	var rows int64
	for {
		t0 := time.Now()
		ch := bindings.FetchChunk(res)
		t1 := time.Now()
		fetch += t1.Sub(t0)
		if ch.Ptr == nil {
			break
		}
		rec, ed := bindings.DataChunkToArrowArray(opts, schema, ch)
		if bindings.ErrorDataHasError(ed) {
			panic(bindings.ErrorDataMessage(ed))
		}
		bindings.DestroyErrorData(&ed)
		bindings.DestroyDataChunk(&ch)
		rows += rec.NumRows()
		rec.Release()
		conv += time.Since(t1)
	}
	return []time.Duration{tExec, fetch, conv, time.Since(start)}, rows
}

func rawSQL(dir, name string) string {
	fact := "read_parquet('" + filepath.Join(dir, "fact.parquet") + "')"
	switch name {
	case "filter_with_columns":
		return "SELECT *, x * 2.0 + 1.0 AS y, upper(s) AS s_upper FROM " + fact + " WHERE x > 0.5 AND g <> 7"
	case "sort":
		return "SELECT * FROM " + fact + " ORDER BY x DESC"
	case "join":
		dim := "read_parquet('" + filepath.Join(dir, "dim.parquet") + "')"
		return "SELECT f.*, d.name, d.w FROM " + fact + " f JOIN " + dim + " d ON f.k = d.k"
	}
	panic(name)
}
