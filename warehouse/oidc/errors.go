package oidc

import (
	"encoding/json"
	"net/http"
)

// Error codes of RFC 6749 §4.1.2.1 and §5.2.
const (
	errInvalidRequest          = "invalid_request"
	errInvalidClient           = "invalid_client"
	errInvalidGrant            = "invalid_grant"
	errUnsupportedGrantType    = "unsupported_grant_type"
	errUnsupportedResponseType = "unsupported_response_type"
	errInvalidScope            = "invalid_scope"
	errAccessDenied            = "access_denied"
)

// oauthError is an OAuth error response. Description is always a fixed
// message written in this package: it never echoes a secret, a token or a
// code, and it stays within the character set RFC 6749 §5.2 allows.
type oauthError struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *oauthError) Error() string {
	return e.Code + ": " + e.Description
}

// badRequest returns a 400 error with code and description.
func badRequest(code, desc string) *oauthError {
	return &oauthError{Status: http.StatusBadRequest, Code: code, Description: desc}
}

// clientError returns the 401 invalid_client error of RFC 6749 §5.2.
func clientError(desc string) *oauthError {
	return &oauthError{Status: http.StatusUnauthorized, Code: errInvalidClient, Description: desc}
}

// writeError writes e as JSON. A 401 carries the Basic challenge.
func writeError(w http.ResponseWriter, e *oauthError) {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="sealane"`)
	}
	writeJSON(w, e.Status, e)
}

// writeJSON writes v as a JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only this package's own plain structs are encoded here.
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// methodNotAllowed answers 405 with an Allow header and a JSON error body.
func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, badRequest(errInvalidRequest, "method not allowed"))
}
