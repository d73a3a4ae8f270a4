package oidc

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"time"
)

// clientCredentialsGrant runs grant_type=client_credentials (RFC 6749 §4.4):
// a confidential client gets an access token and no refresh token.
func (s *Server) clientCredentialsGrant(form url.Values, ca clientAuth) (*tokenResponse, *oauthError) {
	if ca.id == "" {
		return nil, clientError("client authentication required")
	}
	if !s.checkSecret(ca.id, ca.secret) {
		return nil, clientError("client authentication failed")
	}
	scope, oerr := parseScope(form.Get("scope"))
	if oerr != nil {
		return nil, oerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	return s.issueLocked(now, ca.id, scope, nil, s.store.newFamily()), nil
}

// authorizationCodeGrant runs grant_type=authorization_code (RFC 6749 §4.1.3
// with RFC 7636 §4.5). The code is spent by this request whatever its
// outcome; a second use revokes what the first one issued.
func (s *Server) authorizationCodeGrant(form url.Values, ca clientAuth) (*tokenResponse, *oauthError) {
	clientID, oerr := s.authenticateCodeClient(ca)
	if oerr != nil {
		return nil, oerr
	}
	code, redirectURI, verifier := form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier")
	switch {
	case code == "":
		return nil, badRequest(errInvalidRequest, "code is required")
	case redirectURI == "":
		return nil, badRequest(errInvalidRequest, "redirect_uri is required")
	case verifier == "":
		return nil, badRequest(errInvalidRequest, "PKCE code_verifier is required")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e, err := s.store.claim(now, code, kindCode)
	if err != nil {
		return nil, grantError(err, "authorization code")
	}
	e.used = true
	switch {
	case e.clientID != clientID:
		return nil, badRequest(errInvalidGrant, "authorization code was issued to another client")
	case e.redirectURI != redirectURI:
		return nil, badRequest(errInvalidGrant, "redirect_uri does not match the authorization request")
	case !verifyPKCE(verifier, e.codeChallenge):
		return nil, badRequest(errInvalidGrant, "code_verifier does not match code_challenge")
	}
	var refresh []string
	if slices.Contains(e.scope, ScopeOfflineAccess) {
		refresh = e.scope
	}
	return s.issueLocked(now, clientID, e.scope, refresh, e.family), nil
}

// refreshTokenGrant runs grant_type=refresh_token (RFC 6749 §6). The refresh
// token rotates: the answer carries a new one and the old one is spent. A
// narrower scope may be asked for the new access token; the new refresh
// token keeps the scope of the original authorization.
func (s *Server) refreshTokenGrant(form url.Values, ca clientAuth) (*tokenResponse, *oauthError) {
	clientID, oerr := s.authenticateCodeClient(ca)
	if oerr != nil {
		return nil, oerr
	}
	rt := form.Get("refresh_token")
	if rt == "" {
		return nil, badRequest(errInvalidRequest, "refresh_token is required")
	}
	var want []string
	if raw := form.Get("scope"); raw != "" {
		if want, oerr = parseScope(raw); oerr != nil {
			return nil, oerr
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e, err := s.store.claim(now, rt, kindRefresh)
	if err != nil {
		return nil, grantError(err, "refresh token")
	}
	if e.clientID != clientID {
		return nil, badRequest(errInvalidGrant, "refresh token was issued to another client")
	}
	if want != nil && !subset(want, e.scope) {
		return nil, badRequest(errInvalidScope, "requested scope exceeds the original grant")
	}
	e.used = true
	access := e.scope
	if want != nil {
		access = want
	}
	return s.issueLocked(now, clientID, access, e.scope, e.family), nil
}

// grantError maps a store.claim error to invalid_grant.
func grantError(err error, what string) *oauthError {
	if errors.Is(err, errReplay) {
		return badRequest(errInvalidGrant, what+" was already used; tokens issued from it are revoked")
	}
	return badRequest(errInvalidGrant, what+" is invalid or expired")
}

// verifyPKCE reports whether BASE64URL(SHA256(verifier)) equals challenge
// and verifier has the shape RFC 7636 §4.1 requires.
func verifyPKCE(verifier, challenge string) bool {
	if !validVerifier(verifier) {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// validVerifier reports whether v is 43 to 128 unreserved characters.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, ch := range v {
		switch {
		case ch >= 'A' && ch <= 'Z', ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9',
			ch == '-', ch == '.', ch == '_', ch == '~':
		default:
			return false
		}
	}
	return true
}

// ceilSeconds returns d in whole seconds, rounded up, for expires_in.
func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}
