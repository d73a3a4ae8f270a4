package kernel_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// benchRTT is the round trip injected before every API call and download.
const benchRTT = 20 * time.Millisecond

// fiveColumns is the fixed 5-column schema of the size benchmarks.
const fiveColumns = `SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
	'row_' || CAST(id %% 1000 AS VARCHAR) AS label, id %% 2 = 0 AS even FROM range(%d)`

// BenchmarkQuery measures Query + draining the reader against the local
// warehouse with an injected RTT, at the seed's sizes.
func BenchmarkQuery(b *testing.B) {
	e := newBenchEnv(b, warehouse.Config{Faults: faults.Config{Latency: benchRTT, DownloadLatency: benchRTT}})
	c, err := kernel.Connect(context.Background(), e.config())
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = c.Close() }()
	b.Run("SELECT_1", func(b *testing.B) {
		for b.Loop() {
			rdr, err := c.Query(context.Background(), "SELECT 1")
			if err != nil {
				b.Fatal(err)
			}
			for rdr.Next() {
			}
			rdr.Release()
		}
	})
	for _, n := range []int{10_000, 500_000, 1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				rdr, err := c.Query(context.Background(), fmt.Sprintf(fiveColumns, n))
				if err != nil {
					b.Fatal(err)
				}
				var rows int64
				for rdr.Next() {
					rows += rdr.RecordBatch().NumRows()
					if rows%(1<<20) < 131072 {
						var ms runtime.MemStats
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
				if err := rdr.Err(); err != nil {
					b.Fatal(err)
				}
				rdr.Release()
				if rows != int64(n) {
					b.Fatalf("rows %d != %d", rows, n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// newBenchEnv is newEnv for benchmarks (no leak check).
func newBenchEnv(b *testing.B, cfg warehouse.Config) *env {
	b.Helper()
	return startEnv(b, cfg)
}

// BenchmarkCloseAfterCancelledQuery times Conn.Close right after a query
// whose context ended while its execute was still in flight (the server
// holds an execute up to DirectResultsWait, 10 s by default), with an
// injected RTT: Close no longer waits for that execute.
func BenchmarkCloseAfterCancelledQuery(b *testing.B) {
	e := newBenchEnv(b, warehouse.Config{Faults: faults.Config{Latency: benchRTT}})
	for b.Loop() {
		b.StopTimer()
		c, err := kernel.Connect(context.Background(), e.config())
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		if _, err := c.Query(ctx, "SELECT count(*) FROM range(1000000000000)"); err == nil {
			b.Fatal("the endless query succeeded")
		}
		cancel()
		b.StartTimer()
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
