package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/warehouse"
)

// clicker is a BrowserOpener that "clicks": it fetches the login URL and
// follows the auto-approving authorize redirect to the kernel's listener.
type clicker struct {
	calls atomic.Int32
	last  atomic.Value // the latest login URL
}

func (b *clicker) open(u string) error {
	b.calls.Add(1)
	b.last.Store(u)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Get(u)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("login page: HTTP %d: %s", resp.StatusCode, body)
	}
	return nil
}

// u2mConfig is an oauth-u2m Config with a free redirect port and cacheDir.
func (e *authEnv) u2mConfig(b *clicker, cacheDir string) kernel.Config {
	cfg := e.config(auth.TypeOAuthU2M)
	cfg.OAuth.RedirectPort = -1
	cfg.OAuth.TokenCacheDir = cacheDir
	cfg.OAuth.BrowserOpener = b.open
	cfg.OAuth.LoginTimeout = 10 * time.Second
	return cfg
}

// TestOAuthU2M: the browser login (authorize with PKCE S256, exchange with
// the verifier) happens once; the token cache (0600 in a 0700 directory)
// spares later connections the browser; the refresh token replaces expired
// access tokens.
func TestOAuthU2M(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{OAuthTokenTTL: 3 * time.Second})
	b := &clicker{}
	cacheDir := filepath.Join(t.TempDir(), "oauth")
	var logs syncBuffer
	cfg := e.u2mConfig(b, cacheDir)
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.EqualValues(t, 1, b.calls.Load())
	login, err := url.Parse(b.last.Load().(string))
	require.NoError(t, err)
	q := login.Query()
	require.Equal(t, e.url+"/oidc/v1/authorize", login.Scheme+"://"+login.Host+login.Path)
	require.Equal(t, "S256", q.Get("code_challenge_method"))
	require.Equal(t, auth.DefaultU2MClientID, q.Get("client_id"))
	require.Equal(t, "all-apis offline_access", q.Get("scope"))
	require.NotEmpty(t, q.Get("state"))
	require.Equal(t, 1, e.tokenRequests(), "one authorization code exchange")

	// The cache: one file, 0600, in a 0700 directory.
	entries, err := os.ReadDir(cacheDir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	info, err := os.Stat(filepath.Join(cacheDir, entries[0].Name()))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dir, err := os.Stat(cacheDir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
	raw, err := os.ReadFile(filepath.Join(cacheDir, entries[0].Name()))
	require.NoError(t, err)
	require.Contains(t, string(raw), e.lastBearer(), "the cache holds the access token")

	// A second connection reuses the cached token: no browser, no token request.
	c, err = kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.EqualValues(t, 1, b.calls.Load(), "a cached token means no browser: %s", logs.String())
	require.Equal(t, 1, e.tokenRequests())
	first := e.lastBearer()

	// After expiry the same connection refreshes with the refresh token.
	time.Sleep(3200 * time.Millisecond)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.Equal(t, 2, e.tokenRequests(), "one refresh_token grant")
	require.NotEqual(t, first, e.lastBearer())

	// A new connection after expiry: the cached refresh token, still no browser.
	time.Sleep(3200 * time.Millisecond)
	c, err = kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.EqualValues(t, 1, b.calls.Load())
	require.Equal(t, 3, e.tokenRequests())

	raw, err = os.ReadFile(filepath.Join(cacheDir, entries[0].Name()))
	require.NoError(t, err)
	requireNoSecrets(t, logs.String(), e.distinctBearers()...)
	requireNoSecrets(t, logs.String(), string(raw[len(raw)/2:]))
}

// TestOAuthU2MRefreshRejectedLogsInAgain: when the cached refresh token is
// refused (revoked, or expired server side), the kernel logs in again.
func TestOAuthU2MRefreshRejectedLogsInAgain(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	b := &clicker{}
	cacheDir := t.TempDir()
	var logs syncBuffer
	cfg := e.u2mConfig(b, cacheDir)
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.EqualValues(t, 1, b.calls.Load())

	// Expire the cached access token and spoil the refresh token.
	entries, err := os.ReadDir(cacheDir)
	require.NoError(t, err)
	path := filepath.Join(cacheDir, entries[0].Name())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var cache map[string]any
	require.NoError(t, json.Unmarshal(raw, &cache))
	cache["refresh_token"] = "sl-oauth-revoked"
	cache["expiry"] = time.Now().Add(-time.Minute)
	raw, err = json.Marshal(cache)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o600))

	c, err = kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.EqualValues(t, 2, b.calls.Load(), "the browser again")
	require.Contains(t, logs.String(), "refresh failed, logging in again")
	require.Contains(t, logs.String(), "invalid_grant")
}

// TestOAuthU2MBrowserFailure: without a browser the URL is printed and the
// login times out with ErrUnauthenticated; a busy port is reported.
func TestOAuthU2MBrowserFailure(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	cfg := e.config(auth.TypeOAuthU2M)
	cfg.OAuth.RedirectPort = -1
	cfg.OAuth.TokenCacheDir = t.TempDir()
	cfg.OAuth.LoginTimeout = 200 * time.Millisecond
	cfg.OAuth.BrowserOpener = func(string) error { return errors.New("no browser here") }
	_, err := kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.ErrorContains(t, err, "no browser login within 200ms")

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	cfg.OAuth.LoginTimeout = time.Minute
	_, err = kernel.Connect(ctx, cfg)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}
