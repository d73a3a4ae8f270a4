package auth_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

const (
	tokenPath     = "/oidc/v1/token"
	discoveryPath = "/oidc/.well-known/oauth-authorization-server"
)

// TestTokenRequestRetriedOnThrottling: the M2M token request answered 503
// (twice) or 429 with Retry-After is retried inside Authorize, and Connect
// succeeds; the warning names no secret.
func TestTokenRequestRetriedOnThrottling(t *testing.T) {
	for name, rule := range map[string]faults.Rule{
		"503":             {Call: faults.CallOther, Status: http.StatusServiceUnavailable, Count: 2},
		"429 retry-after": {Call: faults.CallOther, Status: http.StatusTooManyRequests, RetryAfter: time.Second, Count: 1},
	} {
		t.Run(name, func(t *testing.T) {
			e := newAuthEnv(t, warehouse.Config{})
			e.injectFaults(t, tokenPath, rule)
			var logs syncBuffer
			cfg := e.m2mConfig()
			cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
			c, err := kernel.Connect(context.Background(), cfg)
			require.NoError(t, err)
			require.NoError(t, selectOne(t, c))
			require.NoError(t, c.Close())
			require.Equal(t, rule.Count+1, e.tokenRequests(), "the failed attempts and the one that worked")
			require.Contains(t, logs.String(), "token request failed, retrying")
			require.Contains(t, logs.String(), fmt.Sprintf(`"status":%d`, rule.Status))
			requireNoSecrets(t, logs.String(), m2mSecret, e.lastBearer())
		})
	}
}

// TestTokenRequestRetriesEnd: a token endpoint that keeps answering 503
// gets 1 + 3 attempts (the auth cap of the DBSQL retry rules), then
// Connect fails as unavailable, naming the status; a rejected client (400
// invalid_client) is not retried.
func TestTokenRequestRetriesEnd(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	e.injectFaults(t, tokenPath, faults.Rule{Call: faults.CallOther, Status: http.StatusServiceUnavailable})
	_, err := kernel.Connect(context.Background(), e.m2mConfig())
	require.ErrorIs(t, err, kernel.ErrUnavailable)
	require.ErrorContains(t, err, "the token endpoint answered HTTP 503")
	require.Equal(t, 4, e.tokenRequests())
	require.Zero(t, e.count("POST /api/2.0/sql/sessions"))
	requireNoSecrets(t, err.Error(), m2mSecret)

	e.injectFaults(t, "/none")
	before := e.tokenRequests()
	cfg := e.m2mConfig()
	cfg.OAuth.ClientSecret = "wrong-secret-Kp3"
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.Equal(t, before+1, e.tokenRequests(), "invalid_client is final")

	cfg = e.m2mConfig()
	cfg.Retry.MaxRetries = -1
	e.injectFaults(t, tokenPath, faults.Rule{Call: faults.CallOther, Status: http.StatusServiceUnavailable, Count: 1})
	before = e.tokenRequests()
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnavailable, "MaxRetries < 0 disables the retries")
	require.Equal(t, before+1, e.tokenRequests())
}

// TestDiscoveryRetried: the unauthenticated discovery GET is idempotent:
// a 500 is retried too.
func TestDiscoveryRetried(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	e.injectFaults(t, discoveryPath, faults.Rule{Call: faults.CallOther, Status: http.StatusInternalServerError, Count: 1})
	c, err := kernel.Connect(context.Background(), e.m2mConfig())
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.Equal(t, 2, e.count("GET "+discoveryPath))
	require.Equal(t, 1, e.tokenRequests())
}

// TestTokenRequestRetriedOnConnectError: a token request whose connection
// is refused (a real dial to a closed port) is retried.
func TestTokenRequestRetriedOnConnectError(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	refused := closed.Addr().String()
	require.NoError(t, closed.Close())
	var dials atomic.Int32
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 2 { // the first token request: discovery was dial 1
			return d.DialContext(ctx, network, refused)
		}
		return d.DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	cfg := e.m2mConfig()
	cfg.HTTPClient = &http.Client{Transport: tr}
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.Equal(t, 1, e.tokenRequests(), "the refused attempt never reached the server")
	require.Equal(t, 1, e.count("GET "+discoveryPath))
	require.GreaterOrEqual(t, dials.Load(), int32(3))
}

// TestU2MExchangeRetries: the authorization code exchange carries a
// single-use code: it is retried on 429 (not served), not on 500 (the code
// may be spent); either way the user logs in once.
func TestU2MExchangeRetries(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	e.injectFaults(t, tokenPath, faults.Rule{Call: faults.CallOther, Status: http.StatusTooManyRequests, Count: 1})
	b := &clicker{}
	c, err := kernel.Connect(context.Background(), e.u2mConfig(b, filepath.Join(t.TempDir(), "oauth")))
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.EqualValues(t, 1, b.calls.Load())
	require.Equal(t, 2, e.tokenRequests())

	e.injectFaults(t, tokenPath, faults.Rule{Call: faults.CallOther, Status: http.StatusInternalServerError, Count: 1})
	b = &clicker{}
	before := e.tokenRequests()
	_, err = kernel.Connect(context.Background(), e.u2mConfig(b, filepath.Join(t.TempDir(), "oauth")))
	require.ErrorIs(t, err, kernel.ErrUnavailable)
	require.ErrorContains(t, err, "HTTP 500")
	require.Equal(t, before+1, e.tokenRequests(), "a 500 on a single-use grant is final")
	require.EqualValues(t, 1, b.calls.Load())
}
