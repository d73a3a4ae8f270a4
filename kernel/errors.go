package kernel

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error classes, matched with errors.Is against an *Error.
var (
	// ErrInvalidArgument: the request was rejected as malformed (HTTP 400) or
	// a client option is wrong.
	ErrInvalidArgument = errors.New("sealane: invalid argument")
	// ErrUnauthenticated: the credentials were missing or rejected (HTTP 401).
	ErrUnauthenticated = errors.New("sealane: unauthenticated")
	// ErrPermissionDenied: HTTP 403 on an API call.
	ErrPermissionDenied = errors.New("sealane: permission denied")
	// ErrNotFound: the session, statement or warehouse does not exist (HTTP 404).
	ErrNotFound = errors.New("sealane: not found")
	// ErrUnavailable: throttled or temporarily unavailable after retries (429, 5xx).
	ErrUnavailable = errors.New("sealane: service unavailable")
	// ErrStatementFailed: the statement ran and failed (state FAILED).
	ErrStatementFailed = errors.New("sealane: statement failed")
	// ErrCanceled: the statement was canceled (state CANCELED).
	ErrCanceled = errors.New("sealane: statement canceled")
	// ErrClosed: the statement's results are gone (state CLOSED without a result).
	ErrClosed = errors.New("sealane: statement closed")
)

// Error is a failure reported by the service, or a statement that failed.
type Error struct {
	// HTTPStatus is the HTTP status of the failing call (200 for a FAILED statement).
	HTTPStatus int
	// ErrorCode is the service's error_code ("BAD_REQUEST", "NOT_FOUND", …).
	ErrorCode string
	// SQLState is the five-character SQLSTATE, when the service gave one.
	SQLState string
	// Message is the service's message.
	Message string
	// StatementID identifies the statement, when there is one.
	StatementID string
	// Op names the call ("execute", "get statement", "create session", …).
	Op string

	class error
}

// Error renders the message with the facts a user needs.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sealane: ")
	b.WriteString(e.Op)
	if e.HTTPStatus != 0 && e.HTTPStatus != http.StatusOK {
		fmt.Fprintf(&b, ": HTTP %d", e.HTTPStatus)
	}
	if e.ErrorCode != "" {
		b.WriteString(" " + e.ErrorCode)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.SQLState != "" && !strings.Contains(e.Message, "SQLSTATE: "+e.SQLState) {
		b.WriteString(" (SQLSTATE " + e.SQLState + ")")
	}
	if e.StatementID != "" {
		b.WriteString(" [statement " + e.StatementID + "]")
	}
	return b.String()
}

// Is matches the error's class sentinel.
func (e *Error) Is(target error) bool { return e.class != nil && target == e.class }

// classOf maps an HTTP status to an error class.
func classOf(status int) error {
	switch {
	case status == http.StatusUnauthorized:
		return ErrUnauthenticated
	case status == http.StatusForbidden:
		return ErrPermissionDenied
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusTooManyRequests || status >= 500:
		return ErrUnavailable
	case status >= 400:
		return ErrInvalidArgument
	}
	return nil
}

// sqlStateFromMessage finds "SQLSTATE: XXXXX" in a message, the last resort
// when the status carries none.
func sqlStateFromMessage(msg string) string {
	i := strings.LastIndex(msg, "SQLSTATE: ")
	if i < 0 || len(msg) < i+15 {
		return ""
	}
	return msg[i+10 : i+15]
}
