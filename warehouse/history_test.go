package warehouse_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/history"
)

// listHistory calls GET /api/2.0/sql/history/queries with query.
func listHistory(t *testing.T, c *rawsea.Client, query url.Values) history.ListResponse {
	t.Helper()
	var resp history.ListResponse
	require.NoError(t, c.Do(context.Background(), http.MethodGet, "/history/queries?"+query.Encode(), nil, &resp))
	return resp
}

// TestQueryHistoryRecordsKernelStatements: statements the kernel runs over
// real HTTP appear in Query History with their text, state, error, user,
// client, rows and bytes produced and timings; filters and paging work
// over the query string the Databricks SDKs send; the API needs the token.
func TestQueryHistoryRecordsKernelStatements(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{Tokens: []string{"dapi-one", testToken}})
	ctx := context.Background()
	conn, err := kernel.Connect(ctx, kernel.Config{Host: c.BaseURL, WarehouseID: c.WarehouseID,
		AccessToken: testToken, UserAgentEntry: "history-test"})
	require.NoError(t, err)
	defer func() { require.NoError(t, conn.Close()) }()

	rdr, err := conn.Query(ctx, "SELECT id FROM range(5) WHERE id < :n", kernel.Named("n", 3))
	require.NoError(t, err)
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	rdr.Release()
	require.EqualValues(t, 3, rows)
	_, err = conn.Query(ctx, "SELECT no_such_column")
	require.Error(t, err)

	// A long statement, cancelled through the SEA cancel endpoint.
	h, err := conn.Submit(ctx, longQuery)
	require.NoError(t, err)
	waitForState(t, c, h.ID(), sea.StateRunning, 10*time.Second)
	running := listHistory(t, c, url.Values{"filter_by.statuses": {"RUNNING"}})
	require.Len(t, running.Res, 1)
	require.Equal(t, h.ID(), running.Res[0].QueryID)
	require.NoError(t, c.Cancel(ctx, h.ID()))
	waitForState(t, c, h.ID(), sea.StateCanceled, 10*time.Second)
	h.Close()

	all := listHistory(t, c, url.Values{"include_metrics": {"true"}})
	require.Len(t, all.Res, 3)
	long, bad, ok := all.Res[0], all.Res[1], all.Res[2] // most recent first
	require.Equal(t, history.StatusFinished, ok.Status)
	require.Equal(t, "SELECT id FROM range(5) WHERE id < :n", ok.QueryText)
	require.Equal(t, "SELECT", ok.StatementType)
	require.EqualValues(t, 3, ok.RowsProduced)
	require.EqualValues(t, 3, ok.Metrics.RowsProducedCount)
	require.Positive(t, ok.Metrics.NetworkSentBytes)
	require.Equal(t, "token-2", ok.UserName)
	require.EqualValues(t, 2, ok.UserID)
	require.Equal(t, "local", ok.WarehouseID)
	require.Contains(t, ok.UserAgent, "history-test")
	require.Equal(t, conn.SessionID(), ok.SessionID)
	require.True(t, ok.IsFinal)
	require.GreaterOrEqual(t, ok.QueryEndTimeMs, ok.QueryStartTimeMs)
	require.GreaterOrEqual(t, ok.ExecutionStartTimeMs, ok.QueryStartTimeMs)
	require.Equal(t, ok.QueryEndTimeMs-ok.QueryStartTimeMs, ok.Metrics.TotalTimeMs)

	require.Equal(t, history.StatusFailed, bad.Status)
	require.Contains(t, bad.ErrorMessage, "no_such_column")
	require.NotEmpty(t, bad.SQLState)
	require.Equal(t, history.StatusCanceled, long.Status)
	require.Equal(t, longQuery, long.QueryText)

	// The detail carries the parameters and the manifest.
	var d history.QueryDetail
	require.NoError(t, c.Do(ctx, http.MethodGet, "/history/queries/"+ok.QueryID, nil, &d))
	require.Len(t, d.Parameters, 1)
	require.Equal(t, "n", d.Parameters[0].Name)
	require.Equal(t, "3", *d.Parameters[0].Value)
	require.EqualValues(t, 3, d.Manifest.TotalRowCount)
	require.Equal(t, "id", d.Manifest.Schema.Columns[0].Name)

	// Filters and paging.
	failed := listHistory(t, c, url.Values{"filter_by.statuses": {"FAILED", "CANCELED"}})
	require.Len(t, failed.Res, 2)
	require.Empty(t, listHistory(t, c, url.Values{"filter_by.user_ids": {"1"}}).Res)
	require.Len(t, listHistory(t, c, url.Values{"filter_by.user_ids": {"2"}, "filter_by.warehouse_ids": {"local"}}).Res, 3)
	future := time.Now().Add(time.Hour).UnixMilli()
	require.Empty(t, listHistory(t, c, url.Values{"filter_by.query_start_time_range.start_time_ms": {strconv.FormatInt(future, 10)}}).Res)
	p1 := listHistory(t, c, url.Values{"max_results": {"2"}})
	require.True(t, p1.HasNextPage)
	p2 := listHistory(t, c, url.Values{"page_token": {p1.NextPageToken}})
	require.False(t, p2.HasNextPage)
	require.Equal(t, []string{long.QueryID, bad.QueryID}, []string{p1.Res[0].QueryID, p1.Res[1].QueryID})
	require.Equal(t, ok.QueryID, p2.Res[0].QueryID)

	// Bad requests and authentication.
	err = c.Do(ctx, http.MethodGet, "/history/queries?max_results=5000", nil, nil)
	require.Equal(t, "INVALID_PARAMETER_VALUE", apiError(t, err, http.StatusBadRequest).Body.ErrorCode)
	anon := *c
	anon.Token = ""
	apiError(t, anon.Do(ctx, http.MethodGet, "/history/queries", nil, nil), http.StatusUnauthorized)
}

