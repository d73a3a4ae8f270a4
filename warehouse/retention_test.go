package warehouse_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestClosedStatementsKeepNoText runs 1,000 statements of 1 MiB of text
// each and closes them. Retired statements answer for 12 hours, but must
// not keep their text: live heap after GC stays within 50 MB of where it
// started (before, each kept its whole request: 1,000 MiB). Under the race
// detector, where decoding 1 GiB of JSON takes minutes, it runs 100
// statements: 100 MiB retained would still fail the bound twice over.
func TestClosedStatementsKeepNoText(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	// A 1 MiB comment costs DuckDB nothing to parse; the text is what counts.
	pad := strings.Repeat("x", 1<<20)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	// One statement first, so that lazily built state is in the baseline.
	sqlIn(t, c, "", "SELECT 0")
	before := heap()
	n := 1000
	if warehouse.RaceEnabled {
		n = 100
	}
	var ids []string
	for i := range n {
		var resp *sea.StatementResponse
		switch i % 50 {
		case 0:
			// Direct results: the server closes the statement itself.
			resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 /* " + pad + " */"})
		case 1:
			resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 /* " + pad + " */", WaitTimeout: "30s"})
		default:
			// DuckDB takes 13 ms to split a 1 MiB statement; text the
			// front end refuses (an unterminated string) keeps the test
			// fast and is retained the same way.
			resp = run(t, c, sea.ExecuteStatementRequest{Statement: "SELECT '" + pad, WaitTimeout: "30s"})
			require.Equal(t, sea.StateFailed, resp.Status.State)
		}
		if resp.Status.State != sea.StateClosed {
			require.NoError(t, c.Close(t.Context(), resp.StatementID))
		}
		ids = append(ids, resp.StatementID)
	}
	after := heap()
	t.Logf("live heap: %d MB before, %d MB after %d closed 1 MiB statements", before>>20, after>>20, n)
	require.Less(t, int64(after)-int64(before), int64(50<<20), "live heap growth after %d closed statements", n)
	// They are retained all the same: each id still answers CLOSED.
	for _, id := range []string{ids[0], ids[n-1]} {
		st, err := c.Get(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, sea.StateClosed, st.Status.State)
	}
}

// TestRetainedHistoryIsCapped checks that beyond MaxRetainedStatements the
// oldest retired statements are forgotten (404) and the newest still answer,
// while a statement holding a result is never forgotten.
func TestRetainedHistoryIsCapped(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MaxRetainedStatements: 8})
	held := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 42", WaitTimeout: "30s"})
	require.Equal(t, sea.StateSucceeded, held.Status.State)
	var ids []string
	for range 40 {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1", WaitTimeout: "30s"})
		require.NoError(t, c.Close(t.Context(), resp.StatementID))
		ids = append(ids, resp.StatementID)
	}
	// One more registration runs the check after the last close.
	for range 3 {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 2", WaitTimeout: "30s"})
		require.NoError(t, c.Close(t.Context(), resp.StatementID))
	}
	_, err := c.Get(t.Context(), ids[0])
	apiError(t, err, http.StatusNotFound)
	st, err := c.Get(t.Context(), ids[39])
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, st.Status.State)
	st, err = c.Get(context.Background(), held.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateSucceeded, st.Status.State, "a statement holding a result is not retired")
	require.NoError(t, c.Close(t.Context(), held.StatementID))
}
