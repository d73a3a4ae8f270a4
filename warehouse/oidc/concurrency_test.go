package oidc_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TestConcurrentRequests runs M2M and U2M flows, validation, revocation
// and clock changes in parallel; run it with -race.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t, defaultConfig())
	const workers, perWorker = 16, 8

	var mu sync.Mutex
	seen := map[string]bool{}
	errs := make(chan error, workers*perWorker*4)
	record := func(toks ...string) {
		mu.Lock()
		defer mu.Unlock()
		for _, tok := range toks {
			if seen[tok] {
				errs <- errors.New("token issued twice")
			}
			seen[tok] = true
		}
	}

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			style := oauth2.AuthStyleInHeader
			if w%2 == 1 {
				style = oauth2.AuthStyleInParams
			}
			cc := clientcredentials.Config{
				ClientID: m2mID, ClientSecret: m2mSecret,
				TokenURL: e.ts.URL + tokenPath, Scopes: []string{"all-apis"}, AuthStyle: style,
			}
			for range perWorker {
				tok, err := cc.Token(context.Background())
				if err != nil {
					errs <- err
					return
				}
				record(tok.AccessToken)
				if !e.srv.Validate(tok.AccessToken) {
					errs <- errors.New("fresh token not valid")
				}
				e.srv.Revoke(tok.AccessToken)
				if e.srv.Validate(tok.AccessToken) {
					errs <- errors.New("revoked token still valid")
				}
			}
		})
		wg.Go(func() {
			cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "sql", "offline_access")
			for range perWorker / 2 {
				verifier := oauth2.GenerateVerifier()
				code, err := authorizeNoT(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
				if err != nil {
					errs <- err
					return
				}
				tok, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
				if err != nil {
					errs <- err
					return
				}
				next, err := cfg.TokenSource(context.Background(), expired(tok)).Token()
				if err != nil {
					errs <- err
					return
				}
				record(tok.AccessToken, tok.RefreshToken, next.AccessToken, next.RefreshToken)
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			e.clock.Advance(time.Second) // well below every TTL
			e.srv.Validate("sl-oauth-nothing")
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.Len(t, seen, workers*perWorker+workers*perWorker/2*4)
}

// TestConcurrentRefreshOfOneToken races refreshes of the same refresh
// token: exactly one wins, and since the others are replays the winner's
// tokens are revoked too.
func TestConcurrentRefreshOfOneToken(t *testing.T) {
	e := newEnv(t, defaultConfig())
	cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "all-apis", "offline_access")
	tok := u2mLogin(t, cfg, nil)

	const n = 12
	var wg sync.WaitGroup
	results := make(chan *oauth2.Token, n)
	codes := make(chan string, n)
	for range n {
		wg.Go(func() {
			got, err := cfg.TokenSource(context.Background(), expired(tok)).Token()
			if err != nil {
				var re *oauth2.RetrieveError
				if errors.As(err, &re) {
					codes <- re.ErrorCode
				} else {
					codes <- err.Error()
				}
				return
			}
			results <- got
		})
	}
	wg.Wait()
	close(results)
	close(codes)
	require.Len(t, results, 1, "exactly one refresh wins")
	for c := range codes {
		require.Equal(t, "invalid_grant", c)
	}
	winner := <-results
	require.False(t, e.srv.Validate(winner.AccessToken), "replays revoked the authorization")
}

// authorizeNoT is authorize for goroutines: no *testing.T, errors returned.
func authorizeNoT(authURL string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		return "", err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("authorize: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return "", err
	}
	return loc.Query().Get("code"), nil
}
