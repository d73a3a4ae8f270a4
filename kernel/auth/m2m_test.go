package auth_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
)

// TestOAuthM2MEndToEnd: discovery, one client-credentials grant, and the
// token on every API call; nothing secret in the debug log.
func TestOAuthM2MEndToEnd(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	var logs syncBuffer
	cfg := e.m2mConfig()
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())

	require.Equal(t, 1, e.count("GET /oidc/.well-known/oauth-authorization-server"))
	require.Equal(t, 1, e.tokenRequests(), "one token serves the whole connection")
	toks := e.distinctBearers()
	require.Len(t, toks, 1)
	require.Contains(t, toks[0], "sl-oauth-", "the API saw the OAuth token, not a PAT")
	require.Contains(t, logs.String(), `"op":"execute"`)
	requireNoSecrets(t, logs.String(), m2mSecret, toks[0])
	requireNoSecrets(t, fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg.OAuth), m2mSecret)
}

// TestOAuthM2MWrongSecret: a rejected client fails Connect with
// ErrUnauthenticated, without echoing the secret.
func TestOAuthM2MWrongSecret(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	cfg := e.m2mConfig()
	cfg.OAuth.ClientSecret = "wrong-secret-Kp3"
	_, err := kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.ErrorContains(t, err, "invalid_client")
	requireNoSecrets(t, err.Error(), "wrong-secret-Kp3", m2mSecret)
	require.Zero(t, e.count("POST /api/2.0/sql/sessions"), "no API call without a token")
}

// TestOAuthM2MExpiryRefresh: a query after the token expired fetches a new
// token first (the server's TTL is 2 s).
func TestOAuthM2MExpiryRefresh(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{OAuthTokenTTL: 2 * time.Second})
	c, err := kernel.Connect(context.Background(), e.m2mConfig())
	require.NoError(t, err)
	defer func() { require.NoError(t, c.Close()) }()
	require.NoError(t, selectOne(t, c))
	first, before := e.lastBearer(), e.tokenRequests()

	time.Sleep(2200 * time.Millisecond)
	require.NoError(t, selectOne(t, c))
	require.Equal(t, before+1, e.tokenRequests(), "the expired token was replaced before use")
	require.NotEqual(t, first, e.lastBearer())
}

// TestOAuthM2MBackgroundRefresh: past half its lifetime the token is
// renewed in the background while still in use; Close stops the refresher
// (the goroutine check of newAuthEnv).
func TestOAuthM2MBackgroundRefresh(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{OAuthTokenTTL: 2 * time.Second})
	c, err := kernel.Connect(context.Background(), e.m2mConfig())
	require.NoError(t, err)
	first := e.lastBearer()
	time.Sleep(1300 * time.Millisecond)
	require.NoError(t, selectOne(t, c))
	require.Equal(t, first, e.lastBearer(), "the current token is used while the new one is fetched")
	// The renewal lands asynchronously: queries switch to the new token
	// without any of them waiting for a token request.
	require.Eventually(t, func() bool {
		require.NoError(t, selectOne(t, c))
		return e.lastBearer() != first
	}, 5*time.Second, 20*time.Millisecond, "the renewed token is used")
	require.GreaterOrEqual(t, e.tokenRequests(), 2)
	require.NoError(t, c.Close())
}

// TestOAuthM2MUnauthorizedRefreshOnce: a 401 makes the kernel fetch a new
// token and retry once; a second 401 surfaces as ErrUnauthenticated.
func TestOAuthM2MUnauthorizedRefreshOnce(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	c, err := kernel.Connect(context.Background(), e.m2mConfig())
	require.NoError(t, err)
	defer func() { require.NoError(t, c.Close()) }()
	first := e.lastBearer()

	e.reject(first) // revoked server side
	require.NoError(t, selectOne(t, c))
	require.Equal(t, 2, e.tokenRequests())
	second := e.lastBearer()
	require.NotEqual(t, first, second)

	e.mu.Lock()
	e.rejectAll = true
	e.mu.Unlock()
	before := e.count("POST /api/2.0/sql/statements")
	err = selectOne(t, c)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.Equal(t, 3, e.tokenRequests(), "exactly one refresh per call")
	require.Equal(t, before+2, e.count("POST /api/2.0/sql/statements"), "one retry, no more")
	requireNoSecrets(t, err.Error(), first, second, e.lastBearer(), m2mSecret)

	e.mu.Lock()
	e.rejectAll = false
	e.mu.Unlock()
}

// TestSharedAuthenticator: NewAuthenticator builds one token cache for many
// connections; the caller closes it.
func TestSharedAuthenticator(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	auth, err := kernel.NewAuthenticator(e.m2mConfig())
	require.NoError(t, err)
	defer func() { require.NoError(t, auth.Close()) }()
	for range 3 {
		cfg := e.config("")
		cfg.Auth = auth
		c, err := kernel.Connect(context.Background(), cfg)
		require.NoError(t, err)
		require.NoError(t, selectOne(t, c))
		require.NoError(t, c.Close())
	}
	require.Equal(t, 1, e.tokenRequests())
	require.Equal(t, "TokenAuthenticator(redacted)", fmt.Sprint(auth))

	_, err = kernel.NewAuthenticator(kernel.Config{Host: e.url, AccessToken: testToken})
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
}

// TestOAuthDiscoveryFailure: a workspace without OIDC endpoints, or none
// at all, fails Connect with a clear error.
func TestOAuthDiscoveryFailure(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	noOIDC := httptest.NewServer(http.NotFoundHandler())
	defer noOIDC.Close()
	cfg := e.m2mConfig()
	cfg.Host = noOIDC.URL
	_, err := kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.ErrorContains(t, err, "oauth discovery: GET "+noOIDC.URL+"/oidc/.well-known/oauth-authorization-server answered HTTP 404")

	cfg.Host = "http://127.0.0.1:1" // nothing listens there
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorContains(t, err, "oauth discovery")
	require.False(t, errors.Is(err, kernel.ErrInvalidArgument))
}
