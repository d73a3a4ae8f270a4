package warehouse_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestDirectResults: without wait_timeout a small inline Arrow result comes
// back CLOSED with the manifest and the whole result; the statement is
// already released.
func TestDirectResults(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := execute(t, c, sea.ExecuteStatementRequest{
		Statement:   "SELECT id, id * 2 AS twice FROM range(5)",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream,
	})
	require.Equal(t, sea.StateClosed, resp.Status.State)
	require.NotNil(t, resp.Manifest)
	require.Equal(t, sea.FormatArrowStream, resp.Manifest.Format)
	require.EqualValues(t, 5, resp.Manifest.TotalRowCount)
	require.Equal(t, 1, resp.Manifest.TotalChunkCount)
	require.NotNil(t, resp.Result)
	require.NotEmpty(t, resp.Result.Attachment)
	require.Empty(t, resp.Result.ExternalLinks)
	recs := decodeArrow(t, [][]byte{resp.Result.Attachment}, resp.Manifest.ResultCompression, false)
	require.Equal(t, []int64{0, 1, 2, 3, 4}, int64s(t, recs, 0))
	require.Equal(t, []int64{0, 2, 4, 6, 8}, int64s(t, recs, 1))

	got, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
	require.Nil(t, got.Manifest)
	require.Nil(t, got.Result)
	_, err = c.Chunk(t.Context(), resp.StatementID, 0)
	apiError(t, err, http.StatusNotFound)
}

// TestDirectResultsClosedOnlyWithResult: CLOSED without a result means "the
// results are gone" to clients, so a successful statement answered without
// wait_timeout is CLOSED only when the response carries its result.
func TestDirectResultsClosedOnlyWithResult(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MultiChunkInline: true, ChunkBytes: 64 << 10})
	for _, req := range []sea.ExecuteStatementRequest{
		{Statement: "SELECT 1 AS a WHERE false"},
		{Statement: "CREATE TABLE direct_t (a INT)"},
		{Statement: "SELECT 1 AS a WHERE false", Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream},
		{Statement: "SELECT id FROM range(300000)", Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream},
	} {
		resp := await(t, c, execute(t, c, req))
		require.Contains(t, []sea.State{sea.StateSucceeded, sea.StateClosed}, resp.Status.State, req.Statement)
		require.NotNil(t, resp.Manifest, req.Statement)
		if resp.Status.State == sea.StateClosed {
			require.NotNil(t, resp.Result, "%q: CLOSED without a result", req.Statement)
			require.Equal(t, 1, resp.Manifest.TotalChunkCount, req.Statement)
		}
	}
}

// TestAsyncSubmit: "0s" answers at once with PENDING or RUNNING; polling
// reaches SUCCEEDED with the manifest and chunk 0.
func TestAsyncSubmit(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := execute(t, c, sea.ExecuteStatementRequest{Statement: "SELECT count(*) AS n FROM range(200000000)", WaitTimeout: "0s"})
	require.Contains(t, []sea.State{sea.StatePending, sea.StateRunning}, resp.Status.State)
	require.Nil(t, resp.Manifest)
	require.Nil(t, resp.Result)

	done := await(t, c, resp)
	require.Equal(t, sea.StateSucceeded, done.Status.State)
	require.NotNil(t, done.Manifest)
	require.Equal(t, sea.FormatJSONArray, done.Manifest.Format)
	require.NotNil(t, done.Result)
	require.Equal(t, 0, done.Result.ChunkIndex)
	require.Equal(t, [][]string{{"200000000"}}, strs(done.Result.DataArray))
}

