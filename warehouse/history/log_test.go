package history_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/history"
)

var t0 = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func start(l *history.Log, i int) {
	l.Start(history.Start{ID: fmt.Sprintf("q%d", i), Text: fmt.Sprintf("SELECT %d", i),
		UserID: int64(i%2 + 1), UserName: fmt.Sprintf("token-%d", i%2+1), Time: t0.Add(time.Duration(i) * time.Second)})
}

func ids(r history.ListResponse) []string {
	var out []string
	for _, q := range r.Res {
		out = append(out, q.QueryID)
	}
	return out
}

// TestRingKeepsTheLastN: the ring forgets the oldest statements beyond
// Size and lists the rest most recently started first.
func TestRingKeepsTheLastN(t *testing.T) {
	l := history.New(history.Config{Size: 3, WarehouseID: "local"})
	for i := 1; i <= 5; i++ {
		start(l, i)
	}
	require.Equal(t, 3, l.Len())
	r, err := l.List(history.ListRequest{}, t0)
	require.NoError(t, err)
	require.Equal(t, []string{"q5", "q4", "q3"}, ids(r))
	require.False(t, r.HasNextPage)
	_, ok := l.Get("q2", t0)
	require.False(t, ok, "forgotten")
	l.Finish("q1", history.Outcome{State: sea.StateSucceeded, Time: t0}) // forgotten: ignored
}

// TestTextAndParametersAreCapped: an entry keeps at most TextBytes of text
// and parameter values, cut on a UTF-8 boundary and marked truncated.
func TestTextAndParametersAreCapped(t *testing.T) {
	l := history.New(history.Config{Size: 2, TextBytes: 10})
	l.Start(history.Start{ID: "a", Text: "SELECT 'ééééééé'", Time: t0})
	v := "x"
	l.Start(history.Start{ID: "b", Text: "SELECT 1", Parameters: []sea.Parameter{{Name: "p", Value: &v}}, Time: t0})
	d, ok := l.Get("a", t0)
	require.True(t, ok)
	require.True(t, d.QueryTextTruncated)
	require.LessOrEqual(t, len(d.QueryText), 10)
	require.True(t, strings.HasPrefix("SELECT 'ééééééé'", d.QueryText))
	require.Equal(t, "SELECT 'é", d.QueryText)
	d, _ = l.Get("b", t0)
	require.Equal(t, "SELECT 1", d.QueryText)
	require.Empty(t, d.Parameters, "the parameter does not fit in the 2 bytes left")
	require.True(t, d.QueryTextTruncated)
}

// TestLifecycleAndMetrics: QUEUED → RUNNING → FINISHED with timings, rows
// and bytes from the manifest; a second outcome is ignored.
func TestLifecycleAndMetrics(t *testing.T) {
	l := history.New(history.Config{WarehouseID: "wh"})
	l.Start(history.Start{ID: "a", Text: "  -- c\n WITH x AS (SELECT 1) SELECT * FROM x", UserAgent: "PyDatabricksSqlConnector/4.9.0 (x)", Time: t0})
	r, _ := l.List(history.ListRequest{IncludeMetrics: true}, t0.Add(time.Second))
	require.Equal(t, history.StatusQueued, r.Res[0].Status)
	require.EqualValues(t, 1000, r.Res[0].Metrics.QueuedTimeMs)
	require.False(t, r.Res[0].IsFinal)
	l.Running("a", t0.Add(2*time.Second))
	l.Finish("a", history.Outcome{State: sea.StateSucceeded, Time: t0.Add(5 * time.Second),
		Manifest: &sea.ResultManifest{TotalRowCount: 7, TotalByteCount: 99, TotalChunkCount: 1}})
	l.Finish("a", history.Outcome{State: sea.StateFailed, Time: t0.Add(6 * time.Second)})
	d, _ := l.Get("a", t0.Add(time.Hour))
	require.Equal(t, history.StatusFinished, d.Status)
	require.True(t, d.IsFinal)
	require.Equal(t, "SELECT", d.StatementType)
	require.Equal(t, "PyDatabricksSqlConnector", d.ClientApplication)
	require.Equal(t, "wh", d.WarehouseID)
	require.EqualValues(t, 7, d.RowsProduced)
	require.EqualValues(t, 5000, d.Duration)
	require.Equal(t, history.Metrics{TotalTimeMs: 5000, ExecutionTimeMs: 3000, QueuedTimeMs: 2000,
		RowsProducedCount: 7, NetworkSentBytes: 99}, *d.Metrics)
	require.EqualValues(t, 1, d.Manifest.TotalChunkCount)
}

