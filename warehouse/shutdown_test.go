package warehouse_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestDrainCancelsRunningStatements: on shutdown a running statement ends
// CANCELED (what its client sees on the next poll, not a dropped
// connection), new work is refused with 503, and Drain returns once the
// client has closed the statement.
func TestDrainCancelsRunningStatements(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{})
	resp := execute(t, c, sea.ExecuteStatementRequest{Statement: longQuery, WaitTimeout: "0s"})
	require.Eventually(t, func() bool {
		st, err := c.Get(t.Context(), resp.StatementID)
		return err == nil && st.Status.State == sea.StateRunning
	}, 30*time.Second, pollInterval)

	drained := make(chan int, 1)
	go func() { drained <- srv.Drain(context.Background()) }()

	st := await(t, c, resp)
	require.Equal(t, sea.StateCanceled, st.Status.State)
	_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	he := apiError(t, err, http.StatusServiceUnavailable)
	require.Equal(t, sea.ErrorCodeTemporarilyUnavailable, he.Body.ErrorCode)
	select {
	case <-drained:
		t.Fatal("Drain returned before the client closed its statement")
	default:
	}
	require.NoError(t, c.Close(t.Context(), resp.StatementID))
	select {
	case n := <-drained:
		require.Equal(t, 1, n)
	case <-time.After(30 * time.Second):
		t.Fatal("Drain did not return after the statement was closed")
	}
}

// TestDrainEndsWithItsContext: a client that never closes its statement
// holds shutdown only for the grace period.
func TestDrainEndsWithItsContext(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{})
	resp := execute(t, c, sea.ExecuteStatementRequest{Statement: longQuery, WaitTimeout: "0s"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.Equal(t, 1, srv.Drain(ctx))
	require.Equal(t, sea.StateCanceled, await(t, c, resp).Status.State)
}
