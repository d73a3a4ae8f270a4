package oidc_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/sealane/sealane/warehouse/oidc"
)

// u2mLogin runs authorize + exchange with x/oauth2 and returns the token.
func u2mLogin(t *testing.T, cfg *oauth2.Config, hc *http.Client) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	code := authorizeCode(t, hc, cfg.AuthCodeURL("st-1", oauth2.S256ChallengeOption(verifier)), "st-1")
	tok, err := cfg.Exchange(ctxWith(hc), code, oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	return tok
}

func TestU2MFlow(t *testing.T) {
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleAutoDetect, oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
		t.Run(map[oauth2.AuthStyle]string{0: "auto", 1: "params", 2: "header"}[style], func(t *testing.T) {
			e := newEnv(t, oidc.Config{PublicClients: []string{cliID}, AutoApprove: true})
			cfg := e.u2mConfig(cliID, style, "all-apis", "offline_access")
			ctx := context.Background()

			verifier := oauth2.GenerateVerifier()
			state := "state with spaces & symbols=/?"
			code := authorizeCode(t, nil, cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), state)

			tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
			require.NoError(t, err)
			require.Len(t, e.authHeaders(), 1, "the first attempt succeeds, whatever the style")
			require.Equal(t, "Bearer", tok.TokenType)
			require.Equal(t, "all-apis offline_access", tok.Extra("scope"))
			require.NotEmpty(t, tok.RefreshToken, "offline_access gives a refresh token")
			require.True(t, e.srv.Validate(tok.AccessToken))
			require.False(t, e.srv.Validate(tok.RefreshToken), "a refresh token is not an access token")
			require.False(t, e.srv.Validate(code), "a code is not an access token")

			// The access token expires on the server's clock...
			e.clock.Advance(time.Hour)
			require.False(t, e.srv.Validate(tok.AccessToken))

			// ...and x/oauth2 refreshes once it believes the token expired.
			refreshed, err := cfg.TokenSource(ctx, expired(tok)).Token()
			require.NoError(t, err)
			require.NotEqual(t, tok.AccessToken, refreshed.AccessToken)
			require.NotEqual(t, tok.RefreshToken, refreshed.RefreshToken, "refresh tokens rotate")
			require.NotEmpty(t, refreshed.RefreshToken)
			require.True(t, e.srv.Validate(refreshed.AccessToken))

			// A second refresh with the new refresh token works too.
			again, err := cfg.TokenSource(ctx, expired(refreshed)).Token()
			require.NoError(t, err)
			require.True(t, e.srv.Validate(again.AccessToken))

			// Replaying the first, rotated-out refresh token fails and revokes
			// the whole authorization (RFC 9700 §4.14.2).
			_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
			require.False(t, e.srv.Validate(again.AccessToken))
			_, err = cfg.TokenSource(ctx, expired(again)).Token()
			require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
		})
	}
}

func TestU2MWithoutOfflineAccessHasNoRefreshToken(t *testing.T) {
	e := newEnv(t, oidc.Config{PublicClients: []string{"databricks-sql-python"}, AutoApprove: true})
	tok := u2mLogin(t, e.u2mConfig("databricks-sql-python", oauth2.AuthStyleInParams, "sql"), nil)
	require.Empty(t, tok.RefreshToken)
	require.Equal(t, "sql", tok.Extra("scope"))
	require.True(t, e.srv.Validate(tok.AccessToken))
}

