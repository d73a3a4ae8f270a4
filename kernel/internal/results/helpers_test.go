package results_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// testToken is the PAT the test warehouses accept.
const testToken = "dapi-results-test"

// env is one test's warehouse, clients and checked allocator.
type env struct {
	c    *rawsea.Client
	srv  *warehouse.Server
	http *http.Client // for downloads: no Authorization ever
	mem  *memory.CheckedAllocator
}

// newEnv starts the real warehouse on a fresh DuckDB behind httptest. At
// cleanup it requires that no Arrow memory is left and that the goroutine
// count returns to what it was before.
func newEnv(t testing.TB, cfg warehouse.Config) *env {
	t.Helper()
	return newEnvWrapped(t, cfg, nil)
}

// newEnvWrapped is newEnv with the warehouse's handler wrapped by wrap
// (nil: not wrapped), e.g. to watch the requests it serves.
func newEnvWrapped(t testing.TB, cfg warehouse.Config, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	baseline := runtime.NumGoroutine()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	cfg.Tokens = []string{testToken}
	eng, err := duckengine.Open(context.Background(), duckengine.Config{Threads: 2})
	require.NoError(t, err)
	srv := warehouse.New(eng, cfg)
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	api := &http.Transport{MaxIdleConnsPerHost: 4}
	dl := &http.Transport{MaxIdleConnsPerHost: 16}
	t.Cleanup(func() {
		mem.AssertSize(t, 0)
		// httptest first: it waits for handlers still serving downloads the
		// reader abandoned. The warehouse frees chunks on Close without
		// waiting for them (a data race in blob.release vs handleDownload).
		hs.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
		api.CloseIdleConnections()
		dl.CloseIdleConnections()
		checkGoroutines(t, baseline)
	})
	c := &rawsea.Client{BaseURL: hs.URL, Token: testToken, WarehouseID: srv.Config().WarehouseID, HTTP: &http.Client{Transport: api}}
	return &env{c: c, srv: srv, http: &http.Client{Transport: dl}, mem: mem}
}

// checkGoroutines waits up to five seconds for the goroutine count to fall
// back to baseline and fails with a dump if it does not.
func checkGoroutines(t testing.TB, baseline int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			var dump bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&dump, 1)
			t.Errorf("goroutine leak: %d goroutines, %d before\n%s", runtime.NumGoroutine(), baseline, dump.String())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// run executes statement and waits for it to succeed.
func (e *env) run(t testing.TB, req sea.ExecuteStatementRequest) *sea.StatementResponse {
	t.Helper()
	req.WaitTimeout = "0s"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	resp, err := e.c.Execute(ctx, req)
	require.NoError(t, err)
	resp, err = e.c.Wait(ctx, resp, 5*time.Millisecond)
	require.NoError(t, err)
	require.Equal(t, sea.StateSucceeded, resp.Status.State, "%q: %+v", req.Statement, resp.Status.Error)
	require.NotNil(t, resp.Manifest)
	return resp
}

// links runs statement as EXTERNAL_LINKS + ARROW_STREAM.
func (e *env) links(t testing.TB, statement string, comp sea.Compression) *sea.StatementResponse {
	t.Helper()
	return e.run(t, sea.ExecuteStatementRequest{Statement: statement, Disposition: sea.DispositionExternalLinks,
		Format: sea.FormatArrowStream, ResultCompression: comp})
}

// fetcher fetches chunks of statement id through the API.
func (e *env) fetcher(id string) results.Fetcher {
	return results.FetcherFunc(func(ctx context.Context, k int) (*sea.ResultData, error) {
		return e.c.Chunk(ctx, id, k)
	})
}

// config is the reader config tests start from: the env's allocator and
// download client, fast retries.
func (e *env) config(id string) results.Config {
	return results.Config{HTTP: e.http, Allocator: e.mem, StatementID: id, RetryMin: 5 * time.Millisecond, RetryMax: 50 * time.Millisecond}
}

// open returns a reader over resp's result, released at cleanup.
func (e *env) open(t testing.TB, ctx context.Context, resp *sea.StatementResponse, cfg results.Config) array.RecordReader {
	t.Helper()
	rdr, err := results.NewReader(ctx, resp.Manifest, resp.Result, e.fetcher(resp.StatementID), cfg)
	require.NoError(t, err)
	return rdr
}

// drain reads every batch: the row count of each, and the int64 values of
// each int64 column.
type drained struct {
	batches []int64
	cols    [][]int64
}

func drain(t testing.TB, rdr array.RecordReader) drained {
	t.Helper()
	var d drained
	for rdr.Next() {
		rec := rdr.RecordBatch()
		require.True(t, rec.Schema().Equal(rdr.Schema()), "batch schema %s, reader schema %s", rec.Schema(), rdr.Schema())
		d.batches = append(d.batches, rec.NumRows())
		if d.cols == nil {
			d.cols = make([][]int64, rec.NumCols())
		}
		for i, col := range rec.Columns() {
			if a, ok := col.(*array.Int64); ok {
				d.cols[i] = append(d.cols[i], a.Int64Values()...)
			}
		}
	}
	require.NoError(t, rdr.Err())
	return d
}

// requireIDs checks that ids is 0..n-1 in order and twice is 2*id.
func requireIDs(t testing.TB, d drained, n int) {
	t.Helper()
	require.Len(t, d.cols, 2)
	ids, twice := d.cols[0], d.cols[1]
	require.Len(t, ids, n)
	require.Len(t, twice, n)
	for i := range n {
		if ids[i] != int64(i) || twice[i] != 2*int64(i) {
			require.Failf(t, "wrong row", "row %d: id %d twice %d", i, ids[i], twice[i])
		}
	}
}

// idsQuery returns n rows of id and 2*id.
const idsQuery = "SELECT id, id*2 AS twice FROM range(%d)"

// idsSchema is idsQuery's Arrow schema.
var idsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "twice", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
}, nil)

// stats returns the reader's counters.
func stats(t testing.TB, rdr array.RecordReader) results.Stats {
	t.Helper()
	sr, ok := rdr.(results.StatsReporter)
	require.True(t, ok)
	return sr.Stats()
}

// fieldNames lists a schema's field names.
func fieldNames(s *arrow.Schema) []string {
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}
