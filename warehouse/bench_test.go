package warehouse_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// benchWarehouse starts a warehouse for benchmarks.
func benchWarehouse(b *testing.B, cfg warehouse.Config) *rawsea.Client {
	b.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	if err != nil {
		b.Fatal(err)
	}
	cfg.Tokens = []string{"dapi-bench"}
	srv := warehouse.New(eng, cfg)
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
		_ = eng.Close()
	})
	transport := &http.Transport{MaxIdleConnsPerHost: 16}
	return &rawsea.Client{BaseURL: ts.URL, Token: "dapi-bench", WarehouseID: srv.Config().WarehouseID, HTTP: &http.Client{Transport: transport}}
}

// benchRows is the acceptance size: 10M rows × 3 columns.
const benchRows = 10_000_000

const benchQuery = "SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third FROM range(%d)"

// BenchmarkExecuteToAllChunks measures the time from execute to every chunk
// of a 10M-row × 3-column result served over external links, with and
// without LZ4_FRAME. Downloads run 8 at a time, as clients do.
func BenchmarkExecuteToAllChunks(b *testing.B) {
	for _, comp := range []sea.Compression{sea.CompressionNone, sea.CompressionLZ4Frame} {
		b.Run(string(comp), func(b *testing.B) {
			c := benchWarehouse(b, warehouse.Config{})
			ctx := context.Background()
			var wire int64
			for b.Loop() {
				resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{
					Statement: fmt.Sprintf(benchQuery, benchRows), WaitTimeout: "0s",
					Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: comp,
				})
				if err != nil {
					b.Fatal(err)
				}
				if resp, err = c.Wait(ctx, resp, 5*time.Millisecond); err != nil || resp.Status.State != sea.StateSucceeded {
					b.Fatalf("state %v err %v", resp.Status, err)
				}
				wire = downloadAll(b, c, resp, 8)
				_ = c.Close(ctx, resp.StatementID)
			}
			b.ReportMetric(float64(wire)/1e6, "MB/op-wire")
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
		})
	}
}

// BenchmarkServeCachedChunks measures how fast the warehouse serves chunks
// it already holds (the ceiling it puts on client benchmarks).
func BenchmarkServeCachedChunks(b *testing.B) {
	c := benchWarehouse(b, warehouse.Config{})
	ctx := context.Background()
	resp, err := c.Execute(ctx, sea.ExecuteStatementRequest{
		Statement: fmt.Sprintf(benchQuery, 4_000_000), Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
	})
	if err != nil {
		b.Fatal(err)
	}
	var total int64
	for b.Loop() {
		total += downloadAll(b, c, resp, 4)
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds()/1e9, "GB/s")
}

// downloadAll fetches every chunk's link and downloads the bodies with the
// given parallelism, returning the bytes received.
func downloadAll(b *testing.B, c *rawsea.Client, resp *sea.StatementResponse, parallel int) int64 {
	b.Helper()
	ctx := context.Background()
	links := make([]sea.ExternalLink, 0, resp.Manifest.TotalChunkCount)
	links = append(links, resp.Result.ExternalLinks...)
	for len(links) < resp.Manifest.TotalChunkCount {
		d, err := c.Chunk(ctx, resp.StatementID, len(links))
		if err != nil {
			b.Fatal(err)
		}
		links = append(links, d.ExternalLinks...)
	}
	var total atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for _, l := range links {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, l.ExternalLink, nil)
			r, err := c.HTTP.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			n, _ := io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
			total.Add(n)
		}()
	}
	wg.Wait()
	return total.Load()
}
