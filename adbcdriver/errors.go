package adbcdriver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/apache/arrow-adbc/go/adbc"

	"github.com/sealane/sealane/kernel"
)

// Keys of the adbc.TextErrorDetail values attached to errors from the service.
const (
	// DetailStatementID holds the id of the statement that failed.
	DetailStatementID = "databricks.statement_id"
	// DetailHTTPStatus holds the HTTP status of the failing API call.
	DetailHTTPStatus = "databricks.http_status"
	// DetailErrorCode holds the service's error code ("BAD_REQUEST", "TABLE_OR_VIEW_NOT_FOUND", …).
	DetailErrorCode = "databricks.error_code"
)

// prefix starts every error message.
const prefix = "sealane adbc: "

// errorf builds an adbc.Error with no SQLSTATE.
func errorf(code adbc.Status, format string, args ...any) error {
	return adbc.Error{Code: code, Msg: prefix + fmt.Sprintf(format, args...)}
}

// notImplemented reports a feature that is planned or out of scope.
func notImplemented(what, why string) error {
	return errorf(adbc.StatusNotImplemented, "%s is not implemented: %s", what, why)
}

// Reasons given with notImplemented and InvalidState errors.
const (
	reasonNoPartitions   = "results are streamed, not partitioned"
	reasonNoSubstrait    = "Databricks SQL does not accept Substrait plans"
	reasonAutocommitOnly = "Databricks SQL statements auto-commit; there is no transaction to end"
)

// toADBC maps an error from the kernel (or a context) to an adbc.Error with
// a precise status. adbc.Error values pass through unchanged. op names the
// ADBC call ("ExecuteQuery", "Open", …).
func toADBC(op string, err error) error {
	if err == nil {
		return nil
	}
	var ae adbc.Error
	if errors.As(err, &ae) {
		return err
	}
	out := adbc.Error{Code: statusOf(err), Msg: prefix + op + ": " + err.Error()}
	var ke *kernel.Error
	if errors.As(err, &ke) {
		if len(ke.SQLState) == 5 {
			copy(out.SqlState[:], ke.SQLState)
		}
		if ke.StatementID != "" {
			out.Details = append(out.Details, &adbc.TextErrorDetail{Name: DetailStatementID, Detail: ke.StatementID})
		}
		if ke.HTTPStatus != 0 {
			out.Details = append(out.Details, &adbc.TextErrorDetail{Name: DetailHTTPStatus, Detail: strconv.Itoa(ke.HTTPStatus)})
		}
		if ke.ErrorCode != "" {
			out.Details = append(out.Details, &adbc.TextErrorDetail{Name: DetailErrorCode, Detail: ke.ErrorCode})
		}
	}
	var re *kernel.ResultError
	if !hasDetail(out, DetailStatementID) && errors.As(err, &re) && re.StatementID != "" {
		// A result transfer or decode that failed names its statement.
		out.Details = append(out.Details, &adbc.TextErrorDetail{Name: DetailStatementID, Detail: re.StatementID})
	}
	defaultSQLState(&out)
	return out
}

// statusOf picks the ADBC status for a kernel or context error.
func statusOf(err error) adbc.Status {
	var ke *kernel.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, kernel.ErrStillRunning):
		return adbc.StatusTimeout
	case errors.Is(err, context.Canceled), errors.Is(err, kernel.ErrCanceled):
		return adbc.StatusCancelled
	case errors.Is(err, kernel.ErrStatementFailed):
		if errors.As(err, &ke) {
			return statusOfSQLState(ke.SQLState)
		}
		return adbc.StatusUnknown
	case errors.Is(err, kernel.ErrConnClosed), errors.Is(err, kernel.ErrSessionLost):
		return adbc.StatusInvalidState
	case errors.Is(err, kernel.ErrInvalidArgument):
		return adbc.StatusInvalidArgument
	case errors.Is(err, kernel.ErrUnauthenticated):
		return adbc.StatusUnauthenticated
	case errors.Is(err, kernel.ErrPermissionDenied):
		return adbc.StatusUnauthorized
	case errors.Is(err, kernel.ErrNotFound):
		return adbc.StatusNotFound
	case errors.Is(err, kernel.ErrUnavailable), kernel.IsTransferError(err):
		return adbc.StatusIO
	case errors.Is(err, kernel.ErrClosed):
		return adbc.StatusInvalidState
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return adbc.StatusIO
	}
	return adbc.StatusUnknown
}

// statusOfSQLState maps the SQLSTATE of a failed statement.
func statusOfSQLState(state string) adbc.Status {
	switch state {
	case "42P01", "42704", "42883", "42S02", "3D000", "3F000":
		return adbc.StatusNotFound // undefined table, object, function, catalog, schema
	case "42P06", "42P07", "42710", "42723", "42S01":
		return adbc.StatusAlreadyExists
	case "42501":
		return adbc.StatusUnauthorized
	case "57014":
		return adbc.StatusCancelled
	}
	switch {
	case strings.HasPrefix(state, "42"), strings.HasPrefix(state, "07"):
		return adbc.StatusInvalidArgument // syntax or access rule; dynamic SQL
	case strings.HasPrefix(state, "22"):
		return adbc.StatusInvalidData
	case strings.HasPrefix(state, "23"):
		return adbc.StatusIntegrity
	case strings.HasPrefix(state, "0A"):
		return adbc.StatusNotImplemented
	case strings.HasPrefix(state, "08"):
		return adbc.StatusIO
	case strings.HasPrefix(state, "28"):
		return adbc.StatusUnauthenticated
	case strings.HasPrefix(state, "25"), strings.HasPrefix(state, "40"):
		return adbc.StatusInvalidState
	case strings.HasPrefix(state, "53"), strings.HasPrefix(state, "54"), strings.HasPrefix(state, "XX"):
		return adbc.StatusInternal
	}
	return adbc.StatusUnknown
}
