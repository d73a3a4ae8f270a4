package oidc_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// exchange is one recorded HTTP answer.
type exchange struct {
	url    string
	header http.Header
	body   []byte
}

// recorder is an http.RoundTripper that keeps a copy of every answer.
type recorder struct {
	mu   sync.Mutex
	got  []exchange
	base http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.got = append(r.got, exchange{url: req.URL.String(), header: resp.Header.Clone(), body: body})
	r.mu.Unlock()
	return resp, nil
}

// TestNoSecretOrTokenLeaks drives successful and failing M2M and U2M flows
// and checks that no answer carries a client secret, a PKCE verifier, a
// code or a token anywhere but where it belongs: tokens in the
// access_token / refresh_token fields, codes in the redirect Location.
func TestNoSecretOrTokenLeaks(t *testing.T) {
	e := newEnv(t, defaultConfig())
	rec := &recorder{base: http.DefaultTransport}
	hc := &http.Client{Transport: rec}
	ctx := ctxWith(hc)
	var clientErrs []error

	const wrongSecret = "wrong-secret-Zq81&x"
	const publicGuess = "guessed-secret-77"
	secrets := []string{m2mSecret, confSecret, wrongSecret, publicGuess}

	// Discovery.
	resp, err := hc.Get(e.ts.URL + wellKnownAS)
	require.NoError(t, err)
	_ = resp.Body.Close()

	// M2M: success in both styles, then failures.
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams, oauth2.AuthStyleAutoDetect} {
		for _, sec := range []string{m2mSecret, wrongSecret} {
			cc := clientcredentials.Config{ClientID: m2mID, ClientSecret: sec, TokenURL: e.ts.URL + tokenPath, Scopes: []string{"all-apis"}, AuthStyle: style}
			if _, err := cc.Token(ctx); err != nil {
				clientErrs = append(clientErrs, err)
			}
		}
		cc := clientcredentials.Config{ClientID: "ghost", ClientSecret: wrongSecret, TokenURL: e.ts.URL + tokenPath, AuthStyle: style}
		_, err := cc.Token(ctx)
		clientErrs = append(clientErrs, err)
		cc = clientcredentials.Config{ClientID: m2mID, ClientSecret: m2mSecret, TokenURL: e.ts.URL + tokenPath, Scopes: []string{"bogus"}, AuthStyle: style}
		_, err = cc.Token(ctx)
		clientErrs = append(clientErrs, err)
	}

	// U2M: login, refresh, and the failure paths.
	cfg := e.u2mConfig(cliID, oauth2.AuthStyleAutoDetect, "all-apis", "offline_access")
	var verifiers []string
	login := func(c *oauth2.Config, useVerifier func(string) string) (*oauth2.Token, string, error) {
		v := oauth2.GenerateVerifier()
		verifiers = append(verifiers, v)
		code := authorizeCode(t, hc, c.AuthCodeURL("st", oauth2.S256ChallengeOption(v)), "st")
		sent := useVerifier(v)
		if sent != v {
			verifiers = append(verifiers, sent)
		}
		tok, err := c.Exchange(ctx, code, oauth2.VerifierOption(sent))
		return tok, code, err
	}
	same := func(v string) string { return v }
	_, code, err := login(cfg, same)
	require.NoError(t, err)
	_, err = cfg.Exchange(ctx, code, oauth2.VerifierOption(verifiers[0])) // reuse
	clientErrs = append(clientErrs, err)
	_, _, err = login(cfg, func(string) string { return oauth2.GenerateVerifier() })
	clientErrs = append(clientErrs, err)

	tok2, _, err := login(cfg, same)
	require.NoError(t, err)
	next, err := cfg.TokenSource(ctx, expired(tok2)).Token()
	require.NoError(t, err)
	_, err = cfg.TokenSource(ctx, expired(tok2)).Token() // replay
	clientErrs = append(clientErrs, err)
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: next.AccessToken}).Token()
	clientErrs = append(clientErrs, err)

	guess := *cfg
	guess.ClientSecret = publicGuess
	_, _, err = login(&guess, same)
	clientErrs = append(clientErrs, err)

	conf := e.u2mConfig(confID, oauth2.AuthStyleInHeader, "sql", "offline_access")
	conf.ClientSecret = confSecret
	_, _, err = login(conf, same)
	require.NoError(t, err)
	conf.ClientSecret = wrongSecret
	_, _, err = login(conf, same)
	clientErrs = append(clientErrs, err)

	// Error redirect from authorize.
	authorize(t, hc, cfg.AuthCodeURL("st"))

	// Gather every credential the server handed out.
	var tokens, codes []string
	for _, x := range rec.got {
		var body map[string]any
		if json.Unmarshal(x.body, &body) == nil {
			for _, k := range []string{"access_token", "refresh_token"} {
				if s, ok := body[k].(string); ok {
					tokens = append(tokens, s)
				}
			}
		}
		if loc := x.header.Get("Location"); loc != "" {
			u, err := url.Parse(loc)
			require.NoError(t, err)
			if c := u.Query().Get("code"); c != "" {
				codes = append(codes, c)
			}
		}
	}
	require.GreaterOrEqual(t, len(tokens), 10)
	require.GreaterOrEqual(t, len(codes), 6)

	forbiddenEverywhere := append(append(append([]string{}, secrets...), verifiers...), tokens...)
	forbiddenInBodies := append(append([]string{}, forbiddenEverywhere...), codes...)
	check := func(where, s string, forbidden []string) {
		t.Helper()
		for _, f := range forbidden {
			require.NotContains(t, s, f, "%s leaks a secret or credential", where)
		}
	}

	for _, x := range rec.got {
		// Bodies: every JSON string value except the two token fields.
		var body map[string]any
		if len(x.body) > 0 {
			require.NoError(t, json.Unmarshal(x.body, &body), "%s: non-JSON body %q", x.url, x.body)
		}
		for k, v := range body {
			if k == "access_token" || k == "refresh_token" {
				continue
			}
			raw, err := json.Marshal(v)
			require.NoError(t, err)
			check(x.url+" field "+k, string(raw), forbiddenInBodies)
			if s, ok := v.(string); ok {
				check(x.url+" field "+k, s, forbiddenInBodies)
			}
			if k == "error_description" {
				requireRFCDescription(t, v.(string))
			}
		}
		// Headers: the Location of a successful authorize carries the code,
		// and nothing else may carry anything.
		for k, vs := range x.header {
			for _, v := range vs {
				if k == "Location" {
					check(x.url+" Location", v, forbiddenEverywhere)
					u, err := url.Parse(v)
					require.NoError(t, err)
					if d := u.Query().Get("error_description"); d != "" {
						requireRFCDescription(t, d)
					}
					continue
				}
				check(x.url+" header "+k, v, forbiddenInBodies)
			}
		}
	}
	// Errors as the client library reports them.
	require.Len(t, clientErrs, 15)
	for _, err := range clientErrs {
		require.Error(t, err)
		check("client error", err.Error(), forbiddenInBodies)
	}
}

// requireRFCDescription checks the error_description character set of
// RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E.
func requireRFCDescription(t *testing.T, d string) {
	t.Helper()
	for _, r := range d {
		require.True(t, r >= 0x20 && r <= 0x7e && r != '"' && r != '\\', "bad character %q in %q", r, d)
	}
	require.False(t, strings.Contains(d, "sl-oauth-"))
}
