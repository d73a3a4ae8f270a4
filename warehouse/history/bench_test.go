package history_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/history"
)

// BenchmarkStatementLifecycle is what Query History adds to one statement:
// Start, Running and Finish on a full ring (evicting as it goes).
func BenchmarkStatementLifecycle(b *testing.B) {
	l := history.New(history.Config{})
	text := "SELECT * FROM main.default.trips WHERE city = :city AND fare > 10"
	v := "Amsterdam"
	params := []sea.Parameter{{Name: "city", Type: "STRING", Value: &v}}
	m := &sea.ResultManifest{TotalRowCount: 100, TotalByteCount: 4096, TotalChunkCount: 1, Chunks: []sea.ChunkInfo{{RowCount: 100}}}
	now := time.Now()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := strconv.Itoa(i)
		l.Start(history.Start{ID: id, Text: text, Parameters: params, UserAgent: "bench/1.0", Time: now})
		l.Running(id, now)
		l.Finish(id, history.Outcome{State: sea.StateSucceeded, Time: now, Manifest: m})
	}
}

// BenchmarkListPage is one console poll: the newest 50 of a full ring of
// 1000 with metrics, filtered by status.
func BenchmarkListPage(b *testing.B) {
	l := history.New(history.Config{})
	now := time.Now()
	for i := range 1000 {
		id := strconv.Itoa(i)
		l.Start(history.Start{ID: id, Text: strings.Repeat("x", 200), Time: now})
		l.Finish(id, history.Outcome{State: sea.StateSucceeded, Time: now})
	}
	req := history.ListRequest{MaxResults: 50, IncludeMetrics: true, FilterBy: &history.Filter{Statuses: []history.Status{history.StatusFinished}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.List(req, now); err != nil {
			b.Fatal(err)
		}
	}
}
