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

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// demo starts an embedded warehouse on a loopback port and walks through
// what it does over real HTTP. The kernel issue turns this into the
// kernel's showcase; for now it speaks the wire through package rawsea.
func demo(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	rows := fs.Int("rows", 2_000_000, "rows in the large result")
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
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{token}, ChunkBytes: 4 << 20})
	defer func() { _ = srv.Close() }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = httpSrv.Serve(ln) }()
	defer func() { _ = httpSrv.Close() }()

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "sealane local warehouse on %s  http_path=%s\n\n", base, srv.Config().HTTPPath())
	c := &rawsea.Client{BaseURL: base, Token: token, WarehouseID: srv.Config().WarehouseID, UserAgent: "sealane-demo/0.1"}

	sid, err := c.CreateSession(ctx, sea.CreateSessionRequest{Catalog: "main", Schema: "default", SessionConfs: map[string]string{"TIMEZONE": "UTC"}})
	if err != nil {
		return err
	}
	defer func() { _ = c.DeleteSession(context.WithoutCancel(ctx), sid) }()
	step := func(title string) { fmt.Fprintf(out, "── %s\n", title) }
	exec := func(req sea.ExecuteStatementRequest) (*sea.StatementResponse, error) {
		req.SessionID = sid
		resp, err := c.Execute(ctx, req)
		if err != nil {
			return nil, err
		}
		return c.Wait(ctx, resp, 50*time.Millisecond)
	}

	step("1. create a table with generated data (DuckDB SQL, Spark's range() column id)")
	if _, err := exec(sea.ExecuteStatementRequest{Statement: `CREATE TABLE trips AS
		SELECT id, 'city_' || (id % 7) AS city, CAST(round(random() * 100, 2) AS DECIMAL(10,2)) AS fare,
		       TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL (id) SECOND AS started
		FROM range(100000)`}); err != nil {
		return err
	}
	fmt.Fprintln(out, "   trips: 100000 rows")

	step("2. direct results: no wait_timeout, whole result inline, state CLOSED (no DELETE needed)")
	resp, err := exec(sea.ExecuteStatementRequest{
		Statement:   "SELECT city, count(*) AS trips, sum(fare) AS revenue FROM trips WHERE id < :limit GROUP BY city ORDER BY city",
		Parameters:  []sea.Parameter{{Name: "limit", Type: "BIGINT", Value: sea.StringPtr("50000")}},
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame,
	})
	if err != nil {
		return err
	}
	if err := printArrow(ctx, out, c, resp); err != nil {
		return err
	}

	step(fmt.Sprintf("3. a large result over external links (CloudFetch style), LZ4_FRAME: %d rows", *rows))
	start := time.Now()
	resp, err = exec(sea.ExecuteStatementRequest{
		Statement:   fmt.Sprintf("SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third FROM range(%d)", *rows),
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame,
		WaitTimeout: "0s",
	})
	if err != nil {
		return err
	}
	chunks, err := c.ChunkBytes(ctx, resp)
	if err != nil {
		return err
	}
	var wire int
	for _, b := range chunks {
		wire += len(b)
	}
	recs, err := rawsea.DecodeArrow(chunks, resp.Manifest.ResultCompression, false)
	if err != nil {
		return err
	}
	var got int64
	for _, r := range recs {
		got += r.NumRows()
		r.Release()
	}
	el := time.Since(start)
	fmt.Fprintf(out, "   %d chunks, %d rows (manifest %d), %.1f MB on the wire (%.1f MB uncompressed), %s, %.1f M rows/s\n",
		len(chunks), got, resp.Manifest.TotalRowCount, float64(wire)/1e6, float64(resp.Manifest.TotalByteCount)/1e6,
		el.Round(time.Millisecond), float64(got)/el.Seconds()/1e6)
	_ = c.Close(ctx, resp.StatementID)

	step("4. metadata the official clients ask for")
	resp, err = exec(sea.ExecuteStatementRequest{Statement: "SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*' LIKE '*'",
		Disposition: sea.DispositionInline, Format: sea.FormatJSONArray})
	if err != nil {
		return err
	}
	for _, row := range resp.Result.DataArray {
		fmt.Fprintf(out, "   %s.%s.%s (%s)\n", *row[4], *row[0], *row[1], *row[5])
	}

	step("5. async submit, then cancel a long query: DuckDB is really interrupted")
	resp, err = c.Execute(ctx, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT count(*) FROM range(1000000000000)", WaitTimeout: "0s"})
	if err != nil {
		return err
	}
	time.Sleep(200 * time.Millisecond)
	start = time.Now()
	if err := c.Cancel(ctx, resp.StatementID); err != nil {
		return err
	}
	resp, err = c.Wait(ctx, resp, 10*time.Millisecond)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   state %s after %s\n", resp.Status.State, time.Since(start).Round(time.Millisecond))

	step("6. a failing statement: HTTP 200, state FAILED, SQLSTATE")
	resp, err = exec(sea.ExecuteStatementRequest{Statement: "SELECT * FROM no_such_table"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   state %s, sql_state %s\n   %s\n", resp.Status.State, resp.Status.SQLState, firstLine(resp.Status.Error.Message))
	return nil
}

func printArrow(ctx context.Context, out io.Writer, c *rawsea.Client, resp *sea.StatementResponse) error {
	chunks, err := c.ChunkBytes(ctx, resp)
	if err != nil {
		return err
	}
	recs, err := rawsea.DecodeArrow(chunks, resp.Manifest.ResultCompression, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   state %s, %d rows, columns:", resp.Status.State, resp.Manifest.TotalRowCount)
	for _, col := range resp.Manifest.Schema.Columns {
		fmt.Fprintf(out, " %s %s", col.Name, col.TypeText)
	}
	fmt.Fprintln(out)
	for _, rec := range recs {
		for r := 0; r < int(rec.NumRows()); r++ {
			cells := make([]string, rec.NumCols())
			for i := range cells {
				cells[i] = cell(rec.Column(i), r)
			}
			fmt.Fprintf(out, "   %s\n", strings.Join(cells, " | "))
		}
		rec.Release()
	}
	return nil
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
