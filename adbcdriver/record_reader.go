package adbcdriver

import (
	"errors"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// SQLSTATEs given to errors for which the service named none (ODBC's
// codes for cancel and timeout, SQL's for a connection failure).
const (
	// SQLStateCanceled: the read was cancelled (ODBC HY008, operation canceled).
	SQLStateCanceled = "HY008"
	// SQLStateTimeout: the read ran out of time (ODBC HYT00, timeout expired).
	SQLStateTimeout = "HYT00"
	// SQLStateConnection: the result could not be transferred (SQL 08006,
	// connection failure).
	SQLStateConnection = "08006"
)

// reader is a kernel result whose stream errors are adbc.Errors, so that
// a failure mid-stream (a download that gave up, a cancelled context)
// carries the same status as one at execute, plus a SQLSTATE and the
// statement id.
type reader struct {
	array.RecordReader
	statementID string
}

// Err returns the stream's error as an adbc.Error (see completeError).
func (r reader) Err() error {
	err := r.RecordReader.Err()
	if err == nil {
		return nil
	}
	return completeError(toADBC("reading results", err), r.statementID)
}

// newReader wraps a kernel reader; the statement id comes from the kernel's
// reader when it names one.
func newReader(rdr array.RecordReader) array.RecordReader {
	id := ""
	if s, ok := rdr.(interface{ StatementID() string }); ok {
		id = s.StatementID()
	}
	return reader{RecordReader: rdr, statementID: id}
}

// completeError completes the adbc.Error of a result stream or an
// asynchronous statement: the statement id as a detail when missing, and a
// SQLSTATE by status when the service gave none (cancelled, timed out, or
// a transfer that failed).
func completeError(err error, statementID string) error {
	var ae adbc.Error
	if !errors.As(err, &ae) {
		return err
	}
	if statementID != "" && !hasDetail(ae, DetailStatementID) {
		ae.Details = append(append([]adbc.ErrorDetail(nil), ae.Details...),
			&adbc.TextErrorDetail{Name: DetailStatementID, Detail: statementID})
	}
	defaultSQLState(&ae)
	return ae
}

// defaultSQLState gives an error without a SQLSTATE from the service one by
// its status: cancelled, timed out, or a failed transfer (I/O).
func defaultSQLState(ae *adbc.Error) {
	if ae.SqlState != [5]byte{} {
		return
	}
	switch ae.Code {
	case adbc.StatusCancelled:
		copy(ae.SqlState[:], SQLStateCanceled)
	case adbc.StatusTimeout:
		copy(ae.SqlState[:], SQLStateTimeout)
	case adbc.StatusIO:
		copy(ae.SqlState[:], SQLStateConnection)
	}
}

// hasDetail reports whether ae carries a detail named key.
func hasDetail(ae adbc.Error, key string) bool {
	for _, d := range ae.Details {
		if d.Key() == key {
			return true
		}
	}
	return false
}
