package kernel_test

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// soak makes TestFaultMatrix read a larger result several times per fault
// (make soak); make test runs the short version.
var soak = flag.Bool("soak", false, "run the fault matrix at soak size (make soak)")

// faultCases are the warehouse's faults (warehouse/faults, the flags of
// sealane serve --fault/--latency/…), one at a time.
var faultCases = []struct {
	name string
	cfg  faults.Config
}{
	{"api-latency", faults.Config{Latency: 5 * time.Millisecond}},
	{"download-latency-bandwidth", faults.Config{DownloadLatency: 10 * time.Millisecond, DownloadBandwidth: 8 << 20}},
	{"status-delay", faults.Config{StatusDelay: 50 * time.Millisecond}},
	{"execute-503-retry-after", faults.Config{Errors: []faults.Rule{{Call: faults.CallExecute, Status: 503, RetryAfter: 10 * time.Millisecond, Count: 1}}}},
	// The first two polls are refused (a rate could miss every poll when the
	// statement finishes by the first).
	{"get-statement-429", faults.Config{StatusDelay: 100 * time.Millisecond, Errors: []faults.Rule{{Call: faults.CallGetStatement, Status: 429, Count: 2}}}},
	{"get-chunk-503", faults.Config{Errors: []faults.Rule{{Call: faults.CallGetChunk, Status: 503, Rate: 0.3}}}},
	{"download-503", faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 503, Rate: 0.3}}}},
	{"download-500-twice", faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 500, Count: 2}}}},
	{"download-403", faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 403, Rate: 0.2}}}},
	{"reset-mid-download", faults.Config{ResetAfterBytes: 4 << 10, ResetCount: 3}},
	{"short-lived-links", faults.Config{LinkLifetime: 200 * time.Millisecond, DownloadLatency: 20 * time.Millisecond}},
}

// TestFaultMatrix reads a multi-chunk result through the real kernel from
// the real warehouse under each fault and checks every row, in order.
func TestFaultMatrix(t *testing.T) {
	rows, chunk, reads := 60000, int64(6000), 1
	if *soak {
		rows, chunk, reads = 2000000, 100000, 3
	}
	for i, tc := range faultCases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Seed = uint64(i + 1)
			e := newEnv(t, warehouse.Config{ChunkRows: chunk, Faults: tc.cfg})
			cfg := e.config()
			cfg.Retry.MaxRetries, cfg.CloudFetch.MaxRetries = 12, 12
			cfg.Retry.MaxWait = 50 * time.Millisecond
			c := connectConfig(t, cfg)
			for range reads {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				// Submit and Wait: the status is polled (get_statement).
				h, err := c.Submit(ctx, fmt.Sprintf("SELECT id, id * 2 AS twice FROM range(%d)", rows))
				require.NoError(t, err)
				rdr, err := h.Wait(ctx)
				require.NoError(t, err)
				requireRowByRow(t, rdr, rows)
				cancel()
			}
			st := e.srv.Faults().Stats()
			require.Greater(t, st.Requests[faults.CallDownload], int64(1), "the result came over several external links")
			if len(tc.cfg.Errors) > 0 || tc.cfg.ResetRate > 0 {
				require.Positive(t, st.Total(), "the fault fired")
			}
		})
	}
}

func connectConfig(t *testing.T, cfg kernel.Config) *kernel.Conn {
	t.Helper()
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, c.Close()) })
	return c
}

// requireRowByRow reads rdr to its end and checks row i is (i, 2i).
func requireRowByRow(t *testing.T, rdr array.RecordReader, n int) {
	t.Helper()
	defer rdr.Release()
	next := int64(0)
	for rdr.Next() {
		rec := rdr.RecordBatch()
		ids, twice := rec.Column(0).(*array.Int64), rec.Column(1).(*array.Int64)
		for j := range int(rec.NumRows()) {
			if ids.Value(j) != next || twice.Value(j) != 2*next {
				require.Failf(t, "wrong row", "row %d: id %d twice %d", next, ids.Value(j), twice.Value(j))
			}
			next++
		}
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, int64(n), next, "rows")
}
