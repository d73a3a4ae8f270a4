package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/warehouse"
)

// TestAzureClientSecret: the Entra ID client-credentials grant (v1 token
// endpoint, Azure Databricks resource), then API calls with its token.
// No real tenant is reachable here, so Entra ID is an httptest server that
// checks the form like login.microsoftonline.com would, and the warehouse's
// middleware maps its token to the warehouse's PAT.
func TestAzureClientSecret(t *testing.T) {
	const (
		tenant      = "tenant-0f1e"
		appID       = "app-id-1234"
		appSecret   = "azure-secret-Vb8"
		entraToken  = "entra-access-token-Ry2"
		azureSource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"
	)
	var mu sync.Mutex
	requests := 0
	entra := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/"+tenant+"/oauth2/token" {
			http.NotFound(w, r)
			return
		}
		if err := r.ParseForm(); err != nil ||
			r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != appID ||
			r.PostForm.Get("client_secret") != appSecret || r.PostForm.Get("resource") != azureSource {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"AADSTS900144: bad form"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		// The v1 endpoint sends expires_in as a string.
		_, _ = w.Write([]byte(`{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","resource":"` +
			azureSource + `","access_token":"` + entraToken + `"}`))
	}))
	defer entra.Close()

	e := newAuthEnv(t, warehouse.Config{})
	e.alias[entraToken] = testToken // the workspace trusts Entra ID
	cfg := e.config("")             // inferred from the tenant id
	cfg.OAuth.ClientID, cfg.OAuth.ClientSecret, cfg.OAuth.AzureTenantID = appID, appSecret, tenant
	cfg.OAuth.AzureLoginHost = entra.URL
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.NoError(t, selectOne(t, c))
	require.NoError(t, c.Close())
	require.Equal(t, []string{entraToken}, e.distinctBearers())
	require.Equal(t, 1, requests)
	require.Zero(t, e.tokenRequests(), "the workspace's own OIDC server is not used")

	cfg.OAuth.ClientSecret = "wrong-azure-secret"
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrUnauthenticated)
	require.ErrorContains(t, err, "azure-client-secret: the token endpoint answered HTTP 400 invalid_request: AADSTS900144")
	requireNoSecrets(t, err.Error(), "wrong-azure-secret", appSecret)

	cfg.OAuth.AzureTenantID = ""
	cfg.AuthType = auth.TypeAzureClientSecret
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	require.ErrorContains(t, err, "auth type azure-client-secret needs a client id, a client secret and an Azure tenant id")
}