// TestWaitTimeout: a positive wait_timeout on a long query ends with CANCELED
// (on_wait_timeout CANCEL) or RUNNING/PENDING and a query that goes on
// (CONTINUE). Both waits run side by side.
func TestWaitTimeout(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	t.Run("cancel", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		resp := execute(t, c, sea.ExecuteStatementRequest{
			Statement: longQuery, WaitTimeout: "5s", OnWaitTimeout: sea.OnWaitTimeoutCancel,
			Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
		})
		require.GreaterOrEqual(t, time.Since(start), 4*time.Second, "answered before the wait_timeout")
		require.Equal(t, sea.StateCanceled, resp.Status.State)
		require.NotNil(t, resp.Manifest, "Python needs a manifest on CANCELED")
		require.Equal(t, sea.FormatArrowStream, resp.Manifest.Format)
		got, err := c.Get(t.Context(), resp.StatementID)
		require.NoError(t, err)
		require.Equal(t, sea.StateCanceled, got.Status.State)
	})
	t.Run("continue", func(t *testing.T) {
		t.Parallel()
		resp := execute(t, c, sea.ExecuteStatementRequest{Statement: longQuery, WaitTimeout: "5s", OnWaitTimeout: sea.OnWaitTimeoutContinue})
		require.Contains(t, []sea.State{sea.StatePending, sea.StateRunning}, resp.Status.State)
		time.Sleep(200 * time.Millisecond)
		got, err := c.Get(t.Context(), resp.StatementID)
		require.NoError(t, err)
		require.Equal(t, sea.StateRunning, got.Status.State, "the query goes on after the wait")
		require.NoError(t, c.Cancel(t.Context(), resp.StatementID))
		waitForState(t, c, resp.StatementID, sea.StateCanceled, 5*time.Second)
	})
}

func TestInvalidWaitTimeout(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	// 92233720368570s overflowed time.Duration to 22.24 s and was accepted.
	for _, wt := range []string{"3s", "abc", "51s", "-5s", "5", "92233720368570s", "+5s", "05s", "5.0s"} {
		_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1", WaitTimeout: wt})
		he := apiError(t, err, http.StatusBadRequest)
		require.Equal(t, sea.ErrorCodeInvalidParameterValue, he.Body.ErrorCode, wt)
		require.Contains(t, he.Body.Message, "wait_timeout", wt)
	}
	_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{Statement: "SELECT 1", OnWaitTimeout: "ABORT"})
	apiError(t, err, http.StatusBadRequest)
}

// TestCancelRunning: a cancelled query stops promptly and its session runs
// the next statement.
func TestCancelRunning(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	resp := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: longQuery, WaitTimeout: "0s"})
	waitForState(t, c, resp.StatementID, sea.StateRunning, 5*time.Second)

	start := time.Now()
	require.NoError(t, c.Cancel(t.Context(), resp.StatementID))
	got := waitForState(t, c, resp.StatementID, sea.StateCanceled, 5*time.Second)
	require.Nil(t, got.Result)

	next := run(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT 1 AS one", WaitTimeout: "30s"})
	require.Equal(t, sea.StateSucceeded, next.Status.State)
	require.Equal(t, [][]string{{"1"}}, strs(next.Result.DataArray))
	require.Less(t, time.Since(start), 10*time.Second, "the session stayed blocked by the cancelled query")

	// Cancelling again is a no-op.
	require.NoError(t, c.Cancel(t.Context(), resp.StatementID))
}

func TestCancelFinishedIsNoop(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 7 AS seven", WaitTimeout: "10s"})
	require.Equal(t, sea.StateSucceeded, resp.Status.State)
	require.NoError(t, c.Cancel(t.Context(), resp.StatementID))
	got, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateSucceeded, got.Status.State)
	require.Equal(t, [][]string{{"7"}}, strs(got.Result.DataArray))

	f := run(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM no_such_table", WaitTimeout: "10s"})
	require.Equal(t, sea.StateFailed, f.Status.State)
	require.NoError(t, c.Cancel(t.Context(), f.StatementID))
	got, err = c.Get(t.Context(), f.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateFailed, got.Status.State)
}

// TestCloseStatement: DELETE releases the result; the statement reads CLOSED.
func TestCloseStatement(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{
		Statement: "SELECT id FROM range(10)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
	})
	require.NoError(t, c.Close(t.Context(), resp.StatementID))
	got, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
	require.Nil(t, got.Manifest)
	require.Nil(t, got.Result)
	_, err = c.Chunk(t.Context(), resp.StatementID, 0)
	apiError(t, err, http.StatusNotFound)
	require.NoError(t, c.Close(t.Context(), resp.StatementID), "a second DELETE is harmless")

	// Closing a running statement stops it.
	long := execute(t, c, sea.ExecuteStatementRequest{Statement: longQuery, WaitTimeout: "0s"})
	require.NoError(t, c.Close(t.Context(), long.StatementID))
	got, err = c.Get(t.Context(), long.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
}

