package warehouse_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// TestFaultExecute503: the first execute gets 503 with Retry-After and a SEA
// body; the retry succeeds.
func TestFaultExecute503(t *testing.T) {
	rule, err := faults.ParseRule("execute:503:retry-after=2s:count=1")
	require.NoError(t, err)
	c, srv := newWarehouse(t, warehouse.Config{Faults: faults.Config{Errors: []faults.Rule{rule}}})

	body := `{"warehouse_id": "local", "statement": "SELECT 1", "wait_timeout": "10s"}`
	status, h, raw := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+"/statements", body,
		map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"})
	require.Equal(t, http.StatusServiceUnavailable, status)
	require.Equal(t, "2", h.Get("Retry-After"))
	var e sea.ErrorResponse
	require.NoError(t, json.Unmarshal(raw, &e))
	require.Equal(t, sea.ErrorCodeTemporarilyUnavailable, e.ErrorCode)
	require.NotEmpty(t, e.Message)

	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 AS one", WaitTimeout: "10s"})
	require.Equal(t, [][]string{{"1"}}, strs(resp.Result.DataArray))
	// Other calls were never affected.
	_, err = c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.EqualValues(t, 1, srv.Faults().Stats().TotalErrors)
}

// TestFaultDownloadReset: a download cut after N bytes is a read error on
// the client; the next download is whole.
func TestFaultDownloadReset(t *testing.T) {
	var logs syncBuffer
	c, _ := newWarehouse(t, warehouse.Config{Faults: faults.Config{ResetAfterBytes: 1000, ResetCount: 1},
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	_, link := linkedResult(t, c)
	require.Greater(t, link.ByteCount, int64(1000))
	b, _, err := c.Download(t.Context(), link)
	require.Error(t, err, "the body was cut")
	require.LessOrEqual(t, len(b), 1000)

	b, status, err := c.Download(t.Context(), link)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)
	// Both downloads are in the request log, the cut one marked aborted.
	require.Eventually(t, func() bool { return strings.Count(logs.String(), `"path":"/sealane/results/`) == 2 },
		5*time.Second, 10*time.Millisecond, logs.String())
	require.Equal(t, 1, strings.Count(logs.String(), `"aborted":true`), logs.String())
}

// TestFaultLatency: every API call takes at least Latency, and every
// download at least DownloadLatency (lower bounds only).
func TestFaultLatency(t *testing.T) {
	const lat = 250 * time.Millisecond
	c, _ := newWarehouse(t, warehouse.Config{Faults: faults.Config{Latency: lat, DownloadLatency: lat}})
	start := time.Now()
	sid := newSession(t, c, sea.CreateSessionRequest{})
	require.GreaterOrEqual(t, time.Since(start), lat)

	start = time.Now()
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT id FROM range(1000)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.GreaterOrEqual(t, time.Since(start), lat)

	start = time.Now()
	_, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), lat)

	start = time.Now()
	b, status, err := c.Download(t.Context(), resp.Result.ExternalLinks[0])
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	require.GreaterOrEqual(t, time.Since(start), lat)
	requireValues(t, b)
}

// TestResultTTL: results expire after ResultTTL; the statement then reads CLOSED.
func TestResultTTL(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{ResultTTL: 300 * time.Millisecond})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(1000)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.Equal(t, sea.StateSucceeded, resp.Status.State)
	link := resp.Result.ExternalLinks[0]
	f := run(t, c, sea.ExecuteStatementRequest{Statement: "SELECT * FROM no_such_table", WaitTimeout: "10s"})
	require.Equal(t, sea.StateFailed, f.Status.State)

	time.Sleep(1500 * time.Millisecond)
	got, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
	require.Nil(t, got.Manifest)
	require.Nil(t, got.Result)
	_, err = c.Chunk(t.Context(), resp.StatementID, 0)
	apiError(t, err, http.StatusNotFound)
	status, _ := download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusNotFound, status)

	// FAILED statements expire too (Python never deletes them).
	got, err = c.Get(t.Context(), f.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
}

// TestMemoryBudgetSpills: with a one-byte budget every chunk spills to
// disk, and chunks still come back whole over links and as attachments.
func TestMemoryBudgetSpills(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{MemoryBudget: 1, SpillDir: t.TempDir(), ChunkBytes: 64 << 10})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: bigQuery, WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: sea.CompressionLZ4Frame})
	require.Greater(t, resp.Manifest.TotalChunkCount, 10)
	require.Equal(t, sequence(300000), checkLinkedChunks(t, c, resp))

	resp = succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(1000)", WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	require.NotEmpty(t, resp.Result.Attachment)
	requireValues(t, resp.Result.Attachment)
}
