package oidc

import (
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Grant types of the token endpoint.
const (
	grantClientCredentials = "client_credentials"
	grantAuthorizationCode = "authorization_code"
	grantRefreshToken      = "refresh_token"
)

// maxFormBytes bounds a token request body.
const maxFormBytes = 64 << 10

// tokenParams are the parameters that must not appear twice (RFC 6749 §3.2).
var tokenParams = []string{
	"grant_type", "client_id", "client_secret", "scope", "code",
	"redirect_uri", "code_verifier", "refresh_token",
}

// tokenResponse is the successful token response of RFC 6749 §5.1.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// clientAuth is how the client identified itself on a token request.
type clientAuth struct {
	id, secret string
}

// handleToken is the token endpoint (RFC 6749 §3.2). Every answer, success
// or error, carries Cache-Control: no-store.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	if r.Method != http.MethodPost {
		methodNotAllowed(w, http.MethodPost)
		return
	}
	resp, oerr := s.token(w, r)
	if oerr != nil {
		writeError(w, oerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// token parses a token request and runs its grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) (*tokenResponse, *oauthError) {
	form, oerr := readTokenForm(w, r)
	if oerr != nil {
		return nil, oerr
	}
	grant := form.Get("grant_type")
	switch grant {
	case grantClientCredentials, grantAuthorizationCode, grantRefreshToken:
	case "":
		return nil, badRequest(errInvalidRequest, "grant_type is required")
	default:
		return nil, badRequest(errUnsupportedGrantType, "supported grant types are client_credentials, authorization_code and refresh_token")
	}
	ca, oerr := readClientAuth(r, form)
	if oerr != nil {
		return nil, oerr
	}
	switch grant {
	case grantClientCredentials:
		return s.clientCredentialsGrant(form, ca)
	case grantAuthorizationCode:
		return s.authorizationCodeGrant(form, ca)
	default:
		return s.refreshTokenGrant(form, ca)
	}
}

// readTokenForm reads the form-encoded body. Parameters in the URL query are
// ignored: RFC 6749 §2.3.1 and §3.2 want them in the body.
func readTokenForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, badRequest(errInvalidRequest, "Content-Type must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, badRequest(errInvalidRequest, "malformed or oversized form body")
	}
	for _, p := range tokenParams {
		if len(r.PostForm[p]) > 1 {
			return nil, badRequest(errInvalidRequest, "a parameter appears more than once")
		}
	}
	return r.PostForm, nil
}

// readClientAuth returns the client's id and secret, from HTTP Basic
// (client_secret_basic) or from the form (client_secret_post, or client_id
// alone for a public client). Basic credentials are form-urlencoded before
// base64 (RFC 6749 §2.3.1) and are decoded here. Authorization schemes other
// than Basic are ignored.
func readClientAuth(r *http.Request, form url.Values) (clientAuth, *oauthError) {
	formID, formSecret := form.Get("client_id"), form.Get("client_secret")
	user, pass, ok := r.BasicAuth()
	if !ok {
		scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if strings.EqualFold(scheme, "Basic") {
			return clientAuth{}, clientError("malformed Basic authorization header")
		}
		return clientAuth{id: formID, secret: formSecret}, nil
	}
	id, err := url.QueryUnescape(user)
	if err != nil {
		return clientAuth{}, clientError("malformed Basic authorization header")
	}
	secret, err := url.QueryUnescape(pass)
	if err != nil {
		return clientAuth{}, clientError("malformed Basic authorization header")
	}
	if formSecret != "" {
		return clientAuth{}, badRequest(errInvalidRequest, "use only one client authentication method")
	}
	if formID != "" && formID != id {
		return clientAuth{}, badRequest(errInvalidRequest, "client_id does not match the Authorization header")
	}
	return clientAuth{id: id, secret: secret}, nil
}

// authenticateCodeClient checks the client of an authorization_code or
// refresh_token request: a confidential client must present its secret, a
// public client must be allowed and must present no secret.
func (s *Server) authenticateCodeClient(ca clientAuth) (string, *oauthError) {
	if ca.id == "" {
		return "", clientError("client_id is required")
	}
	if s.isConfidential(ca.id) {
		if !s.checkSecret(ca.id, ca.secret) {
			return "", clientError("client authentication failed")
		}
		return ca.id, nil
	}
	if ca.secret != "" || !s.authCodeClientAllowed(ca.id) {
		return "", clientError("client authentication failed")
	}
	return ca.id, nil
}

// issueLocked creates an access token with accessScope and, when
// refreshScope is not nil, a refresh token with refreshScope, both for the
// given authorization family. s.mu must be held.
func (s *Server) issueLocked(now time.Time, clientID string, accessScope, refreshScope []string, family uint64) *tokenResponse {
	resp := &tokenResponse{
		AccessToken: s.store.put(now, &entry{
			kind:     kindAccess,
			expires:  now.Add(s.accessTTL),
			clientID: clientID,
			scope:    accessScope,
			family:   family,
		}),
		TokenType: "Bearer",
		ExpiresIn: ceilSeconds(s.accessTTL),
		Scope:     joinScope(accessScope),
	}
	if refreshScope != nil {
		resp.RefreshToken = s.store.put(now, &entry{
			kind:     kindRefresh,
			expires:  now.Add(s.refreshTTL),
			clientID: clientID,
			scope:    refreshScope,
			family:   family,
		})
	}
	return resp
}
