// Package sqlerr is the statement failure the warehouse detects itself (a
// bad parameter, an unknown catalog), reported to clients like an engine
// error: "[CLASS] message SQLSTATE: XXXXX". It is a leaf that the
// warehouse's concern packages share.
package sqlerr

// Error is a statement failure detected by the warehouse itself.
type Error struct {
	// Class is the Databricks error class ("SCHEMA_NOT_FOUND").
	Class string
	// SQLState is the five-character SQLSTATE ("42704").
	SQLState string
	// Message is the message without class or SQLSTATE.
	Message string
	// Context, when set, follows the SQLSTATE: the position and "== SQL =="
	// section Spark adds to a syntax error.
	Context string
}

// Error renders the failure as Databricks does.
func (e *Error) Error() string {
	s := "[" + e.Class + "] " + e.Message + " SQLSTATE: " + e.SQLState
	if e.Context != "" {
		s += " " + e.Context
	}
	return s
}

// New returns an *Error.
func New(class, sqlState, msg string) error {
	return &Error{Class: class, SQLState: sqlState, Message: msg}
}
