package warehouse_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestEveryEndpointNeedsAToken: no API route answers, or starts work,
// without a valid token — with none, a wrong one, another scheme, or the
// token smuggled in the query string.
func TestEveryEndpointNeedsAToken(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{})
	base := c.BaseURL + sea.APIPrefix
	routes := []struct{ method, path, body string }{
		{http.MethodPost, "/sessions", `{"warehouse_id":"local"}`},
		{http.MethodDelete, "/sessions/x", ""},
		{http.MethodPost, "/statements", `{"statement":"SELECT 1","warehouse_id":"local"}`},
		{http.MethodGet, "/statements/x", ""},
		{http.MethodGet, "/statements/x/result/chunks/0", ""},
		{http.MethodPost, "/statements/x/cancel", ""},
		{http.MethodDelete, "/statements/x", ""},
		{http.MethodGet, "/no/such/route", ""},
	}
	for _, r := range routes {
		for _, hdr := range []map[string]string{
			nil,
			{"Authorization": "Bearer dapi-wrong"},
			{"Authorization": "Basic " + testToken},
			{"Authorization": testToken},
		} {
			status, _, body := rawHTTP(t, r.method, base+r.path, r.body, hdr)
			require.Equal(t, http.StatusUnauthorized, status, "%s %s %v: %s", r.method, r.path, hdr, body)
			var e sea.ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e))
			require.Equal(t, sea.ErrorCodeUnauthenticated, e.ErrorCode)
		}
		status, _, _ := rawHTTP(t, r.method, base+r.path+"?access_token="+testToken, r.body, nil)
		require.Equal(t, http.StatusUnauthorized, status, "token in the query string: %s %s", r.method, r.path)
	}
	require.Zero(t, srv.OpenStatements(), "an unauthenticated request started a statement")
}

// TestMalformedRequestsGetCleanErrors: bad bodies get a 4xx with a SEA
// error (code and message), never a 5xx, and the warehouse keeps serving.
func TestMalformedRequestsGetCleanErrors(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{})
	url := c.BaseURL + sea.APIPrefix + "/statements"
	auth := map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}
	for _, body := range []string{
		`{`, `[]`, `"SELECT 1"`, `null`, `{"statement": 5}`, `{"statement": ""}`,
		`{"statement":"SELECT 1","wait_timeout":"abc"}`,
		`{"statement":"SELECT 1","wait_timeout":"92233720368570s"}`,
		`{"statement":"SELECT 1","wait_timeout":"-5s"}`,
		`{"statement":"SELECT 1","disposition":"NOPE"}`,
		`{"statement":"SELECT 1","format":"XML"}`,
		`{"statement":"SELECT 1","row_limit":-1}`,
		`{"statement":"SELECT :x","parameters":[{"name":"x","value":"1","type":"NOPE"}]}`,
		`{"statement":"SELECT :x","parameters":[{"name":"x","value":"abc","type":"INT"}]}`,
		`{"statement":"SELECT 1","session_id":"not-a-session"}`,
		`{"statement":"SELECT 1","warehouse_id":"another"}`,
		`{"statement":"` + strings.Repeat("x", 17<<20) + `"}`,
	} {
		status, _, raw := rawHTTP(t, http.MethodPost, url, body, auth)
		show := body
		if len(show) > 80 {
			show = show[:80] + "…"
		}
		if status == http.StatusOK {
			// Accepted at the door: then the statement itself must fail cleanly.
			var resp sea.StatementResponse
			require.NoError(t, json.Unmarshal(raw, &resp), show)
			st := await(t, c, &resp)
			require.Equal(t, sea.StateFailed, st.Status.State, "%s was accepted and did not fail", show)
			continue
		}
		require.GreaterOrEqual(t, status, 400, show)
		require.Less(t, status, 500, "%s: %s", show, raw)
		var e sea.ErrorResponse
		require.NoError(t, json.Unmarshal(raw, &e), show)
		require.NotEmpty(t, e.ErrorCode, show)
		require.NotEmpty(t, e.Message, show)
	}
	require.Zero(t, srv.OpenStatements(), "a refused request left a statement open")
	require.Equal(t, "1", *rows(t, c, "", "SELECT 1")[0][0])
}
