package oidc_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/oidc"
)

func getJSON(t *testing.T, u string, hdr map[string]string, host string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if host != "" {
		req.Host = host
	}
	return doJSON(t, req)
}

func TestDiscoveryDocument(t *testing.T) {
	e := newEnv(t, defaultConfig())
	for _, path := range []string{wellKnownAS, wellKnownOID} {
		t.Run(path, func(t *testing.T) {
			resp, doc := getJSON(t, e.ts.URL+path, nil, "")
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			require.Equal(t, e.ts.URL+"/oidc", doc["issuer"])
			require.Equal(t, e.ts.URL+"/oidc/v1/authorize", doc["authorization_endpoint"])
			require.Equal(t, e.ts.URL+"/oidc/v1/token", doc["token_endpoint"])
			require.Equal(t, e.ts.URL+"/oidc/v1/keys", doc["jwks_uri"])
			require.Equal(t, []any{"code"}, doc["response_types_supported"])
			require.ElementsMatch(t, []any{"client_credentials", "authorization_code", "refresh_token"}, doc["grant_types_supported"])
			require.Equal(t, []any{"S256"}, doc["code_challenge_methods_supported"])
			require.ElementsMatch(t, []any{"client_secret_basic", "client_secret_post", "none"}, doc["token_endpoint_auth_methods_supported"])
			require.Subset(t, doc["scopes_supported"], []any{"all-apis", "sql", "offline_access", "openid"})
		})
	}

	// The advertised endpoints are live.
	resp, keys := getJSON(t, e.ts.URL+"/oidc/v1/keys", nil, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, []any{}, keys["keys"])
	resp, body := getJSON(t, e.ts.URL+tokenPath, nil, "")
	requireOAuthError(t, resp, body, http.StatusMethodNotAllowed, "invalid_request")
	require.Equal(t, "POST", resp.Header.Get("Allow"))
}

func TestDiscoveryIssuerFollowsRequestHost(t *testing.T) {
	e := newEnv(t, defaultConfig())
	cases := []struct {
		name, host, proto, want string
	}{
		{"host header", "workspace.example:8443", "", "http://workspace.example:8443/oidc"},
		{"forwarded https", "dbc-1234.cloud.databricks.com", "https", "https://dbc-1234.cloud.databricks.com/oidc"},
		{"forwarded list", "w.example", "HTTPS, http", "https://w.example/oidc"},
		{"forwarded junk ignored", "w.example", "gopher", "http://w.example/oidc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hdr := map[string]string{}
			if c.proto != "" {
				hdr["X-Forwarded-Proto"] = c.proto
			}
			_, doc := getJSON(t, e.ts.URL+wellKnownAS, hdr, c.host)
			require.Equal(t, c.want, doc["issuer"])
			require.Equal(t, c.want+"/v1/token", doc["token_endpoint"])
			require.Equal(t, c.want+"/v1/authorize", doc["authorization_endpoint"])
		})
	}
}

func TestDiscoveryOverTLS(t *testing.T) {
	srv := oidc.New(oidc.Config{})
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	hc := ts.Client()
	req, err := http.NewRequest(http.MethodGet, ts.URL+wellKnownOID, nil)
	require.NoError(t, err)
	resp, doc := doJSONWith(t, hc, req)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, ts.URL+"/oidc", doc["issuer"])
	require.Regexp(t, `^https://127\.0\.0\.1:\d+/oidc/v1/token$`, doc["token_endpoint"])
}
