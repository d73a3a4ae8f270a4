package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/csv"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// queryOptions are the flags of `sealane query`.
type queryOptions struct {
	local                 bool
	host, httpPath, token string
	format, output        string
	maxTableRows          int
	progress              bool
	sql                   string
}

func parseQuery(args []string, getenv func(string) string) (*queryOptions, error) {
	o := &queryOptions{}
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.BoolVar(&o.local, "local", false, "run against an embedded local warehouse (in-process, in-memory DuckDB)")
	fs.StringVar(&o.host, "host", getenv("DATABRICKS_HOST"), "workspace host or URL (env DATABRICKS_HOST)")
	fs.StringVar(&o.httpPath, "http-path", getenv("DATABRICKS_HTTP_PATH"), "warehouse http_path (env DATABRICKS_HTTP_PATH, or DATABRICKS_WAREHOUSE_ID)")
	fs.StringVar(&o.token, "token", getenv("DATABRICKS_TOKEN"), "personal access token (env DATABRICKS_TOKEN)")
	fs.StringVar(&o.format, "format", "table", "output format: table, csv, json (one object per line), parquet, arrow (IPC stream)")
	fs.StringVar(&o.output, "o", "", "write to this file instead of stdout")
	fs.IntVar(&o.maxTableRows, "max-rows", 1000, "rows shown by --format table (0 = all)")
	fs.BoolVar(&o.progress, "progress", true, "show download progress on stderr when it is a terminal")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, errors.New("query: give exactly one SQL statement (quote it)")
	}
	o.sql = fs.Arg(0)
	if o.httpPath == "" {
		if id := getenv("DATABRICKS_WAREHOUSE_ID"); id != "" {
			o.httpPath = "/sql/1.0/warehouses/" + id
		}
	}
	switch o.format {
	case "table", "csv", "json", "parquet", "arrow":
	default:
		return nil, fmt.Errorf("query: unknown --format %q (table, csv, json, parquet, arrow)", o.format)
	}
	if (o.format == "parquet" || o.format == "arrow") && o.output == "" {
		return nil, fmt.Errorf("query: --format %s needs -o FILE", o.format)
	}
	if !o.local && (o.host == "" || o.httpPath == "" || o.token == "") {
		return nil, errors.New("query: give --local, or --host, --http-path and --token (or DATABRICKS_HOST, DATABRICKS_HTTP_PATH, DATABRICKS_TOKEN)")
	}
	return o, nil
}

func query(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseQuery(args, os.Getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	cfg := kernel.NewConfig(kernel.WithHost(o.host), kernel.WithHTTPPath(o.httpPath), kernel.WithAccessToken(o.token))
	if o.local {
		stop, localCfg, err := startLocal(ctx)
		if err != nil {
			return err
		}
		defer stop()
		cfg = localCfg
	}
	conn, err := kernel.Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	rdr, err := conn.Query(ctx, o.sql)
	if err != nil {
		return err
	}
	defer rdr.Release()

	var counted rowCounter
	if o.progress && isTerminal(os.Stderr) {
		stop := counted.report(os.Stderr)
		defer stop()
	}
	if o.output == "" {
		bw := bufio.NewWriterSize(stdout, 1<<20)
		if err := writeResult(o, &counted, rdr, bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeAtomically(o.output, func(w io.Writer) error { return writeResult(o, &counted, rdr, w) })
}

// writeAtomically writes a file through a temporary file beside it that is
// renamed over path only once write has succeeded and the data is on disk:
// a failure midway (a dropped connection, Ctrl-C) leaves nothing at path,
// never a file that ends on a clean row and looks complete.
func writeAtomically(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return fmt.Errorf("query: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// startLocal runs an in-memory warehouse on a loopback port for --local,
// guarded by a token of its own (other local users could reach the port).
// SQL may read files under the working directory, as the one user running
// the command expects (read_csv('data.csv'), 'trips.parquet').
func startLocal(ctx context.Context) (func(), kernel.Config, error) {
	eng, err := duckengine.Open(ctx, duckengine.Config{AllowedDirectories: []string{"."}})
	if err != nil {
		return nil, kernel.Config{}, err
	}
	token := generateToken()
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{token}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = eng.Close()
		return nil, kernel.Config{}, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	stop := func() {
		_ = hs.Close()
		_ = srv.Close()
		_ = eng.Close()
	}
	cfg := kernel.NewConfig(kernel.WithHost("http://"+ln.Addr().String()), kernel.WithHTTPPath(srv.Config().HTTPPath()),
		kernel.WithAccessToken(token))
	return stop, cfg, nil
}

// writeResult streams rdr to w in the chosen format.
func writeResult(o *queryOptions, counted *rowCounter, rdr array.RecordReader, w io.Writer) error {
	each := func(fn func(rec arrow.RecordBatch) error) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			counted.add(rec.NumRows())
			if err := fn(rec); err != nil {
				return err
			}
		}
		return rdr.Err()
	}
	switch o.format {
	case "csv":
		cw := csv.NewWriter(w, rdr.Schema(), csv.WithHeader(true), csv.WithNullWriter(""))
		if err := each(cw.Write); err != nil {
			return err
		}
		return cw.Flush()
	case "json":
		return each(func(rec arrow.RecordBatch) error { return array.RecordToJSON(rec, w) })
	case "arrow":
		iw := ipc.NewWriter(w, ipc.WithSchema(rdr.Schema()))
		if err := each(iw.Write); err != nil {
			return err
		}
		return iw.Close()
	case "parquet":
		// Row groups of at most 1Mi rows bound what the writer buffers.
		props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithMaxRowGroupLength(1<<20))
		pw, err := pqarrow.NewFileWriter(rdr.Schema(), w, props, pqarrow.DefaultWriterProps())
		if err != nil {
			return fmt.Errorf("query: parquet: %w", err)
		}
		if err := each(pw.WriteBuffered); err != nil {
			return err
		}
		return pw.Close()
	}
	return writeTable(o.maxTableRows, rdr, counted, w)
}

// writeTable prints an aligned table of at most maxRows rows.
func writeTable(maxRows int, rdr array.RecordReader, counted *rowCounter, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	names := make([]string, rdr.Schema().NumFields())
	for i, f := range rdr.Schema().Fields() {
		names[i] = f.Name
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	shown, total := 0, int64(0)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		counted.add(rec.NumRows())
		total += rec.NumRows()
		for r := 0; r < int(rec.NumRows()) && (maxRows == 0 || shown < maxRows); r++ {
			cells := make([]string, rec.NumCols())
			for c := range cells {
				cells[c] = cell(rec.Column(c), r)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
			shown++
		}
	}
	if err := rdr.Err(); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if int64(shown) < total {
		fmt.Fprintf(w, "(%d of %d rows shown; use --max-rows 0 or another --format for all)\n", shown, total)
	} else {
		fmt.Fprintf(w, "(%d rows)\n", total)
	}
	return nil
}

// rowCounter counts rows written, for the progress line.
type rowCounter struct{ rows atomic.Int64 }

func (c *rowCounter) add(n int64) { c.rows.Add(n) }

// report prints the count to w every 200 ms until stopped.
func (c *rowCounter) report(w io.Writer) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprintf(w, "\r%d rows in %s\n", c.rows.Load(), time.Since(start).Round(time.Millisecond))
				return
			case <-t.C:
				fmt.Fprintf(w, "\r%d rows…", c.rows.Load())
			}
		}
	}()
	return func() { close(done); <-finished }
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
