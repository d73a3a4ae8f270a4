// Package retry holds the DBSQL retry rules shared by the kernel's API
// calls and the token requests of kernel/auth: which failures are retried,
// the backoff, Retry-After.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// TransportError is a failure below HTTP (connect, reset, timeout).
type TransportError struct {
	// Op names the call ("execute", "token request", …).
	Op string
	// Err is the transport's error.
	Err error
}

// Error implements error.
func (e *TransportError) Error() string { return "sealane: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the transport's error.
func (e *TransportError) Unwrap() error { return e.Err }

// ConnectFailed reports whether the request never reached the server, so
// even a non-idempotent call may be retried.
func (e *TransportError) ConnectFailed() bool {
	var op *net.OpError
	return errors.As(e.Err, &op) && op.Op == "dial"
}

// noRetryStatus lists statuses never retried, even for idempotent calls (the
// DBSQL list plus 407: a proxy refusing our credentials will not change its mind).
var noRetryStatus = map[int]bool{400: true, 401: true, 403: true, 404: true, 405: true, 407: true, 409: true, 410: true,
	411: true, 412: true, 413: true, 414: true, 415: true, 416: true}

// Retryable applies the DBSQL rules: idempotent calls retry every failure but
// the listed 4xx; execute retries only 429, 503 with Retry-After and
// connection failures.
func Retryable(idempotent bool, status int, retryAfter time.Duration, err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return idempotent || te.ConnectFailed()
	}
	if status == 0 {
		return false
	}
	if idempotent {
		return !noRetryStatus[status] && status >= 400
	}
	return status == http.StatusTooManyRequests || (status == http.StatusServiceUnavailable && retryAfter > 0)
}

// Backoff is min×2^attempt capped at max, plus 5–25 % jitter (≥ 50 ms); a
// Retry-After replaces it, clamped to [min, max].
func Backoff(attempt int, minWait, maxWait, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(max(retryAfter, minWait), maxWait)
	}
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	jitter := time.Duration(float64(d) * (0.05 + 0.2*rand.Float64()))
	return d + max(jitter, 50*time.Millisecond)
}

// RetryAfter parses a Retry-After header as seconds or an HTTP date.
func RetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// Sleep waits d, or until ctx is done (returning its cause).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
