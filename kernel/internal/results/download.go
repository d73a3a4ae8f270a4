package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sealane/sealane/sea"
)

// errIdle is the cause of an attempt aborted by Config.IdleTimeout.
var errIdle = errors.New("no data received for the idle timeout")

// minRead is the smallest free space a download reads into.
const minRead = 64 << 10

// verdict says what to do after a download attempt.
type verdict int

const (
	verdictDone    verdict = iota // the body is complete
	verdictRetry                  // back off and try again
	verdictRefresh                // refresh the link and try again at once
	verdictFatal                  // give up
	verdictStopped                // the context ended
)

// attemptResult is the outcome of one download attempt.
type attemptResult struct {
	verdict    verdict
	status     int
	retryAfter time.Duration
	err        error
}

// fetchChunk downloads slot s's chunk into buf: it refreshes a link near
// expiry before each attempt, refreshes at once after 401/403/404, retries
// with backoff after transport errors, truncated bodies and 408/429/5xx,
// and resumes after a retry by skipping the bytes already received.
func (p *pipeline) fetchChunk(ctx context.Context, s *slot, buf *chunkBuf) error {
	var retries, refreshes, attempts, status int
	link := s.getLink()
	fail := func(sentinel error, cause error) error {
		e := p.cfg.chunkErr(sentinel, s.k, "%w", cause)
		e.Status, e.Attempts = status, attempts
		return e
	}
	for {
		if p.nearExpiry(link) {
			fresh, err := p.refresh(ctx, s.k)
			if err != nil {
				return err
			}
			link = fresh
			s.setLink(fresh)
		}
		attempts++
		p.stats.downloads.Add(1)
		res := p.attempt(ctx, link, buf)
		status = res.status
		switch res.verdict {
		case verdictDone:
			return nil
		case verdictStopped:
			return context.Cause(ctx)
		case verdictFatal:
			return fail(ErrDownload, res.err)
		case verdictRefresh:
			if refreshes++; refreshes > p.cfg.MaxRefreshes {
				return fail(ErrLinkExpired, res.err)
			}
			fresh, err := p.refresh(ctx, s.k)
			if err != nil {
				return err
			}
			link = fresh
			s.setLink(fresh)
		case verdictRetry:
			if retries++; retries > p.cfg.MaxRetries {
				return fail(ErrDownload, res.err)
			}
			p.stats.retries.Add(1)
			if err := sleep(ctx, p.backoff(retries, res.retryAfter)); err != nil {
				return err
			}
		}
	}
}

// nearExpiry reports whether link expires within RefreshMargin.
func (p *pipeline) nearExpiry(link sea.ExternalLink) bool {
	exp := link.Expiration.Time
	return !exp.IsZero() && exp.Sub(p.cfg.Now()) < p.cfg.RefreshMargin
}

// refresh fetches fresh links for chunk k and returns its own.
func (p *pipeline) refresh(ctx context.Context, k int) (sea.ExternalLink, error) {
	if p.fetch == nil {
		return sea.ExternalLink{}, p.cfg.chunkErr(ErrLinkExpired, k, "no fetcher to refresh the link")
	}
	p.stats.refreshes.Add(1)
	d, err := p.fetch.Chunk(ctx, k)
	if err != nil {
		if ctx.Err() != nil {
			return sea.ExternalLink{}, context.Cause(ctx)
		}
		return sea.ExternalLink{}, &ChunkError{StatementID: p.cfg.StatementID, Chunk: k, Err: fmt.Errorf("%w: refresh link: %w", ErrDownload, notEOF(err))}
	}
	for _, l := range d.ExternalLinks {
		if l.ChunkIndex == k {
			return l, nil
		}
	}
	return sea.ExternalLink{}, p.cfg.chunkErr(ErrProtocol, k, "chunk response has no link for the chunk")
}

