package results_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// linkRows is the size of the results the link tests read: 20 chunks of
// 15000 rows.
const (
	linkRows      = 300000
	linkChunkRows = 15000
	linkChunks    = linkRows / linkChunkRows
)

// linkWatch is a middleware around the warehouse that counts the
// chunk-link requests (GET …/result/chunks/{k}) it serves and the most in
// flight at once. It holds the first one until a second arrives (or
// hold passes), so that requests a reader sends together are seen
// together however the machine schedules them; a reader that sends them
// one after another only waits hold once.
type linkWatch struct {
	hold time.Duration

	mu       sync.Mutex
	inFlight int
	peak     int
	total    int
	second   chan struct{} // closed when the second request arrives
	agents   map[string]int
}

func newLinkWatch(hold time.Duration) *linkWatch {
	return &linkWatch{hold: hold, second: make(chan struct{}), agents: map[string]int{}}
}

func (w *linkWatch) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/result/chunks/") {
			next.ServeHTTP(rw, r)
			return
		}
		w.mu.Lock()
		w.total++
		n := w.total
		w.inFlight++
		w.peak = max(w.peak, w.inFlight)
		w.agents[r.UserAgent()]++
		if n == 2 {
			close(w.second)
		}
		w.mu.Unlock()
		if n == 1 {
			select {
			case <-w.second:
			case <-time.After(w.hold):
			case <-r.Context().Done():
			}
		}
		next.ServeHTTP(rw, r)
		w.mu.Lock()
		w.inFlight--
		w.mu.Unlock()
	})
}

// counts returns the total requests and the most in flight at once.
func (w *linkWatch) counts() (total, peak int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.total, w.peak
}

// readLinks runs linkRows ids over links (split into linkChunks chunks),
// reads them with LinkParallel = parallel through fetcher (nil: the API)
// and checks every value, in order.
func readLinks(t *testing.T, e *env, resp *sea.StatementResponse, parallel int, fetcher results.Fetcher) results.Stats {
	t.Helper()
	require.Equal(t, linkChunks, resp.Manifest.TotalChunkCount)
	cfg := e.config(resp.StatementID)
	cfg.LinkParallel = parallel
	if fetcher == nil {
		fetcher = e.fetcher(resp.StatementID)
	}
	rdr, err := results.NewReader(t.Context(), resp.Manifest, resp.Result, fetcher, cfg)
	require.NoError(t, err)
	defer rdr.Release()
	requireIDs(t, drain(t, rdr), linkRows)
	return stats(t, rdr)
}

// TestLinkFetchesOverlap: the reader asks for the links of the chunks
// ahead several at a time, never more than LinkParallel at once, one
// request per chunk after the first when each answer carries one link;
// the result is identical and in order.
func TestLinkFetchesOverlap(t *testing.T) {
	for _, parallel := range []int{1, 2, 4} {
		t.Run(fmt.Sprint(parallel), func(t *testing.T) {
			w := newLinkWatch(200 * time.Millisecond)
			e := newEnvWrapped(t, warehouse.Config{ChunkRows: linkChunkRows}, w.wrap)
			resp := e.links(t, fmt.Sprintf(idsQuery, linkRows), sea.CompressionLZ4Frame)
			require.Len(t, resp.Result.ExternalLinks, 1, "one link per answer")
			st := readLinks(t, e, resp, parallel, nil)
			total, peak := w.counts()
			require.Equal(t, linkChunks-1, total, "one request per chunk after the first")
			require.EqualValues(t, total, st.LinkRequests)
			require.LessOrEqual(t, peak, parallel, "at most LinkParallel requests in flight")
			if parallel > 1 {
				require.GreaterOrEqual(t, peak, 2, "link requests overlap")
			}
		})
	}
}

// TestLinksFromEveryAnswer: when answers carry the links of several
// chunks (here a fetcher that answers chunk k with the links of k, k+1 and
// k+2, as the service may), the reader uses them all and asks for fewer
// chunks than it reads.
func TestLinksFromEveryAnswer(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkRows: linkChunkRows})
	resp := e.links(t, fmt.Sprintf(idsQuery, linkRows), sea.CompressionNone)
	var mu sync.Mutex
	asked := map[int]int{}
	three := results.FetcherFunc(func(ctx context.Context, k int) (*sea.ResultData, error) {
		mu.Lock()
		asked[k]++
		mu.Unlock()
		d, err := e.c.Chunk(ctx, resp.StatementID, k)
		for i := k + 1; err == nil && i < min(k+3, linkChunks); i++ {
			var more *sea.ResultData
			if more, err = e.c.Chunk(ctx, resp.StatementID, i); err == nil {
				d.ExternalLinks = append(d.ExternalLinks, more.ExternalLinks...)
				d.NextChunkIndex = more.NextChunkIndex
			}
		}
		return d, err
	})
	st := readLinks(t, e, resp, 2, three)
	require.Less(t, st.LinkRequests, int64(linkChunks-1)*2/3, "links of later chunks taken from earlier answers: %v", asked)
	for k, n := range asked {
		require.Equal(t, 1, n, "chunk %d asked for more than once", k)
	}
}

// TestJDBCAgentGetsEveryLinkFirst: the warehouse answers the
// DatabricksJDBCDriverOSS User-Agent with every link in the first
// response, and the reader then makes no chunk-link request at all.
func TestJDBCAgentGetsEveryLinkFirst(t *testing.T) {
	w := newLinkWatch(time.Millisecond)
	e := newEnvWrapped(t, warehouse.Config{ChunkRows: linkChunkRows}, w.wrap)
	e.c.UserAgent = "DatabricksJDBCDriverOSS/3.0.0"
	resp := e.links(t, fmt.Sprintf(idsQuery, linkRows), sea.CompressionLZ4Frame)
	require.Len(t, resp.Result.ExternalLinks, linkChunks)
	st := readLinks(t, e, resp, 0, nil)
	total, _ := w.counts()
	require.Zero(t, total)
	require.Zero(t, st.LinkRequests)
}

// TestDownloadWindow: with the byte budget far away, a slow reader never
// has more than Parallel chunks received and not yet consumed — with every
// link at hand at once, downloads would otherwise run Prefetch chunks
// ahead, up to the budget.
func TestDownloadWindow(t *testing.T) {
	e := newEnv(t, warehouse.Config{ChunkRows: linkChunkRows})
	e.c.UserAgent = "DatabricksJDBCDriverOSS/3.0.0" // every link in the first answer
	resp := e.links(t, fmt.Sprintf(idsQuery, linkRows), sea.CompressionNone)
	var biggest int64
	for _, c := range resp.Manifest.Chunks {
		biggest = max(biggest, c.ByteCount)
	}
	cfg := e.config(resp.StatementID)
	cfg.Parallel, cfg.BatchRows = 3, -1
	rdr := e.open(t, t.Context(), resp, cfg)
	defer rdr.Release()
	n := 0
	for rdr.Next() {
		n += int(rdr.RecordBatch().NumRows())
		time.Sleep(time.Millisecond)
	}
	require.NoError(t, rdr.Err())
	require.Equal(t, linkRows, n)
	st := stats(t, rdr)
	t.Logf("peak held %d bytes, largest chunk %d", st.PeakBytesHeld, biggest)
	require.LessOrEqual(t, st.PeakBytesHeld, 3*biggest)
}
