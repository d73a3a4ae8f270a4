package kernel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealane/sealane/sea"
)

// Conn is an open SEA session. It is safe for concurrent use: statements
// may run in parallel (the service orders them per session).
type Conn struct {
	cfg       Config
	api       *apiClient
	sessionID string

	// closed is set by Close (read without the lock on hot paths).
	closed atomic.Bool
	// lost is set when the server said the session is gone.
	lost atomic.Bool
	// allCatalogColumns is whether the service takes SHOW COLUMNS IN ALL
	// CATALOGS (allCatalogsUnknown, …Supported, …Rejected).
	allCatalogColumns atomic.Int32

	// life ends when Close starts: executes in flight and waits in polls
	// stop (their statements are abandoned).
	life    context.Context
	endLife context.CancelCauseFunc
	// bg runs cleanup calls (cancels, closes, the deferred session delete).
	bg tasks

	mu       sync.Mutex // guards the fields below and every serverStatement's
	isClosed bool
	live     map[*serverStatement]struct{} // statements the kernel still owns
	readers  int                           // readers holding a statement
	torn     bool                          // the session delete has started
	tornErr  error                         // its error, when it ran in the background
}

// Connect validates cfg and opens a session.
func Connect(ctx context.Context, cfg Config) (*Conn, error) {
	ep, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	c := &Conn{cfg: cfg, api: newAPIClient(&cfg, ep), live: map[*serverStatement]struct{}{}}
	c.life, c.endLife = context.WithCancelCause(context.Background())
	var resp sea.CreateSessionResponse
	err = c.api.do(ctx, call{
		op: "create session", method: http.MethodPost, path: "/sessions", idempotent: true,
		body: sea.CreateSessionRequest{WarehouseID: ep.warehouseID, Catalog: cfg.Catalog, Schema: cfg.Schema, SessionConfs: cfg.SessionConfs},
	}, &resp)
	if err != nil {
		c.closeOwnedAuth()
		c.endLife(ErrConnClosed)
		return nil, err
	}
	if resp.SessionID == "" {
		c.closeOwnedAuth()
		c.endLife(ErrConnClosed)
		return nil, fmt.Errorf("sealane: create session: the server returned no session id")
	}
	c.sessionID = resp.SessionID
	return c, nil
}

// SessionID is the server's id for this session.
func (c *Conn) SessionID() string { return c.sessionID }

// WarehouseID is the warehouse the session runs on.
func (c *Conn) WarehouseID() string { return c.api.ep.warehouseID }

// Close ends the connection without blocking on the server for long: it
// stops executes and status polls in flight (their statements are
// abandoned), cancels and closes every statement no reader holds, deletes
// the session, and returns once those calls are answered or
// Config.CleanupTimeout (default 3 s) has passed, whichever comes first.
// It never waits for a statement to finish. Statement cancels and closes
// not answered in time go on in the background, each bounded by
// CleanupTimeout; the session delete is bounded by Close's own deadline
// (its error, then context.DeadlineExceeded, is Close's).
//
// Readers still open survive Close, as they survive their statement: the
// session is deleted when the last of them is released (a failure then is
// logged at warning level). Close is safe to call twice; the second call
// returns nil at once.
func (c *Conn) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CleanupTimeout)
	defer cancel()
	return c.CloseContext(ctx)
}

