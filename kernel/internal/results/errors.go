package results

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of them, so
// callers branch with errors.Is.
var (
	// ErrDownload reports a chunk download that failed: retries exhausted on
	// a transport error, truncated body or retryable status, or a status
	// that is never retried.
	ErrDownload = errors.New("results: chunk download failed")
	// ErrLinkExpired reports a presigned link still rejected (401, 403 or
	// 404) after MaxRefreshes refreshes.
	ErrLinkExpired = errors.New("results: external link rejected after refresh")
	// ErrRowCountMismatch reports lost or duplicated rows: a chunk with
	// fewer rows than its row_count, or a total that differs from
	// manifest.total_row_count.
	ErrRowCountMismatch = errors.New("results: row count mismatch")
	// ErrSchemaMismatch reports a chunk whose Arrow schema differs from the
	// result's (column count or types), or from the manifest's column count.
	ErrSchemaMismatch = errors.New("results: schema mismatch")
	// ErrDecode reports chunk bytes that are not a valid (LZ4-framed) Arrow
	// IPC stream, or JSON cells that do not parse as their column type.
	ErrDecode = errors.New("results: cannot decode chunk")
	// ErrProtocol reports a result the server should not have sent: a
	// missing link for a chunk, a carrier that changes between chunks, an
	// unparsable type text.
	ErrProtocol = errors.New("results: malformed result")
	// ErrUnsupported reports a result format this reader does not read
	// (CSV).
	ErrUnsupported = errors.New("results: unsupported result")
)

// ChunkError describes a failure on one chunk of one statement. Err wraps
// one of the sentinel errors and, when there was one, the last cause.
type ChunkError struct {
	// StatementID is Config.StatementID.
	StatementID string
	// Chunk is the chunk index.
	Chunk int
	// Status is the last HTTP status received, 0 when none was.
	Status int
	// Attempts is the number of download attempts made, 0 when none was.
	Attempts int
	// Err is the cause; it wraps a sentinel error.
	Err error
}

// Error names the statement, the chunk, the last status and the cause. It
// never contains a presigned URL's query string.
func (e *ChunkError) Error() string {
	s := fmt.Sprintf("results: statement %s chunk %d", e.StatementID, e.Chunk)
	if e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Attempts > 0 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return s + ": " + strings.TrimPrefix(e.Err.Error(), "results: ")
}

// Unwrap returns the cause.
func (e *ChunkError) Unwrap() error { return e.Err }

// chunkErr builds a ChunkError whose cause wraps sentinel.
func (c *Config) chunkErr(sentinel error, k int, format string, args ...any) *ChunkError {
	return &ChunkError{StatementID: c.StatementID, Chunk: k, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// resultErr wraps sentinel with a message naming the statement.
func (c *Config) resultErr(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: statement %s: "+format, append([]any{sentinel, c.StatementID}, args...)...)
}

// redact strips the query string (the signature) from the URL of a
// transport error, which net/http otherwise prints in full.
func redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	clean := "<link>"
	if perr == nil {
		clean = u.Scheme + "://" + u.Host + u.Path
	}
	return &url.Error{Op: ue.Op, URL: clean, Err: ue.Err}
}

// notEOF keeps a network error that wraps io.EOF (a connection closed
// before the response completed) from matching io.EOF, which means "end of
// stream" to every reader: the message stays, the chain is cut at the
// EOF and io.ErrUnexpectedEOF takes its place.
func notEOF(err error) error {
	if err == nil || !errors.Is(err, io.EOF) {
		return err
	}
	return fmt.Errorf("%w: %v", io.ErrUnexpectedEOF, err) //nolint:errorlint // cutting the chain is the point
}
