package oidc

import (
	"slices"
	"strings"
)

// Scopes the server grants. all-apis is what M2M and the Rust kernel ask
// for, sql and offline_access what the Python and Go connectors ask for,
// openid/email/profile what OIDC libraries add.
const (
	ScopeAllAPIs       = "all-apis"
	ScopeSQL           = "sql"
	ScopeOfflineAccess = "offline_access"
	ScopeOpenID        = "openid"
	ScopeEmail         = "email"
	ScopeProfile       = "profile"
)

// supportedScopes lists the scopes accepted in requests and advertised in
// the discovery document.
var supportedScopes = []string{
	ScopeAllAPIs, ScopeSQL, ScopeOfflineAccess, ScopeOpenID, ScopeEmail, ScopeProfile,
}

// defaultScope is granted when a request names no scope.
var defaultScope = []string{ScopeAllAPIs}

// parseScope splits a space-delimited scope parameter (RFC 6749 §3.3),
// dropping duplicates. It returns defaultScope for an empty parameter and an
// invalid_scope error for a scope the server does not support.
func parseScope(raw string) ([]string, *oauthError) {
	var out []string
	for _, s := range strings.Fields(raw) {
		if !slices.Contains(supportedScopes, s) {
			return nil, badRequest(errInvalidScope, "unsupported scope requested")
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return slices.Clone(defaultScope), nil
	}
	return out, nil
}

// subset reports whether every scope of want is in have.
func subset(want, have []string) bool {
	for _, s := range want {
		if !slices.Contains(have, s) {
			return false
		}
	}
	return true
}

// joinScope renders scopes as the space-delimited scope response field.
func joinScope(scopes []string) string {
	return strings.Join(scopes, " ")
}
