package kernel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
)

// QueryOption adjusts one statement.
type QueryOption func(*sea.ExecuteStatementRequest)

// WithRowLimit caps the rows returned (manifest.truncated tells when rows were cut).
func WithRowLimit(n int64) QueryOption {
	return func(r *sea.ExecuteStatementRequest) { r.RowLimit = n }
}

// WithQueryTags attaches tags to the statement (a nil value is a key-only tag).
func WithQueryTags(tags map[string]*string) QueryOption {
	return func(r *sea.ExecuteStatementRequest) {
		for k, v := range tags {
			r.QueryTags = append(r.QueryTags, sea.QueryTag{Key: k, Value: v})
		}
	}
}

// Query runs sql with args — positional values for ? markers, Named values
// for :name markers, and QueryOptions — and streams its result. The statement runs in direct-results mode: a
// small result costs exactly one round trip. Cancelling ctx cancels the
// statement on the server as soon as its id is known. The reader must be
// released; its lifetime is independent of the statement.
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (array.RecordReader, error) {
	req, err := c.request(sql, args)
	if err != nil {
		return nil, err
	}
	resp, err := c.execute(ctx, req)
	if err != nil {
		return nil, err
	}
	h := &Handle{c: c, id: resp.StatementID, last: resp}
	return h.wait(ctx)
}

// Submit starts sql asynchronously and returns at once with a Handle.
func (c *Conn) Submit(ctx context.Context, sql string, args ...any) (*Handle, error) {
	req, err := c.request(sql, args)
	if err != nil {
		return nil, err
	}
	req.WaitTimeout = "0s"
	req.OnWaitTimeout = sea.OnWaitTimeoutContinue
	resp, err := c.execute(ctx, req)
	if err != nil {
		return nil, err
	}
	return &Handle{c: c, id: resp.StatementID, last: resp}, nil
}

func (c *Conn) request(sql string, args []any) (sea.ExecuteStatementRequest, error) {
	if c.closed.Load() {
		return sea.ExecuteStatementRequest{}, fmt.Errorf("%w: the connection is closed", ErrInvalidArgument)
	}
	var opts []QueryOption
	values := args[:0:0]
	for _, a := range args {
		if o, ok := a.(QueryOption); ok {
			opts = append(opts, o)
			continue
		}
		values = append(values, a)
	}
	params, err := Parameters(values)
	if err != nil {
		return sea.ExecuteStatementRequest{}, err
	}
	req := sea.ExecuteStatementRequest{
		WarehouseID: c.api.ep.warehouseID, SessionID: c.sessionID, Statement: sql,
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream,
		ResultCompression: sea.CompressionLZ4Frame, Parameters: params,
	}
	for _, o := range opts {
		o(&req)
	}
	return req, nil
}

// execute sends the (non-idempotent) execute call. If ctx ends before the
// server answers, the answer is still awaited in the background so that
// the statement can be cancelled once its id is known.
func (c *Conn) execute(ctx context.Context, req sea.ExecuteStatementRequest) (*sea.StatementResponse, error) {
	type outcome struct {
		resp *sea.StatementResponse
		err  error
	}
	done := make(chan outcome, 1)
	detached, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.RequestTimeout+c.cfg.Retry.Budget)
	c.background.Add(1)
	go func() {
		defer c.background.Done()
		defer cancel()
		var resp sea.StatementResponse
		err := c.api.do(detached, call{op: "execute", method: http.MethodPost, path: "/statements", body: req}, &resp)
		done <- outcome{&resp, err}
	}()
	select {
	case o := <-done:
		return o.resp, o.err
	case <-ctx.Done():
		c.background.Add(1)
		go func() {
			defer c.background.Done()
			o := <-done
			if o.err == nil && o.resp.StatementID != "" && !o.resp.Status.State.Terminal() {
				cctx, cc := context.WithTimeout(context.Background(), closeTimeout)
				defer cc()
				_ = c.cancelStatement(cctx, o.resp.StatementID)
				c.closeStatementAsync(o.resp.StatementID)
			} else if o.err == nil && o.resp.Status.State != sea.StateClosed && o.resp.StatementID != "" {
				c.closeStatementAsync(o.resp.StatementID)
			}
		}()
		return nil, fmt.Errorf("sealane: execute: %w", context.Cause(ctx))
	}
}

// Handle is a submitted statement.
type Handle struct {
	c  *Conn
	id string

	mu   sync.Mutex
	last *sea.StatementResponse
}

// ID is the statement id.
func (h *Handle) ID() string { return h.id }

// Status polls the statement once and returns its state.
func (h *Handle) Status(ctx context.Context) (sea.State, error) {
	resp, err := h.c.getStatement(ctx, h.id)
	if err != nil {
		return "", err
	}
	h.mu.Lock()
	h.last = resp
	h.mu.Unlock()
	return resp.Status.State, nil
}

// Cancel asks the server to cancel the statement.
func (h *Handle) Cancel(ctx context.Context) error { return h.c.cancelStatement(ctx, h.id) }

// Wait polls until the statement finishes and streams its result.
// Cancelling ctx cancels the statement on the server.
func (h *Handle) Wait(ctx context.Context) (array.RecordReader, error) { return h.wait(ctx) }

