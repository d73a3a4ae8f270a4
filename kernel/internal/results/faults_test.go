package results_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// faultRows is the size of the results the fault tests read: 300000 rows
// of 16 bytes, about 20 chunks at 256 KiB.
const faultRows = 300000

// readAll reads faultRows ids over links with cfg tweaked by tweak and
// checks every value.
func readAll(t *testing.T, e *env, comp sea.Compression, tweak func(*results.Config)) results.Stats {
	t.Helper()
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), comp)
	cfg := e.config(resp.StatementID)
	if tweak != nil {
		tweak(&cfg)
	}
	rdr := e.open(t, t.Context(), resp, cfg)
	defer rdr.Release()
	requireIDs(t, drain(t, rdr), faultRows)
	return stats(t, rdr)
}

// TestRefreshBeforeExpiry: with RefreshMargin above LinkTTL every link
// counts as about to expire, so each chunk's link is refreshed before its
// download; the result is identical.
func TestRefreshBeforeExpiry(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, LinkTTL: 2 * time.Second})
	st := readAll(t, e, sea.CompressionLZ4Frame, func(c *results.Config) { c.RefreshMargin = time.Hour })
	require.GreaterOrEqual(t, st.Refreshes, st.Chunks)
	require.Equal(t, st.Chunks, st.Downloads, "no download used a stale link")
}

// TestExpiredLinksRefreshed: links expire (LinkTTL 1s) while the reader
// holds them unused. By the clock the reader refreshes them before
// downloading; with a client clock an hour behind the server they look
// valid, get 403 and are refreshed at once. The result is identical.
func TestExpiredLinksRefreshed(t *testing.T) {
	for _, tc := range []struct {
		name string
		skew time.Duration
	}{{"clock", 0}, {"skewed-clock", -time.Hour}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, warehouse.Config{ChunkRows: 30000, LinkTTL: time.Second})
			resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionNone)
			require.Equal(t, 10, resp.Manifest.TotalChunkCount)
			cfg := e.config(resp.StatementID)
			// One chunk at a time, every link fetched at once.
			cfg.MemoryBudget, cfg.RefreshMargin = 1, time.Nanosecond
			cfg.Now = func() time.Time { return time.Now().Add(tc.skew) }
			rdr := e.open(t, t.Context(), resp, cfg)
			defer rdr.Release()
			time.Sleep(2100 * time.Millisecond) // every link fetched so far has expired
			requireIDs(t, drain(t, rdr), faultRows)
			st := stats(t, rdr)
			// Chunks 0..2 may be downloaded before the sleep (one buffered,
			// two decoded ahead); the others were refreshed.
			require.GreaterOrEqual(t, st.Refreshes, int64(7))
			if tc.skew == 0 {
				require.Equal(t, st.Chunks, st.Downloads, "refreshed before downloading")
			} else {
				require.GreaterOrEqual(t, st.Downloads, st.Chunks+7, "403, refresh, download again")
			}
		})
	}
}

// TestLinkLifetimeFault: links rejected early (403) although their
// advertised expiration is far away; each is refreshed and retried.
func TestLinkLifetimeFault(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkRows: 30000, Faults: faults.Config{LinkLifetime: 300 * time.Millisecond}})
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionLZ4Frame)
	cfg := e.config(resp.StatementID)
	cfg.MemoryBudget = 1
	rdr := e.open(t, t.Context(), resp, cfg)
	defer rdr.Release()
	time.Sleep(400 * time.Millisecond)
	requireIDs(t, drain(t, rdr), faultRows)
	require.GreaterOrEqual(t, stats(t, rdr).Refreshes, int64(7), "all but chunks 0..2")
}

// TestDownloadErrorsRetried: 500 and 503 answers (one with Retry-After)
// are retried with backoff and the result is identical.
func TestDownloadErrorsRetried(t *testing.T) {
	rules := []faults.Rule{
		{Call: faults.CallDownload, Status: 503, Count: 3},
		{Call: faults.CallDownload, Status: 500, Count: 1},
		{Call: faults.CallDownload, Status: 429, Count: 1, RetryAfter: time.Second},
	}
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, Faults: faults.Config{Errors: rules}})
	st := readAll(t, e, sea.CompressionLZ4Frame, nil)
	require.EqualValues(t, 5, e.srv.Faults().Stats().TotalErrors)
	require.GreaterOrEqual(t, st.Retries, int64(5))
}

// TestResetMidChunk: connections reset part-way through a body; the
// download resumes and the result is identical.
func TestResetMidChunk(t *testing.T) {
	for _, comp := range compressions {
		t.Run(string(comp), func(t *testing.T) {
			e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, Faults: faults.Config{ResetAfterBytes: 50000, ResetCount: 4}})
			st := readAll(t, e, comp, nil)
			require.EqualValues(t, 4, e.srv.Faults().Stats().TotalResets)
			require.GreaterOrEqual(t, st.Retries, int64(4))
		})
	}
}

// TestRetriesExhausted: a chunk that keeps failing ends the result with an
// error naming the statement, the chunk and the status, and never the
// link's signature.
func TestRetriesExhausted(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, Faults: faults.Config{
		Errors: []faults.Rule{{Call: faults.CallDownload, Status: 503}}}})
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionNone)
	cfg := e.config(resp.StatementID)
	cfg.MaxRetries = 2
	_, err := results.NewReader(t.Context(), resp.Manifest, resp.Result, e.fetcher(resp.StatementID), cfg)
	require.ErrorIs(t, err, results.ErrDownload)
	var ce *results.ChunkError
	require.True(t, errors.As(err, &ce))
	// Downloads run in parallel: the first chunk to run out of retries
	// stops the result.
	require.Less(t, ce.Chunk, results.DefaultParallel+1)
	require.Equal(t, 503, ce.Status)
	require.Equal(t, 3, ce.Attempts)
	require.Equal(t, resp.StatementID, ce.StatementID)
	require.Contains(t, err.Error(), resp.StatementID)
	require.Contains(t, err.Error(), fmt.Sprintf("chunk %d:", ce.Chunk))
	require.Contains(t, err.Error(), "503")
	require.NotContains(t, err.Error(), "sig=")
	t.Log(err)
}

