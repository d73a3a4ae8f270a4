package kernel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/faults"
)

const testToken = "dapi-kernel-test"

// env is a local warehouse behind a request recorder.
type env struct {
	url string
	srv *warehouse.Server

	mu       sync.Mutex
	requests []string // "METHOD /path"
	sql      []string // statements executed, in order
	// compression is the result_compression of each execute, in order.
	compression []sea.Compression
	// reject, when set, answers the executes whose statement it returns a
	// failure for, with that failure, instead of the warehouse.
	reject func(statement string) *sea.StatementStatus
}

func (e *env) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var fail *sea.StatementStatus
		if r.Method == http.MethodPost && r.URL.Path == sea.APIPrefix+"/statements" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			var req sea.ExecuteStatementRequest
			_ = json.Unmarshal(body, &req)
			e.mu.Lock()
			e.sql = append(e.sql, req.Statement)
			e.compression = append(e.compression, req.ResultCompression)
			if e.reject != nil {
				fail = e.reject(req.Statement)
			}
			e.mu.Unlock()
		}
		e.mu.Lock()
		e.requests = append(e.requests, r.Method+" "+r.URL.Path)
		e.mu.Unlock()
		if fail != nil {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(sea.StatementResponse{StatementID: "rejected", Status: *fail})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// statementsSQL returns the statements executed and forgets them.
func (e *env) statementsSQL() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.sql
	e.sql = nil
	return out
}

// calls returns the recorded requests and forgets them.
func (e *env) calls() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.requests
	e.requests = nil
	return out
}

func (e *env) config(opts ...kernel.Option) kernel.Config {
	cfg := kernel.NewConfig(append([]kernel.Option{
		kernel.WithHost(e.url), kernel.WithHTTPPath(e.srv.Config().HTTPPath()), kernel.WithAccessToken(testToken),
	}, opts...)...)
	cfg.Retry.MinWait = 10 * time.Millisecond
	cfg.Retry.MaxWait = 2 * time.Second
	return cfg
}

// startEnv starts a warehouse on DuckDB, stopped when tb ends.
func startEnv(tb testing.TB, cfg warehouse.Config) *env { return startEnvWrapped(tb, cfg, nil) }

// startEnvWrapped is startEnv with wrap (when not nil) around the recorded
// warehouse handler: faults nothing real produces (a response held back).
func startEnvWrapped(tb testing.TB, cfg warehouse.Config, wrap func(http.Handler) http.Handler) *env {
	tb.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(tb, err)
	cfg.Tokens = []string{testToken}
	e := &env{}
	e.srv = warehouse.New(eng, cfg)
	h := e.record(e.srv.Handler())
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	e.url = ts.URL
	tb.Cleanup(func() {
		ts.Close()
		require.NoError(tb, e.srv.Close())
		require.NoError(tb, eng.Close())
	})
	return e
}

// newEnv starts a warehouse on DuckDB and checks at cleanup that the test
// left no goroutine behind.
func newEnv(t *testing.T, cfg warehouse.Config) *env { return newEnvWrapped(t, cfg, nil) }

// newEnvWrapped is newEnv with wrap around the handler (see startEnvWrapped).
func newEnvWrapped(t *testing.T, cfg warehouse.Config, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	baseline := runtime.NumGoroutine()
	// Registered first, so it runs last: after the server has stopped.
	t.Cleanup(func() {
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > baseline {
			buf := make([]byte, 1<<20)
			t.Errorf("goroutines leaked: %d > %d\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
		}
	})
	return startEnvWrapped(t, cfg, wrap)
}

func connect(t *testing.T, e *env, opts ...kernel.Option) *kernel.Conn {
	t.Helper()
	c, err := kernel.Connect(context.Background(), e.config(opts...))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close()) })
	return c
}

