package engine

import (
	"errors"
	"fmt"
)

// ErrUnsupported is matched (errors.Is) by every error an engine returns for
// an operation, function, type or format it does not support.
var ErrUnsupported = errors.New("unsupported by engine")

// UnsupportedError names the engine and what it does not support.
type UnsupportedError struct {
	Engine string // engine name
	What   string // the operation or function, e.g. "op join_full" or "func median"
	Detail string // optional: why, or what to use instead
}

// Unsupported builds an *UnsupportedError.
func Unsupported(engineName, what, detail string) error {
	return &UnsupportedError{Engine: engineName, What: what, Detail: detail}
}

// Error implements error.
func (e *UnsupportedError) Error() string {
	msg := fmt.Sprintf("frames: engine %q does not support %s", e.Engine, e.What)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Is makes errors.Is(err, ErrUnsupported) true.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }
