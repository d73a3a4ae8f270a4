package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/auth"
)

// TestTypeOf: the auth type is the one given (aliases resolved) or the one
// the credentials imply; nothing to go on is ErrInvalidArgument.
func TestTypeOf(t *testing.T) {
	for _, tc := range []struct {
		cfg  auth.Config
		want string
	}{
		{auth.Config{AccessToken: "dapi-x"}, auth.TypePAT},
		{auth.Config{Type: "access_token"}, auth.TypePAT},
		{auth.Config{Type: "OAUTH_U2M"}, auth.TypeOAuthU2M},
		{auth.Config{Type: "databricks-cli"}, auth.TypeOAuthU2M},
		{auth.Config{OAuth: auth.OAuthConfig{ClientID: "id", ClientSecret: "s"}}, auth.TypeOAuthM2M},
		{auth.Config{OAuth: auth.OAuthConfig{ClientID: "id", ClientSecret: "s", AzureTenantID: "t"}}, auth.TypeAzureClientSecret},
	} {
		got, err := auth.TypeOf(tc.cfg)
		require.NoError(t, err, tc.cfg.String())
		require.Equal(t, tc.want, got, tc.cfg.String())
	}
	_, err := auth.TypeOf(auth.Config{})
	require.ErrorIs(t, err, auth.ErrInvalidArgument)
	_, err = auth.TypeOf(auth.Config{Type: "kerberos"})
	require.ErrorIs(t, err, auth.ErrInvalidArgument)
	require.ErrorContains(t, err, auth.SupportedTypes)
}

// TestNew: a PAT needs no token source; the OAuth types check their
// settings before any request and build a TokenAuthenticator.
func TestNew(t *testing.T) {
	a, err := auth.New("https://h.example.com", auth.Config{AccessToken: "dapi-new-0123456789abcdef"})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodGet, "https://h.example.com/api", nil)
	require.NoError(t, err)
	require.NoError(t, a.Authorize(context.Background(), req))
	require.Equal(t, "Bearer dapi-new-0123456789abcdef", req.Header.Get("Authorization"))

	_, err = auth.New("https://h.example.com", auth.Config{Type: auth.TypePAT})
	require.ErrorIs(t, err, auth.ErrInvalidArgument)
	_, err = auth.New("https://h.example.com", auth.Config{Type: auth.TypeOAuthM2M, OAuth: auth.OAuthConfig{ClientID: "id"}})
	require.ErrorIs(t, err, auth.ErrInvalidArgument)
	require.ErrorContains(t, err, "needs a client id and a client secret")

	a, err = auth.New("https://h.example.com", auth.Config{OAuth: auth.OAuthConfig{ClientID: "id", ClientSecret: "s"}})
	require.NoError(t, err)
	ta, ok := a.(*auth.TokenAuthenticator)
	require.True(t, ok, "oauth-m2m builds a TokenAuthenticator")
	require.NoError(t, ta.Close())
}

// TestConfigHidesSecrets: printing a Config, with %v or %#v, shows no token
// or client secret.
func TestConfigHidesSecrets(t *testing.T) {
	c := auth.Config{AccessToken: "dapi-secret-0123456789", OAuth: auth.OAuthConfig{ClientID: "id", ClientSecret: "cs-secret-Zq7"}}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%#v", c), fmt.Sprintf("%+v", c), fmt.Sprint(auth.PAT("dapi-secret-0123456789"))} {
		require.NotContains(t, s, "dapi-secret-0123456789")
		require.NotContains(t, s, "cs-secret-Zq7")
	}
}
