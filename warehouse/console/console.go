// Package console is the web console of the local warehouse: plain
// HTML, CSS and JavaScript embedded in the binary (no build step) that
// shows Query History with live state, a statement's detail, a SQL editor
// and a catalog browser, all through the warehouse's own API with the
// same token. The token is typed into a login form and kept in the
// browser's sessionStorage, never in a URL; the pages are served under a
// strict Content-Security-Policy (scripts from this origin only, no inline
// script or eval, no framing).
package console

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var static embed.FS

// Config configures the console.
type Config struct {
	// WarehouseID is the warehouse the editor runs statements on.
	WarehouseID string
	// NoAuth says the API takes no token; the console then skips its login.
	NoAuth bool
}

// contentSecurityPolicy allows only this origin's scripts, styles and API
// calls: no inline script, no eval, no framing, no form posts elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Wrap returns a handler serving the console at / (the page) and
// /console/ (its assets and settings), and every other request with next.
func Wrap(cfg Config, next http.Handler) http.Handler {
	files, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	settings, _ := json.Marshal(map[string]any{"warehouse_id": cfg.WarehouseID, "auth": !cfg.NoAuth})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, r, files, "index.html")
	})
	mux.HandleFunc("GET /console/settings.json", func(w http.ResponseWriter, _ *http.Request) {
		secureHeaders(w.Header())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(settings)
	})
	mux.HandleFunc("GET /console/{file}", func(w http.ResponseWriter, r *http.Request) {
		serveFile(w, r, files, r.PathValue("file"))
	})
	mux.Handle("/", next)
	return mux
}

// contentTypes are the console's file types; nothing else is served.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

func serveFile(w http.ResponseWriter, r *http.Request, files fs.FS, name string) {
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	secureHeaders(w.Header())
	w.Header().Set("Content-Type", ctype)
	_, _ = w.Write(b)
}

func secureHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}
