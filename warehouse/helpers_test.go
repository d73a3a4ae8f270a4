package warehouse_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// testToken is the PAT newWarehouse configures when the test sets none.
const testToken = "dapi-test-7f3e9a1c"

// longQuery runs for many minutes on DuckDB but stops promptly when interrupted.
const longQuery = "SELECT count(*) FROM range(1000000000000)"

// longQueryOn is a long query that also reads table (one row), so that it
// runs where table lives (a session's temporary view: on its own connection).
func longQueryOn(table string) string {
	return "SELECT count(*) FROM range(1000000000000) CROSS JOIN " + table
}

// pollInterval is how often tests poll a statement.
const pollInterval = 20 * time.Millisecond

// newWarehouse starts the real server on a fresh in-memory DuckDB behind an
// httptest server and returns a client for it. Unless the config sets
// tokens or NoAuth, it accepts testToken, which the client sends. Cleanup
// closes everything and then fails the test if goroutines leaked.
func newWarehouse(t *testing.T, cfg warehouse.Config) (*rawsea.Client, *warehouse.Server) {
	t.Helper()
	return newWarehouseOn(t, cfg, duckengine.Config{Threads: 2})
}

// newWarehouseOn is newWarehouse with the engine opened by engCfg.
func newWarehouseOn(t *testing.T, cfg warehouse.Config, engCfg duckengine.Config) (*rawsea.Client, *warehouse.Server) {
	t.Helper()
	baseline := runtime.NumGoroutine()
	if !cfg.NoAuth && len(cfg.Tokens) == 0 {
		cfg.Tokens = []string{testToken}
	}
	eng, err := duckengine.Open(context.Background(), engCfg)
	require.NoError(t, err)
	srv := warehouse.New(eng, cfg)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		require.NoError(t, srv.Close())
		hs.Close()
		require.NoError(t, eng.Close())
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		checkGoroutines(t, baseline)
	})
	c := &rawsea.Client{BaseURL: hs.URL, WarehouseID: srv.Config().WarehouseID}
	if len(cfg.Tokens) > 0 {
		c.Token = cfg.Tokens[0]
	}
	return c, srv
}

// checkGoroutines waits up to five seconds for the goroutine count to fall
// back to baseline and fails the test with a dump of all goroutines if not.
func checkGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			var dump bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&dump, 1)
			t.Errorf("goroutine leak: %d goroutines, %d before the warehouse started\n%s", runtime.NumGoroutine(), baseline, dump.String())
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// execute submits req and fails the test on any transport or HTTP error.
func execute(t *testing.T, c *rawsea.Client, req sea.ExecuteStatementRequest) *sea.StatementResponse {
	t.Helper()
	resp, err := c.Execute(t.Context(), req)
	require.NoError(t, err)
	require.NotEmpty(t, resp.StatementID)
	require.True(t, resp.Status.State.Valid(), "state %q", resp.Status.State)
	return resp
}

// await polls a statement until it leaves PENDING and RUNNING.
func await(t *testing.T, c *rawsea.Client, resp *sea.StatementResponse) *sea.StatementResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	out, err := c.Wait(ctx, resp, pollInterval)
	require.NoError(t, err)
	return out
}

// run executes req and waits for the statement to finish.
func run(t *testing.T, c *rawsea.Client, req sea.ExecuteStatementRequest) *sea.StatementResponse {
	t.Helper()
	return await(t, c, execute(t, c, req))
}

// succeed runs req and requires success: SUCCEEDED, or CLOSED with a
// result (direct results), with a manifest either way.
func succeed(t *testing.T, c *rawsea.Client, req sea.ExecuteStatementRequest) *sea.StatementResponse {
	t.Helper()
	resp := run(t, c, req)
	require.Nil(t, resp.Status.Error, "statement %q failed: %+v", req.Statement, resp.Status.Error)
	switch resp.Status.State {
	case sea.StateSucceeded:
	case sea.StateClosed:
		require.NotNil(t, resp.Result, "CLOSED without a result")
	default:
		require.Failf(t, "statement did not succeed", "%q: state %s", req.Statement, resp.Status.State)
	}
	require.NotNil(t, resp.Manifest)
	return resp
}

// sqlIn runs statement in session sid (sessionless when empty) and requires success.
func sqlIn(t *testing.T, c *rawsea.Client, sid, statement string) *sea.StatementResponse {
	t.Helper()
	return succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: statement, WaitTimeout: "30s"})
}