// TestQueryHistoryKeepsTheLastN: Config.HistorySize bounds the history and
// Config.HistoryTextBytes the text kept per statement.
func TestQueryHistoryKeepsTheLastN(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{HistorySize: 3, HistoryTextBytes: 12})
	for _, q := range []string{"SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4 AS four_with_a_long_name"} {
		succeed(t, c, sea.ExecuteStatementRequest{Statement: q})
	}
	require.Equal(t, 3, srv.History().Len())
	r := listHistory(t, c, nil)
	require.Len(t, r.Res, 3)
	require.Equal(t, "SELECT 4 AS ", r.Res[0].QueryText)
	require.True(t, r.Res[0].QueryTextTruncated)
	require.Equal(t, "SELECT 2", r.Res[2].QueryText)
	require.True(t, strings.HasPrefix(r.Res[0].UserName, "token-"))
}

// TestQueryHistoryHasTheEndOnceTheAPIAnswers: the history records a
// statement's end before the statement API can report it, so a client that
// asks the history as soon as the execute (or a status poll) has answered
// sees FINISHED or FAILED, never RUNNING, with the end time set.
func TestQueryHistoryHasTheEndOnceTheAPIAnswers(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	ctx := context.Background()
	newest := func(id string) history.QueryInfo {
		t.Helper()
		res := listHistory(t, c, url.Values{"max_results": {"1"}}).Res
		require.Len(t, res, 1)
		require.Equal(t, id, res[0].QueryID)
		return res[0]
	}
	for i := range 20 {
		q := "SELECT " + strconv.Itoa(i)
		want := history.StatusFinished
		if i%4 == 3 {
			q, want = "SELECT no_such_column_"+strconv.Itoa(i), history.StatusFailed
		}
		wait := "10s" // the execute answers with the end
		if i%2 == 1 {
			wait = "0s" // a status poll does
		}
		resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{Statement: q, WaitTimeout: wait})
		require.NoError(t, err)
		resp, err = c.Wait(ctx, resp, time.Millisecond)
		require.NoError(t, err)
		require.True(t, resp.Status.State.Terminal(), "%s: %s", q, resp.Status.State)
		got := newest(resp.StatementID)
		require.Equal(t, want, got.Status, "%s: the history is behind the API", q)
		require.True(t, got.IsFinal)
		require.Positive(t, got.QueryEndTimeMs)
		require.NoError(t, c.Close(ctx, resp.StatementID))
	}
}
