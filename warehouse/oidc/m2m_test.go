package oidc_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/sealane/sealane/warehouse/oidc"
)

// discoverTokenURL reads the token endpoint the way the Rust kernel does.
func discoverTokenURL(t *testing.T, e *env) string {
	t.Helper()
	resp, doc := getJSON(t, e.ts.URL+wellKnownAS, nil, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	tokenURL, ok := doc["token_endpoint"].(string)
	require.True(t, ok)
	return tokenURL
}

func TestClientCredentials(t *testing.T) {
	cases := []struct {
		name  string
		style oauth2.AuthStyle
		// header is whether the successful request used HTTP Basic.
		header bool
	}{
		{"client_secret_basic", oauth2.AuthStyleInHeader, true},
		{"client_secret_post", oauth2.AuthStyleInParams, false},
		{"auto-detect", oauth2.AuthStyleAutoDetect, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, defaultConfig())
			cc := clientcredentials.Config{
				ClientID:     m2mID,
				ClientSecret: m2mSecret,
				TokenURL:     discoverTokenURL(t, e),
				Scopes:       []string{"all-apis"},
				AuthStyle:    c.style,
			}
			before := time.Now()
			tok, err := cc.Token(context.Background())
			require.NoError(t, err)
			require.Equal(t, []bool{c.header}, e.authHeaders(), "one request, in the expected style")

			require.True(t, strings.HasPrefix(tok.AccessToken, oidc.TokenPrefix))
			require.Equal(t, "Bearer", tok.TokenType)
			require.Empty(t, tok.RefreshToken, "client_credentials never gets a refresh token")
			require.Equal(t, int64(3600), expiresIn(tok))
			require.WithinDuration(t, before.Add(time.Hour), tok.Expiry, 5*time.Second)
			require.Equal(t, "all-apis", tok.Extra("scope"))
			require.True(t, e.srv.Validate(tok.AccessToken))

			// The token works through the oauth2 transport too.
			req, err := http.NewRequest(http.MethodGet, "http://x.invalid/", nil)
			require.NoError(t, err)
			tok.SetAuthHeader(req)
			require.Equal(t, "Bearer "+tok.AccessToken, req.Header.Get("Authorization"))
		})
	}
}

func TestClientCredentialsRejected(t *testing.T) {
	cfg := defaultConfig()
	cfg.Clients = append(cfg.Clients, oidc.Client{ID: cliID}) // public: no secret
	e := newEnv(t, cfg)
	cases := []struct {
		name, id, secret string
	}{
		{"wrong secret", m2mID, "not-the-secret"},
		{"unknown client", "intruder", m2mSecret},
		{"empty secret", m2mID, ""},
		{"public client", cliID, ""},
	}
	for _, c := range cases {
		for style, sname := range map[oauth2.AuthStyle]string{oauth2.AuthStyleInHeader: "basic", oauth2.AuthStyleInParams: "post"} {
			t.Run(c.name+"/"+sname, func(t *testing.T) {
				cc := clientcredentials.Config{
					ClientID: c.id, ClientSecret: c.secret,
					TokenURL: e.ts.URL + tokenPath, Scopes: []string{"all-apis"}, AuthStyle: style,
				}
				tok, err := cc.Token(context.Background())
				require.Nil(t, tok)
				re := retrieveError(t, err)
				require.Equal(t, "invalid_client", re.ErrorCode)
				require.Equal(t, http.StatusUnauthorized, re.Response.StatusCode)
				require.Equal(t, `Basic realm="sealane"`, re.Response.Header.Get("WWW-Authenticate"))
			})
		}
	}
}

func TestClientCredentialsScopes(t *testing.T) {
	e := newEnv(t, defaultConfig())
	cc := clientcredentials.Config{ClientID: m2mID, ClientSecret: m2mSecret, TokenURL: e.ts.URL + tokenPath}

	tok, err := cc.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, "all-apis", tok.Extra("scope"), "no scope asked: all-apis granted")

	cc.Scopes = []string{"sql", "sql", "offline_access"}
	tok, err = cc.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, "sql offline_access", tok.Extra("scope"))
	require.Empty(t, tok.RefreshToken, "offline_access does not give M2M a refresh token")

	cc.Scopes = []string{"all-apis", "admin"}
	cc.AuthStyle = oauth2.AuthStyleInHeader
	_, err = cc.Token(context.Background())
	require.Equal(t, "invalid_scope", retrieveError(t, err).ErrorCode)
}

// TestClientCredentialsWireExamples sends the requests of the protocol
// reference byte for byte: the Rust kernel's Basic header and Python's form.
func TestClientCredentialsWireExamples(t *testing.T) {
	e := newEnv(t, oidc.Config{Clients: []oidc.Client{{ID: "client", Secret: "secret"}}})

	req, err := http.NewRequest(http.MethodPost, e.ts.URL+tokenPath,
		strings.NewReader("grant_type=client_credentials&scope=all-apis"))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Basic Y2xpZW50OnNlY3JldA==")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := doJSON(t, req)
	require.Equal(t, http.StatusOK, resp.StatusCode, "body: %v", body)
	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	require.Equal(t, "Bearer", body["token_type"])
	require.EqualValues(t, 3600, body["expires_in"])
	require.Equal(t, "all-apis", body["scope"])
	require.NotContains(t, body, "refresh_token")
	require.True(t, e.srv.Validate(body["access_token"].(string)))

	resp, body = postToken(t, e, url.Values{
		"grant_type": {"client_credentials"}, "scope": {"all-apis"},
		"client_id": {"client"}, "client_secret": {"secret"},
	}, "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, "body: %v", body)
	require.True(t, e.srv.Validate(body["access_token"].(string)))
}
