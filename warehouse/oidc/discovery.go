package oidc

import (
	"net/http"
	"strings"
)

// Route paths, absolute: the handler is mounted on "/oidc/" unchanged.
const (
	pathIssuer              = "/oidc"
	pathAuthServerMetadata  = "/oidc/.well-known/oauth-authorization-server"
	pathOpenIDConfiguration = "/oidc/.well-known/openid-configuration"
	pathAuthorize           = "/oidc/v1/authorize"
	pathToken               = "/oidc/v1/token"
	pathKeys                = "/oidc/v1/keys"
)

// metadata is the authorization server metadata document (RFC 8414),
// served under both well-known names.
type metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
}

// handleDiscovery serves the metadata for the host the request was sent to.
func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	writeJSON(w, http.StatusOK, metadata{
		Issuer:                            base + pathIssuer,
		AuthorizationEndpoint:             base + pathAuthorize,
		TokenEndpoint:                     base + pathToken,
		JWKSURI:                           base + pathKeys,
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               []string{grantClientCredentials, grantAuthorizationCode, grantRefreshToken},
		CodeChallengeMethodsSupported:     []string{"S256"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post", "none"},
		ScopesSupported:                   supportedScopes,
		SubjectTypesSupported:             []string{"public"},
	})
}

// handleKeys serves an empty JSON Web Key Set: tokens are opaque and no ID
// token is ever signed, but OIDC clients expect jwks_uri to resolve.
func handleKeys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string][]struct{}{"keys": {}})
}

// baseURL returns "scheme://host" of the request: https when it came over
// TLS, or when the first X-Forwarded-Proto value says http or https.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if fwd := r.Header.Get("X-Forwarded-Proto"); fwd != "" {
		first, _, _ := strings.Cut(fwd, ",")
		switch p := strings.ToLower(strings.TrimSpace(first)); p {
		case "http", "https":
			scheme = p
		}
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}
