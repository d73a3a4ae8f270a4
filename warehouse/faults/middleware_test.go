package faults

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
)

func TestZeroConfigPassesThrough(t *testing.T) {
	f := newFixture(t, Config{})
	for _, c := range allCalls {
		r := f.get(t, "/"+string(c))
		require.Equal(t, http.StatusOK, r.status, c)
		require.NoError(t, r.readErr)
	}
	require.EqualValues(t, len(allCalls), f.backend.calls.Load())
	s := f.in.Stats()
	require.Zero(t, s.Total())
	require.EqualValues(t, 1, s.Requests[CallExecute])
}

func TestLatency(t *testing.T) {
	const latency = 60 * time.Millisecond
	f := newFixture(t, Config{Latency: latency, DownloadLatency: 2 * latency})

	start := time.Now()
	r := f.get(t, "/execute")
	require.GreaterOrEqual(t, time.Since(start), latency)
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "ok", string(r.body))

	start = time.Now()
	r = f.get(t, "/download")
	require.GreaterOrEqual(t, time.Since(start), 2*latency)
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, pattern(1024), r.body)
}

func TestLatencyAppliesToInjectedErrors(t *testing.T) {
	const latency = 50 * time.Millisecond
	f := newFixture(t, Config{Latency: latency, Errors: []Rule{{Status: 500}}})
	start := time.Now()
	r := f.get(t, "/cancel")
	require.GreaterOrEqual(t, time.Since(start), latency)
	require.Equal(t, http.StatusInternalServerError, r.status)
}

func TestStatusDelayOnlyOnGetStatement(t *testing.T) {
	// A status delay long enough that a call which wrongly waited for it
	// would run into the test's guard instead of passing.
	f := newFixture(t, Config{StatusDelay: time.Hour})
	for _, c := range allCalls {
		if c == CallGetStatement {
			continue
		}
		r := f.get(t, "/"+string(c))
		require.Equal(t, http.StatusOK, r.status, c)
	}

	const delay = 80 * time.Millisecond
	f = newFixture(t, Config{StatusDelay: delay, Latency: delay})
	start := time.Now()
	r := f.get(t, "/get_statement")
	require.GreaterOrEqual(t, time.Since(start), 2*delay, "StatusDelay adds to Latency")
	require.Equal(t, http.StatusOK, r.status)
}

func TestClientCancelDuringLatencySkipsHandler(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		path string
	}{
		{"api", Config{Latency: time.Hour}, "/execute"},
		{"status", Config{StatusDelay: time.Hour}, "/get_statement"},
		{"download", Config{DownloadLatency: time.Hour}, "/download"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := New(tc.cfg)
			be := &backend{}
			mw := in.Middleware(pathCall, be)
			returned := make(chan struct{}, 1)
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mw.ServeHTTP(w, r)
				returned <- struct{}{}
			}))

			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+tc.path, nil)
			require.NoError(t, err)
			_, err = srv.Client().Do(req)
			require.ErrorIs(t, err, context.DeadlineExceeded)

			select {
			case <-returned:
			case <-time.After(guard):
				t.Fatal("middleware kept sleeping after the client went away")
			}
			require.Zero(t, be.calls.Load(), "next must not be called")
			require.EqualValues(t, 1, in.Stats().Requests[pathCall(req)])
		})
	}
}

func TestInjected503WithRetryAfter(t *testing.T) {
	f := newFixture(t, Config{Errors: []Rule{{Call: CallExecute, Status: 503, RetryAfter: 1500 * time.Millisecond}}})
	r := f.get(t, "/execute")
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	require.Equal(t, "2", r.header.Get("Retry-After"))
	require.Equal(t, "application/json", r.header.Get("Content-Type"))

	var body sea.ErrorResponse
	require.NoError(t, json.Unmarshal(r.body, &body))
	require.Equal(t, sea.ErrorResponse{
		ErrorCode: sea.ErrorCodeTemporarilyUnavailable,
		Message:   "sealane: injected fault (HTTP 503 on execute)",
	}, body)
	require.Zero(t, f.backend.calls.Load())

	// Other calls are untouched.
	r = f.get(t, "/get_statement")
	require.Equal(t, http.StatusOK, r.status)
	require.Empty(t, r.header.Get("Retry-After"))
}

func TestRetryAfterRoundsUpToOneSecond(t *testing.T) {
	f := newFixture(t, Config{Errors: []Rule{{Call: CallGetChunk, Status: 429, RetryAfter: 200 * time.Millisecond}}})
	r := f.get(t, "/get_chunk")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	require.Equal(t, "1", r.header.Get("Retry-After"))
	require.JSONEq(t, `{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"sealane: injected fault (HTTP 429 on get_chunk)"}`, string(r.body))
}

func TestCountLimitsInjections(t *testing.T) {
	f := newFixture(t, Config{Errors: []Rule{{Call: CallExecute, Status: 500, Count: 3}}})
	for i := range 3 {
		r := f.get(t, "/execute")
		require.Equal(t, http.StatusInternalServerError, r.status, "call %d", i)
		require.JSONEq(t, `{"error_code":"INTERNAL_ERROR","message":"sealane: injected fault (HTTP 500 on execute)"}`, string(r.body))
	}
	require.Zero(t, f.backend.calls.Load())
	for i := range 5 {
		r := f.get(t, "/execute")
		require.Equal(t, http.StatusOK, r.status, "call %d", 3+i)
	}
	require.EqualValues(t, 5, f.backend.calls.Load())

	s := f.in.Stats()
	require.EqualValues(t, 3, s.Errors[CallExecute])
	require.EqualValues(t, 3, s.TotalErrors)
	require.EqualValues(t, 8, s.Requests[CallExecute])
}