// rows runs an INLINE JSON_ARRAY statement in session sid and returns its cells.
func rows(t *testing.T, c *rawsea.Client, sid, statement string) [][]*string {
	t.Helper()
	resp := sqlIn(t, c, sid, statement)
	if resp.Result == nil {
		return nil
	}
	return resp.Result.DataArray
}

// failed runs req and requires FAILED with the SEA error fields in place.
func failed(t *testing.T, c *rawsea.Client, req sea.ExecuteStatementRequest) *sea.StatementStatus {
	t.Helper()
	resp := run(t, c, req)
	require.Equal(t, sea.StateFailed, resp.Status.State, "statement %q", req.Statement)
	require.NotNil(t, resp.Status.Error)
	require.NotEmpty(t, resp.Status.Error.ErrorCode)
	require.NotEmpty(t, resp.Status.Error.Message)
	return &resp.Status
}

// newSession opens a session and closes it at cleanup.
func newSession(t *testing.T, c *rawsea.Client, req sea.CreateSessionRequest) string {
	t.Helper()
	sid, err := c.CreateSession(t.Context(), req)
	require.NoError(t, err)
	require.NotEmpty(t, sid)
	t.Cleanup(func() { _ = c.DeleteSession(context.Background(), sid) })
	return sid
}

// apiError requires err to be an HTTP error with status and a SEA error body.
func apiError(t *testing.T, err error, status int) rawsea.HTTPError {
	t.Helper()
	var he *rawsea.HTTPError
	require.True(t, errors.As(err, &he), "want HTTP %d, got %v", status, err)
	require.Equal(t, status, he.Status, "body: %s", he.Raw)
	require.NotEmpty(t, he.Body.ErrorCode, "error_code missing: %s", he.Raw)
	require.NotEmpty(t, he.Body.Message, "message missing: %s", he.Raw)
	return *he
}

// rawHTTP sends one request with a literal body and returns status, headers and body.
func rawHTTP(t *testing.T, method, url, body string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

// decodeArrow decodes chunk bytes and releases the batches at cleanup.
func decodeArrow(t *testing.T, chunks [][]byte, compression sea.Compression, split bool) []arrow.RecordBatch {
	t.Helper()
	recs, err := rawsea.DecodeArrow(chunks, compression, split)
	require.NoError(t, err)
	t.Cleanup(func() {
		for _, r := range recs {
			r.Release()
		}
	})
	return recs
}

// arrowResult downloads every chunk of an Arrow result and decodes it.
func arrowResult(t *testing.T, c *rawsea.Client, resp *sea.StatementResponse) []arrow.RecordBatch {
	t.Helper()
	require.Equal(t, sea.FormatArrowStream, resp.Manifest.Format)
	chunks, err := c.ChunkBytes(t.Context(), resp)
	require.NoError(t, err)
	return decodeArrow(t, chunks, resp.Manifest.ResultCompression, false)
}

// int64s collects column col of recs, which must be int64.
func int64s(t *testing.T, recs []arrow.RecordBatch, col int) []int64 {
	t.Helper()
	var out []int64
	for _, r := range recs {
		a, ok := r.Column(col).(*array.Int64)
		require.True(t, ok, "column %d is %s, not int64", col, r.Column(col).DataType())
		out = append(out, a.Int64Values()...)
	}
	return out
}

// sequence returns 0, 1, …, n-1.
func sequence(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// strs turns JSON_ARRAY cells into strings, "<null>" for NULL.
func strs(cells [][]*string) [][]string {
	out := make([][]string, len(cells))
	for i, row := range cells {
		out[i] = make([]string, len(row))
		for j, v := range row {
			if v == nil {
				out[i][j] = "<null>"
			} else {
				out[i][j] = *v
			}
		}
	}
	return out
}

// columnNames lists the manifest's column names in order.
func columnNames(m *sea.ResultManifest) []string {
	var out []string
	for _, c := range m.Schema.Columns {
		out = append(out, c.Name)
	}
	return out
}

// waitForState polls until the statement reaches state, failing the test
// after timeout.
func waitForState(t *testing.T, c *rawsea.Client, id string, state sea.State, timeout time.Duration) *sea.StatementResponse {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		resp, err := c.Get(t.Context(), id)
		require.NoError(t, err)
		if resp.Status.State == state {
			return resp
		}
		require.True(t, time.Now().Before(deadline), "statement %s still %s after %v, want %s", id, resp.Status.State, timeout, state)
		time.Sleep(pollInterval)
	}
}

// syncBuffer is a goroutine-safe bytes.Buffer for request logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
