package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// u2mSource runs the authorization code flow with PKCE (S256) through the
// user's browser, keeps the refresh token, and caches both tokens on disk.
// A TokenAuthenticator serializes its calls, so it needs no lock.
type u2mSource struct {
	hc       *http.Client
	baseURL  string
	clientID string
	secret   string // optional: public clients have none
	scopes   []string
	port     int    // redirect listener port; 0 picks a free one
	cacheDir string // "" disables the disk cache
	opener   func(url string) error
	timeout  time.Duration // of the browser login
	logger   *slog.Logger

	ep          *oauthEndpoints
	refresh     string
	diskChecked bool
}

// u2mCache is the cache file's content. It holds secrets: mode 0600.
type u2mCache struct {
	Host         string    `json:"host"`
	ClientID     string    `json:"client_id"`
	Scopes       string    `json:"scopes"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry"`
	Obtained     time.Time `json:"obtained"`
}

// Token implements TokenSource: the disk cache first (once), then the
// refresh token, then a browser login.
func (s *u2mSource) Token(ctx context.Context) (Token, error) {
	if s.ep == nil {
		ep, err := discover(ctx, s.hc, s.baseURL)
		if err != nil {
			return Token{}, err
		}
		if ep.AuthURL == "" {
			return Token{}, errors.New("sealane: oauth discovery: the metadata names no authorization_endpoint")
		}
		s.ep = &ep
	}
	if !s.diskChecked {
		s.diskChecked = true
		if c, ok := s.loadCache(); ok {
			s.refresh = c.RefreshToken
			// Reused unless stale, as TokenAuthenticator judges its own.
			if c.AccessToken != "" && time.Until(c.Expiry) > min(staleMargin, c.Expiry.Sub(c.Obtained)/10) {
				return Token{AccessToken: c.AccessToken, Expiry: c.Expiry}, nil
			}
		}
	}
	if s.refresh != "" {
		t0 := time.Now()
		t, err := s.conf("").TokenSource(withHTTPClient(ctx, s.hc), &oauth2.Token{RefreshToken: s.refresh}).Token()
		if err == nil {
			return s.keep(t, t0), nil
		}
		if ctx.Err() != nil {
			return Token{}, context.Cause(ctx)
		}
		s.logger.LogAttrs(ctx, slog.LevelWarn, "oauth-u2m: refresh failed, logging in again",
			slog.String("error", tokenError("oauth-u2m refresh", err).Error()))
		s.refresh = ""
	}
	return s.login(ctx)
}

