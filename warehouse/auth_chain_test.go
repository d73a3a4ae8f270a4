package warehouse_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// u2mChain runs the authorization code flow as an attacker would, by hand:
// authorize with clientID (no browser, no login), then exchange the code.
// It returns the access token, or "" with the step that refused.
func u2mChain(t *testing.T, c *rawsea.Client, clientID string, extra map[string]string) (token, refusedAt string) {
	t.Helper()
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{
		"client_id": {clientID}, "redirect_uri": {"http://127.0.0.1:1/cb"}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"scope": {"all-apis"},
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, c.BaseURL+"/oidc/v1/authorize?"+q.Encode(), nil)
	require.NoError(t, err)
	for k, v := range extra {
		req.Header.Set(k, v)
	}
	if h, ok := extra["Host"]; ok {
		req.Host = h
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	code := loc.Query().Get("code")
	if resp.StatusCode != http.StatusFound || code == "" {
		return "", "authorize: " + resp.Status + " " + loc.Query().Get("error")
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {clientID},
		"redirect_uri": {"http://127.0.0.1:1/cb"}, "code_verifier": {verifier}}
	status, _, body := rawHTTP(t, http.MethodPost, c.BaseURL+"/oidc/v1/token", form.Encode(),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if status != http.StatusOK {
		return "", "token: " + string(body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(body, &tok))
	return tok.AccessToken, ""
}

// TestNoTokenWithoutGrant: the chain that gave anyone an API token (issue
// 14: authorize with any client id, auto-approved, then exchange) is closed
// by default, whatever Host header the request carries.
func TestNoTokenWithoutGrant(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, id := range []string{"anyone", "databricks-cli"} {
		for _, hdr := range []map[string]string{nil, {"Host": "attacker.example"}} {
			token, refused := u2mChain(t, c, id, hdr)
			require.Empty(t, token, "client %q got a token", id)
			require.Contains(t, refused, "authorize: 400", "client %q", id)
		}
	}
}

// TestNamedPublicClientNeedsAutoApprove: a public client the operator named
// gets nothing until the operator also enables auto-approval; then the
// token works on the API, and other client ids still get nothing.
func TestNamedPublicClientNeedsAutoApprove(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{OAuthPublicClients: []string{"databricks-cli"}})
	token, refused := u2mChain(t, c, "databricks-cli", nil)
	require.Empty(t, token)
	require.Contains(t, refused, "access_denied")

	c, _ = newWarehouse(t, warehouse.Config{OAuthPublicClients: []string{"databricks-cli"}, OAuthAutoApprove: true})
	token, refused = u2mChain(t, c, "databricks-cli", nil)
	require.NotEmpty(t, token, refused)
	withOAuth := *c
	withOAuth.Token = token
	sqlIn(t, &withOAuth, "", "SELECT 1")

	token, _ = u2mChain(t, c, "anyone", nil)
	require.Empty(t, token)
}

// TestBearerSchemeIsCaseInsensitive: RFC 9110 makes the auth scheme
// case-insensitive; clients that send "bearer" are served.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		status, _, body := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+"/sessions", `{"warehouse_id":"local"}`,
			map[string]string{"Authorization": scheme + " " + testToken, "Content-Type": "application/json"})
		require.Equal(t, http.StatusOK, status, "%s: %s", scheme, body)
	}
	for _, h := range []string{"Bearer", "Bearer ", "Bearer" + testToken, "Token " + testToken} {
		status, _, _ := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+"/sessions", `{"warehouse_id":"local"}`,
			map[string]string{"Authorization": h})
		require.Equal(t, http.StatusUnauthorized, status, "%q", h)
	}
}
