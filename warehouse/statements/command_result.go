package statements

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sessions"
)

// shapeCommandResult gives DDL and DML the result layout Databricks uses
// instead of DuckDB's single "Count" column: DDL has no columns; INSERT
// reports num_affected_rows and num_inserted_rows; UPDATE, DELETE and MERGE
// report num_affected_rows. Queries pass through untouched.
func shapeCommandResult(verb string, rdr array.RecordReader) (array.RecordReader, error) {
	var fields []string
	switch verb {
	case "CREATE", "DROP", "ALTER", "TRUNCATE", "COMMENT", "ATTACH", "DETACH", "COPY", "LOAD", "INSTALL",
		"CHECKPOINT", "VACUUM", "ANALYZE", "BEGIN", "COMMIT", "ROLLBACK", "GRANT", "REVOKE":
		fields = nil
	case "INSERT":
		fields = []string{"num_affected_rows", "num_inserted_rows"}
	case "UPDATE", "DELETE", "MERGE":
		fields = []string{"num_affected_rows"}
	default:
		return rdr, nil
	}
	defer rdr.Release()
	var count int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if rec.NumCols() == 1 && rec.NumRows() > 0 {
			if c, ok := rec.Column(0).(*array.Int64); ok {
				count += c.Value(0)
			}
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, err
	}
	if fields == nil {
		return rowtable.Empty(), nil
	}
	cols := make([]arrow.Field, len(fields))
	values := make([]any, len(fields))
	for i, f := range fields {
		cols[i] = arrow.Field{Name: f, Type: arrow.PrimitiveTypes.Int64}
		values[i] = count
	}
	t := rowtable.New(cols...)
	t.Add(values...)
	return t.Reader(), nil
}

// errStatementTimeout is the cause of a context ended by STATEMENT_TIMEOUT.
var errStatementTimeout = errors.New("warehouse: statement timeout")

// withStatementTimeout bounds ctx by the session's STATEMENT_TIMEOUT conf
// (seconds; 0 or absent means none).
func withStatementTimeout(ctx context.Context, ss *sessions.Session) (context.Context, context.CancelFunc) {
	v := ss.Conf("statement_timeout")
	secs, err := strconv.Atoi(v)
	if err != nil || secs <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, time.Duration(secs)*time.Second, errStatementTimeout)
}

// timeoutError reports a statement stopped by STATEMENT_TIMEOUT as a failure
// (not a cancellation), as the service does.
func timeoutError(ctx context.Context, err error) error {
	if err == nil || !errors.Is(context.Cause(ctx), errStatementTimeout) {
		return err
	}
	return userErr("QUERY_EXECUTION_TIMEOUT_EXCEEDED", "57KD0",
		"The execution of the query was cancelled due to exceeding the timeout. Please increase the limit by setting STATEMENT_TIMEOUT.")
}
