package warehouse

import (
	"context"
	"net/http"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/statements"
)

// drainPoll is how often Drain checks whether clients have closed the
// statements it cancelled.
const drainPoll = 20 * time.Millisecond

// Drain prepares the server to stop: it refuses new sessions and statements
// (503 TEMPORARILY_UNAVAILABLE), cancels every statement still PENDING or
// RUNNING, so their clients see CANCELED rather than a dropped connection,
// and waits until the clients have closed those statements or ctx ends
// (the grace period). Results already computed stay readable meanwhile. It
// returns the number of statements it cancelled. Close afterwards frees the
// rest.
func (s *Server) Drain(ctx context.Context) int {
	s.draining.Store(true)
	s.mu.Lock()
	var cancelled []*statements.Statement
	for _, st := range s.statements {
		if !st.Snapshot().State.Terminal() {
			cancelled = append(cancelled, st)
		}
	}
	s.mu.Unlock()
	for _, st := range cancelled {
		st.RequestCancel()
	}
	tick := time.NewTicker(drainPoll)
	defer tick.Stop()
	for _, st := range cancelled {
		for st.Snapshot().State != sea.StateClosed {
			select {
			case <-ctx.Done():
				return len(cancelled)
			case <-tick.C:
			}
		}
	}
	return len(cancelled)
}

// refuseWhenDraining answers requests that would start new work with 503
// once Drain has begun; everything else (polls, chunks, cancel, close) goes on.
func (s *Server) refuseWhenDraining(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.draining.Load() && r.Method == http.MethodPost && (r.URL.Path == "/sessions" || r.URL.Path == "/statements") {
			w.Header().Set("Retry-After", "5")
			writeAPIError(w, &apiError{http.StatusServiceUnavailable, sea.ErrorCodeTemporarilyUnavailable, "The warehouse is shutting down."})
			return
		}
		next.ServeHTTP(w, r)
	})
}
