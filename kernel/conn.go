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

	closed atomic.Bool
	// allCatalogColumns is whether the service takes SHOW COLUMNS IN ALL
	// CATALOGS (allCatalogsUnknown, …Supported, …Rejected).
	allCatalogColumns atomic.Int32
	// background tracks statement closes sent after readers are released,
	// so that Close waits for them and nothing leaks.
	background sync.WaitGroup
}

// closeTimeout bounds background cleanup calls (statement and session DELETE).
const closeTimeout = 30 * time.Second

// Connect validates cfg and opens a session.
func Connect(ctx context.Context, cfg Config) (*Conn, error) {
	ep, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	c := &Conn{cfg: cfg, api: newAPIClient(&cfg, ep)}
	var resp sea.CreateSessionResponse
	err = c.api.do(ctx, call{
		op: "create session", method: http.MethodPost, path: "/sessions", idempotent: true,
		body: sea.CreateSessionRequest{WarehouseID: ep.warehouseID, Catalog: cfg.Catalog, Schema: cfg.Schema, SessionConfs: cfg.SessionConfs},
	}, &resp)
	if err != nil {
		c.closeOwnedAuth()
		return nil, err
	}
	if resp.SessionID == "" {
		c.closeOwnedAuth()
		return nil, fmt.Errorf("sealane: create session: the server returned no session id")
	}
	c.sessionID = resp.SessionID
	return c, nil
}

// SessionID is the server's id for this session.
func (c *Conn) SessionID() string { return c.sessionID }

// WarehouseID is the warehouse the session runs on.
func (c *Conn) WarehouseID() string { return c.api.ep.warehouseID }

// Close waits for pending statement closes and deletes the session. It is
// bounded by closeTimeout and safe to call twice.
func (c *Conn) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	c.background.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	defer c.closeOwnedAuth() // after the session delete, which needs it
	if c.cfg.HTTPClient == nil {
		// The transport is ours: drop its idle connections with the session.
		defer c.api.http.CloseIdleConnections()
	}
	// ?warehouse_id= is the form every deployment accepts.
	err := c.api.do(ctx, call{op: "delete session", method: http.MethodDelete, idempotent: true,
		path: "/sessions/" + c.sessionID + "?warehouse_id=" + c.api.ep.warehouseID}, nil)
	if errors.Is(err, ErrNotFound) {
		return nil // already gone (expired server-side)
	}
	return err
}

// closeStatementAsync releases a statement on the server without making the
// caller wait. Errors are dropped: the server expires statements anyway.
func (c *Conn) closeStatementAsync(id string) {
	c.background.Add(1)
	go func() {
		defer c.background.Done()
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		_ = c.api.do(ctx, call{op: "close statement", method: http.MethodDelete, path: "/statements/" + id, idempotent: true, statement: id}, nil)
	}()
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