// drain reads every batch, returning the row count and the int64 sum of column 0.
func drain(t *testing.T, rdr array.RecordReader) (rows int64, sum int64) {
	t.Helper()
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += rec.NumRows()
		if col, ok := rec.Column(0).(*array.Int64); ok {
			for i := 0; i < col.Len(); i++ {
				sum += col.Value(i)
			}
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

func TestSelectOneCostsOneRoundTrip(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	require.Equal(t, []string{"POST /api/2.0/sql/sessions"}, e.calls())

	rdr, err := c.Query(context.Background(), "SELECT 1 AS one")
	require.NoError(t, err)
	rows, sum := drainInt32(t, rdr)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(1), sum)
	require.NoError(t, c.Close())
	// One execute (direct results, CLOSED: no poll, no DELETE), then the session delete.
	require.Equal(t, []string{"POST /api/2.0/sql/statements", "DELETE /api/2.0/sql/sessions/" + c.SessionID()}, e.calls())
}

func drainInt32(t *testing.T, rdr array.RecordReader) (rows, sum int64) {
	t.Helper()
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rows += rec.NumRows()
		col := rec.Column(0).(*array.Int32)
		for i := 0; i < col.Len(); i++ {
			sum += int64(col.Value(i))
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

func TestLargeResultOverLinksThenStatementClosed(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 1 << 20})
	c := connect(t, e)
	const n = 1_000_000
	rdr, err := c.Query(context.Background(), "SELECT id, id * 2 AS twice FROM range(1000000)")
	require.NoError(t, err)
	rows, sum := drain(t, rdr)
	require.Equal(t, int64(n), rows)
	require.Equal(t, int64(n*(n-1)/2), sum)
	require.NoError(t, c.Close())
	var downloads, deletes int
	for _, r := range e.calls() {
		switch {
		case strings.HasPrefix(r, "GET /sealane/results/"):
			downloads++
		case strings.HasPrefix(r, "DELETE /api/2.0/sql/statements/"):
			deletes++
		}
	}
	require.Greater(t, downloads, 5, "a 1M-row result comes over several links")
	require.Equal(t, 1, deletes, "the statement is released once the reader is")
}

func TestFailedStatementIsTypedError(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	_, err := c.Query(context.Background(), "SELECT * FROM no_such_table")
	require.ErrorIs(t, err, kernel.ErrStatementFailed)
	var ke *kernel.Error
	require.True(t, errors.As(err, &ke))
	require.Equal(t, "42P01", ke.SQLState)
	require.NotEmpty(t, ke.StatementID)
	require.Contains(t, ke.Message, "no_such_table")
	require.Contains(t, err.Error(), ke.StatementID)
}

func TestParametersAreBound(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	rdr, err := c.Query(context.Background(), "SELECT CAST(? AS BIGINT) + 1 AS x, ? AS s", int64(41), "it's")
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, rdr.Next())
	rec := rdr.RecordBatch()
	require.Equal(t, int64(42), rec.Column(0).(*array.Int64).Value(0))
	require.Equal(t, "it's", rec.Column(1).(*array.String).Value(0))

	_, err = c.Query(context.Background(), "SELECT :a", kernel.Named("a", 1), 2)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
}

func TestContextCancelReachesServer(t *testing.T) {
	// A short direct-results wait makes the server answer execute quickly,
	// so the statement id is known soon after the context ends.
	e := newEnv(t, warehouse.Config{DirectResultsWait: 100 * time.Millisecond})
	c := connect(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Query(ctx, "SELECT count(*) FROM range(1000000000000)")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second, "the caller gets control back promptly")

	var id string
	require.Eventually(t, func() bool {
		for _, r := range e.calls() {
			if p, ok := strings.CutPrefix(r, "POST /api/2.0/sql/statements/"); ok && strings.HasSuffix(p, "/cancel") {
				id = strings.TrimSuffix(p, "/cancel")
			}
		}
		return id != ""
	}, 5*time.Second, 10*time.Millisecond, "cancel sent to the server")
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	require.Eventually(t, func() bool {
		st, err := raw.Get(context.Background(), id)
		return err == nil && (st.Status.State == sea.StateCanceled || st.Status.State == sea.StateClosed)
	}, time.Second, 10*time.Millisecond, "server statement canceled within 1 s of the cancel")
}

