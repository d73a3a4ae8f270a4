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

// QueryOption adjusts one statement. Pass QueryOptions among Query's (or
// Submit's) args. Only the settings offered here can be changed: the
// result format, disposition and wait the kernel relies on cannot.
type QueryOption struct{ apply func(*queryOptions) }

// queryOptions are the per-statement settings a caller may change.
type queryOptions struct {
	rowLimit *int64
	tags     []sea.QueryTag
}

// WithRowLimit caps the rows returned (manifest.truncated tells when rows
// were cut). 0 is sent as a limit of no rows.
func WithRowLimit(n int64) QueryOption {
	return QueryOption{func(o *queryOptions) { o.rowLimit = &n }}
}

// executeRequest is the execute body: row_limit is a pointer here, so that
// a limit of 0 is sent (sea.ExecuteStatementRequest omits a zero one).
type executeRequest struct {
	sea.ExecuteStatementRequest
	RowLimit *int64 `json:"row_limit,omitempty"`
}

// WithQueryTags attaches tags to the statement (a nil value is a key-only tag).
func WithQueryTags(tags map[string]*string) QueryOption {
	return QueryOption{func(o *queryOptions) {
		for k, v := range tags {
			o.tags = append(o.tags, sea.QueryTag{Key: k, Value: v})
		}
	}}
}

// Query runs sql with args — positional values for ? markers, Named values
// for :name markers, and QueryOptions — and streams its result. The statement runs in direct-results mode: a
// small result costs exactly one round trip. Cancelling ctx cancels the
// statement on the server as soon as its id is known, and every failure
// releases it there too. The reader must be released; it outlives its
// statement's Query call and its Conn's Close (see Close).
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (array.RecordReader, error) {
	req, err := c.request(sql, args)
	if err != nil {
		return nil, err
	}
	resp, st, err := c.execute(ctx, req)
	if err != nil {
		return nil, err
	}
	h := &Handle{c: c, id: resp.StatementID, st: st, last: resp}
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
	resp, st, err := c.execute(ctx, req)
	if err != nil {
		return nil, err
	}
	return &Handle{c: c, id: resp.StatementID, st: st, last: resp}, nil
}

func (c *Conn) request(sql string, args []any) (executeRequest, error) {
	if c.closed.Load() {
		return executeRequest{}, ErrConnClosed
	}
	if c.lost.Load() {
		return executeRequest{}, fmt.Errorf("%w: open a new connection", ErrSessionLost)
	}
	var opts queryOptions
	values := args[:0:0]
	for _, a := range args {
		if o, ok := a.(QueryOption); ok {
			if o.apply != nil {
				o.apply(&opts)
			}
			continue
		}
		values = append(values, a)
	}
	params, err := Parameters(values)
	if err != nil {
		return executeRequest{}, err
	}
	req := executeRequest{ExecuteStatementRequest: sea.ExecuteStatementRequest{
		WarehouseID: c.api.ep.warehouseID, SessionID: c.sessionID, Statement: sql,
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream,
		ResultCompression: sea.CompressionLZ4Frame, Parameters: params, QueryTags: opts.tags,
	}, RowLimit: opts.rowLimit}
	if c.cfg.Compression == CompressionNone {
		req.ResultCompression = "" // not sent: the service's default is none
	}
	return req, nil
}

// execute sends the (non-idempotent) execute call and takes ownership of
// the statement it names. If ctx ends before the server answers, the answer
// is still awaited in the background (bounded by RequestTimeout plus the
// retry budget, and cut short by Close) so that the statement can be
// cancelled and closed once its id is known.
func (c *Conn) execute(ctx context.Context, req executeRequest) (*sea.StatementResponse, *serverStatement, error) {
	type outcome struct {
		resp *sea.StatementResponse
		err  error
	}
	done := make(chan outcome, 1)
	detached, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.RequestTimeout+c.cfg.Retry.Budget)
	stop := context.AfterFunc(c.life, cancel)
	c.bg.run(func() {
		defer cancel()
		defer stop()
		var resp sea.StatementResponse
		err := c.api.do(detached, call{op: "execute", method: http.MethodPost, path: "/statements", body: req}, &resp)
		done <- outcome{&resp, err}
	})
	select {
	case o := <-done:
		if o.err != nil {
			if c.life.Err() != nil {
				return nil, nil, fmt.Errorf("sealane: execute: %w", ErrConnClosed)
			}
			if sessionLost(o.err) {
				c.lost.Store(true)
			}
			return nil, nil, o.err
		}
		st, err := c.adopt(o.resp)
		if err != nil {
			return nil, nil, fmt.Errorf("sealane: execute: %w", err)
		}
		return o.resp, st, nil
	case <-ctx.Done():
		c.bg.run(func() {
			o := <-done
			if o.err != nil {
				if sessionLost(o.err) {
					c.lost.Store(true)
				}
				return
			}
			st, _ := c.adopt(o.resp)
			st.abandon()
		})
		return nil, nil, fmt.Errorf("sealane: execute: %w", context.Cause(ctx))
	}
}

// Handle is a submitted statement.
type Handle struct {
	c  *Conn
	id string
	st *serverStatement // nil when there is nothing to release (direct result)

	mu       sync.Mutex
	last     *sea.StatementResponse
	interval time.Duration // the next poll interval; kept across WaitFor calls
}

// ID is the statement id.
func (h *Handle) ID() string { return h.id }

// Status returns the statement's state: the terminal state once one has
// been seen (without a call), else the state a poll returns now.
func (h *Handle) Status(ctx context.Context) (sea.State, error) {
	h.mu.Lock()
	last := h.last
	h.mu.Unlock()
	if last != nil && last.Status.State.Terminal() {
		return last.Status.State, nil
	}
	resp, err := h.c.getStatement(ctx, h.id)
	if err != nil {
		return "", err
	}
	h.note(resp)
	return resp.Status.State, nil
}

