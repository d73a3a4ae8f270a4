package kernel

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/kernel/internal/results"
)

// Error classes, matched with errors.Is against an *Error.
var (
	// ErrInvalidArgument: the request was rejected as malformed (HTTP 400) or
	// a client option is wrong. It is auth.ErrInvalidArgument.
	ErrInvalidArgument = auth.ErrInvalidArgument
	// ErrUnauthenticated: the credentials were missing or rejected (HTTP
	// 401). It is auth.ErrUnauthenticated.
	ErrUnauthenticated = auth.ErrUnauthenticated
	// ErrPermissionDenied: HTTP 403 on an API call.
	ErrPermissionDenied = errors.New("sealane: permission denied")
	// ErrNotFound: the session, statement or warehouse does not exist (HTTP 404).
	ErrNotFound = errors.New("sealane: not found")
	// ErrUnavailable: throttled or temporarily unavailable after retries
	// (429, 5xx). It is auth.ErrUnavailable.
	ErrUnavailable = auth.ErrUnavailable
	// ErrStatementFailed: the statement ran and failed (state FAILED).
	ErrStatementFailed = errors.New("sealane: statement failed")
	// ErrCanceled: the statement was canceled (state CANCELED).
	ErrCanceled = errors.New("sealane: statement canceled")
	// ErrClosed: the statement's results are gone (state CLOSED without a result).
	ErrClosed = errors.New("sealane: statement closed")
	// ErrConnClosed: the call was made on (or interrupted by) a closed Conn.
	ErrConnClosed = errors.New("sealane: the connection is closed")
	// ErrSessionLost: the server no longer knows the session (it expired
	// or was deleted); the Conn cannot run statements any more and a new
	// one must be opened. Nothing ran on the server.
	ErrSessionLost = errors.New("sealane: the session is gone on the server")
	// ErrStillRunning: Handle.WaitFor gave up waiting; the statement is
	// still running on the server (not cancelled).
	ErrStillRunning = errors.New("sealane: statement still running")
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
	// also is a second sentinel the error matches (ErrSessionLost).
	also error
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

// Is matches the error's class sentinel (and ErrSessionLost when the
// failure says the session is gone).
func (e *Error) Is(target error) bool {
	return (e.class != nil && target == e.class) || (e.also != nil && target == e.also)
}

// sessionLost reports whether a failed execute says the server no longer
// knows the session: HTTP 404 (the session, not a statement, is what the
// call names), or the service's 400 "Invalid SessionHandle" (the phrase
// every Databricks client keys expired sessions on). It marks the error so
// that errors.Is(err, ErrSessionLost) holds.
func sessionLost(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	lost := e.HTTPStatus == http.StatusNotFound ||
		(e.HTTPStatus == http.StatusBadRequest && strings.Contains(e.Message, "Invalid SessionHandle"))
	if lost {
		e.also = ErrSessionLost
	}
	return lost
}

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

// ResultError is a failure while waiting for or reading a statement's
// result (the wait's context ending, a chunk transfer, a decode, a
// row-count check, the reader's context ending). It
// names the statement, and the chunk when one is to blame, in fields, so
// callers need not read them from the message; the message is the
// cause's. IsTransferError tells transfer failures from the others.
type ResultError struct {
	// StatementID is the statement whose result failed.
	StatementID string
	// Chunk is the index of the chunk to blame, -1 when none is.
	Chunk int
	// HTTPStatus is the last HTTP status of the chunk's download or link
	// fetch, 0 when none was received.
	HTTPStatus int
	// Attempts is the number of download attempts made for the chunk.
	Attempts int
	// Err is the cause.
	Err error
}

// Error is the cause's message (it names the statement already).
func (e *ResultError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *ResultError) Unwrap() error { return e.Err }

// resultError types an error from a result reader (nil stays nil).
func resultError(statementID string, err error) error {
	if err == nil {
		return nil
	}
	var re *ResultError
	if errors.As(err, &re) {
		return err
	}
	re = &ResultError{StatementID: statementID, Chunk: -1, Err: err}
	var ce *results.ChunkError
	if errors.As(err, &ce) {
		re.Chunk, re.HTTPStatus, re.Attempts = ce.Chunk, ce.Status, ce.Attempts
		if ce.StatementID != "" {
			re.StatementID = ce.StatementID
		}
	}
	return re
}