func TestSubmitStatusCancel(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	ctx := context.Background()
	h, err := c.Submit(ctx, "SELECT count(*) FROM range(1000000000000)")
	require.NoError(t, err)
	require.NotEmpty(t, h.ID())
	state, err := h.Status(ctx)
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StatePending, sea.StateRunning}, state)
	require.NoError(t, h.Cancel(ctx))
	_, err = h.Wait(ctx)
	require.ErrorIs(t, err, kernel.ErrCanceled)

	h, err = c.Submit(ctx, "SELECT 7 AS seven")
	require.NoError(t, err)
	rdr, err := h.Wait(ctx)
	require.NoError(t, err)
	rows, sum := drainInt32(t, rdr)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(7), sum)
}

func TestExecuteRetriesOnlyWhatIsSafe(t *testing.T) {
	e := newEnv(t, warehouse.Config{Faults: faults.Config{Errors: []faults.Rule{
		{Call: faults.CallExecute, Status: 503, RetryAfter: time.Second, Count: 1},
	}}})
	c := connect(t, e)
	start := time.Now()
	rdr, err := c.Query(context.Background(), "SELECT 1 AS one")
	require.NoError(t, err, "503 with Retry-After is retried for execute")
	rdr.Release()
	require.GreaterOrEqual(t, time.Since(start), time.Second, "Retry-After honoured")

	e2 := newEnv(t, warehouse.Config{Faults: faults.Config{Errors: []faults.Rule{{Call: faults.CallExecute, Status: 500, Count: 1}}}})
	c2 := connect(t, e2)
	_, err = c2.Query(context.Background(), "SELECT 1")
	require.ErrorIs(t, err, kernel.ErrUnavailable, "a 500 on execute is not retried: the statement may have run")
	var ke *kernel.Error
	require.True(t, errors.As(err, &ke))
	require.Equal(t, 500, ke.HTTPStatus)
}

func TestBadCredentialsNeverEchoTheToken(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	cfg := e.config(kernel.WithAccessToken("dapi-wrong-secret-token"))
	_, err := kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.NotContains(t, err.Error(), "dapi-wrong-secret-token")
	require.NotContains(t, strings.ToLower(err.Error()), "bearer")
}

func TestConfigErrorsNameTheProblem(t *testing.T) {
	for _, tc := range []struct {
		cfg  kernel.Config
		want string
	}{
		{kernel.Config{}, "host is required"},
		{kernel.Config{Host: "h", AccessToken: "t"}, "http_path or warehouse id"},
		{kernel.Config{Host: "h", HTTPPath: "/sql/protocolv1/o/1/x", AccessToken: "t"}, "names no warehouse"},
		{kernel.Config{Host: "ftp://h", HTTPPath: "/sql/1.0/warehouses/w", AccessToken: "t"}, "not a host name"},
		{kernel.Config{Host: "h", HTTPPath: "/sql/1.0/warehouses/w"}, "no credentials"},
	} {
		_, err := kernel.Connect(context.Background(), tc.cfg)
		require.ErrorIs(t, err, kernel.ErrInvalidArgument)
		require.ErrorContains(t, err, tc.want)
	}
}

func TestLogsNeverCarryTheToken(t *testing.T) {
	// The 503 goes on session creation, which always happens: a 503 on
	// get_statement would not fire when the statement finishes before the
	// execute answers (no poll), which made this test flaky under load.
	e := newEnv(t, warehouse.Config{Faults: faults.Config{Errors: []faults.Rule{{Call: faults.CallCreateSession, Status: 503, Count: 1}}}})
	var buf strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := connect(t, e, kernel.WithLogger(logger))
	h, err := c.Submit(context.Background(), "SELECT 1 AS one")
	require.NoError(t, err)
	rdr, err := h.Wait(context.Background())
	require.NoError(t, err)
	rdr.Release()
	require.NoError(t, c.Close())
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	require.Contains(t, out, `"op":"execute"`)
	require.Contains(t, out, "retrying", "the 503 on session creation is retried and logged")
	require.NotContains(t, out, testToken)
	require.NotContains(t, out, "warehouse_id=", "query strings are not logged")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestSlowChunksCompleteWithinBudget(t *testing.T) {
	// 2 MiB/s per download and 1 MiB chunks: each chunk takes about half a
	// second, well inside the idle timeout, and several download at once.
	e := newEnv(t, warehouse.Config{ChunkBytes: 1 << 20, Faults: faults.Config{DownloadBandwidth: 2 << 20}})
	c := connect(t, e)
	const n = 300_000
	rdr, err := c.Query(context.Background(), "SELECT id, id * 3 AS thrice FROM range(300000)")
	require.NoError(t, err)
	rows, sum := drain(t, rdr)
	require.Equal(t, int64(n), rows)
	require.Equal(t, int64(n*(n-1)/2), sum)
}

func TestNoArrowMemoryLeaks(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10})
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	c := connect(t, e, func(cfg *kernel.Config) { cfg.Allocator = mem })
	for _, q := range []string{"SELECT id FROM range(300000)", "SELECT 1::BIGINT AS one", "SELECT id FROM range(0)"} {
		rdr, err := c.Query(context.Background(), q)
		require.NoError(t, err, q)
		drain(t, rdr)
	}
	// A reader released half-way frees what it holds too.
	rdr, err := c.Query(context.Background(), "SELECT id FROM range(300000)")
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rdr.Release()
}

