package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// demo starts an embedded warehouse on a loopback port and shows the kernel
// against it over real HTTP: the seed's smoke (SELECT 1, then a large
// range()), parameters, metadata, cancellation and a typed error.
func demo(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	rows := fs.Int("rows", 1_000_000, "rows in the large result")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	eng, err := duckengine.Open(ctx, duckengine.Config{})
	if err != nil {
		return err
	}
	defer func() { _ = eng.Close() }()
	const token = "dapi-demo"
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{token}, DirectResultsWait: 200 * time.Millisecond})
	defer func() { _ = srv.Close() }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = httpSrv.Serve(ln) }()
	defer func() { _ = httpSrv.Close() }()

	host := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "sealane local warehouse on %s  http_path=%s\n\n", host, srv.Config().HTTPPath())
	start := time.Now()
	conn, err := kernel.Connect(ctx, kernel.NewConfig(kernel.WithHost(host), kernel.WithHTTPPath(srv.Config().HTTPPath()),
		kernel.WithAccessToken(token), kernel.WithNamespace("main", "default"), kernel.WithSessionConf("TIMEZONE", "UTC")))
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	fmt.Fprintf(out, "session %s opened in %s\n\n", conn.SessionID(), time.Since(start).Round(time.Microsecond))

	step := func(title string) { fmt.Fprintf(out, "── %s\n", title) }
	run := func(sql string, args ...any) error {
		start := time.Now()
		rdr, err := conn.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		var nrows, batches, bytes int64
		var first arrow.RecordBatch
		for rdr.Next() {
			rec := rdr.RecordBatch()
			if first == nil && rec.NumRows() > 0 {
				first = rec.NewSlice(0, min(rec.NumRows(), 3))
			}
			nrows += rec.NumRows()
			batches++
			bytes += recordBytes(rec)
		}
		if err := rdr.Err(); err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Fprintf(out, "   %d rows, %d batches, %.1f MB, %s", nrows, batches, float64(bytes)/1e6, el.Round(time.Microsecond))
		if nrows > 100_000 {
			fmt.Fprintf(out, ", %.1f M rows/s", float64(nrows)/el.Seconds()/1e6)
		}
		fmt.Fprintln(out)
		if first != nil {
			printRows(out, first)
			first.Release()
		}
		return nil
	}

	step("1. SELECT 1: one round trip (direct results, no poll, no DELETE)")
	if err := run("SELECT 1 AS one"); err != nil {
		return err
	}
	step(fmt.Sprintf("2. %d rows via range(): CloudFetch links, LZ4, batches coalesced to 128k rows", *rows))
	if err := run(fmt.Sprintf("SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third FROM range(%d)", *rows)); err != nil {
		return err
	}
	step("3. parameters are bound, never spliced: named :name and typed values")
	if err := run("SELECT :city AS city, CAST(:n AS BIGINT) * 2 AS doubled", kernel.Named("city", "O'Hare"), kernel.Named("n", int64(21))); err != nil {
		return err
	}
	step("4. metadata the official clients ask for")
	created, err := conn.Query(ctx, "CREATE TABLE trips AS SELECT id, 'city_' || (id % 7) AS city FROM range(1000)")
	if err != nil {
		return err
	}
	created.Release()
	if err := run("SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*'"); err != nil {
		return err
	}
	step("5. cancellation: a context deadline cancels the statement on the server")
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	start = time.Now()
	_, err = conn.Query(cctx, "SELECT count(*) FROM range(1000000000000)")
	cancel()
	fmt.Fprintf(out, "   returned after %s: %v\n", time.Since(start).Round(time.Millisecond), err)
	step("6. a failing statement: a typed error with SQLSTATE and statement id")
	_, err = conn.Query(ctx, "SELECT * FROM no_such_table")
	var ke *kernel.Error
	if errors.As(err, &ke) {
		fmt.Fprintf(out, "   errors.Is(err, kernel.ErrStatementFailed)=%v sqlstate=%s statement=%s\n   %s\n",
			errors.Is(err, kernel.ErrStatementFailed), ke.SQLState, ke.StatementID, firstLine(ke.Message))
	}
	step("7. typed frames: a lazy, schema-checked plan on swappable engines")
	return demoFrames(ctx, conn, out)
}

func printRows(out io.Writer, rec arrow.RecordBatch) {
	names := make([]string, rec.NumCols())
	for i, f := range rec.Schema().Fields() {
		names[i] = f.Name
	}
	fmt.Fprintf(out, "   %s\n", strings.Join(names, " | "))
	for r := 0; r < int(rec.NumRows()); r++ {
		cells := make([]string, rec.NumCols())
		for i := range cells {
			cells[i] = cell(rec.Column(i), r)
		}
		fmt.Fprintf(out, "   %s\n", strings.Join(cells, " | "))
	}
}

func cell(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "NULL"
	}
	return a.ValueStr(i)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// recordBytes sums the sizes of a batch's buffers.
func recordBytes(rec arrow.RecordBatch) int64 {
	var n int64
	var walk func(d arrow.ArrayData)
	walk = func(d arrow.ArrayData) {
		for _, b := range d.Buffers() {
			if b != nil {
				n += int64(b.Len())
			}
		}
		for _, c := range d.Children() {
			walk(c)
		}
	}
	for _, col := range rec.Columns() {
		walk(col.Data())
	}
	return n
}
