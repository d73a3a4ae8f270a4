package statements

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/sqlerr"
)

// apiFailure stands in for the root's API error, which renders itself.
type apiFailure struct{ msg string }

func (e *apiFailure) Error() string { return "400: " + e.msg }

func (e *apiFailure) StatementFailure() *sea.ServiceError {
	return &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: e.msg}
}

// TestFailureOf: each kind of error a run can end with becomes the status
// error clients read — engine and warehouse errors with their SQLSTATE, an
// error that renders itself (statements.Failure) as it says, wrapped or
// not, and anything else as INTERNAL_ERROR.
func TestFailureOf(t *testing.T) {
	ee := &engine.Error{Class: "DIVIDE_BY_ZERO", SQLState: "22012", Message: "Division by zero."}
	require.Equal(t, &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: ee.Error(), SQLState: "22012"},
		failureOf(fmt.Errorf("run: %w", ee)))

	ue := sqlerr.New("SCHEMA_NOT_FOUND", "42704", "The schema `main`.`x` cannot be found.")
	require.Equal(t, &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest,
		Message: "[SCHEMA_NOT_FOUND] The schema `main`.`x` cannot be found. SQLSTATE: 42704", SQLState: "42704"},
		failureOf(ue))

	var f Failure = &apiFailure{msg: "bad parameter"}
	require.Equal(t, &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: "bad parameter"},
		failureOf(fmt.Errorf("wrapped: %w", f)))

	require.Equal(t, &sea.ServiceError{ErrorCode: sea.ErrorCodeInternalError,
		Message: "[INTERNAL_ERROR] boom SQLSTATE: XX000", SQLState: "XX000"}, failureOf(errors.New("boom")))
}
