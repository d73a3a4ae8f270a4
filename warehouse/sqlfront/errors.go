package sqlfront

import "errors"

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with errors.Is; the wrapping message names the problem and,
// where there is one, the byte offset in the input.
var (
	// ErrSyntax reports text that cannot be tokenized (an unterminated string,
	// identifier or comment), a recognised statement that is malformed, or a
	// malformed LIKE pattern.
	ErrSyntax = errors.New("sqlfront: syntax error")

	// ErrMixedParameters reports a statement that uses both positional (?)
	// and named (:name) parameter markers.
	ErrMixedParameters = errors.New("sqlfront: positional and named parameter markers mixed")

	// ErrTooManyParameters reports a statement with more than MaxParameters
	// parameter markers.
	ErrTooManyParameters = errors.New("sqlfront: too many parameter markers")

	// ErrUnsupported reports a construct that is valid Databricks SQL but
	// cannot be translated to DuckDB.
	ErrUnsupported = errors.New("sqlfront: unsupported construct")

	// ErrTooLong reports text longer than MaxTextBytes.
	ErrTooLong = errors.New("sqlfront: statement text too long")
)

// MaxParameters is the largest number of parameter markers (counting every
// occurrence) a statement may contain, as in Databricks.
const MaxParameters = 256
