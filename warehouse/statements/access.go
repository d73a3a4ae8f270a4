package statements

import (
	"context"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/sessions"
)

// New returns a PENDING statement of req in session ss (nil for none),
// placed among the session's statements; cancel cancels its run's context.
// rowLimit is the request's row_limit (0 included), -1 when absent.
func New(id string, ss *sessions.Session, req sea.ExecuteStatementRequest, rowLimit int64, cancel context.CancelFunc) *Statement {
	st := &Statement{
		id: id, sess: ss, req: req, format: req.Format, rowLimit: rowLimit, created: time.Now(),
		done: make(chan struct{}), cancel: cancel, state: sea.StatePending,
	}
	if ss != nil {
		st.turn = ss.Enqueue(sessions.IsStateStatement(req.Statement))
	}
	return st
}

// Snapshot is a consistent copy of a statement's state, failure and result.
type Snapshot struct {
	State   sea.State
	Failure *sea.ServiceError
	Result  *results.Result
}

// Snapshot returns a consistent copy of the statement's mutable fields.
func (st *Statement) Snapshot() Snapshot {
	s := st.snapshot()
	return Snapshot{State: s.state, Failure: s.failure, Result: s.res}
}

// ID is the statement's id.
func (st *Statement) ID() string { return st.id }

// Session is the statement's session, nil for none.
func (st *Statement) Session() *sessions.Session { return st.sess }

// Format is the result format asked for.
func (st *Statement) Format() sea.Format { return st.format }

// Created is when the statement was submitted.
func (st *Statement) Created() time.Time { return st.created }

// Request is the request; valid only until the statement runs (Run drops
// it).
func (st *Statement) Request() sea.ExecuteStatementRequest { return st.req }

// Done is closed when the statement reaches SUCCEEDED, FAILED or CANCELED.
func (st *Statement) Done() <-chan struct{} { return st.done }

// Finished returns when the statement finished (zero while it runs) and
// its state.
func (st *Statement) Finished() (time.Time, sea.State) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.finished, st.state
}

// Retired reports whether the statement is finished and holds no result
// (CLOSED, FAILED, CANCELED), and when it finished.
func (st *Statement) Retired() (time.Time, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.finished, st.state.Terminal() && st.res == nil && !st.finished.IsZero()
}

// RequestCancel cancels a PENDING or RUNNING statement; terminal ones are
// left alone.
func (st *Statement) RequestCancel() { st.requestCancel() }

// Close releases the result and moves the statement to CLOSED.
func (st *Statement) Close() { st.close() }