func TestU2MExchangeFailures(t *testing.T) {
	c := defaultConfig()
	c.PublicClients = append(c.PublicClients, "databricks-sql-connector")
	e := newEnv(t, c)
	cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "all-apis", "offline_access")
	ctx := context.Background()
	login := func() (code, verifier string) {
		verifier = oauth2.GenerateVerifier()
		return authorizeCode(t, nil, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "s"), verifier
	}

	t.Run("wrong verifier", func(t *testing.T) {
		code, _ := login()
		_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		re := retrieveError(t, err)
		require.Equal(t, "invalid_grant", re.ErrorCode)
		require.Equal(t, http.StatusBadRequest, re.Response.StatusCode)
		require.Contains(t, re.ErrorDescription, "code_verifier")
	})
	t.Run("malformed verifier", func(t *testing.T) {
		code, _ := login()
		_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption("short"))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("missing verifier", func(t *testing.T) {
		code, _ := login()
		_, err := cfg.Exchange(ctx, code)
		require.Equal(t, "invalid_request", retrieveError(t, err).ErrorCode)
	})
	t.Run("code reuse", func(t *testing.T) {
		code, verifier := login()
		tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.NoError(t, err)
		require.True(t, e.srv.Validate(tok.AccessToken))
		_, err = cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
		require.False(t, e.srv.Validate(tok.AccessToken), "RFC 6749 §4.1.2: tokens from a replayed code are revoked")
		_, err = cfg.TokenSource(ctx, expired(tok)).Token()
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("failed exchange spends the code", func(t *testing.T) {
		code, verifier := login()
		_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		require.Error(t, err)
		_, err = cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("redirect_uri mismatch", func(t *testing.T) {
		code, verifier := login()
		other := *cfg
		other.RedirectURL = "http://localhost:8021"
		_, err := other.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("code of another client", func(t *testing.T) {
		code, verifier := login()
		other := *cfg
		other.ClientID = "databricks-sql-connector"
		_, err := other.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("expired code", func(t *testing.T) {
		code, verifier := login()
		e.clock.Advance(oidc.DefaultCodeTTL)
		_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("unknown code", func(t *testing.T) {
		_, err := cfg.Exchange(ctx, oidc.TokenPrefix+"made-up", oauth2.VerifierOption(oauth2.GenerateVerifier()))
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("public client sending a secret", func(t *testing.T) {
		code, verifier := login()
		other := *cfg
		other.ClientSecret = "guess"
		_, err := other.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		re := retrieveError(t, err)
		require.Equal(t, "invalid_client", re.ErrorCode)
		require.Equal(t, http.StatusUnauthorized, re.Response.StatusCode)
	})
	t.Run("missing client_id", func(t *testing.T) {
		code, verifier := login()
		resp, body := postToken(t, e, url.Values{
			"grant_type": {"authorization_code"}, "code": {code},
			"redirect_uri": {redirectURL}, "code_verifier": {verifier},
		}, "", "")
		requireOAuthError(t, resp, body, http.StatusUnauthorized, "invalid_client")
	})
}

func TestU2MRefreshFailures(t *testing.T) {
	cfg0 := oidc.Config{RefreshTokenTTL: 10 * time.Hour, PublicClients: []string{cliID, "someone-else"}, AutoApprove: true}
	e := newEnv(t, cfg0)
	cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "all-apis", "offline_access")
	ctx := context.Background()

	t.Run("expired refresh token", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		e.clock.Advance(10 * time.Hour)
		_, err := cfg.TokenSource(ctx, expired(tok)).Token()
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("refresh restarts the refresh TTL", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		e.clock.Advance(9 * time.Hour)
		tok, err := cfg.TokenSource(ctx, expired(tok)).Token()
		require.NoError(t, err)
		e.clock.Advance(9 * time.Hour)
		_, err = cfg.TokenSource(ctx, expired(tok)).Token()
		require.NoError(t, err)
	})
	t.Run("refresh by another client", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		other := *cfg
		other.ClientID = "someone-else"
		_, err := other.TokenSource(ctx, expired(tok)).Token()
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
		// Not spent by the failed attempt: the owner can still refresh.
		_, err = cfg.TokenSource(ctx, expired(tok)).Token()
		require.NoError(t, err)
	})
	t.Run("access token is not a refresh token", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		_, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.AccessToken}).Token()
		require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	})
	t.Run("narrower scope", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		resp, body := postToken(t, e, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {cliID}, "scope": {"all-apis"},
		}, "", "")
		require.Equal(t, http.StatusOK, resp.StatusCode, "body: %v", body)
		require.Equal(t, "all-apis", body["scope"])
		require.NotEmpty(t, body["refresh_token"])

		// The rotated refresh token still carries the original grant.
		resp, body = postToken(t, e, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {body["refresh_token"].(string)},
			"client_id": {cliID},
		}, "", "")
		require.Equal(t, http.StatusOK, resp.StatusCode, "body: %v", body)
		require.Equal(t, "all-apis offline_access", body["scope"])
	})
	t.Run("wider scope", func(t *testing.T) {
		tok := u2mLogin(t, cfg, nil)
		resp, body := postToken(t, e, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {cliID}, "scope": {"all-apis sql"},
		}, "", "")
		requireOAuthError(t, resp, body, http.StatusBadRequest, "invalid_scope")
		// A refused scope does not spend the refresh token.
		_, err := cfg.TokenSource(ctx, expired(tok)).Token()
		require.NoError(t, err)
	})
}

func TestU2MConfidentialClient(t *testing.T) {
	e := newEnv(t, defaultConfig())
	ctx := context.Background()
	cfg := e.u2mConfig(confID, oauth2.AuthStyleAutoDetect, "all-apis", "offline_access")
	cfg.ClientSecret = confSecret
	tok := u2mLogin(t, cfg, nil)
	require.True(t, e.srv.Validate(tok.AccessToken))
	refreshed, err := cfg.TokenSource(ctx, expired(tok)).Token()
	require.NoError(t, err)
	require.True(t, e.srv.Validate(refreshed.AccessToken))

	// Without its secret, the confidential client cannot redeem its code.
	noSecret := *cfg
	noSecret.ClientSecret = ""
	noSecret.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	verifier := oauth2.GenerateVerifier()
	code := authorizeCode(t, nil, noSecret.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "s")
	_, err = noSecret.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	require.Equal(t, "invalid_client", retrieveError(t, err).ErrorCode)
}
