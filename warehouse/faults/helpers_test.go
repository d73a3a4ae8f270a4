package faults

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// guard bounds how long a test waits for something that must happen; it is a
// hang guard, never a performance assertion.
const guard = 30 * time.Second

// pathCall classifies a request by its path: "/execute" is CallExecute,
// "/download" is CallDownload, and so on.
func pathCall(r *http.Request) Call {
	return Call(strings.TrimPrefix(r.URL.Path, "/"))
}

// backend is the handler behind the middleware. API calls answer "ok";
// downloads answer ?size= bytes (default 1024) of a known pattern, with a
// Content-Length unless ?chunked=1.
type backend struct {
	calls atomic.Int64
	// onServe, when set, runs before the handler writes anything.
	onServe func(w http.ResponseWriter, r *http.Request)
	// writeErr receives the error of a failed body write, if any.
	writeErr chan error
}

func (b *backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.calls.Add(1)
	if b.onServe != nil {
		b.onServe(w, r)
	}
	if pathCall(r) != CallDownload {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok")
		return
	}
	size := 1024
	if s := r.URL.Query().Get("size"); s != "" {
		size, _ = strconv.Atoi(s)
	}
	if r.URL.Query().Get("chunked") == "" {
		w.Header().Set("Content-Length", strconv.Itoa(size))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if _, err := w.Write(pattern(size)); err != nil && b.writeErr != nil {
		b.writeErr <- err
	}
}

// pattern is n bytes of a recognisable sequence.
func pattern(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i % 251)
	}
	return p
}

// fixture is a real HTTP server running an Injector in front of a backend.
type fixture struct {
	in      *Injector
	backend *backend
	srv     *httptest.Server
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	f := &fixture{in: New(cfg), backend: &backend{}}
	f.srv = newServer(t, f.in.Middleware(pathCall, f.backend))
	return f
}

// response is what a client got back.
type response struct {
	status  int
	header  http.Header
	body    []byte
	readErr error
}

// get sends GET path and reads the whole body.
func (f *fixture) get(t *testing.T, path string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), guard)
	defer cancel()
	return f.getCtx(t, ctx, path)
}

func (f *fixture) getCtx(t *testing.T, ctx context.Context, path string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+path, nil)
	require.NoError(t, err)
	resp, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, readErr := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: body, readErr: readErr}
}

// Failures reported by handler-side checks.
var (
	errNotWrapped = errors.New("download writer is not wrapped")
	errNotFlusher = errors.New("wrapped writer is not an http.Flusher")
)

// newServer starts an httptest server closed at the end of the test.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
