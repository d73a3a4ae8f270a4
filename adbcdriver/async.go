package adbcdriver

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
)

// Async is a statement started without waiting for it (Submit): its id is
// known at once, and it can be polled, waited for and cancelled. ADBC has
// no such call; the C ABI library exports it as its Sealane* extension
// functions. Errors are adbc.Errors, as from the rest of the driver.
type Async struct {
	h *kernel.Handle
}

// Submit starts the statement's query on the warehouse and returns as
// soon as the service has named it (wait_timeout 0s). st must be a
// statement of this driver with a query set; its row limit and query tags
// apply, and bound parameters must hold exactly one row. The returned
// Async is independent of st, which may be closed at once; it must be
// closed itself (Close) unless its result is read to the end.
func Submit(ctx context.Context, st adbc.Statement) (*Async, error) {
	s, ok := st.(*statement)
	if !ok {
		return nil, errorf(adbc.StatusNotImplemented, "Submit: %T is not a statement of the sealane driver", st)
	}
	return s.submit(ctx)
}

func (s *statement) submit(ctx context.Context) (*Async, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if s.ingest.table != "" {
		return nil, errorf(adbc.StatusInvalidState, "Submit: bulk ingest cannot run asynchronously")
	}
	args := s.queryOptions()
	run, err := s.runner(ctx)
	if err != nil {
		return nil, err
	}
	if run != nil {
		defer run.release()
		values, err := run.nextArgs()
		if errors.Is(err, io.EOF) {
			return nil, errorf(adbc.StatusInvalidArgument, "Submit: the bound parameters have no rows")
		}
		if err != nil {
			return nil, err
		}
		if _, err := run.nextArgs(); !errors.Is(err, io.EOF) {
			return nil, errorf(adbc.StatusInvalidArgument, "Submit: bind exactly one row of parameters (one statement is submitted)")
		}
		args = append(values, args...)
	}
	h, err := s.cn.kc.Submit(ctx, s.query, args...)
	if err != nil {
		return nil, toADBC("Submit", err)
	}
	return &Async{h: h}, nil
}

// StatementID is the id the service gave the statement.
func (a *Async) StatementID() string { return a.h.ID() }

// Status returns the statement's state — the terminal one once seen, else
// a poll's answer: PENDING, RUNNING, SUCCEEDED, FAILED,
// CANCELED or CLOSED.
func (a *Async) Status(ctx context.Context) (string, error) {
	st, err := a.h.Status(ctx)
	if err != nil {
		return "", completeError(toADBC("Status", err), a.h.ID())
	}
	return string(st), nil
}

// Cancel asks the service to cancel the statement; it then ends CANCELED
// (unless it had finished already).
func (a *Async) Cancel(ctx context.Context) error {
	if err := a.h.Cancel(ctx); err != nil {
		return completeError(toADBC("Cancel", err), a.h.ID())
	}
	return nil
}

// Wait polls until the statement finishes and streams its result; a
// statement that failed or was cancelled is an error with its SQLSTATE
// and statement id. Cancelling ctx while the statement runs cancels it on
// the service. The reader must be released; releasing it closes the
// statement, and Close is then not needed.
func (a *Async) Wait(ctx context.Context) (array.RecordReader, error) {
	rdr, err := a.h.Wait(ctx)
	if err != nil {
		return nil, completeError(toADBC("Wait", err), a.h.ID())
	}
	return reader{RecordReader: rdr, statementID: a.h.ID()}, nil
}

// WaitFor is Wait that waits at most d (d < 0: without limit). When d
// elapses first it returns an adbc.Error with StatusTimeout and the
// statement keeps running: call WaitFor, Wait or Close later. Only the end
// of ctx cancels the statement.
func (a *Async) WaitFor(ctx context.Context, d time.Duration) (array.RecordReader, error) {
	rdr, err := a.h.WaitFor(ctx, d)
	if err != nil {
		return nil, completeError(toADBC("Wait", err), a.h.ID())
	}
	return reader{RecordReader: rdr, statementID: a.h.ID()}, nil
}

// Close releases the statement on the service in the background; for an
// Async whose result is never read.
func (a *Async) Close() { a.h.Close() }
