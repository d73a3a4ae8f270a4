package capitest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

const testToken = "dapi-capi-test-token"

var (
	libOnce sync.Once
	libFile string
	libErr  error
	libDir  string
)

// TestMain removes the shared library built for the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if libDir != "" {
		_ = os.RemoveAll(libDir)
	}
	os.Exit(code)
}

// library builds libadbc_driver_sealane.so once per test run, the way
// `make lib` does (c-shared, stripped, exports limited by exports.map).
func library(t *testing.T) string {
	t.Helper()
	libOnce.Do(func() {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			libErr = err
			return
		}
		if libDir, libErr = os.MkdirTemp("", "sealane-capi-"); libErr != nil {
			return
		}
		libFile = filepath.Join(libDir, "libadbc_driver_sealane.so")
		ldflags := "-s -w -extldflags=-Wl,--version-script=" + filepath.Join(root, "capi", "exports.map")
		cmd := exec.Command("go", "build", "-buildmode=c-shared", "-ldflags", ldflags, "-o", libFile, "./capi")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			libErr = err
			libFile = string(out)
		}
	})
	require.NoError(t, libErr, "building the shared library: %s", libFile)
	return libFile
}

// server is a local warehouse on DuckDB served over HTTP, recording the
// paths of POST requests.
type server struct {
	url, httpPath string
	cancels       atomic.Int64 // POST …/cancel requests seen
	down          atomic.Bool  // set by stop: every request is aborted
	ts            *httptest.Server
	wh            *warehouse.Server
}

// startServer starts a warehouse, stopped when t ends.
func startServer(t *testing.T, cfg warehouse.Config) *server {
	t.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	cfg.Tokens = append(cfg.Tokens, testToken)
	srv := warehouse.New(eng, cfg)
	s := &server{httpPath: srv.Config().HTTPPath(), wh: srv}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.down.Load() {
			panic(http.ErrAbortHandler) // the connection drops, as if the server were gone
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/cancel") {
			s.cancels.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	s.url, s.ts = ts.URL, ts
	t.Cleanup(func() {
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
	})
	return s
}

// stop makes the server unreachable, as if its process had gone: new
// connections are refused, open ones are closed, and a request that got
// through anyway is aborted.
func (s *server) stop() {
	s.down.Store(true)
	_ = s.ts.Listener.Close()
	s.ts.CloseClientConnections()
}

// state is the statement's state as the server reports it (GET
// /api/2.0/sql/statements/{id}), or "GONE" once it has forgotten it.
func (s *server) state(t *testing.T, id string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+"/api/2.0/sql/statements/"+id, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return "GONE"
	}
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var body struct {
		Status struct {
			State string `json:"state"`
		} `json:"status"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return body.Status.State
}

// options are the database options for the server, plus extra key/value pairs.
func (s *server) options(extra ...string) map[string]string {
	opts := map[string]string{
		"uri":                       s.url,
		"databricks.http_path":      s.httpPath,
		"databricks.access_token":   testToken,
		"databricks.retry.min_wait": "10ms",
		"databricks.retry.max_wait": "2s",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		opts[extra[i]] = extra[i+1]
	}
	return opts
}
