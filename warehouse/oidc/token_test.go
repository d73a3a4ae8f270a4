package oidc_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTokenEndpointRequestErrors(t *testing.T) {
	e := newEnv(t, defaultConfig())
	cc := url.Values{"grant_type": {"client_credentials"}, "scope": {"all-apis"}}
	with := func(extra url.Values) url.Values {
		v := url.Values{}
		for k, vs := range cc {
			v[k] = append([]string(nil), vs...)
		}
		for k, vs := range extra {
			v[k] = append(v[k], vs...)
		}
		return v
	}
	cases := []struct {
		name       string
		form       url.Values
		user, pass string
		status     int
		code       string
	}{
		{"missing grant_type", url.Values{"scope": {"all-apis"}}, m2mID, m2mSecret, 400, "invalid_request"},
		{"unsupported grant_type", url.Values{"grant_type": {"password"}}, m2mID, m2mSecret, 400, "unsupported_grant_type"},
		{"repeated parameter", with(url.Values{"scope": {"sql"}}), m2mID, m2mSecret, 400, "invalid_request"},
		{"two auth methods", with(url.Values{"client_secret": {m2mSecret}}), m2mID, m2mSecret, 400, "invalid_request"},
		{"client_id disagrees with Basic", with(url.Values{"client_id": {"other"}}), m2mID, m2mSecret, 400, "invalid_request"},
		{"no client authentication", cc, "", "", 401, "invalid_client"},
		{"missing code", url.Values{"grant_type": {"authorization_code"}, "client_id": {cliID}}, "", "", 400, "invalid_request"},
		{"missing refresh_token", url.Values{"grant_type": {"refresh_token"}, "client_id": {cliID}}, "", "", 400, "invalid_request"},
		{"bad refresh scope", url.Values{"grant_type": {"refresh_token"}, "client_id": {cliID}, "refresh_token": {"x"}, "scope": {"nope"}}, "", "", 400, "invalid_scope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := postToken(t, e, c.form, c.user, c.pass)
			requireOAuthError(t, resp, body, c.status, c.code)
			if c.status == http.StatusUnauthorized {
				require.Equal(t, `Basic realm="sealane"`, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("client_id repeated from Basic is fine", func(t *testing.T) {
		resp, body := postToken(t, e, with(url.Values{"client_id": {m2mID}}), m2mID, m2mSecret)
		require.Equal(t, http.StatusOK, resp.StatusCode, "body: %v", body)
	})
	t.Run("malformed Basic header", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, e.ts.URL+tokenPath, strings.NewReader(cc.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Basic !!!not-base64")
		resp, body := doJSON(t, req)
		requireOAuthError(t, resp, body, http.StatusUnauthorized, "invalid_client")
	})
	t.Run("JSON body", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, e.ts.URL+tokenPath, strings.NewReader(`{"grant_type":"client_credentials"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(url.QueryEscape(m2mID), url.QueryEscape(m2mSecret))
		resp, body := doJSON(t, req)
		requireOAuthError(t, resp, body, http.StatusBadRequest, "invalid_request")
	})
	t.Run("parameters in the URL are ignored", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodPost, e.ts.URL+tokenPath+"?"+cc.Encode(), strings.NewReader(""))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(url.QueryEscape(m2mID), url.QueryEscape(m2mSecret))
		resp, body := doJSON(t, req)
		requireOAuthError(t, resp, body, http.StatusBadRequest, "invalid_request")
	})
	t.Run("oversized body", func(t *testing.T) {
		form := with(url.Values{"pad": {strings.Repeat("a", 100<<10)}})
		resp, body := postToken(t, e, form, m2mID, m2mSecret)
		requireOAuthError(t, resp, body, http.StatusBadRequest, "invalid_request")
	})
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		t.Run(m, func(t *testing.T) {
			req, err := http.NewRequest(m, e.ts.URL+tokenPath, nil)
			require.NoError(t, err)
			resp, body := doJSON(t, req)
			requireOAuthError(t, resp, body, http.StatusMethodNotAllowed, "invalid_request")
			require.Equal(t, "POST", resp.Header.Get("Allow"))
		})
	}
}
