package results_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// BenchmarkReader10M reads a 10M-row × 3-column result (about 240 MB of
// Arrow IPC, LZ4-framed, 8 MiB chunks over external links) through the
// reader, and through a raw baseline that downloads and LZ4-decodes the
// same chunks with the same parallelism but does no Arrow work. It reports
// both rates in MB/s of uncompressed IPC and their ratio (raw time over
// reader time: 1 means the reader costs nothing beyond the raw limit), and
// the same ratio of process CPU time, which other load disturbs less.
func BenchmarkReader10M(b *testing.B) {
	e := newEnv(b, warehouse.Config{})
	resp := e.links(b, "SELECT id, id*2 AS twice, id/3 AS third FROM range(10000000)", sea.CompressionLZ4Frame)
	id := resp.StatementID
	mb := float64(resp.Manifest.TotalByteCount) / 1e6
	b.Logf("%d chunks, %.1f MB uncompressed", resp.Manifest.TotalChunkCount, mb)
	var readerTime, rawTime, readerCPU, rawCPU time.Duration
	ctx := context.Background()
	for b.Loop() {
		fresh, err := e.c.Get(ctx, id) // fresh links for chunk 0
		if err != nil {
			b.Fatal(err)
		}
		start, cpu := time.Now(), cpuTime()
		cfg := e.config(id)
		cfg.Allocator = memory.NewGoAllocator()
		rdr := e.open(b, ctx, fresh, cfg)
		var rows int64
		for rdr.Next() {
			rows += rdr.RecordBatch().NumRows()
		}
		if err := rdr.Err(); err != nil || rows != 10_000_000 {
			b.Fatalf("rows %d err %v", rows, err)
		}
		rdr.Release()
		readerTime += time.Since(start)
		readerCPU += cpuTime() - cpu

		start, cpu = time.Now(), cpuTime()
		rawDownload(b, e, fresh, results8)
		rawTime += time.Since(start)
		rawCPU += cpuTime() - cpu
	}
	n := float64(b.N)
	b.ReportMetric(mb*n/readerTime.Seconds(), "reader-MB/s")
	b.ReportMetric(mb*n/rawTime.Seconds(), "raw-MB/s")
	b.ReportMetric(rawTime.Seconds()/readerTime.Seconds(), "reader/raw")
	if rawCPU > 0 {
		// CPU time is steadier than wall time on a busy machine.
		b.ReportMetric(rawCPU.Seconds()/readerCPU.Seconds(), "cpu-reader/raw")
	}
}

// BenchmarkDrainIssue15 reads issue 15's 10M-row, 5-column result through
// the reader, LZ4-framed and plain, and reports the CPU seconds of a read:
// the reader's work plus the in-process warehouse serving the chunks (the
// result is built once, before the loop).
func BenchmarkDrainIssue15(b *testing.B) {
	const q = `SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
		'row_' || CAST(id % 1000 AS VARCHAR) AS label, id % 2 = 0 AS even FROM range(10000000)`
	for _, comp := range []sea.Compression{sea.CompressionLZ4Frame, sea.CompressionNone} {
		b.Run(string(comp), func(b *testing.B) {
			e := newEnv(b, warehouse.Config{})
			resp := e.links(b, q, comp)
			ctx := context.Background()
			var cpuUsed time.Duration
			for b.Loop() {
				fresh, err := e.c.Get(ctx, resp.StatementID)
				if err != nil {
					b.Fatal(err)
				}
				cpu := cpuTime()
				rdr := e.open(b, ctx, fresh, e.config(resp.StatementID))
				var rows int64
				for rdr.Next() {
					rows += rdr.RecordBatch().NumRows()
				}
				if err := rdr.Err(); err != nil || rows != 10_000_000 {
					b.Fatalf("rows %d err %v", rows, err)
				}
				rdr.Release()
				cpuUsed += cpuTime() - cpu
			}
			b.ReportMetric(cpuUsed.Seconds()/float64(b.N), "CPU-s/read")
		})
	}
}

// results8 is the raw baseline's parallelism, the reader's default.
const results8 = 8

// rawDownload fetches every chunk's link, then downloads and LZ4-decodes
// the chunks, parallel at a time, discarding the bytes.
func rawDownload(b *testing.B, e *env, resp *sea.StatementResponse, parallel int) {
	ctx := context.Background()
	links := append([]sea.ExternalLink(nil), resp.Result.ExternalLinks...)
	for len(links) < resp.Manifest.TotalChunkCount {
		d, err := e.c.Chunk(ctx, resp.StatementID, len(links))
		if err != nil {
			b.Fatal(err)
		}
		links = append(links, d.ExternalLinks...)
	}
	var wg sync.WaitGroup
	var total atomic.Int64
	sem := make(chan struct{}, parallel)
	for _, l := range links {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, l.ExternalLink, nil)
			r, err := e.http.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			defer func() { _ = r.Body.Close() }()
			n, err := io.Copy(io.Discard, lz4.NewReader(r.Body))
			if err != nil {
				b.Error(err)
			}
			total.Add(n)
		}()
	}
	wg.Wait()
	if total.Load() != resp.Manifest.TotalByteCount {
		b.Fatalf("raw: %d bytes, manifest says %d", total.Load(), resp.Manifest.TotalByteCount)
	}
}
