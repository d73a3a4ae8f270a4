package faults

import (
	"context"
	"net/http"
	"time"
)

// Middleware wraps next with the Injector's faults. classify tells which Call
// a request is; a nil classify treats every request as CallOther.
//
// For an API call (anything but CallDownload) it sleeps Latency, plus
// StatusDelay on get_statement, then answers with the first error rule that
// fires, or calls next. For a download it sleeps DownloadLatency, answers with
// the first download rule that fires, or calls next with a ResponseWriter that
// paces the body to DownloadBandwidth and, for a download selected for a
// reset, aborts the connection after ResetAfterBytes body bytes.
//
// Sleeps end early when the request's context is done; next is then not
// called and nothing is written. A reset panics with http.ErrAbortHandler
// from inside the handler's Write, so handlers must write from the goroutine
// that serves the request (as net/http requires anyway), and a recovering
// middleware placed around this one must re-panic http.ErrAbortHandler.
func (in *Injector) Middleware(classify func(*http.Request) Call, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		call := CallOther
		if classify != nil {
			call = classify(r)
		}
		in.seen(call)
		ctx := r.Context()

		if call != CallDownload {
			delay := in.cfg.Latency
			if call == CallGetStatement {
				delay += in.cfg.StatusDelay
			}
			if sleep(ctx, delay) != nil {
				return
			}
			if rule, ok := in.pickRule(call); ok {
				writeError(w, call, rule)
				return
			}
			next.ServeHTTP(w, r)
			return
		}

		if sleep(ctx, in.cfg.DownloadLatency) != nil {
			return
		}
		if rule, ok := in.pickRule(call); ok {
			writeError(w, call, rule)
			return
		}
		reset := in.pickReset()
		if !reset && in.cfg.DownloadBandwidth <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		fw := &faultWriter{ResponseWriter: w, ctx: ctx, bandwidth: in.cfg.DownloadBandwidth, resetAt: -1}
		if reset {
			fw.resetAt = in.cfg.ResetAfterBytes
			fw.onReset = func() { in.recordReset(call) }
		}
		next.ServeHTTP(fw, r)
	})
}

// sleep waits for d or until ctx is done, whichever comes first, and returns
// ctx.Err() in the latter case. A d of zero or less returns at once (with
// ctx.Err() if ctx is already done).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
