package faults

import (
	"context"
	"net/http"
	"time"
)

// Pacing slices: a paced body is written in slices of about 1/sliceDivisor
// of a second's worth of bytes, clamped to [1, maxSlice].
const (
	sliceDivisor = 20
	maxSlice     = 32 << 10
)

// faultWriter wraps a download's ResponseWriter. It paces body writes to
// bandwidth bytes per second (when > 0), flushing each slice, and aborts
// the connection once the body would grow past resetAt bytes (when >= 0).
// It never buffers the body.
type faultWriter struct {
	http.ResponseWriter
	ctx       context.Context
	bandwidth int64  // bytes per second; 0 = unlimited
	resetAt   int64  // body bytes delivered before the abort; -1 = never
	onReset   func() // called just before the abort

	start   time.Time // first paced write
	written int64     // body bytes accepted by the underlying writer
}

// Write writes p, paced and cut as configured. A pacing sleep ends with the
// context's error when the client goes away. When the body reaches resetAt
// bytes with more to come, Write flushes what was written and panics with
// http.ErrAbortHandler, so net/http drops the connection.
func (w *faultWriter) Write(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		n := len(p)
		if w.bandwidth > 0 {
			n = min(n, w.slice())
		}
		if w.resetAt >= 0 {
			n = int(min(int64(n), w.resetAt-w.written))
		}
		if n > 0 {
			if w.bandwidth > 0 {
				if err := w.pace(n); err != nil {
					return total, err
				}
			}
			m, err := w.ResponseWriter.Write(p[:n])
			total += m
			w.written += int64(m)
			if err != nil {
				return total, err
			}
			if w.bandwidth > 0 {
				w.Flush()
			}
			p = p[n:]
		}
		if w.resetAt >= 0 && w.written >= w.resetAt && len(p) > 0 {
			w.abort()
		}
	}
	return total, nil
}

// slice is the number of bytes written between two pacing sleeps.
func (w *faultWriter) slice() int {
	return int(min(max(w.bandwidth/sliceDivisor, 1), maxSlice))
}

// pace sleeps until n more bytes are allowed: the body never gets ahead of
// bandwidth bytes per second since the first write. Time the handler spends
// between writes is not banked, so a pause is never followed by a burst of
// more than one slice.
func (w *faultWriter) pace(n int) error {
	now := time.Now()
	if w.start.IsZero() {
		w.start = now
	}
	due := w.start.Add(w.duration(w.written + int64(n)))
	if lag := now.Sub(due); lag > 0 {
		w.start = w.start.Add(lag) // behind schedule: forget the idle time
		return w.ctx.Err()
	}
	return sleep(w.ctx, due.Sub(now))
}

// duration is how long b bytes take at the capped bandwidth.
func (w *faultWriter) duration(b int64) time.Duration {
	return time.Duration(float64(b) / float64(w.bandwidth) * float64(time.Second))
}

// abort flushes the bytes written so far and drops the connection.
func (w *faultWriter) abort() {
	w.Flush()
	if w.onReset != nil {
		w.onReset()
	}
	panic(http.ErrAbortHandler)
}

// Flush sends buffered data to the client (http.Flusher). Errors are
// ignored, as http.Flusher has no way to report them.
func (w *faultWriter) Flush() {
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// FlushError is Flush with its error, as http.ResponseController uses it.
func (w *faultWriter) FlushError() error {
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the wrapped ResponseWriter, so http.ResponseController can
// reach its deadlines and hijacking.
func (w *faultWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