// TestFiltersAndPaging: filters combine; pages of max_results follow
// next_page_token, which carries the filter, until has_next_page is false.
func TestFiltersAndPaging(t *testing.T) {
	l := history.New(history.Config{WarehouseID: "local"})
	for i := 1; i <= 9; i++ {
		start(l, i)
	}
	l.Finish("q3", history.Outcome{State: sea.StateFailed, Error: &sea.ServiceError{Message: "boom"}, Time: t0})
	l.Finish("q4", history.Outcome{State: sea.StateCanceled, Time: t0})

	list := func(req history.ListRequest) history.ListResponse {
		t.Helper()
		r, err := l.List(req, t0)
		require.NoError(t, err)
		return r
	}
	require.Equal(t, []string{"q4", "q3"}, ids(list(history.ListRequest{FilterBy: &history.Filter{Statuses: []history.Status{"FAILED", "CANCELED"}}})))
	require.Equal(t, "boom", list(history.ListRequest{FilterBy: &history.Filter{Statuses: []history.Status{"FAILED"}}}).Res[0].ErrorMessage)
	require.Equal(t, []string{"q8", "q6", "q4", "q2"}, ids(list(history.ListRequest{FilterBy: &history.Filter{UserIDs: []int64{1}}})))
	require.Empty(t, list(history.ListRequest{FilterBy: &history.Filter{WarehouseIDs: []string{"other"}}}).Res)
	require.Len(t, list(history.ListRequest{FilterBy: &history.Filter{WarehouseIDs: []string{"local"}}}).Res, 9)
	tr := &history.TimeRange{StartTimeMs: t0.Add(3 * time.Second).UnixMilli(), EndTimeMs: t0.Add(5 * time.Second).UnixMilli()}
	require.Equal(t, []string{"q5", "q4", "q3"}, ids(list(history.ListRequest{FilterBy: &history.Filter{QueryStartTimeRange: tr}})))

	// Paging with a filter: user 2 has q9 q7 q5 q3 q1.
	var got []string
	req := history.ListRequest{MaxResults: 2, FilterBy: &history.Filter{UserIDs: []int64{2}}}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5)
		r := list(req)
		got = append(got, ids(r)...)
		if !r.HasNextPage {
			require.Empty(t, r.NextPageToken)
			break
		}
		// Statements started meanwhile do not shift the pages.
		start(l, 100+pages)
		req = history.ListRequest{MaxResults: 2, PageToken: r.NextPageToken}
	}
	require.Equal(t, []string{"q9", "q7", "q5", "q3", "q1"}, got)

	for _, bad := range []history.ListRequest{{MaxResults: 1001}, {MaxResults: -1}, {PageToken: "nope"},
		{FilterBy: &history.Filter{Statuses: []history.Status{"DONE"}}}} {
		_, err := l.List(bad, t0)
		require.ErrorIs(t, err, history.ErrBadRequest)
	}
}

// TestManifestIsCapped: a finished entry keeps at most 100 chunks and 1000
// columns of its manifest; the counts stay exact.
func TestManifestIsCapped(t *testing.T) {
	l := history.New(history.Config{})
	l.Start(history.Start{ID: "a", Text: "SELECT …", Time: t0})
	m := &sea.ResultManifest{TotalChunkCount: 500, Chunks: make([]sea.ChunkInfo, 500),
		Schema: sea.Schema{ColumnCount: 2000, Columns: make([]sea.ColumnInfo, 2000)}}
	l.Finish("a", history.Outcome{State: sea.StateSucceeded, Time: t0, Manifest: m})
	d, _ := l.Get("a", t0)
	require.Len(t, d.Manifest.Chunks, 100)
	require.Len(t, d.Manifest.Schema.Columns, 1000)
	require.Equal(t, 500, d.Manifest.TotalChunkCount)
	require.Equal(t, 2000, d.Manifest.Schema.ColumnCount)
	require.Len(t, m.Chunks, 500, "the caller's manifest is not changed")
}
