package adbcdriver

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"

	"github.com/sealane/sealane/kernel"
)

// detail returns the text of the named detail of an adbc.Error.
func detail(t *testing.T, err error, name string) string {
	t.Helper()
	var ae adbc.Error
	if !errors.As(err, &ae) {
		t.Fatalf("not an adbc.Error: %v", err)
	}
	for _, d := range ae.Details {
		if d.Key() == name {
			b, _ := d.Serialize()
			return string(b)
		}
	}
	return ""
}

func TestToADBCCancelledWaitNamesStatement(t *testing.T) {
	const id = "01ef8a2b-1c3d-4e5f-8a9b-0c1d2e3f4a5b"
	// The kernel's wait ended by its context: a typed error naming the statement.
	err := toADBC("ExecuteQuery", &kernel.ResultError{StatementID: id, Chunk: -1,
		Err: fmt.Errorf("sealane: statement %s: %w", id, context.Canceled)})
	if got := detail(t, err, DetailStatementID); got != id {
		t.Fatalf("statement id detail = %q, want %q", got, id)
	}
	var ae adbc.Error
	errors.As(err, &ae)
	if ae.Code != adbc.StatusCancelled || string(ae.SqlState[:]) != "HY008" {
		t.Fatalf("code %v sqlstate %q", ae.Code, ae.SqlState)
	}
	// An error code where the id would be is not taken for one.
	err = toADBC("ExecuteQuery", errors.New("sealane: statement BAD_REQUEST: oops"))
	if got := detail(t, err, DetailStatementID); got != "" {
		t.Fatalf("statement id detail = %q, want none", got)
	}
}
