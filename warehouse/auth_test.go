package warehouse_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

func TestAuthRequired(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	anon := *c
	anon.Token = ""
	_, err := anon.CreateSession(t.Context(), sea.CreateSessionRequest{})
	he := apiError(t, err, http.StatusUnauthorized)
	require.Equal(t, sea.ErrorCodeUnauthenticated, he.Body.ErrorCode)
	_, err = anon.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	apiError(t, err, http.StatusUnauthorized)

	wrong := *c
	wrong.Token = "dapi-not-the-token"
	_, err = wrong.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	he = apiError(t, err, http.StatusUnauthorized)
	require.Equal(t, sea.ErrorCodeUnauthenticated, he.Body.ErrorCode)

	// Another scheme is not a bearer token.
	status, _, _ := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+"/sessions", `{"warehouse_id":"local"}`,
		map[string]string{"Authorization": "Basic " + testToken})
	require.Equal(t, http.StatusUnauthorized, status)

	sqlIn(t, c, "", "SELECT 1")
}

func TestNoAuth(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{NoAuth: true})
	require.Empty(t, c.Token)
	sid := newSession(t, c, sea.CreateSessionRequest{})
	require.Equal(t, [][]string{{"1"}}, strs(rows(t, c, sid, "SELECT 1")))
}

// oauthToken runs the client_credentials grant against the warehouse's own
// token endpoint, with HTTP Basic (Rust, Go) or form fields (Python).
func oauthToken(t *testing.T, c *rawsea.Client, id, secret string, basic bool) (string, int) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"all-apis"}}
	if !basic {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, c.BaseURL+"/oidc/v1/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", resp.StatusCode
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.Equal(t, "Bearer", tok.TokenType)
	require.Positive(t, tok.ExpiresIn)
	return tok.AccessToken, resp.StatusCode
}

// TestOAuthClientCredentials: a token from the warehouse's own OIDC server
// is accepted until OAuthTokenTTL runs out.
func TestOAuthClientCredentials(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{
		OAuthClients:  []warehouse.OAuthClient{{ID: "sp-local", Secret: "s3cret-value"}},
		OAuthTokenTTL: time.Second,
	})
	_, status := oauthToken(t, c, "sp-local", "wrong", true)
	require.Equal(t, http.StatusUnauthorized, status)

	issued := time.Now()
	basicTok, status := oauthToken(t, c, "sp-local", "s3cret-value", true)
	require.Equal(t, http.StatusOK, status)
	formTok, status := oauthToken(t, c, "sp-local", "s3cret-value", false)
	require.Equal(t, http.StatusOK, status)

	oc := *c
	for _, tok := range []string{basicTok, formTok} {
		oc.Token = tok
		_, err := oc.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1", WaitTimeout: "10s"})
		require.NoError(t, err)
	}
	require.Less(t, time.Since(issued), time.Second, "too slow to test a 1 s token lifetime")

	time.Sleep(time.Until(issued.Add(1500 * time.Millisecond)))
	for _, tok := range []string{basicTok, formTok} {
		oc.Token = tok
		_, err := oc.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
		apiError(t, err, http.StatusUnauthorized)
	}
	// The PAT still works.
	sqlIn(t, c, "", "SELECT 1")
}

// TestLogsHoldNoSecrets: request logs never contain a token or a link
// signature, yet they do record the requests.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	c, _ := newWarehouse(t, warehouse.Config{
		Logger:       slog.New(slog.NewJSONHandler(&logs, nil)),
		OAuthClients: []warehouse.OAuthClient{{ID: "sp-log", Secret: "client-secret-Qx9"}},
	})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT id FROM range(10)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	link := resp.Result.ExternalLinks[0]
	_, status, err := c.Download(t.Context(), link)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	u, err := url.Parse(link.ExternalLink)
	require.NoError(t, err)
	sig := u.Query().Get("sig")
	require.NotEmpty(t, sig)

	wrong := *c
	wrong.Token = "dapi-wrong-token-5521"
	_, err = wrong.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	apiError(t, err, http.StatusUnauthorized)
	oauth, status := oauthToken(t, c, "sp-log", "client-secret-Qx9", false)
	require.Equal(t, http.StatusOK, status)
	wrong.Token = oauth
	_, err = wrong.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1", WaitTimeout: "10s"})
	require.NoError(t, err)

	out := logs.String()
	require.Contains(t, out, `"path":"/api/2.0/sql/statements"`)
	require.Contains(t, out, `"path":"/sealane/results/`+resp.StatementID+`/0"`)
	require.Contains(t, out, `"status":401`)
	for _, secret := range []string{testToken, "dapi-wrong-token-5521", oauth, "client-secret-Qx9", sig, "sig="} {
		require.NotContains(t, out, secret)
	}
}
