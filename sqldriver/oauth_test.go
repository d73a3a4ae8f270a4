package sqldriver_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sqldriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// TestOAuthM2MDSNSharesTokens: an OAuth M2M DSN opens a pool whose
// connections share one token: several sessions, one client-credentials
// grant at the local warehouse's OIDC server.
func TestOAuthM2MDSNSharesTokens(t *testing.T) {
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	srv := warehouse.New(eng, warehouse.Config{OAuthClients: []warehouse.OAuthClient{{ID: "sp-sql", Secret: "sp-secret-Rt5"}}})
	var tokens, sessions atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/oidc/v1/token":
			tokens.Add(1)
		case r.Method == http.MethodPost && r.URL.Path == "/api/2.0/sql/sessions":
			sessions.Add(1)
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	defer func() {
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
	}()
	dsn := "http://" + ts.Listener.Addr().String() + srv.Config().HTTPPath() +
		"?authType=OauthM2M&clientID=sp-sql&clientSecret=" + url.QueryEscape("sp-secret-Rt5")
	db, err := sql.Open(sqldriver.DriverName, dsn)
	require.NoError(t, err)
	db.SetMaxIdleConns(4)

	// Three connections held at once: three sessions.
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := db.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() {
			var one int
			require.NoError(t, c.QueryRowContext(ctx, "SELECT 1").Scan(&one))
			require.Equal(t, 1, one)
		})
	}
	wg.Wait()
	for _, c := range conns {
		require.NoError(t, c.Close())
	}
	require.EqualValues(t, 3, sessions.Load())
	require.EqualValues(t, 1, tokens.Load(), "the pool shares one token")
	require.NoError(t, db.Close())

	_, err = sql.Open(sqldriver.DriverName, "http://h/sql/1.0/warehouses/w?authType=OauthM2M&clientSecret=sp-secret-Rt5")
	require.ErrorContains(t, err, "authType=OauthM2M needs clientID", "the DSN is checked when the pool is opened")
	require.NotContains(t, err.Error(), "sp-secret-Rt5")
}