func TestNoStatementLeftOpenOnTheServer(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, DirectResultsWait: 100 * time.Millisecond})
	c, err := kernel.Connect(context.Background(), e.config())
	require.NoError(t, err)
	ctx := context.Background()
	for _, q := range []string{"SELECT 1", "SELECT id FROM range(300000)", "SELECT * FROM missing_table"} {
		rdr, err := c.Query(ctx, q)
		if err == nil {
			drain(t, rdr)
		}
	}
	// A reader abandoned half-way, a submitted statement never read, and a
	// query whose context ends while it runs.
	rdr, err := c.Query(ctx, "SELECT id FROM range(300000)")
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rdr.Release()
	h, err := c.Submit(ctx, "SELECT 42")
	require.NoError(t, err)
	h.Close()
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = c.Query(short, "SELECT count(*) FROM range(1000000000000)")
	cancel()
	require.Error(t, err)

	// The kernel releases each statement itself, before the session goes
	// (deleting the session would close them all and hide a leak).
	require.Eventually(t, func() bool { return e.srv.OpenStatements() == 0 }, 10*time.Second, 10*time.Millisecond,
		"statements still open on the server")
	require.NoError(t, c.Close())
}

// TestThroughAuthenticatingProxy sends every call (API and chunk downloads)
// through a forward proxy that demands basic auth, configured with the
// databricks.proxy.* options.
func TestThroughAuthenticatingProxy(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10})
	var proxied atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := parseProxyAuth(r.Header.Get("Proxy-Authorization"))
		if !ok || user != "proxyuser" || pass != "proxy-secret" {
			w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		proxied.Add(1)
		out, err := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), r.Body)
		require.NoError(t, err)
		out.Header = r.Header.Clone()
		out.Header.Del("Proxy-Authorization")
		resp, err := http.DefaultTransport.RoundTrip(out)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	defer proxy.Close()

	withProxy := func(password string) kernel.Config {
		u, err := url.Parse(proxy.URL)
		require.NoError(t, err)
		u.User = url.UserPassword("proxyuser", password)
		cfg := kernel.NewConfig(kernel.WithHost(e.url), kernel.WithHTTPPath(e.srv.Config().HTTPPath()), kernel.WithAccessToken(testToken))
		cfg.Proxy = http.ProxyURL(u)
		return cfg
	}
	c, err := kernel.Connect(context.Background(), withProxy("proxy-secret"))
	require.NoError(t, err)
	rdr, err := c.Query(context.Background(), "SELECT id FROM range(200000)")
	require.NoError(t, err)
	rows, _ := drain(t, rdr)
	require.Equal(t, int64(200000), rows)
	require.NoError(t, c.Close())
	require.Greater(t, proxied.Load(), int64(3), "session, execute, downloads and deletes went through the proxy")

	_, err = kernel.Connect(context.Background(), withProxy("wrong"))
	require.Error(t, err, "a rejected proxy login fails the connect")
	require.NotContains(t, err.Error(), "wrong")
}

func parseProxyAuth(h string) (user, pass string, ok bool) {
	r := &http.Request{Header: http.Header{"Authorization": {h}}}
	return r.BasicAuth()
}
