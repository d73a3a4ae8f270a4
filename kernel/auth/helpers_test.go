package auth_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/faults"
)

// Secrets of the OAuth tests; none may appear in errors or logs.
const (
	testToken   = "dapi-kernel-test"
	m2mClientID = "sp-kernel"
	m2mSecret   = "sp-secret-Zq7wQ"
)

// authEnv is a local warehouse with its OIDC server, behind a middleware
// that records requests and bearer tokens and can reject tokens with 401
// (standing in for a server-side revocation).
type authEnv struct {
	url string
	srv *warehouse.Server

	mu        sync.Mutex
	requests  []string        // "METHOD /path"
	bearers   []string        // API bearer tokens, in order
	rejected  map[string]bool // tokens answered 401
	rejectAll bool
	alias     map[string]string // bearer token → token forwarded (external IdPs)
	// faults, when set, injects its errors into the requests to faultPath.
	faults    *faults.Injector
	faultPath string
}

// injectFaults answers the requests to path (e.g. the token endpoint) with
// the errors of rules (rule.Call is faults.CallOther) before they reach the
// warehouse.
func (e *authEnv) injectFaults(t *testing.T, path string, rules ...faults.Rule) {
	t.Helper()
	cfg := faults.Config{Errors: rules}
	require.NoError(t, cfg.Validate())
	e.mu.Lock()
	e.faults, e.faultPath = faults.New(cfg), path
	e.mu.Unlock()
}

// newAuthEnv starts the warehouse with cfg (plus the M2M client, and the
// Databricks CLI's public client approved at once for the U2M tests) and
// checks at cleanup that no goroutine leaked.
func newAuthEnv(t *testing.T, cfg warehouse.Config) *authEnv {
	t.Helper()
	baseline := runtime.NumGoroutine()
	t.Cleanup(func() { checkGoroutines(t, baseline) })
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	cfg.Tokens = []string{testToken}
	cfg.OAuthClients = append(cfg.OAuthClients, warehouse.OAuthClient{ID: m2mClientID, Secret: m2mSecret})
	cfg.OAuthPublicClients = append(cfg.OAuthPublicClients, auth.DefaultU2MClientID)
	cfg.OAuthAutoApprove = true
	e := &authEnv{srv: warehouse.New(eng, cfg), rejected: map[string]bool{}, alias: map[string]string{}}
	ts := httptest.NewServer(e.middleware(e.srv.Handler()))
	e.url = ts.URL
	t.Cleanup(func() {
		ts.Close()
		require.NoError(t, e.srv.Close())
		require.NoError(t, eng.Close())
	})
	return e
}

// checkGoroutines fails t if goroutines outlive the test.
func checkGoroutines(t *testing.T, baseline int) {
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines leaked: %d > %d\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

func (e *authEnv) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		e.mu.Lock()
		e.requests = append(e.requests, r.Method+" "+r.URL.Path)
		api := strings.HasPrefix(r.URL.Path, "/api/")
		reject := api && (e.rejectAll || e.rejected[tok])
		if api && isBearer {
			e.bearers = append(e.bearers, tok)
			if to, ok := e.alias[tok]; ok {
				r.Header.Set("Authorization", "Bearer "+to)
			}
		}
		inj := e.faults
		if r.URL.Path != e.faultPath {
			inj = nil
		}
		e.mu.Unlock()
		h := next
		if inj != nil {
			h = inj.Middleware(nil, next)
		}
		if reject {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error_code":"UNAUTHENTICATED","message":"Invalid access token."}`))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// count returns how many recorded requests were "METHOD /path".
func (e *authEnv) count(req string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.requests {
		if r == req {
			n++
		}
	}
	return n
}

// tokenRequests counts the requests to the OIDC token endpoint.
func (e *authEnv) tokenRequests() int { return e.count("POST /oidc/v1/token") }

// lastBearer is the token of the latest API call.
func (e *authEnv) lastBearer() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.bearers[len(e.bearers)-1]
}

// distinctBearers lists the API tokens seen.
func (e *authEnv) distinctBearers() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := slices.Clone(e.bearers)
	slices.Sort(out)
	return slices.Compact(out)
}

func (e *authEnv) reject(tok string) {
	e.mu.Lock()
	e.rejected[tok] = true
	e.mu.Unlock()
}

// config is a Config for the warehouse without credentials.
func (e *authEnv) config(typ string) kernel.Config {
	cfg := kernel.NewConfig(kernel.WithHost(e.url), kernel.WithHTTPPath(e.srv.Config().HTTPPath()))
	cfg.AuthType = typ
	cfg.Retry.MinWait = 10 * time.Millisecond
	cfg.Retry.MaxWait = 200 * time.Millisecond
	return cfg
}

// m2mConfig authenticates as the M2M client.
func (e *authEnv) m2mConfig() kernel.Config {
	cfg := e.config(auth.TypeOAuthM2M)
	cfg.OAuth.ClientID, cfg.OAuth.ClientSecret = m2mClientID, m2mSecret
	return cfg
}

// selectOne runs SELECT 1 on c.
func selectOne(t *testing.T, c *kernel.Conn) error {
	t.Helper()
	rdr, err := c.Query(context.Background(), "SELECT 1 AS one")
	if err != nil {
		return err
	}
	defer rdr.Release()
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, int64(1), rows)
	return nil
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (log output).
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

// requireNoSecrets fails if s contains any of secrets.
func requireNoSecrets(t *testing.T, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" {
			require.NotContains(t, s, sec)
		}
	}
}