// TestLinkRejectedForGood: a link refused after every refresh fails with
// ErrLinkExpired once MaxRefreshes is used up.
func TestLinkRejectedForGood(t *testing.T) {
	e := newEnv(t, warehouse.Config{Faults: faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 403}}}})
	resp := e.links(t, fmt.Sprintf(idsQuery, 1000), sea.CompressionNone)
	_, err := results.NewReader(t.Context(), resp.Manifest, resp.Result, e.fetcher(resp.StatementID), e.config(resp.StatementID))
	require.ErrorIs(t, err, results.ErrLinkExpired)
	require.Contains(t, err.Error(), "HTTP 403")
	require.Contains(t, err.Error(), "after 4 attempts")
}

// TestMemoryBudget: the bytes received but not yet consumed never exceed
// the budget plus one chunk. Slow downloads (30 ms to the first byte, then
// 1 MB/s each) keep a fast reader waiting, so the window widens to
// Parallel and the budget is what stops more chunks from downloading at
// once.
func TestMemoryBudget(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 128 << 10, Faults: faults.Config{
		DownloadLatency: 30 * time.Millisecond, DownloadBandwidth: 1 << 20}})
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionNone)
	var biggest int64
	for _, c := range resp.Manifest.Chunks {
		biggest = max(biggest, c.ByteCount)
	}
	const budget = 400 << 10
	cfg := e.config(resp.StatementID)
	cfg.MemoryBudget, cfg.BatchRows = budget, -1
	rdr := e.open(t, t.Context(), resp, cfg)
	defer rdr.Release()
	n := 0
	for rdr.Next() {
		n += int(rdr.RecordBatch().NumRows())
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, faultRows, n)
	st := stats(t, rdr)
	t.Logf("peak held %d bytes, budget %d, largest chunk %d", st.PeakBytesHeld, budget, biggest)
	require.LessOrEqual(t, st.PeakBytesHeld, int64(budget)+biggest)
	require.Greater(t, st.PeakBytesHeld, biggest, "several chunks downloaded at once")
}

// TestReleaseMidStream: Release while downloads are in flight, or while
// decoded batches wait in the decoders' queues, returns promptly, stops
// everything, and leaks neither goroutines nor memory (checked at cleanup).
func TestReleaseMidStream(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bandwidth int64
		wait      time.Duration
	}{{"downloading", 2 << 20, 0}, {"queued", 0, 300 * time.Millisecond}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, Faults: faults.Config{DownloadBandwidth: tc.bandwidth}})
			resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionLZ4Frame)
			cfg := e.config(resp.StatementID)
			cfg.BatchRows = -1
			rdr := e.open(t, t.Context(), resp, cfg)
			require.True(t, rdr.Next())
			time.Sleep(tc.wait)
			start := time.Now()
			rdr.Release()
			require.Less(t, time.Since(start), time.Second)
		})
	}
}

// TestContextCancelMidStream: cancelling the reader's context ends Next
// promptly with an error wrapping context.Canceled.
func TestContextCancelMidStream(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10, Faults: faults.Config{DownloadBandwidth: 2 << 20}})
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionNone)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cfg := e.config(resp.StatementID)
	cfg.BatchRows = -1
	rdr := e.open(t, ctx, resp, cfg)
	defer rdr.Release()
	require.True(t, rdr.Next())
	cancel()
	start := time.Now()
	for rdr.Next() {
	}
	require.Less(t, time.Since(start), time.Second)
	require.ErrorIs(t, rdr.Err(), context.Canceled)
	require.Contains(t, rdr.Err().Error(), resp.StatementID)
}

// TestCoalescing: small batches are concatenated across chunk boundaries
// to at least BatchRows; disabled, the IPC batches come through as sent.
func TestCoalescing(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkBytes: 64 << 10})
	resp := e.links(t, fmt.Sprintf(idsQuery, faultRows), sea.CompressionLZ4Frame)
	perChunk := resp.Manifest.Chunks[0].RowCount
	require.Less(t, perChunk, int64(10000), "chunks smaller than the target, so batches span chunks")
	for _, tc := range []struct {
		name      string
		batchRows int
	}{{"10000", 10000}, {"default", 0}, {"disabled", -1}} {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.run(t, sea.ExecuteStatementRequest{Statement: fmt.Sprintf(idsQuery, faultRows),
				Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
			cfg := e.config(resp.StatementID)
			cfg.BatchRows = tc.batchRows
			rdr := e.open(t, t.Context(), resp, cfg)
			defer rdr.Release()
			d := drain(t, rdr)
			requireIDs(t, d, faultRows)
			switch tc.batchRows {
			case 10000:
				for i, n := range d.batches[:len(d.batches)-1] {
					require.GreaterOrEqual(t, n, int64(10000), "batch %d", i)
					require.Less(t, n, int64(10000+2048), "batch %d: no more than needed", i)
				}
			case 0:
				require.Len(t, d.batches, 3) // 131072 + 131072 + 37856
				require.GreaterOrEqual(t, d.batches[0], int64(results.DefaultBatchRows))
			default:
				for i, n := range d.batches {
					require.LessOrEqual(t, n, int64(2048), "batch %d", i)
				}
			}
		})
	}
}