// attempt makes one GET of link, appending the body to buf past the bytes
// it already holds.
func (p *pipeline) attempt(ctx context.Context, link sea.ExternalLink, buf *chunkBuf) attemptResult {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := time.AfterFunc(p.cfg.IdleTimeout, func() { cancel(errIdle) })
	defer idle.Stop()

	req, err := http.NewRequestWithContext(actx, http.MethodGet, link.ExternalLink, nil)
	if err != nil {
		return attemptResult{verdict: verdictFatal, err: redact(err)}
	}
	for k, v := range link.HTTPHeaders {
		req.Header.Set(k, v)
	}
	resp, err := p.cfg.HTTP.Do(req)
	if err != nil {
		return transportFailure(ctx, actx, 0, err)
	}
	defer func() { _ = resp.Body.Close() }()
	res := attemptResult{status: resp.StatusCode}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		res.verdict, res.err = verdictRefresh, storageError(resp)
		return res
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		res.verdict, res.err = verdictRetry, storageError(resp)
		res.retryAfter = retryAfter(resp.Header.Get("Retry-After"), p.cfg.Now())
		return res
	default:
		res.verdict, res.err = verdictFatal, storageError(resp)
		return res
	}

	have := buf.size()
	if n := resp.ContentLength; n >= 0 {
		if buf.length >= 0 && n != buf.length {
			res.verdict, res.err = verdictFatal, fmt.Errorf("chunk size changed from %d to %d bytes between attempts", buf.length, n)
			return res
		}
		buf.length = n
		buf.expect(n)
		p.budget.adjust(buf.reserve(max(n, 1)))
	}
	// Skip what an earlier attempt delivered.
	if have > 0 {
		if err := copyIdle(io.Discard, resp.Body, have, idle, p.cfg.IdleTimeout); err != nil {
			return transportFailure(ctx, actx, resp.StatusCode, err)
		}
	}
	var probe [1]byte
	for {
		space := probe[:]
		if buf.length < 0 || buf.size() < buf.length {
			space = buf.spare()
		}
		n, err := resp.Body.Read(space)
		if n > 0 && &space[0] == &probe[0] {
			return attemptResult{verdict: verdictFatal, status: resp.StatusCode, err: errors.New("body longer than its Content-Length")}
		}
		if n > 0 {
			idle.Reset(p.cfg.IdleTimeout)
			buf.publish(n)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return transportFailure(ctx, actx, resp.StatusCode, err)
		}
	}
	got := buf.size()
	if buf.length >= 0 && got != buf.length {
		return attemptResult{verdict: verdictRetry, status: resp.StatusCode,
			err: fmt.Errorf("truncated body: %d of %d bytes", got, buf.length)}
	}
	if buf.length < 0 {
		p.budget.adjust(buf.reserve(got))
	}
	p.noteSize(got)
	res.verdict = verdictDone
	return res
}

// copyIdle copies n bytes, resetting the idle timer as bytes arrive.
func copyIdle(dst io.Writer, src io.Reader, n int64, idle *time.Timer, d time.Duration) error {
	scratch := make([]byte, min(n, minRead))
	for n > 0 {
		m, err := src.Read(scratch[:min(int64(len(scratch)), n)])
		if m > 0 {
			idle.Reset(d)
			n -= int64(m)
			_, _ = dst.Write(scratch[:m])
		}
		if errors.Is(err, io.EOF) && n > 0 {
			return io.ErrUnexpectedEOF
		}
		if err != nil && n > 0 {
			return err
		}
	}
	return nil
}

// transportFailure classifies an error from Do or from reading a body:
// the reader's context ending stops, anything else (idle timeout
// included) is retried.
func transportFailure(ctx, actx context.Context, status int, err error) attemptResult {
	if ctx.Err() != nil {
		return attemptResult{verdict: verdictStopped, status: status, err: context.Cause(ctx)}
	}
	if errors.Is(context.Cause(actx), errIdle) {
		err = errIdle
	}
	return attemptResult{verdict: verdictRetry, status: status, err: notEOF(redact(err))}
}

// storageError summarises a failed download's body: the storage error
// code (S3 and Azure XML <Code>, or JSON error_code), never the body
// itself, which may echo the signature.
func storageError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	s := string(b)
	code := ""
	if i := strings.Index(s, "<Code>"); i >= 0 {
		if j := strings.Index(s[i:], "</Code>"); j >= 0 {
			code = s[i+len("<Code>") : i+j]
		}
	} else if i := strings.Index(s, `"error_code"`); i >= 0 {
		rest := strings.TrimLeft(s[i+len(`"error_code"`):], " :\t\n\"")
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			code = rest[:j]
		}
	}
	if len(code) > 64 || strings.ContainsAny(code, "<>&?=") {
		code = ""
	}
	if code == "" {
		return fmt.Errorf("download answered %d", resp.StatusCode)
	}
	return fmt.Errorf("download answered %d (%s)", resp.StatusCode, code)
}

// retryAfter parses a Retry-After value (seconds or an HTTP date).
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// backoff is the wait before retry n (1-based): RetryMin·2^(n-1) capped at
// RetryMax, with equal jitter, or Retry-After clamped to the same bounds.
func (p *pipeline) backoff(n int, after time.Duration) time.Duration {
	if after > 0 {
		return min(max(after, p.cfg.RetryMin), p.cfg.RetryMax)
	}
	d := p.cfg.RetryMin
	for i := 1; i < n && d < p.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, p.cfg.RetryMax)
	return d/2 + rand.N(d/2+1)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
