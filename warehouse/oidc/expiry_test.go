package oidc_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/sealane/sealane/warehouse/oidc"
)

func m2mToken(t *testing.T, e *env) *oauth2.Token {
	t.Helper()
	cc := clientcredentials.Config{ClientID: m2mID, ClientSecret: m2mSecret, TokenURL: e.ts.URL + tokenPath, Scopes: []string{"all-apis"}}
	tok, err := cc.Token(context.Background())
	require.NoError(t, err)
	return tok
}

func TestAccessTokenExpiry(t *testing.T) {
	t.Run("default TTL", func(t *testing.T) {
		e := newEnv(t, defaultConfig())
		tok := m2mToken(t, e)
		require.Equal(t, int64(3600), expiresIn(tok))
		e.clock.Advance(time.Hour - time.Second)
		require.True(t, e.srv.Validate(tok.AccessToken))
		e.clock.Advance(time.Second)
		require.False(t, e.srv.Validate(tok.AccessToken), "expired at exactly AccessTokenTTL")
	})
	t.Run("custom TTL", func(t *testing.T) {
		cfg := defaultConfig()
		cfg.AccessTokenTTL = 90 * time.Second
		e := newEnv(t, cfg)
		tok := m2mToken(t, e)
		require.Equal(t, int64(90), expiresIn(tok))
		require.True(t, e.srv.Validate(tok.AccessToken))
		e.clock.Advance(91 * time.Second)
		require.False(t, e.srv.Validate(tok.AccessToken))
		// A new grant gives a fresh token.
		require.True(t, e.srv.Validate(m2mToken(t, e).AccessToken))
	})
	t.Run("sub-second TTL rounds up", func(t *testing.T) {
		cfg := defaultConfig()
		cfg.AccessTokenTTL = 1500 * time.Millisecond
		e := newEnv(t, cfg)
		require.Equal(t, int64(2), expiresIn(m2mToken(t, e)))
	})
}

func TestValidateRejectsStrangers(t *testing.T) {
	e := newEnv(t, defaultConfig())
	tok := m2mToken(t, e)
	require.True(t, e.srv.Validate(tok.AccessToken))
	for _, s := range []string{"", oidc.TokenPrefix, tok.AccessToken + "x", tok.AccessToken[:len(tok.AccessToken)-1], "dapi0123456789abcdef"} {
		require.False(t, e.srv.Validate(s), "%q", s)
	}
}

func TestRevoke(t *testing.T) {
	e := newEnv(t, defaultConfig())

	a, b := m2mToken(t, e), m2mToken(t, e)
	e.srv.Revoke(a.AccessToken)
	require.False(t, e.srv.Validate(a.AccessToken))
	require.True(t, e.srv.Validate(b.AccessToken), "revoking one token leaves others")
	e.srv.Revoke("unknown") // no-op

	cfg := e.u2mConfig(cliID, oauth2.AuthStyleInParams, "all-apis", "offline_access")
	tok := u2mLogin(t, cfg, nil)
	other := u2mLogin(t, cfg, nil)
	e.srv.Revoke(tok.RefreshToken)
	require.False(t, e.srv.Validate(tok.AccessToken), "revoking a refresh token revokes its authorization")
	_, err := cfg.TokenSource(context.Background(), expired(tok)).Token()
	require.Equal(t, "invalid_grant", retrieveError(t, err).ErrorCode)
	require.True(t, e.srv.Validate(other.AccessToken), "other logins are untouched")
}
