package oidc_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/sealane/sealane/warehouse/oidc"
)

const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" // RFC 7636 appendix B

// authzQuery returns valid authorize parameters, changed by mod.
func authzQuery(mod func(url.Values)) url.Values {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {cliID},
		"redirect_uri":          {redirectURL},
		"scope":                 {"all-apis offline_access"},
		"state":                 {"xyz"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
	}
	if mod != nil {
		mod(q)
	}
	return q
}

func TestAuthorizeRefusesWithoutRedirect(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{cliID, "databricks-sql-python"}, AutoApprove: true})
	cases := []struct {
		name, code string
		mod        func(url.Values)
	}{
		{"non-loopback redirect_uri", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "http://example.com:8020/cb") }},
		{"loopback lookalike", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "http://localhost.example.com:8020") }},
		{"https redirect_uri", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:8020") }},
		{"custom scheme", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "com.example.app:/cb") }},
		{"relative redirect_uri", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "/cb") }},
		{"fragment", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:8020/cb#frag") }},
		{"userinfo", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "http://evil@127.0.0.1:8020/") }},
		{"bad port", "invalid_request", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:99999/") }},
		{"missing redirect_uri", "invalid_request", func(q url.Values) { q.Del("redirect_uri") }},
		{"repeated redirect_uri", "invalid_request", func(q url.Values) { q.Add("redirect_uri", "http://127.0.0.1:1/") }},
		{"missing client_id", "invalid_request", func(q url.Values) { q.Del("client_id") }},
		{"unknown client_id", "invalid_client", func(q url.Values) { q.Set("client_id", "intruder") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := authorize(t, nil, e.ts.URL+authzPath+"?"+authzQuery(c.mod).Encode())
			require.Equal(t, http.StatusBadRequest, resp.StatusCode)
			require.Empty(t, resp.Header.Get("Location"), "must not redirect to an unvalidated URI")
			raw, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Contains(t, string(raw), `"error":"`+c.code+`"`)
		})
	}
}

func TestAuthorizeErrorRedirects(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{cliID}, AutoApprove: true})
	cases := []struct {
		name, code string
		mod        func(url.Values)
	}{
		{"missing PKCE", "invalid_request", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }},
		{"plain PKCE", "invalid_request", func(q url.Values) { q.Set("code_challenge_method", "plain") }},
		{"missing method", "invalid_request", func(q url.Values) { q.Del("code_challenge_method") }},
		{"malformed challenge", "invalid_request", func(q url.Values) { q.Set("code_challenge", "abc") }},
		{"missing response_type", "invalid_request", func(q url.Values) { q.Del("response_type") }},
		{"token response_type", "unsupported_response_type", func(q url.Values) { q.Set("response_type", "token") }},
		{"unknown scope", "invalid_scope", func(q url.Values) { q.Set("scope", "all-apis root") }},
		{"repeated scope", "invalid_request", func(q url.Values) { q.Add("scope", "sql") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := authorize(t, nil, e.ts.URL+authzPath+"?"+authzQuery(c.mod).Encode())
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			require.Equal(t, "localhost:8020", loc.Host)
			q := loc.Query()
			require.Equal(t, c.code, q.Get("error"))
			require.NotEmpty(t, q.Get("error_description"))
			require.Equal(t, "xyz", q.Get("state"))
			require.Empty(t, q.Get("code"))
		})
	}

	t.Run("missing PKCE through x/oauth2", func(t *testing.T) {
		cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "all-apis")
		resp := authorize(t, nil, cfg.AuthCodeURL("s-42"))
		require.Equal(t, http.StatusFound, resp.StatusCode)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		require.Equal(t, "invalid_request", loc.Query().Get("error"))
		require.Equal(t, "s-42", loc.Query().Get("state"))
	})
}

func TestAuthorizeRedirectShapes(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{cliID}, AutoApprove: true})
	for _, ru := range []string{
		"http://127.0.0.1:8020",
		"http://127.0.0.1/callback",
		"http://[::1]:8030/cb",
		"http://LOCALHOST:8021/",
		"http://localhost:8030/cb?tenant=a+b",
	} {
		t.Run(ru, func(t *testing.T) {
			resp := authorize(t, nil, e.ts.URL+authzPath+"?"+authzQuery(func(q url.Values) {
				q.Set("redirect_uri", ru)
				q.Del("state")
			}).Encode())
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc := resp.Header.Get("Location")
			require.True(t, strings.HasPrefix(loc, strings.SplitN(ru, "?", 2)[0]+"?"), loc)
			u, err := url.Parse(loc)
			require.NoError(t, err)
			require.NotEmpty(t, u.Query().Get("code"))
			require.NotContains(t, u.Query(), "state", "no state asked, none echoed")
			if strings.Contains(ru, "tenant") {
				require.Equal(t, "a b", u.Query().Get("tenant"), "the redirect_uri's own query is kept")
			}
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Empty(t, body, "the code travels in Location only")
		})
	}
}

func TestAuthorizeMethod(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{cliID}, AutoApprove: true})
	resp, err := http.PostForm(e.ts.URL+authzPath, authzQuery(nil))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	require.Equal(t, "GET", resp.Header.Get("Allow"))
}

// TestClosedByDefault: a server configured with nothing issues nothing. The
// chain that used to yield an API token to anyone (authorize with any
// client id, then exchange the code) is refused at the first step.
func TestClosedByDefault(t *testing.T) {
	e := newEnv(t, oidc.Config{})
	for _, id := range []string{cliID, "anyone", "databricks-sql-python"} {
		resp := authorize(t, nil, e.ts.URL+authzPath+"?"+authzQuery(func(q url.Values) { q.Set("client_id", id) }).Encode())
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, id)
		require.Empty(t, resp.Header.Get("Location"), id)
	}
	resp, body := postToken(t, e, url.Values{"grant_type": {"client_credentials"}}, "anyone", "anything")
	requireOAuthError(t, resp, body, http.StatusUnauthorized, "invalid_client")
}

// TestNamedClientWithoutAutoApproveIsDenied: naming a public client is not
// enough; without AutoApprove the endpoint denies, so no code is issued.
func TestNamedClientWithoutAutoApproveIsDenied(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{cliID}})
	resp := authorize(t, nil, e.ts.URL+authzPath+"?"+authzQuery(nil).Encode())
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "access_denied", loc.Query().Get("error"))
	require.Contains(t, loc.Query().Get("error_description"), "--oauth-auto-approve")
	require.Equal(t, "xyz", loc.Query().Get("state"))
	require.Empty(t, loc.Query().Get("code"))
}
