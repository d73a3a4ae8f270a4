package options_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
)

// TestAuthOptions: the databricks.auth.* keys fill Config.AuthType and
// Config.OAuth; the client secret is write-only.
func TestAuthOptions(t *testing.T) {
	opts := map[string]string{
		"databricks.auth.type":               "oauth_u2m",
		"databricks.auth.client_id":          "my-app",
		"adbc.databricks.auth.client_secret": "opt-secret-Lm4",
		"databricks.auth.scopes":             "sql, offline_access",
		"databricks.auth.redirect_port":      "0",
		"databricks.auth.token_cache_dir":    "/tmp/cache",
		"databricks.auth.azure_tenant_id":    "tn",
		"databricks.auth.azure_login_host":   "https://login.microsoftonline.us",
	}
	cfg, err := options.ToConfig(opts)
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthU2M, cfg.AuthType)
	require.Equal(t, auth.OAuthConfig{ClientID: "my-app", ClientSecret: "opt-secret-Lm4", Scopes: []string{"sql", "offline_access"},
		RedirectPort: -1, TokenCacheDir: "/tmp/cache", AzureTenantID: "tn", AzureLoginHost: "https://login.microsoftonline.us"}, cfg.OAuth)
	for k := range opts {
		require.True(t, options.Known(k), k)
	}
	require.True(t, options.Secret("databricks.auth.client_secret"))
	require.NotContains(t, cfg.OAuth.String(), "opt-secret-Lm4")

	for _, typ := range []string{"pat", "access_token", "oauth-m2m", "OAUTH_M2M", "oauth-u2m", "databricks-cli", "external-browser", "azure-client-secret"} {
		var c kernel.Config
		require.NoError(t, options.Apply(&c, "databricks.auth.type", typ), typ)
		require.NotEmpty(t, c.AuthType)
	}
	var c kernel.Config
	require.NoError(t, options.Apply(&c, "databricks.auth.redirect_port", "8030"))
	require.Equal(t, 8030, c.OAuth.RedirectPort)
	err = options.Apply(&c, "databricks.auth.redirect_port", "99999")
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	err = options.Apply(&c, "databricks.auth.type", "")
	require.ErrorContains(t, err, "is not supported yet (supported: pat (access_token), oauth-m2m, oauth-u2m, azure-client-secret)")

	// An OAuth M2M DSN given as the uri option carries its auth fields, as
	// kernel.ParseDSN reads them.
	dsn := "http://127.0.0.1:8080/sql/1.0/warehouses/w?authType=OauthM2M&clientID=sp&clientSecret=sp-secret-Zq7"
	fromURI, err := options.ToConfig(map[string]string{"uri": dsn})
	require.NoError(t, err)
	parsed, err := kernel.ParseDSN(dsn)
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthM2M, fromURI.AuthType)
	require.Equal(t, parsed.OAuth, fromURI.OAuth)
	require.Equal(t, parsed.Host, fromURI.Host)
}