// CloseContext is Close bounded by ctx instead of CleanupTimeout: a caller
// that wants the session delete confirmed passes a longer context, one
// that must exit now a shorter or cancelled one (the calls are then left
// to finish in the background).
func (c *Conn) CloseContext(ctx context.Context) error {
	c.mu.Lock()
	if c.isClosed {
		c.mu.Unlock()
		return nil
	}
	c.isClosed = true
	c.closed.Store(true)
	var orphans []*serverStatement
	for st := range c.live {
		if !st.reading {
			orphans = append(orphans, st)
		}
	}
	readers := c.readers
	c.mu.Unlock()
	c.endLife(ErrConnClosed)
	for _, st := range orphans {
		st.abandon()
	}
	// The statements first, so that the kernel (not the session delete)
	// releases each; then the session. A server slow on the first must
	// not cost the session delete its chance: the statements get at most
	// half of the time.
	wctx, cancel := ctx, context.CancelFunc(func() {})
	if deadline, ok := ctx.Deadline(); ok {
		wctx, cancel = context.WithTimeout(ctx, time.Until(deadline)/2)
	}
	_ = c.bg.wait(wctx)
	cancel()
	if readers > 0 {
		return nil // the last reader's release deletes the session
	}
	return c.teardown(ctx)
}

// Drain waits until the cleanup calls the Conn started in the background
// have finished — statement cancels and closes, and the session delete
// that Close leaves to the last open reader's release — or ctx ends. A
// program about to exit calls it after Close and after releasing its
// readers, so that those calls are not cut off. It returns the session
// delete's error when that delete ran in the background, or ctx's error.
func (c *Conn) Drain(ctx context.Context) error {
	if err := c.bg.wait(ctx); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tornErr
}

// teardown deletes the session and drops what the Conn owns; it runs once.
func (c *Conn) teardown(ctx context.Context) error {
	c.mu.Lock()
	if c.torn {
		c.mu.Unlock()
		return nil
	}
	c.torn = true
	c.mu.Unlock()
	defer c.closeOwnedAuth() // after the session delete, which needs it
	if c.cfg.HTTPClient == nil {
		// The transport is ours: drop its idle connections with the session.
		defer c.api.http.CloseIdleConnections()
	}
	if c.lost.Load() {
		return nil // the server already forgot it
	}
	// ?warehouse_id= is the form every deployment accepts.
	err := c.api.do(ctx, call{op: "delete session", method: http.MethodDelete, idempotent: true,
		path: "/sessions/" + c.sessionID + "?warehouse_id=" + c.api.ep.warehouseID}, nil)
	if errors.Is(err, ErrNotFound) {
		return nil // already gone (expired server-side)
	}
	return err
}

// Lost reports whether the server said the session is gone (expired or
// deleted): the Conn cannot run statements any more. database/sql pools
// use it to drop the connection.
func (c *Conn) Lost() bool { return c.lost.Load() }

// Closed reports whether Close was called.
func (c *Conn) Closed() bool { return c.closed.Load() }

// bind returns ctx also cancelled (with cause ErrConnClosed) when Close
// starts, and the function that releases it.
func (c *Conn) bind(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(c.life, func() { cancel(ErrConnClosed) })
	return ctx, func() {
		stop()
		cancel(context.Canceled)
	}
}

// cancelStatement asks the server to cancel; it does not wait for the outcome.
func (c *Conn) cancelStatement(ctx context.Context, id string) error {
	return c.api.do(ctx, call{op: "cancel", method: http.MethodPost, path: "/statements/" + id + "/cancel", idempotent: true, statement: id}, nil)
}

func (c *Conn) getStatement(ctx context.Context, id string) (*sea.StatementResponse, error) {
	var resp sea.StatementResponse
	err := c.api.do(ctx, call{op: "get statement", method: http.MethodGet, path: "/statements/" + id, idempotent: true, statement: id}, &resp)
	return &resp, err
}

// chunkFetcher fetches result chunks of one statement.
type chunkFetcher struct {
	c  *Conn
	id string
}

// Chunk implements results.Fetcher.
func (f chunkFetcher) Chunk(ctx context.Context, k int) (*sea.ResultData, error) {
	var resp sea.ResultData
	err := f.c.api.do(ctx, call{op: fmt.Sprintf("get chunk %d", k), method: http.MethodGet,
		path: fmt.Sprintf("/statements/%s/result/chunks/%d", f.id, k), idempotent: true, statement: f.id}, &resp)
	return &resp, err
}
