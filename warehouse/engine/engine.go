// Package engine is the seam between the SEA warehouse and the database that
// executes its SQL. The warehouse speaks only these interfaces; the DuckDB
// implementation (package duckengine) is the one place that links cgo.
package engine

import (
	"context"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// Engine opens sessions on one database.
type Engine interface {
	// NewSession opens a session with its own connection state (current
	// catalog and schema, settings, temporary objects).
	NewSession(ctx context.Context) (Session, error)
	// CatalogMap maps Databricks catalog names (lower case) to the engine's
	// database names where they differ (DuckDB reserves "main").
	CatalogMap() map[string]string
	// Close releases the database.
	Close() error
}

// Session runs statements one at a time. Implementations need not be safe
// for concurrent use; the warehouse serialises calls per session.
type Session interface {
	// Query runs sql with positional (any) or named (sql.Named) arguments
	// and returns the full result as Arrow. The reader must be released.
	// Cancelling ctx interrupts the statement.
	Query(ctx context.Context, sql string, args ...any) (array.RecordReader, error)
	// Close releases the session's connection.
	Close() error
}

// Streamer is a Session that can also hand out a result while the engine
// is still producing it, so that a result larger than memory flows through
// in batches.
type Streamer interface {
	// QueryStream runs sql like Query, but returns as soon as the first
	// batch can be read; each Next lets the engine produce the next one.
	// Errors of the statement may surface from the reader's Err after
	// batches were read. Until the reader is released, the session runs
	// nothing else. Cancelling ctx interrupts the statement, also while
	// batches are read.
	QueryStream(ctx context.Context, sql string, args ...any) (array.RecordReader, error)
}

// ErrCanceled marks an error caused by an interrupted statement.
var ErrCanceled = errors.New("engine: statement interrupted")

// Error is a statement failure in Databricks terms.
type Error struct {
	// SQLState is the five-character SQLSTATE ("42601").
	SQLState string
	// Class is the Databricks error class ("PARSE_SYNTAX_ERROR").
	Class string
	// Message is the engine's message without the class prefix.
	Message string
	// Near is, for a syntax error, the text the engine names as where the
	// problem starts ("" when it names none); NearEnd reports that the
	// problem is the end of the input.
	Near    string
	NearEnd bool
	// Err is the underlying engine error.
	Err error
}

// Error renders the message as Databricks does: "[CLASS] message SQLSTATE: XXXXX".
func (e *Error) Error() string {
	return "[" + e.Class + "] " + e.Message + " SQLSTATE: " + e.SQLState
}

// Unwrap returns the engine's own error.
func (e *Error) Unwrap() error { return e.Err }
