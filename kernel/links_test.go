package kernel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// linkQuery returns 300000 ids, 20 chunks of 15000 rows on the warehouses
// below.
const (
	linkQuery     = "SELECT id FROM range(300000)"
	linkRows      = 300000
	linkChunkRows = 15000
)

// requireOrderedIDs drains rdr and requires exactly 0..n-1, in order.
func requireOrderedIDs(t *testing.T, rdr array.RecordReader, n int64) {
	t.Helper()
	defer rdr.Release()
	var next int64
	for rdr.Next() {
		col, ok := rdr.RecordBatch().Column(0).(*array.Int64)
		require.True(t, ok)
		for _, v := range col.Int64Values() {
			if v != next {
				require.Failf(t, "out of order", "row %d is %d", next, v)
			}
			next++
		}
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, n, next)
}

// chunkGets counts the chunk-link requests among calls.
func chunkGets(calls []string) int {
	n := 0
	for _, c := range calls {
		if strings.HasPrefix(c, "GET ") && strings.Contains(c, "/result/chunks/") {
			n++
		}
	}
	return n
}

// TestLinksUnderFaults: chunk-link requests fail with 503 at random
// (retried by the API client) while links are fetched several at once and
// expire early (403 from storage, refreshed); the result is identical and
// in order, and no goroutine is left.
func TestLinksUnderFaults(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkRows: linkChunkRows, Faults: faults.Config{
		Seed:         7,
		Errors:       []faults.Rule{{Call: faults.CallGetChunk, Status: 503, Rate: 0.3}},
		LinkLifetime: 150 * time.Millisecond,
		// Downloads one at a time, 15 ms each: links fetched ahead expire.
		DownloadLatency: 15 * time.Millisecond,
	}})
	cfg := e.config()
	cfg.Retry.MaxRetries = 10 // a 503 six times in a row must not fail the test
	cfg.CloudFetch.LinkParallel = 4
	cfg.CloudFetch.Parallel = 2
	cfg.CloudFetch.MemoryBudget = 1 // one chunk downloaded at a time: links wait and expire
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	defer func() { require.NoError(t, c.Close()) }()
	rdr, err := c.Query(context.Background(), linkQuery)
	require.NoError(t, err)
	requireOrderedIDs(t, rdr, linkRows)
	require.Positive(t, e.srv.Faults().Stats().TotalErrors, "some chunk-link requests failed")
	downloads := 0
	for _, c := range e.calls() {
		if strings.HasPrefix(c, "GET /sealane/results/") {
			downloads++
		}
	}
	require.Greater(t, downloads, linkRows/linkChunkRows, "some links expired and were refreshed")
}

// TestJDBCUserAgentOption: with CloudFetch.JDBCUserAgent the warehouse
// sends every link in the first response and the kernel asks for none;
// without it the kernel pages through them. Both results are identical.
func TestJDBCUserAgentOption(t *testing.T) {
	for _, jdbc := range []bool{false, true} {
		e := newEnv(t, warehouse.Config{ChunkRows: linkChunkRows})
		cfg := e.config()
		cfg.CloudFetch.JDBCUserAgent = jdbc
		c, err := kernel.Connect(context.Background(), cfg)
		require.NoError(t, err)
		rdr, err := c.Query(context.Background(), linkQuery)
		require.NoError(t, err)
		requireOrderedIDs(t, rdr, linkRows)
		require.NoError(t, c.Close())
		if jdbc {
			require.Zero(t, chunkGets(e.calls()))
		} else {
			require.Equal(t, linkRows/linkChunkRows-1, chunkGets(e.calls()))
		}
	}
}

// TestCompressionOption: by default the kernel asks for LZ4_FRAME; with
// Config.Compression none it sends no result_compression (as Databricks'
// Rust kernel), so the warehouse sends plain Arrow IPC. The warehouse saw
// what was asked, and the results — 20 external-link chunks and an inline
// attachment — are identical either way.
func TestCompressionOption(t *testing.T) {
	for _, tc := range []struct {
		comp kernel.Compression
		want sea.Compression
	}{{"", sea.CompressionLZ4Frame}, {kernel.CompressionLZ4, sea.CompressionLZ4Frame}, {kernel.CompressionNone, ""}} {
		t.Run(string(tc.want), func(t *testing.T) {
			e := newEnv(t, warehouse.Config{ChunkRows: linkChunkRows})
			cfg := e.config()
			cfg.Compression = tc.comp
			c, err := kernel.Connect(context.Background(), cfg)
			require.NoError(t, err)
			defer func() { require.NoError(t, c.Close()) }()
			rdr, err := c.Query(context.Background(), linkQuery)
			require.NoError(t, err)
			requireOrderedIDs(t, rdr, linkRows)
			rdr, err = c.Query(context.Background(), "SELECT id FROM range(1000)")
			require.NoError(t, err)
			requireOrderedIDs(t, rdr, 1000)
			e.mu.Lock()
			defer e.mu.Unlock()
			require.Equal(t, []sea.Compression{tc.want, tc.want}, e.compression)
		})
	}
}

func TestCompressionInvalid(t *testing.T) {
	cfg := kernel.NewConfig(kernel.WithHost("http://127.0.0.1:1"), kernel.WithHTTPPath("/sql/1.0/warehouses/w"), kernel.WithAccessToken("t"))
	cfg.Compression = "zstd"
	_, err := kernel.Connect(context.Background(), cfg)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
}