// Close releases the statement on the server without waiting (needed only
// for handles whose result is never read).
func (h *Handle) Close() {
	h.mu.Lock()
	state := h.last.Status.State
	h.mu.Unlock()
	if state != sea.StateClosed {
		h.c.closeStatementAsync(h.id)
	}
}

func (h *Handle) wait(ctx context.Context) (array.RecordReader, error) {
	h.mu.Lock()
	resp := h.last
	h.mu.Unlock()
	interval := h.c.cfg.PollMin
	for resp.Status.State == sea.StatePending || resp.Status.State == sea.StateRunning {
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
			_ = h.c.cancelStatement(cctx, h.id)
			cancel()
			h.c.closeStatementAsync(h.id)
			return nil, fmt.Errorf("sealane: statement %s: %w", h.id, context.Cause(ctx))
		case <-t.C:
		}
		interval = min(interval*2, h.c.cfg.PollMax)
		next, err := h.c.getStatement(ctx, h.id)
		if err != nil {
			return nil, err
		}
		resp = next
		h.mu.Lock()
		h.last = resp
		h.mu.Unlock()
	}
	return h.c.open(ctx, resp)
}

// open turns a terminal response into a reader, or an error.
func (c *Conn) open(ctx context.Context, resp *sea.StatementResponse) (array.RecordReader, error) {
	st := resp.Status
	switch st.State {
	case sea.StateSucceeded:
	case sea.StateClosed:
		if resp.Manifest == nil {
			return nil, &Error{Op: "statement", StatementID: resp.StatementID, Message: "the result is no longer available", class: ErrClosed}
		}
	case sea.StateFailed:
		e := &Error{HTTPStatus: http.StatusOK, Op: "statement", StatementID: resp.StatementID, class: ErrStatementFailed, Message: "failed"}
		if st.Error != nil {
			e.ErrorCode, e.Message = st.Error.ErrorCode, st.Error.Message
			e.SQLState = st.Error.SQLState
		}
		if st.SQLState != "" {
			e.SQLState = st.SQLState
		}
		if e.SQLState == "" {
			e.SQLState = sqlStateFromMessage(e.Message)
		}
		return nil, e
	case sea.StateCanceled:
		return nil, &Error{HTTPStatus: http.StatusOK, Op: "statement", StatementID: resp.StatementID, Message: "the statement was canceled", class: ErrCanceled}
	default:
		return nil, fmt.Errorf("sealane: statement %s: unexpected state %q", resp.StatementID, st.State)
	}
	if resp.Manifest == nil {
		return nil, fmt.Errorf("sealane: statement %s: %s without a manifest", resp.StatementID, st.State)
	}
	first := resp.Result
	if first == nil {
		first = &sea.ResultData{}
	}
	cf := c.cfg.CloudFetch
	rdr, err := results.NewReader(ctx, resp.Manifest, first, chunkFetcher{c: c, id: resp.StatementID}, results.Config{
		HTTP: c.api.http, Parallel: cf.Parallel, Prefetch: cf.Prefetch, LinkParallel: cf.LinkParallel, MemoryBudget: cf.MemoryBudget,
		RefreshMargin: cf.RefreshMargin, MaxRetries: cf.MaxRetries, IdleTimeout: cf.IdleTimeout,
		BatchRows: c.cfg.BatchRows, StatementID: resp.StatementID, TimeZone: c.timezone(), Allocator: c.cfg.Allocator,
	})
	if err != nil {
		if st.State != sea.StateClosed {
			c.closeStatementAsync(resp.StatementID)
		}
		return nil, err
	}
	release := func() {}
	if st.State != sea.StateClosed {
		// Direct results arrive CLOSED: nothing to release on the server.
		id := resp.StatementID
		release = func() { c.closeStatementAsync(id) }
	}
	return &statementReader{RecordReader: rdr, id: resp.StatementID, onRelease: release, refs: 1}, nil
}

// IsTransferError reports whether err (from a result reader) is a result
// transfer that failed: a chunk download that gave up after its retries,
// or external links still rejected after refreshes.
func IsTransferError(err error) bool {
	return errors.Is(err, results.ErrDownload) || errors.Is(err, results.ErrLinkExpired)
}

// statementReader releases the server statement after the result reader
// has stopped, so that no DELETE races a chunk fetch.
type statementReader struct {
	array.RecordReader
	id        string
	onRelease func()
	mu        sync.Mutex
	refs      int
}

// StatementID is the id of the statement whose result this is, for
// callers that report stream errors (the reader's type is unexported: ask
// for it through interface{ StatementID() string }).
func (r *statementReader) StatementID() string { return r.id }

// Retain adds a reference.
func (r *statementReader) Retain() {
	r.mu.Lock()
	r.refs++
	r.mu.Unlock()
	r.RecordReader.Retain()
}

// Release drops a reference; the last one closes the statement in the background.
func (r *statementReader) Release() {
	r.mu.Lock()
	r.refs--
	last := r.refs == 0
	r.mu.Unlock()
	r.RecordReader.Release()
	if last {
		r.onRelease()
	}
}

// timezone is the session's TIMEZONE conf in the form Arrow tz labels use
// (empty: the service default, Etc/UTC).
func (c *Conn) timezone() string {
	for k, v := range c.cfg.SessionConfs {
		if strings.EqualFold(k, "timezone") {
			if strings.EqualFold(v, "UTC") {
				return "Etc/UTC"
			}
			return v
		}
	}
	return ""
}