// TestConcurrencyCap: with MaxConcurrent 1 a second statement waits PENDING
// until the first one is cancelled, then runs.
func TestConcurrencyCap(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MaxConcurrent: 1})
	a := newSession(t, c, sea.CreateSessionRequest{})
	b := newSession(t, c, sea.CreateSessionRequest{})
	first := execute(t, c, sea.ExecuteStatementRequest{SessionID: a, Statement: longQuery, WaitTimeout: "0s"})
	waitForState(t, c, first.StatementID, sea.StateRunning, 5*time.Second)

	second := execute(t, c, sea.ExecuteStatementRequest{SessionID: b, Statement: "SELECT 42 AS answer FROM range(1)", WaitTimeout: "0s"})
	require.Equal(t, sea.StatePending, second.Status.State)
	third := execute(t, c, sea.ExecuteStatementRequest{Statement: "CREATE TABLE never_made (a INT)", WaitTimeout: "0s"})
	require.Equal(t, sea.StatePending, third.Status.State)
	for range 5 {
		time.Sleep(50 * time.Millisecond)
		got, err := c.Get(t.Context(), second.StatementID)
		require.NoError(t, err)
		require.Equal(t, sea.StatePending, got.Status.State)
	}

	// A PENDING statement can be cancelled; it never runs.
	require.NoError(t, c.Cancel(t.Context(), third.StatementID))
	waitForState(t, c, third.StatementID, sea.StateCanceled, 5*time.Second)

	require.NoError(t, c.Cancel(t.Context(), first.StatementID))
	done := await(t, c, second)
	require.Equal(t, sea.StateSucceeded, done.Status.State)
	require.Equal(t, [][]string{{"42"}}, strs(done.Result.DataArray))
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM never_made", WaitTimeout: "10s"})
	require.Equal(t, "42P01", st.SQLState, "the cancelled CREATE TABLE never ran")
}

// TestQuickStatementsDoNotQueueBehindLongOnes: with every regular slot
// taken by a long query, statements that read no table (SELECT 1, SHOW,
// SET) still run at once, in their own lane; a table-reading query waits.
func TestQuickStatementsDoNotQueueBehindLongOnes(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MaxConcurrent: 1})
	long := execute(t, c, sea.ExecuteStatementRequest{Statement: longQuery, WaitTimeout: "0s"})
	waitForState(t, c, long.StatementID, sea.StateRunning, 5*time.Second)
	for _, q := range []string{"SELECT 1", "SELECT current_catalog(), 2 + 2", "SHOW CATALOGS"} {
		resp := execute(t, c, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
		require.Contains(t, []sea.State{sea.StateSucceeded, sea.StateClosed}, resp.Status.State, q)
	}
	slow := execute(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 FROM range(1)", WaitTimeout: "0s"})
	require.Equal(t, sea.StatePending, slow.Status.State, "a table-reading query waits for a regular slot")
	require.NoError(t, c.Cancel(t.Context(), long.StatementID))
	require.Equal(t, sea.StateSucceeded, await(t, c, slow).Status.State)
}

// TestCancelQueuedSessionStatement: a statement waiting for its session's
// connection (it names a temporary view, which lives there, while another
// statement runs there) is PENDING and can be cancelled; later statements
// are not held up by it.
func TestCancelQueuedSessionStatement(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TEMP VIEW queued_v AS SELECT 3 AS three")
	first := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: longQueryOn("queued_v"), WaitTimeout: "0s"})
	waitForState(t, c, first.StatementID, sea.StateRunning, 5*time.Second)
	second := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT three FROM queued_v", WaitTimeout: "0s"})
	got, err := c.Get(t.Context(), second.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StatePending, got.Status.State)
	require.NoError(t, c.Cancel(t.Context(), second.StatementID))
	waitForState(t, c, second.StatementID, sea.StateCanceled, 5*time.Second)

	third := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT three FROM queued_v", WaitTimeout: "0s"})
	require.Equal(t, [][]string{{"4"}}, strs(rows(t, c, sid, "SELECT 4")), "a statement not naming the view runs meanwhile")
	got, err = c.Get(t.Context(), third.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StatePending, got.Status.State, "the session's connection is still busy with the first statement")

	require.NoError(t, c.Cancel(t.Context(), first.StatementID))
	done := await(t, c, third)
	require.Equal(t, sea.StateSucceeded, done.Status.State)
	require.Equal(t, [][]string{{"3"}}, strs(done.Result.DataArray))
}
