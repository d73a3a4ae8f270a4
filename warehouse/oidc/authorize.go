package oidc

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// s256ChallengeLen is the length of BASE64URL(SHA256(verifier)) without padding.
const s256ChallengeLen = 43

// authorizeParams are the parameters that must not appear twice (RFC 6749 §3.1).
var authorizeParams = []string{
	"response_type", "client_id", "redirect_uri", "scope", "state",
	"code_challenge", "code_challenge_method",
}

// handleAuthorize is the authorization endpoint (RFC 6749 §4.1.1 with RFC
// 7636 PKCE). It approves a valid request of a known client at once when the
// server was configured with AutoApprove, and denies it (access_denied)
// otherwise. Problems with client_id or redirect_uri are
// answered with a 400 JSON error; every other problem is redirected back to
// the client as RFC 6749 §4.1.2.1 says.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet {
		methodNotAllowed(w, http.MethodGet)
		return
	}
	q := r.URL.Query()

	if len(q["client_id"]) > 1 || len(q["redirect_uri"]) > 1 {
		writeError(w, badRequest(errInvalidRequest, "client_id and redirect_uri must appear once"))
		return
	}
	clientID := q.Get("client_id")
	if clientID == "" {
		writeError(w, badRequest(errInvalidRequest, "client_id is required"))
		return
	}
	if !s.authCodeClientAllowed(clientID) {
		writeError(w, badRequest(errInvalidClient, "unknown client_id"))
		return
	}
	rawRedirect := q.Get("redirect_uri")
	redirect, err := parseLoopbackRedirect(rawRedirect)
	if err != nil {
		writeError(w, badRequest(errInvalidRequest,
			"redirect_uri must be an absolute http URL on 127.0.0.1, [::1] or localhost"))
		return
	}

	state := q.Get("state")
	fail := func(e *oauthError) { redirectTo(w, redirect, authorizeErrorParams(e, state)) }

	for _, p := range authorizeParams {
		if len(q[p]) > 1 {
			fail(badRequest(errInvalidRequest, "a parameter appears more than once"))
			return
		}
	}
	switch rt := q.Get("response_type"); rt {
	case "code":
	case "":
		fail(badRequest(errInvalidRequest, "response_type is required"))
		return
	default:
		fail(badRequest(errUnsupportedResponseType, "only response_type=code is supported"))
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge == "" {
		fail(badRequest(errInvalidRequest, "PKCE code_challenge is required"))
		return
	}
	if method != "S256" {
		fail(badRequest(errInvalidRequest, "code_challenge_method must be S256"))
		return
	}
	if !validChallenge(challenge) {
		fail(badRequest(errInvalidRequest, "code_challenge is not a base64url SHA-256 digest"))
		return
	}
	scope, oerr := parseScope(q.Get("scope"))
	if oerr != nil {
		fail(oerr)
		return
	}
	if !s.autoApprove {
		fail(&oauthError{Status: http.StatusForbidden, Code: errAccessDenied,
			Description: "interactive login is not enabled on this server (start it with --oauth-auto-approve)"})
		return
	}

	s.mu.Lock()
	now := s.now()
	code := s.store.put(now, &entry{
		kind:          kindCode,
		expires:       now.Add(s.codeTTL),
		clientID:      clientID,
		scope:         scope,
		family:        s.store.newFamily(),
		redirectURI:   rawRedirect,
		codeChallenge: challenge,
	})
	s.mu.Unlock()

	params := url.Values{"code": {code}}
	if state != "" {
		params.Set("state", state)
	}
	redirectTo(w, redirect, params)
}

// authorizeErrorParams returns the query of an error redirect.
func authorizeErrorParams(e *oauthError, state string) url.Values {
	v := url.Values{"error": {e.Code}, "error_description": {e.Description}}
	if state != "" {
		v.Set("state", state)
	}
	return v
}

// redirectTo answers 302 to base with params added to its query. Unlike
// http.Redirect it writes no body, so the code does not appear in one.
func redirectTo(w http.ResponseWriter, base *url.URL, params url.Values) {
	u := *base
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}

// Errors of parseLoopbackRedirect.
var (
	errNotHTTP     = errors.New("scheme is not http")
	errNotLoopback = errors.New("host is not a loopback host")
	errBadShape    = errors.New("redirect_uri must not carry userinfo or a fragment")
	errBadPort     = errors.New("port is not a number in 1-65535")
)

// parseLoopbackRedirect accepts an absolute http URL whose host is
// 127.0.0.1, ::1 or localhost (any port), as native apps use (RFC 8252 §7.3).
func parseLoopbackRedirect(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("redirect_uri is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse redirect_uri: %w", err)
	}
	if u.Scheme != "http" || u.Opaque != "" {
		return nil, errNotHTTP
	}
	if u.User != nil || u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, errBadShape
	}
	switch strings.ToLower(u.Hostname()) {
	case "127.0.0.1", "::1", "localhost":
	default:
		return nil, errNotLoopback
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("redirect_uri port %q: %w", p, errBadPort)
		}
	}
	return u, nil
}

// validChallenge reports whether c looks like an S256 code challenge.
func validChallenge(c string) bool {
	if len(c) != s256ChallengeLen {
		return false
	}
	for _, ch := range c {
		switch {
		case ch >= 'A' && ch <= 'Z', ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9', ch == '-', ch == '_':
		default:
			return false
		}
	}
	return true
}