func TestWildcardRuleSkipsDownloads(t *testing.T) {
	f := newFixture(t, Config{Errors: []Rule{{Status: 500}}})
	for _, c := range allCalls {
		r := f.get(t, "/"+string(c))
		if c == CallDownload {
			require.Equal(t, http.StatusOK, r.status)
			continue
		}
		require.Equal(t, http.StatusInternalServerError, r.status, c)
		require.Equal(t, "application/json", r.header.Get("Content-Type"), c)
	}
	s := f.in.Stats()
	require.EqualValues(t, len(allCalls)-1, s.TotalErrors)
	require.Zero(t, s.Errors[CallDownload])
}

func TestDownloadErrorIsXML(t *testing.T) {
	rule, err := ParseRule("download:500:count=1")
	require.NoError(t, err)
	f := newFixture(t, Config{Errors: []Rule{rule}})

	r := f.get(t, "/download")
	require.Equal(t, http.StatusInternalServerError, r.status)
	require.Equal(t, "application/xml", r.header.Get("Content-Type"))
	require.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>`+
		`<Message>sealane: injected fault (HTTP 500 on download)</Message></Error>`, string(r.body))

	r = f.get(t, "/download")
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, pattern(1024), r.body)
	require.EqualValues(t, 1, f.in.Stats().Errors[CallDownload])
}

func TestFirstFiringRuleWins(t *testing.T) {
	f := newFixture(t, Config{Errors: []Rule{
		{Call: CallExecute, Status: 429, Count: 1},
		{Status: 500, Count: 2},
	}})
	var got []int
	for range 4 {
		got = append(got, f.get(t, "/execute").status)
	}
	require.Equal(t, []int{429, 500, 500, 200}, got)
}

// statuses sends n sequential execute calls and returns the status of each.
func statuses(t *testing.T, cfg Config, n int) []int {
	t.Helper()
	f := newFixture(t, cfg)
	out := make([]int, n)
	for i := range out {
		out[i] = f.get(t, "/execute").status
	}
	return out
}

func TestRateIsReproducible(t *testing.T) {
	const n = 1000
	rule, err := ParseRule("*:500:rate=0.3")
	require.NoError(t, err)
	cfg := Config{Seed: 42, Errors: []Rule{rule}}

	first, second := statuses(t, cfg, n), statuses(t, cfg, n)
	require.Equal(t, first, second, "same seed, same call order: same faults")

	failed := 0
	for _, s := range first {
		if s == http.StatusInternalServerError {
			failed++
		}
	}
	require.InDelta(t, 0.3, float64(failed)/n, 0.1, "failed %d of %d", failed, n)

	cfg.Seed = 43
	require.NotEqual(t, first, statuses(t, cfg, n), "another seed gives another sequence")
}

func TestRateWithCount(t *testing.T) {
	cfg := Config{Seed: 1, Errors: []Rule{{Status: 503, Rate: 0.5, Count: 4}}}
	got := statuses(t, cfg, 200)
	failed := 0
	for _, s := range got {
		if s != http.StatusOK {
			failed++
		}
	}
	require.Equal(t, 4, failed)
}

func TestConcurrentRequests(t *testing.T) {
	const n = 200
	f := newFixture(t, Config{Seed: 9, Errors: []Rule{{Status: 500, Rate: 0.5}}, ResetRate: 0.5, ResetAfterBytes: 10})
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := range n {
		path := "/execute"
		if i%2 == 1 {
			path = "/get_statement"
		}
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), guard)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+path, nil)
			if err != nil {
				panic(err)
			}
			resp, err := f.srv.Client().Do(req)
			if err != nil {
				panic(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	s := f.in.Stats()
	require.EqualValues(t, failed, s.TotalErrors)
	require.EqualValues(t, n-failed, f.backend.calls.Load())
	require.EqualValues(t, n, s.Requests[CallExecute]+s.Requests[CallGetStatement])
	require.Zero(t, s.TotalResets, "API calls are never reset")
}

func TestNilClassifyIsOther(t *testing.T) {
	in := New(Config{Errors: []Rule{{Call: CallOther, Status: 404}}})
	srv := newServer(t, in.Middleware(nil, &backend{}))
	resp, err := srv.Client().Get(srv.URL + "/download")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	require.EqualValues(t, 1, in.Stats().Errors[CallOther])
}

func TestConfigAccessorCopies(t *testing.T) {
	rules := []Rule{{Status: 500}}
	in := New(Config{LinkLifetime: time.Minute, Errors: rules})
	rules[0].Status = 503
	cfg := in.Config()
	require.Equal(t, time.Minute, cfg.LinkLifetime)
	require.Equal(t, 500, cfg.Errors[0].Status)
	cfg.Errors[0].Status = 502
	require.Equal(t, 500, in.Config().Errors[0].Status)
}