// note records a poll's answer.
func (h *Handle) note(resp *sea.StatementResponse) {
	h.st.observe(resp.Status.State)
	h.mu.Lock()
	h.last = resp
	h.mu.Unlock()
}

// Cancel asks the server to cancel the statement.
func (h *Handle) Cancel(ctx context.Context) error { return h.c.cancelStatement(ctx, h.id) }

// Wait polls until the statement finishes and streams its result.
// Cancelling ctx, a failed poll or Close of the Conn cancel and close the
// statement on the server.
func (h *Handle) Wait(ctx context.Context) (array.RecordReader, error) { return h.wait(ctx) }

// WaitFor waits up to d for the statement to finish and then streams its
// result as Wait does. When d elapses first it returns an error matching
// ErrStillRunning and the statement keeps running on the server: call
// WaitFor or Wait again later, or Close. Polls back off from PollMin to
// PollMax across calls. Cancelling ctx, a failed poll or Close of the Conn
// cancel and close the statement on the server, as with Wait. A negative
// d waits without limit (Wait).
func (h *Handle) WaitFor(ctx context.Context, d time.Duration) (array.RecordReader, error) {
	if d < 0 {
		return h.wait(ctx)
	}
	return h.waitUntil(ctx, time.Now().Add(d))
}

// Close releases the statement on the server without waiting: cancel if it
// may still run, close if it may hold a result (needed only for handles
// whose result is never read; a reader from Wait releases it itself).
func (h *Handle) Close() { h.st.abandon() }

func (h *Handle) wait(ctx context.Context) (array.RecordReader, error) {
	return h.waitUntil(ctx, time.Time{})
}

// waitUntil polls until the statement finishes, ctx ends (the statement is
// then released on the server) or, when deadline is not zero, the deadline
// passes (it keeps running: ErrStillRunning).
func (h *Handle) waitUntil(ctx context.Context, deadline time.Time) (array.RecordReader, error) {
	h.mu.Lock()
	resp := h.last
	h.mu.Unlock()
	if running(resp.Status.State) {
		// Close of the Conn ends the wait too.
		pctx, release := h.c.bind(ctx)
		defer release()
		for running(resp.Status.State) {
			step := h.step()
			if !deadline.IsZero() {
				left := time.Until(deadline)
				if left <= 0 {
					return nil, fmt.Errorf("sealane: statement %s is still %s: %w", h.id, resp.Status.State, ErrStillRunning)
				}
				step = min(step, left)
			}
			t := time.NewTimer(step)
			select {
			case <-pctx.Done():
				t.Stop()
				h.st.abandon()
				return nil, waitEnded(h.id, pctx)
			case <-t.C:
			}
			next, err := h.c.getStatement(pctx, h.id)
			if err != nil {
				// Every failed poll leaves a statement nobody will come
				// back for: release it on the server.
				h.st.abandon()
				if pctx.Err() != nil {
					return nil, waitEnded(h.id, pctx)
				}
				return nil, err
			}
			resp = next
			h.note(resp)
		}
	}
	return h.c.open(ctx, resp, h.st)
}

// step returns the next poll interval and doubles it, up to PollMax.
func (h *Handle) step() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := max(h.interval, h.c.cfg.PollMin)
	h.interval = min(d*2, h.c.cfg.PollMax)
	return d
}

// waitEnded is the error of a wait whose context ended (or whose Conn
// closed): a *ResultError naming the statement, wrapping the cause.
func waitEnded(id string, ctx context.Context) error {
	return &ResultError{StatementID: id, Chunk: -1, Err: fmt.Errorf("sealane: statement %s: %w", id, context.Cause(ctx))}
}

func running(s sea.State) bool { return s == sea.StatePending || s == sea.StateRunning }

// open turns a terminal response into a reader, or an error.
func (c *Conn) open(ctx context.Context, resp *sea.StatementResponse, owner *serverStatement) (array.RecordReader, error) {
	rdr, err := c.openReader(ctx, resp, owner)
	if err != nil {
		owner.abandon() // no-op when the reader's failure already released it
		return nil, err
	}
	return rdr, nil
}

func (c *Conn) openReader(ctx context.Context, resp *sea.StatementResponse, owner *serverStatement) (array.RecordReader, error) {
	owner.observe(resp.Status.State)
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
	if err := owner.hold(); err != nil {
		return nil, fmt.Errorf("sealane: statement %s: %w", resp.StatementID, err)
	}
	cf := c.cfg.CloudFetch
	rdr, err := results.NewReader(ctx, resp.Manifest, first, chunkFetcher{c: c, id: resp.StatementID}, results.Config{
		HTTP: c.api.http, Parallel: cf.Parallel, Prefetch: cf.Prefetch, LinkParallel: cf.LinkParallel, MemoryBudget: cf.MemoryBudget,
		RefreshMargin: cf.RefreshMargin, MaxRetries: cf.MaxRetries, IdleTimeout: cf.IdleTimeout,
		BatchRows: c.cfg.BatchRows, StatementID: resp.StatementID, TimeZone: c.timezone(), Allocator: c.cfg.Allocator,
	})
	if err != nil {
		owner.release()
		return nil, resultError(resp.StatementID, err)
	}
	// Direct results arrive CLOSED (owner nil): nothing to release on the server.
	return &statementReader{RecordReader: rdr, id: resp.StatementID, onRelease: owner.release, refs: 1}, nil
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

// Err is the reader's error as a *ResultError naming the statement (and
// the chunk to blame, when there is one).
func (r *statementReader) Err() error { return resultError(r.id, r.RecordReader.Err()) }

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
