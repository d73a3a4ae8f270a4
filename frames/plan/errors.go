package plan

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of plan building; every error a constructor or [Resolve]
// returns matches one of them with errors.Is.
var (
	// ErrColumnNotFound: an expression or argument names a column the input
	// does not have.
	ErrColumnNotFound = errors.New("column not found")
	// ErrType: an expression's operand types do not fit its function, or two
	// types that must agree do not.
	ErrType = errors.New("type mismatch")
	// ErrInvalid: a structurally invalid plan (duplicate output names, an
	// aggregate where none is allowed, a missing argument …).
	ErrInvalid = errors.New("invalid plan")
)

// planError is a message that matches one of the sentinels.
type planError struct {
	kind error
	msg  string
}

func (e *planError) Error() string { return e.msg }
func (e *planError) Unwrap() error { return e.kind }

func typeErrorf(format string, args ...any) error {
	return &planError{kind: ErrType, msg: "frames: " + fmt.Sprintf(format, args...)}
}

func invalidf(format string, args ...any) error {
	return &planError{kind: ErrInvalid, msg: "frames: " + fmt.Sprintf(format, args...)}
}

func columnNotFound(name string, have []string) error {
	return &planError{kind: ErrColumnNotFound,
		msg: fmt.Sprintf("frames: column %q not found (have: %s)", name, strings.Join(have, ", "))}
}
