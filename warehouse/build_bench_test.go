package warehouse_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// kernelbenchQuery is bench/kernelbench's 5-column query (issue 15's).
const kernelbenchQuery = `SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
	'row_' || CAST(id % 1000 AS VARCHAR) AS label, id % 2 = 0 AS even FROM range(`

// processCPU is the CPU time this process has used (user + system), the
// figure that survives a shared machine's load better than wall time.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkResultBuild measures what issue 15's 10M-row execute costs the
// warehouse before it can answer: DuckDB producing the 5-column result,
// conversion, IPC encoding, and (LZ4_FRAME) compression of every chunk.
// It reports CPU seconds per execute (the whole process: DuckDB's threads
// included) beside the wall time.
func BenchmarkResultBuild(b *testing.B) {
	for _, comp := range []sea.Compression{sea.CompressionNone, sea.CompressionLZ4Frame} {
		b.Run(string(comp), func(b *testing.B) {
			c := benchWarehouse(b, warehouse.Config{})
			ctx := context.Background()
			var wire int64
			cpu0 := processCPU(b)
			for b.Loop() {
				resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{
					Statement: fmt.Sprintf("%s%d)", kernelbenchQuery, benchRows), WaitTimeout: "50s",
					Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream, ResultCompression: comp,
				})
				if err != nil {
					b.Fatal(err)
				}
				if resp.Status.State != sea.StateSucceeded {
					b.Fatalf("state %v", resp.Status)
				}
				wire = 0
				for _, ch := range resp.Manifest.Chunks {
					wire += ch.ByteCount
				}
				_ = c.Close(ctx, resp.StatementID)
			}
			b.ReportMetric((processCPU(b)-cpu0).Seconds()/float64(b.N), "CPU-s/op")
			b.ReportMetric(float64(wire)/1e6, "MB/op-raw")
		})
	}
}
