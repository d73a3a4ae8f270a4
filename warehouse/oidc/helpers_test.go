package oidc_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/sealane/sealane/warehouse/oidc"
)

// Fixtures. The M2M secret holds characters that RFC 6749 §2.3.1 makes the
// client form-urlencode inside HTTP Basic, so decoding is exercised.
const (
	m2mID        = "sp-6f1c:ops"
	m2mSecret    = "dose-S3cr3t/+&=%:value"
	cliID        = "databricks-cli"
	confID       = "custom-app"
	confSecret   = "conf-secret-2f9a"
	redirectURL  = "http://localhost:8020"
	tokenPath    = "/oidc/v1/token"
	authzPath    = "/oidc/v1/authorize"
	wellKnownAS  = "/oidc/.well-known/oauth-authorization-server"
	wellKnownOID = "/oidc/.well-known/openid-configuration"
)

// fakeClock is the server's injectable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now()} }

// Now returns the fake time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the fake time forward by d.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one server under test, reached over real HTTP.
type env struct {
	srv   *oidc.Server
	ts    *httptest.Server
	clock *fakeClock

	mu       sync.Mutex
	basicHdr []bool // for each token request: did it carry an Authorization header?
}

// defaultConfig registers one M2M client, one confidential U2M client and
// the Databricks CLI public client, and approves logins at once.
func defaultConfig() oidc.Config {
	return oidc.Config{
		Clients: []oidc.Client{
			{ID: m2mID, Secret: m2mSecret},
			{ID: confID, Secret: confSecret},
		},
		PublicClients: []string{cliID},
		AutoApprove:   true,
	}
}

// newEnv starts srv behind an httptest server, mounted on "/oidc/" as the
// warehouse mounts it, with a fake clock.
func newEnv(t *testing.T, cfg oidc.Config) *env {
	t.Helper()
	e := &env{clock: newFakeClock()}
	cfg.Now = e.clock.Now
	e.srv = oidc.New(cfg)
	mux := http.NewServeMux()
	h := e.srv.Handler()
	mux.Handle("/oidc/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			e.mu.Lock()
			e.basicHdr = append(e.basicHdr, r.Header.Get("Authorization") != "")
			e.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	e.ts = httptest.NewServer(mux)
	t.Cleanup(e.ts.Close)
	return e
}

// authHeaders returns, per token request so far, whether it used a header.
func (e *env) authHeaders() []bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bool(nil), e.basicHdr...)
}

func (e *env) endpoint(style oauth2.AuthStyle) oauth2.Endpoint {
	return oauth2.Endpoint{
		AuthURL:   e.ts.URL + authzPath,
		TokenURL:  e.ts.URL + tokenPath,
		AuthStyle: style,
	}
}

// u2mConfig is what the Databricks CLI / Rust kernel would configure.
func (e *env) u2mConfig(clientID string, style oauth2.AuthStyle, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:    clientID,
		Endpoint:    e.endpoint(style),
		RedirectURL: redirectURL,
		Scopes:      scopes,
	}
}

// authorize opens authURL like a browser would and stops at the redirect
// to the loopback listener (which does not exist). It returns the response.
func authorize(t *testing.T, hc *http.Client, authURL string) *http.Response {
	t.Helper()
	au, err := url.Parse(authURL)
	require.NoError(t, err)
	client := &http.Client{
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if req.URL.Host != au.Host {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
	if hc != nil {
		client.Transport = hc.Transport
	}
	resp, err := client.Get(authURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// authorizeCode runs the authorize step and returns the code, checking that
// the redirect goes to redirectURL and echoes state.
func authorizeCode(t *testing.T, hc *http.Client, authURL, state string) string {
	t.Helper()
	resp := authorize(t, hc, authURL)
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, redirectURL, loc.Scheme+"://"+loc.Host+loc.Path)
	q := loc.Query()
	require.Empty(t, q.Get("error"), q.Get("error_description"))
	require.Equal(t, state, q.Get("state"))
	code := q.Get("code")
	require.True(t, strings.HasPrefix(code, oidc.TokenPrefix))
	return code
}

// retrieveError unwraps an x/oauth2 token error.
func retrieveError(t *testing.T, err error) *oauth2.RetrieveError {
	t.Helper()
	require.Error(t, err)
	var re *oauth2.RetrieveError
	require.True(t, errors.As(err, &re), "not a RetrieveError: %v", err)
	return re
}

// postToken sends a raw token request and decodes the JSON answer.
func postToken(t *testing.T, e *env, form url.Values, basicUser, basicPass string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+tokenPath, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicUser != "" || basicPass != "" {
		req.SetBasicAuth(url.QueryEscape(basicUser), url.QueryEscape(basicPass))
	}
	return doJSON(t, req)
}

// doJSON runs req and decodes a JSON object body.
func doJSON(t *testing.T, req *http.Request) (*http.Response, map[string]any) {
	t.Helper()
	return doJSONWith(t, http.DefaultClient, req)
}

// doJSONWith runs req with hc and decodes a JSON object body.
func doJSONWith(t *testing.T, hc *http.Client, req *http.Request) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(raw, &body), "body: %s", raw)
	return resp, body
}

// requireOAuthError checks a raw error answer.
func requireOAuthError(t *testing.T, resp *http.Response, body map[string]any, status int, code string) {
	t.Helper()
	require.Equal(t, status, resp.StatusCode, "body: %v", body)
	require.Equal(t, code, body["error"], "body: %v", body)
	require.NotEmpty(t, body["error_description"])
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
}

// ctxWith returns a context whose x/oauth2 requests go through hc.
func ctxWith(hc *http.Client) context.Context {
	if hc == nil {
		return context.Background()
	}
	return context.WithValue(context.Background(), oauth2.HTTPClient, hc)
}

// expired returns a copy of tok that x/oauth2 considers expired, so that a
// TokenSource refreshes it. (x/oauth2 reads the real clock; the server's
// clock is advanced separately.)
func expired(tok *oauth2.Token) *oauth2.Token {
	c := *tok
	c.Expiry = time.Now().Add(-time.Minute)
	return &c
}

// expiresIn reads the raw expires_in field (x/oauth2 turns it into Expiry
// and leaves Token.ExpiresIn unset).
func expiresIn(tok *oauth2.Token) int64 {
	v, _ := tok.Extra("expires_in").(float64)
	return int64(v)
}
