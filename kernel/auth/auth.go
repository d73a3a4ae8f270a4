// Package auth authenticates the kernel's API calls: personal access
// tokens, OAuth machine-to-machine (client credentials) and user-to-machine
// (browser login with PKCE, tokens cached on disk), and Entra ID service
// principals, with a token cache that renews tokens before they expire and
// after a 401. It knows nothing of statements or sessions: the kernel
// imports it, never the other way round.
package auth

import (
	"context"
	"net/http"
)

// Authenticator adds credentials to API requests. Implementations must be
// safe for concurrent use and must never log the credentials.
type Authenticator interface {
	// Authorize sets the request's credentials (usually the Authorization header).
	Authorize(ctx context.Context, req *http.Request) error
}

// PAT is a personal access token.
type PAT string

// Authorize sets "Authorization: Bearer <token>".
func (p PAT) Authorize(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+string(p))
	return nil
}

// String hides the token.
func (p PAT) String() string { return "PAT(redacted)" }

// GoString hides the token from %#v too.
func (p PAT) GoString() string { return "auth.PAT(redacted)" }