// conf is the x/oauth2 configuration for redirect.
func (s *u2mSource) conf(redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: s.clientID, ClientSecret: s.secret, RedirectURL: redirect, Scopes: s.scopes,
		Endpoint: oauth2.Endpoint{AuthURL: s.ep.AuthURL, TokenURL: s.ep.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
}

// keep remembers the refresh token, writes the cache and converts t.
func (s *u2mSource) keep(t *oauth2.Token, t0 time.Time) Token {
	if t.RefreshToken != "" {
		s.refresh = t.RefreshToken
	}
	tok := toToken(t, t0)
	s.saveCache(tok, t0)
	return tok
}

// login runs the browser flow.
func (s *u2mSource) login(ctx context.Context) (Token, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(s.port))
	if err != nil {
		return Token{}, fmt.Errorf("sealane: oauth-u2m: cannot listen for the login redirect (choose another redirect port): %w", err)
	}
	redirect := "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	state, verifier := randomString(), oauth2.GenerateVerifier()
	conf := s.conf(redirect)
	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))

	type result struct {
		code string
		err  error
	}
	results := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if !q.Has("state") && !q.Has("code") && !q.Has("error") {
			http.NotFound(w, r) // favicon and the like
			return
		}
		var res result
		switch {
		case q.Get("state") != state:
			res.err = fmt.Errorf("%w: oauth-u2m: the login redirect carried a wrong state", ErrUnauthenticated)
		case q.Get("error") != "":
			res.err = fmt.Errorf("%w: oauth-u2m: login failed: %s: %s", ErrUnauthenticated, q.Get("error"), truncate(q.Get("error_description"), 200))
		default:
			res.code = q.Get("code")
		}
		w.Header().Set("Connection", "close")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintln(w, "sealane: login failed; see the application for details.")
		} else {
			_, _ = fmt.Fprintln(w, "sealane: login complete; you may close this window.")
		}
		select {
		case results <- res:
		default: // a later redirect: the first one counts
		}
	})}
	served := make(chan struct{})
	go func() { defer close(served); _ = srv.Serve(ln) }()
	defer func() { _ = srv.Close(); <-served }()

	opener := s.opener
	if opener == nil {
		opener = openBrowser
	}
	if err := opener(authURL); err != nil {
		s.logger.LogAttrs(ctx, slog.LevelWarn, "oauth-u2m: cannot open a browser", slog.String("error", err.Error()))
		_, _ = fmt.Fprintf(os.Stderr, "Open this URL in a browser to log in to %s:\n\n%s\n\n", s.baseURL, authURL)
	}
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-results:
	case <-ctx.Done():
		return Token{}, fmt.Errorf("sealane: oauth-u2m: waiting for the browser login: %w", context.Cause(ctx))
	case <-timer.C:
		return Token{}, fmt.Errorf("%w: oauth-u2m: no browser login within %v", ErrUnauthenticated, s.timeout)
	}
	if res.err != nil {
		return Token{}, res.err
	}
	t0 := time.Now()
	t, err := conf.Exchange(withHTTPClient(ctx, s.hc), res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Token{}, tokenError("oauth-u2m", err)
	}
	return s.keep(t, t0), nil
}

// cachePath names the cache file of this host, client and scopes.
func (s *u2mSource) cachePath() string {
	sum := sha256.Sum256([]byte(s.baseURL + "\x00" + s.clientID + "\x00" + strings.Join(s.scopes, " ")))
	return filepath.Join(s.cacheDir, hex.EncodeToString(sum[:])+".json")
}

// loadCache reads the cache file, if any and if it is for this source.
func (s *u2mSource) loadCache() (u2mCache, bool) {
	var c u2mCache
	if s.cacheDir == "" {
		return c, false
	}
	raw, err := os.ReadFile(s.cachePath())
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return c, false
	}
	return c, c.Host == s.baseURL && c.ClientID == s.clientID
}

// saveCache writes the cache file atomically with mode 0600 in a 0700
// directory. Failures are logged (without the tokens) and otherwise ignored.
func (s *u2mSource) saveCache(t Token, obtained time.Time) {
	if s.cacheDir == "" {
		return
	}
	raw, _ := json.Marshal(u2mCache{Host: s.baseURL, ClientID: s.clientID, Scopes: strings.Join(s.scopes, " "),
		AccessToken: t.AccessToken, RefreshToken: s.refresh, Expiry: t.Expiry, Obtained: obtained})
	err := func() error {
		if err := os.MkdirAll(s.cacheDir, 0o700); err != nil {
			return err
		}
		f, err := os.CreateTemp(s.cacheDir, ".token-*.tmp")
		if err != nil {
			return err
		}
		defer func() { _ = os.Remove(f.Name()) }()
		if err := f.Chmod(0o600); err != nil {
			_ = f.Close()
			return err
		}
		if _, err := f.Write(raw); err != nil {
			_ = f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		return os.Rename(f.Name(), s.cachePath())
	}()
	if err != nil {
		s.logger.Warn("oauth-u2m: cannot write the token cache", slog.String("error", err.Error()))
	}
}

// defaultTokenCacheDir is ~/.config/sealane/oauth ("" without a home).
func defaultTokenCacheDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".config", "sealane", "oauth")
}

// openBrowser opens u in the desktop's browser.
func openBrowser(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no display")
		}
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// randomString is 32 random bytes, base64url.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// truncate bounds s to n bytes.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
