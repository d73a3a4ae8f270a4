package statements

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/history"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/sqlerr"
)

// Statement is one execution and its result, from PENDING to CLOSED.
//
// A finished statement keeps only what answering for it needs: its id,
// state, error (at most maxFailureMessage bytes), result until it is closed,
// format and timestamps. The request, with the SQL text and parameters, is
// dropped once the statement has run (dropRequest), so the history the
// server retains (statementRetention, Config.MaxRetainedStatements) is small
// whatever the statements were.
type Statement struct {
	id       string
	sess     *sessions.Session // nil for statements without a session
	format   sea.Format
	rowLimit int64 // the request's row_limit (0 included), -1 when absent
	created  time.Time
	// req is the request; only the run goroutine reads it, and drops it
	// when the statement has run.
	req sea.ExecuteStatementRequest

	// done is closed when the statement reaches SUCCEEDED, FAILED or CANCELED.
	done   chan struct{}
	cancel context.CancelFunc
	// turn orders a session's statements (session.enqueue).
	turn *sessions.Turn

	mu       sync.Mutex
	state    sea.State
	failure  *sea.ServiceError
	res      *results.Result
	finished time.Time
	// outcome is the terminal state finish decided (SUCCEEDED, FAILED or
	// CANCELED), kept when the statement is later closed: Query History
	// reports it.
	outcome sea.State
}

// snapshot is a consistent copy of a statement's mutable fields.
type snapshot struct {
	state   sea.State
	failure *sea.ServiceError
	res     *results.Result
}

func (st *Statement) snapshot() snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	return snapshot{state: st.state, failure: st.failure, res: st.res}
}

// setRunning moves PENDING to RUNNING; false when the statement was
// cancelled or closed meanwhile.
func (st *Statement) setRunning() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.state != sea.StatePending {
		return false
	}
	st.state = sea.StateRunning
	return true
}

// dropRequest forgets the request — SQL text, parameters — once the run
// goroutine is done with it. Only that goroutine reads req.
func (st *Statement) dropRequest() { st.req = sea.ExecuteStatementRequest{} }

// maxFailureMessage bounds the error message a failed statement keeps:
// engine errors may quote the statement, which can be 16 MiB.
const maxFailureMessage = 4 << 10

// truncateMessage cuts msg to at most max bytes on a UTF-8 boundary,
// marking the cut.
func truncateMessage(msg string, max int) string {
	const mark = " …(truncated)"
	if len(msg) <= max {
		return msg
	}
	cut := max - len(mark)
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + mark
}

// finish records the outcome, in the statement and in Query History (h,
// nil for none), before done is closed: a client that asks the history as
// soon as the API has answered sees the statement's end. A statement
// closed while running releases its result at once.
func (st *Statement) finish(res *results.Result, err error, h *history.Log) {
	st.mu.Lock()
	defer st.mu.Unlock()
	defer close(st.done)
	st.finished = time.Now()
	defer func() {
		st.outcome = st.state
		if st.outcome == sea.StateClosed {
			st.outcome = sea.StateCanceled // closed while it ran
		}
		if h != nil {
			h.Finish(st.id, st.historyOutcome())
		}
	}()
	switch {
	case st.state == sea.StateClosed || st.state == sea.StateCanceled:
		if res != nil {
			res.Release()
		}
		return
	case err == nil:
		st.state, st.res = sea.StateSucceeded, res
	case errors.Is(err, engine.ErrCanceled) || errors.Is(err, context.Canceled):
		st.state = sea.StateCanceled
		if res != nil {
			res.Release()
		}
	default:
		st.state = sea.StateFailed
		st.failure = failureOf(err)
		// A copy, so that the cut message does not pin a long original.
		st.failure.Message = strings.Clone(truncateMessage(st.failure.Message, maxFailureMessage))
	}
}

// requestCancel cancels a PENDING or RUNNING statement; terminal statements
// are left alone (a no-op, as the service does).
func (st *Statement) requestCancel() {
	st.mu.Lock()
	active := !st.state.Terminal()
	if active {
		st.state = sea.StateCanceled
	}
	st.mu.Unlock()
	if active {
		st.cancel()
	}
}

// close releases the result and moves the statement to CLOSED.
func (st *Statement) close() {
	st.mu.Lock()
	active := !st.state.Terminal()
	st.state = sea.StateClosed
	res := st.res
	st.res = nil
	if st.finished.IsZero() && !active {
		st.finished = time.Now()
	}
	st.mu.Unlock()
	if active {
		st.cancel()
	}
	if res != nil {
		res.Release()
	}
}

// failureOf renders an execution error as the status error of a FAILED statement.
func failureOf(err error) *sea.ServiceError {
	var ee *engine.Error
	if errors.As(err, &ee) {
		return &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: ee.Error(), SQLState: ee.SQLState}
	}
	var f Failure
	if errors.As(err, &f) {
		return f.StatementFailure()
	}
	var ue *sqlerr.Error
	if errors.As(err, &ue) {
		return &sea.ServiceError{ErrorCode: sea.ErrorCodeBadRequest, Message: ue.Error(), SQLState: ue.SQLState}
	}
	return &sea.ServiceError{ErrorCode: sea.ErrorCodeInternalError, Message: "[INTERNAL_ERROR] " + err.Error() + " SQLSTATE: XX000", SQLState: "XX000"}
}

// userErr is a statement failure detected by the warehouse itself (a bad
// parameter, an unknown catalog), reported like an engine error.
func userErr(class, sqlState, msg string) error { return sqlerr.New(class, sqlState, msg) }

// historyOutcome is the statement's end as Query History records it;
// st.mu is held and finish has decided the outcome.
func (st *Statement) historyOutcome() history.Outcome {
	o := history.Outcome{State: st.outcome, Error: st.failure, Time: st.finished}
	if o.State == sea.StateSucceeded && st.res != nil {
		o.Manifest = st.res.Manifest()
	}
	return o
}
