package kernel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestWaitForKeepsTheStatementRunning: WaitFor that runs out of time
// returns ErrStillRunning and leaves the statement running on the server
// (no /cancel, no DELETE); a later WaitFor gets the result of one that
// finishes.
func TestWaitForKeepsTheStatementRunning(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	ctx := context.Background()
	h, err := c.Submit(ctx, "SELECT count(*) FROM range(1000000000000)")
	require.NoError(t, err)
	defer h.Close()
	for range 2 {
		_, err = h.WaitFor(ctx, 30*time.Millisecond)
		require.ErrorIs(t, err, kernel.ErrStillRunning)
	}
	for _, r := range e.calls() {
		require.False(t, strings.HasSuffix(r, h.ID()+"/cancel") || r == "DELETE /api/2.0/sql/statements/"+h.ID(),
			"the server saw %s after WaitFor gave up", r)
	}
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	st, err := raw.Get(ctx, h.ID())
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StatePending, sea.StateRunning}, st.Status.State)
	state, err := h.Status(ctx)
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StatePending, sea.StateRunning}, state)

	quick, err := c.Submit(ctx, "SELECT 7 AS seven")
	require.NoError(t, err)
	rdr, err := quick.WaitFor(ctx, 10*time.Second)
	require.NoError(t, err)
	rows, sum := drainInt32(t, rdr)
	require.Equal(t, int64(1), rows)
	require.Equal(t, int64(7), sum)
	state, err = quick.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, sea.StateSucceeded, state, "the terminal state seen by the wait")
}

// TestWaitForContextCancels: the end of WaitFor's context (unlike its
// time running out) cancels the statement on the server.
func TestWaitForContextCancels(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	h, err := c.Submit(context.Background(), "SELECT count(*) FROM range(1000000000000)")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = h.WaitFor(ctx, time.Minute)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Eventually(t, func() bool {
		for _, r := range e.calls() {
			if r == "POST /api/2.0/sql/statements/"+h.ID()+"/cancel" {
				return true
			}
		}
		return false
	}, 5*time.Second, 10*time.Millisecond, "cancel sent to the server")
}

// TestRowLimitZeroIsSent: WithRowLimit(0) reaches the server as
// "row_limit": 0 — no rows, truncated — rather than being dropped as unset.
func TestRowLimitZeroIsSent(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c := connect(t, e)
	rdr, err := c.Query(context.Background(), "SELECT id FROM range(10)", kernel.WithRowLimit(0))
	require.NoError(t, err)
	rows, _ := drain(t, rdr)
	require.Zero(t, rows)
	rdr, err = c.Query(context.Background(), "SELECT id FROM range(10)", kernel.WithRowLimit(3))
	require.NoError(t, err)
	rows, _ = drain(t, rdr)
	require.Equal(t, int64(3), rows)
}
