package console_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse/console"
)

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	resp := rec.Result()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestConsoleServesPagesUnderCSP: the page, its script and styles come
// with a Content-Security-Policy allowing only same-origin scripts (no
// inline script, no eval); everything else goes to the API handler.
func TestConsoleServesPagesUnderCSP(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, "api:"+r.URL.Path)
	})
	h := console.Wrap(console.Config{WarehouseID: "wh1"}, api)

	for path, ctype := range map[string]string{"/": "text/html", "/console/app.js": "text/javascript", "/console/app.css": "text/css"} {
		resp, body := get(t, h, path)
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		require.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), ctype), path)
		csp := resp.Header.Get("Content-Security-Policy")
		require.Contains(t, csp, "script-src 'self'")
		require.NotContains(t, csp, "unsafe-inline")
		require.NotContains(t, csp, "unsafe-eval")
		require.Contains(t, csp, "frame-ancestors 'none'")
		require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
		require.NotEmpty(t, body)
	}
	_, page := get(t, h, "/")
	require.NotContains(t, page, "<script>", "no inline script")
	require.NotRegexp(t, `\son[a-z]+=`, page, "no inline event handlers")
	_, js := get(t, h, "/console/app.js")
	require.NotContains(t, js, "eval(")
	require.NotContains(t, js, "innerHTML")
	require.Contains(t, js, "sessionStorage")
	require.NotContains(t, js, "localStorage")

	_, settings := get(t, h, "/console/settings.json")
	require.JSONEq(t, `{"warehouse_id":"wh1","auth":true}`, settings)

	for _, path := range []string{"/console/nope.js", "/console/settings.exe"} {
		resp, _ := get(t, h, path)
		require.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
	for _, path := range []string{"/api/2.0/sql/statements/x", "/healthz", "/index.html"} {
		resp, body := get(t, h, path)
		require.Equal(t, http.StatusTeapot, resp.StatusCode, path)
		require.Equal(t, "api:"+path, body)
	}
}
