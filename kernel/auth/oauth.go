package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// The OAuth grants run on golang.org/x/oauth2 (clientcredentials, the
// authorization code exchange with PKCE, the refresh grant); this file adds
// workspace discovery, expiry defaults and errors that never carry secrets.

// azureDatabricksResource is the application id of Azure Databricks, the
// "resource" of Entra ID tokens for the workspace API.
const azureDatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"

// defaultAzureLoginHost is Entra ID's public-cloud login host.
const defaultAzureLoginHost = "https://login.microsoftonline.com"

// oidcDiscoveryPath is the workspace's authorization server metadata.
const oidcDiscoveryPath = "/oidc/.well-known/oauth-authorization-server"

// oauthEndpoints are the discovered authorize and token endpoints.
type oauthEndpoints struct {
	AuthURL  string `json:"authorization_endpoint"`
	TokenURL string `json:"token_endpoint"`
}

// discover reads the workspace's OAuth endpoints (unauthenticated).
func discover(ctx context.Context, hc *http.Client, baseURL string) (oauthEndpoints, error) {
	var ep oauthEndpoints
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+oidcDiscoveryPath, nil)
	if err != nil {
		return ep, fmt.Errorf("sealane: oauth discovery: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return ep, fmt.Errorf("sealane: oauth discovery: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			return ep, fmt.Errorf("%w: oauth discovery: GET %s answered HTTP %d",
				ErrUnavailable, baseURL+oidcDiscoveryPath, resp.StatusCode)
		}
		return ep, fmt.Errorf("%w: oauth discovery: GET %s answered HTTP %d (is OAuth enabled on the workspace?)",
			ErrUnauthenticated, baseURL+oidcDiscoveryPath, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&ep); err != nil {
		return ep, fmt.Errorf("sealane: oauth discovery: malformed metadata: %w", err)
	}
	if ep.TokenURL == "" {
		return ep, fmt.Errorf("sealane: oauth discovery: the metadata names no token_endpoint")
	}
	return ep, nil
}

// withHTTPClient makes x/oauth2 send its requests through hc.
func withHTTPClient(ctx context.Context, hc *http.Client) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// toToken converts an x/oauth2 token issued at t0, assuming
// defaultTokenTTL when the server gave no expires_in.
func toToken(t *oauth2.Token, t0 time.Time) Token {
	exp := t.Expiry
	if exp.IsZero() {
		exp = t0.Add(defaultTokenTTL)
	}
	return Token{AccessToken: t.AccessToken, Expiry: exp}
}

// tokenError turns a token endpoint failure into an error matching
// ErrUnauthenticated, or ErrUnavailable for 429 and 5xx (still failing
// after the retries of tokenRetryTransport). It keeps the OAuth error code
// and a bounded description, never the response body or the request.
func tokenError(op string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		class := ErrUnauthenticated
		if status == http.StatusTooManyRequests || status >= 500 {
			class = ErrUnavailable
		}
		msg := fmt.Sprintf("%s: the token endpoint answered HTTP %d", op, status)
		if re.ErrorCode != "" {
			msg += " " + re.ErrorCode
		}
		if d := re.ErrorDescription; d != "" {
			if len(d) > 200 {
				d = d[:200] + "…"
			}
			msg += ": " + d
		}
		return fmt.Errorf("%w: %s", class, msg)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("sealane: %s: token request to %s failed: %w", op, redactURL(ue.URL), ue.Err)
	}
	return fmt.Errorf("sealane: %s: %w", op, err)
}

// redactURL drops the query and user info of a URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<url>"
	}
	u.RawQuery, u.User, u.Fragment = "", nil, ""
	return u.String()
}

// m2mSource runs the client credentials grant against the workspace.
type m2mSource struct {
	hc       *http.Client
	baseURL  string
	id       string
	secret   string
	scopes   []string
	tokenURL string // discovered on first use
}

// Token implements TokenSource.
func (s *m2mSource) Token(ctx context.Context) (Token, error) {
	if s.tokenURL == "" {
		ep, err := discover(ctx, s.hc, s.baseURL)
		if err != nil {
			return Token{}, err
		}
		s.tokenURL = ep.TokenURL
	}
	cc := clientcredentials.Config{ClientID: s.id, ClientSecret: s.secret, TokenURL: s.tokenURL,
		Scopes: s.scopes, AuthStyle: oauth2.AuthStyleInHeader}
	t0 := time.Now()
	t, err := cc.Token(withHTTPClient(ctx, s.hc))
	if err != nil {
		return Token{}, tokenError("oauth-m2m", err)
	}
	return toToken(t, t0), nil
}

// azureSource runs Entra ID's client credentials grant (v1 endpoint, with
// the Azure Databricks resource).
type azureSource struct {
	hc        *http.Client
	loginHost string
	tenant    string
	id        string
	secret    string
}

// Token implements TokenSource.
func (s *azureSource) Token(ctx context.Context) (Token, error) {
	cc := clientcredentials.Config{ClientID: s.id, ClientSecret: s.secret,
		TokenURL:       strings.TrimRight(s.loginHost, "/") + "/" + url.PathEscape(s.tenant) + "/oauth2/token",
		EndpointParams: url.Values{"resource": {azureDatabricksResource}},
		AuthStyle:      oauth2.AuthStyleInParams}
	t0 := time.Now()
	t, err := cc.Token(withHTTPClient(ctx, s.hc))
	if err != nil {
		return Token{}, tokenError("azure-client-secret", err)
	}
	return toToken(t, t0), nil
}
