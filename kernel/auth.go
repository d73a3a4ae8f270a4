package kernel

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
func (p PAT) GoString() string { return "kernel.PAT(redacted)" }
