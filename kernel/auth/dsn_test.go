package auth_test

import (
	"context"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/warehouse"
)

// TestOAuthM2MFromDSN: a databricks-sql-go OAuth M2M DSN connects to the
// local warehouse with a token from its OIDC server (adbcdriver/options
// checks that the "uri" option carries the same fields).
func TestOAuthM2MFromDSN(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	dsn := e.url + e.srv.Config().HTTPPath() + "?authType=OauthM2M&clientID=" + url.QueryEscape(m2mClientID) +
		"&clientSecret=" + url.QueryEscape(m2mSecret)
	parsed, err := kernel.ParseDSN(dsn)
	require.NoError(t, err)
	for i, cfg := range []kernel.Config{parsed, parsed} { // two connections, two grants
		require.Equal(t, auth.TypeOAuthM2M, cfg.AuthType)
		c, err := kernel.Connect(context.Background(), cfg)
		require.NoError(t, err)
		require.NoError(t, selectOne(t, c))
		require.NoError(t, c.Close())
		require.Equal(t, i+1, e.tokenRequests(), "one client-credentials grant per connection")
	}
	require.Contains(t, e.lastBearer(), "sl-oauth-", "the API saw an OAuth token")

	bad := e.url + e.srv.Config().HTTPPath() + "?authType=OauthM2M&clientID=" + m2mClientID + "&clientSecret=wrong-Kp3"
	cfg, err := kernel.ParseDSN(bad)
	require.NoError(t, err)
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	requireNoSecrets(t, err.Error(), "wrong-Kp3", m2mSecret)
}

// TestOAuthU2MFromDSN: authType=OauthU2M selects the browser login with the
// default client id; the settings a DSN cannot carry (the opener, the
// cache directory) are set on the parsed Config.
func TestOAuthU2MFromDSN(t *testing.T) {
	e := newAuthEnv(t, warehouse.Config{})
	cfg, err := kernel.ParseDSN(e.url + e.srv.Config().HTTPPath() + "?authType=OauthU2M")
	require.NoError(t, err)
	b := &clicker{}
	u2m := e.u2mConfig(b, filepath.Join(t.TempDir(), "oauth"))
	cfg.OAuth.RedirectPort, cfg.OAuth.TokenCacheDir, cfg.OAuth.BrowserOpener = u2m.OAuth.RedirectPort, u2m.OAuth.TokenCacheDir, b.open
	cfg.Retry = u2m.Retry
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.EqualValues(t, 1, b.calls.Load(), "one browser login")
	login, err := url.Parse(b.last.Load().(string))
	require.NoError(t, err)
	require.Equal(t, auth.DefaultU2MClientID, login.Query().Get("client_id"))
	require.Equal(t, 1, e.tokenRequests())
}
