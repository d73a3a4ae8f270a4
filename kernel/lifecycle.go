package kernel

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/sealane/sealane/sea"
)

// This file holds the one owner of every statement's life on the server.
//
// A serverStatement exists from the moment the server names a statement
// (the execute answer) until the kernel has released it. Every way out —
// a caller's context ending during execute, poll or read; a poll error; a
// reader released; a handle closed; the connection closed — ends in
// abandon (or release, for a statement a reader holds), which sends the
// cancel (if the statement may still run) and the close (if it may still
// hold a result) at most once each, in the background, detached from the
// caller's context and bounded by Config.CleanupTimeout. The Conn keeps
// its live statements in a registry so that Close can abandon those
// nobody will come back for.

// serverStatement owns one statement on the server. Its fields are guarded
// by the Conn's mu.
type serverStatement struct {
	c  *Conn
	id string

	state     sea.State // last state the server reported
	reading   bool      // a reader holds the result
	abandoned bool      // cleanup started (or nothing left to clean)
}

// adopt takes ownership of the statement an execute answer names. It
// returns nil when there is nothing to own (no id, or already CLOSED: a
// direct result). On a Conn closed meanwhile the statement is abandoned at
// once and ErrConnClosed returned.
func (c *Conn) adopt(resp *sea.StatementResponse) (*serverStatement, error) {
	if resp.StatementID == "" || resp.Status.State == sea.StateClosed {
		return nil, nil
	}
	st := &serverStatement{c: c, id: resp.StatementID, state: resp.Status.State}
	c.mu.Lock()
	closed := c.isClosed
	if !closed {
		c.live[st] = struct{}{}
	}
	c.mu.Unlock()
	if closed {
		st.abandon()
		return nil, ErrConnClosed
	}
	return st, nil
}

// observe records the state the server reported.
func (st *serverStatement) observe(state sea.State) {
	if st == nil {
		return
	}
	st.c.mu.Lock()
	st.state = state
	st.c.mu.Unlock()
}

// needs reports which cleanup calls a statement in state s still needs:
// cancel while it may run, close while it may hold a result (a FAILED or
// CANCELED statement holds none).
func needs(s sea.State) (cancel, close bool) {
	switch s {
	case sea.StateClosed, sea.StateFailed, sea.StateCanceled:
		return false, false
	case sea.StateSucceeded:
		return false, true
	}
	return true, true // PENDING, RUNNING, or a state this kernel does not know
}

// abandon releases a statement no one will read: cancel if it may run,
// close if it may hold a result. It returns at once; the calls go out in
// the background. It does nothing to a statement a reader holds (release
// does that) or that is already abandoned.
func (st *serverStatement) abandon() {
	if st == nil {
		return
	}
	c := st.c
	c.mu.Lock()
	if st.abandoned || st.reading {
		c.mu.Unlock()
		return
	}
	st.abandoned = true
	delete(c.live, st)
	cancel, close := needs(st.state)
	c.mu.Unlock()
	if cancel || close {
		c.bg.run(func() { c.cleanupStatement(st.id, cancel, close) })
	}
}

// hold marks the statement as read by a reader: Close leaves it (and the
// session) alive until release. It fails when the statement was abandoned
// meanwhile (the Conn closed).
func (st *serverStatement) hold() error {
	if st == nil {
		return nil
	}
	c := st.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if st.abandoned {
		return ErrConnClosed
	}
	st.reading = true
	c.readers++
	return nil
}

// release ends a reader's hold: the statement is closed in the background
// and, when the Conn was closed while readers were open and this was the
// last one, the session is deleted after it.
func (st *serverStatement) release() {
	if st == nil {
		return
	}
	c := st.c
	c.mu.Lock()
	if !st.reading {
		c.mu.Unlock()
		return
	}
	st.reading, st.abandoned = false, true
	delete(c.live, st)
	c.readers--
	last := c.isClosed && c.readers == 0
	_, close := needs(st.state)
	c.mu.Unlock()
	c.bg.run(func() {
		if close {
			c.cleanupStatement(st.id, false, true)
		}
		if last {
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CleanupTimeout)
			defer cancel()
			if err := c.teardown(ctx); err != nil {
				c.mu.Lock()
				c.tornErr = err // for Drain
				c.mu.Unlock()
				c.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "sealane: deleting the session after its last reader failed",
					slog.String("error", err.Error()))
			}
		}
	})
}

// cleanupStatement sends the cancel and/or close of one statement, each
// bounded by CleanupTimeout. Errors are logged, not returned: the server
// expires statements anyway, and no caller is waiting.
func (c *Conn) cleanupStatement(id string, cancel, close bool) {
	if cancel {
		ctx, done := context.WithTimeout(context.Background(), c.cfg.CleanupTimeout)
		if err := c.cancelStatement(ctx, id); err != nil {
			c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "sealane: cancel of an abandoned statement failed",
				slog.String("statement_id", id), slog.String("error", err.Error()))
		}
		done()
	}
	if close {
		ctx, done := context.WithTimeout(context.Background(), c.cfg.CleanupTimeout)
		err := c.api.do(ctx, call{op: "close statement", method: http.MethodDelete, path: "/statements/" + id, idempotent: true, statement: id}, nil)
		if err != nil {
			c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "sealane: close of a statement failed",
				slog.String("statement_id", id), slog.String("error", err.Error()))
		}
		done()
	}
}

// tasks runs background work and lets Close wait for it. Unlike a
// sync.WaitGroup, work may start while someone waits (a reader released
// after Close starts its close then).
type tasks struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to zero
}

// run starts f in a goroutine, counted until it returns.
func (t *tasks) run(f func()) {
	t.mu.Lock()
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
	go func() {
		defer t.done()
		f()
	}()
}

func (t *tasks) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 {
		close(t.idle)
	}
	t.mu.Unlock()
}

// wait returns when no work runs, or with ctx's error when ctx ends first.
func (t *tasks) wait(ctx context.Context) error {
	for {
		t.mu.Lock()
		if t.n == 0 {
			t.mu.Unlock()
			return nil
		}
		idle := t.idle
		t.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
