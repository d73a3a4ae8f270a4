package results_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
)

// fake is a stand-in for cloud storage and the chunk endpoint, for faults
// the local warehouse cannot produce: wrong row counts, padding rows, stale
// column names, bodies cut without a Content-Length, stalls. The real
// warehouse is used everywhere else.
type fake struct {
	srv    *httptest.Server
	bodies [][]byte // chunk k's bytes
	rows   []int64  // row_count advertised for chunk k
	lz4    bool
	mem    *memory.CheckedAllocator
	http   *http.Client

	mu   sync.Mutex
	hits map[int]int
	// serve, when set, may answer request n (1-based) for chunk k itself.
	serve func(w http.ResponseWriter, k, n int, body []byte) bool
}

// newFake serves the given chunks; rows are the advertised row counts.
func newFake(t *testing.T, bodies [][]byte, rows []int64, compressed bool) *fake {
	t.Helper()
	baseline := runtime.NumGoroutine()
	f := &fake{bodies: bodies, rows: rows, lz4: compressed, hits: map[int]int{},
		mem: memory.NewCheckedAllocator(memory.NewGoAllocator())}
	if compressed {
		for i, b := range bodies {
			f.bodies[i] = lz4Frame(t, b)
		}
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.handle))
	tr := &http.Transport{}
	f.http = &http.Client{Transport: tr}
	t.Cleanup(func() {
		f.mem.AssertSize(t, 0)
		f.srv.Close()
		tr.CloseIdleConnections()
		checkGoroutines(t, baseline)
	})
	return f
}

func (f *fake) handle(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" || r.Header.Get("X-Link-Token") != "t0ken" {
		http.Error(w, "bad headers", http.StatusBadRequest)
		return
	}
	k, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chunk/"))
	if err != nil || k < 0 || k >= len(f.bodies) {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.hits[k]++
	n := f.hits[k]
	f.mu.Unlock()
	if f.serve != nil && f.serve(w, k, n, f.bodies[k]) {
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.bodies[k])))
	_, _ = w.Write(f.bodies[k])
}

// hitsOf returns how many requests chunk k received.
func (f *fake) hitsOf(k int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[k]
}

// link is chunk k's external link.
func (f *fake) link(k int) sea.ExternalLink {
	l := sea.ExternalLink{ExternalLink: fmt.Sprintf("%s/chunk/%d?sig=secret", f.srv.URL, k), ChunkIndex: k,
		RowCount: f.rows[k], Expiration: sea.Time{Time: time.Now().Add(time.Hour)},
		HTTPHeaders: map[string]string{"X-Link-Token": "t0ken"}}
	if k+1 < len(f.bodies) {
		l.NextChunkIndex = sea.IntPtr(k + 1)
	}
	return l
}

// manifest describes the fake result with total rows and names.
func (f *fake) manifest(total int64, names ...string) *sea.ResultManifest {
	m := &sea.ResultManifest{Format: sea.FormatArrowStream, TotalChunkCount: len(f.bodies), TotalRowCount: total}
	if f.lz4 {
		m.ResultCompression = sea.CompressionLZ4Frame
	}
	for i, n := range names {
		m.Schema.Columns = append(m.Schema.Columns, sea.ColumnInfo{Name: n, TypeName: "LONG", TypeText: "BIGINT", Position: i})
	}
	m.Schema.ColumnCount = len(names)
	return m
}

// open reads the fake result.
func (f *fake) open(ctx context.Context, m *sea.ResultManifest, tweak func(*results.Config)) (array.RecordReader, error) {
	cfg := results.Config{HTTP: f.http, Allocator: f.mem, StatementID: "fake-statement",
		RetryMin: time.Millisecond, RetryMax: 10 * time.Millisecond}
	if tweak != nil {
		tweak(&cfg)
	}
	fetch := results.FetcherFunc(func(_ context.Context, k int) (*sea.ResultData, error) {
		return &sea.ResultData{ChunkIndex: k, ExternalLinks: []sea.ExternalLink{f.link(k)}}, nil
	})
	first := &sea.ResultData{ExternalLinks: []sea.ExternalLink{f.link(0)}}
	return results.NewReader(ctx, m, first, fetch, cfg)
}

// ipcChunk encodes ids start..start+n-1 as an IPC stream of 1000-row
// batches, in a column called name of type int64 (or int32).
func ipcChunk(t *testing.T, name string, dt arrow.DataType, start, n int64) []byte {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: name, Type: dt, Nullable: true}}, nil)
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	for off := int64(0); off < n; off += 1000 {
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		for i := off; i < min(off+1000, n); i++ {
			switch fb := b.Field(0).(type) {
			case *array.Int64Builder:
				fb.Append(start + i)
			case *array.Int32Builder:
				fb.Append(int32(start + i))
			}
		}
		rec := b.NewRecordBatch()
		require.NoError(t, w.Write(rec))
		rec.Release()
		b.Release()
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func lz4Frame(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// idChunks builds chunks of per rows each, the ids continuing across
// chunks, each body carrying extra rows more than advertised.
func idChunks(t *testing.T, chunks int, per, extra int64) ([][]byte, []int64) {
	var bodies [][]byte
	var rows []int64
	for k := range chunks {
		bodies = append(bodies, ipcChunk(t, "id", arrow.PrimitiveTypes.Int64, int64(k)*per, per+extra))
		rows = append(rows, per)
	}
	return bodies, rows
}

// readIDs drains rdr and returns its single int64 column.
func readIDs(t *testing.T, rdr array.RecordReader) ([]int64, error) {
	t.Helper()
	var ids []int64
	for rdr.Next() {
		ids = append(ids, rdr.RecordBatch().Column(0).(*array.Int64).Int64Values()...)
	}
	return ids, rdr.Err()
}

func seq(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// TestPaddingRowsSliced: chunk bodies with rows beyond their row_count are
// cut to it (fake: the warehouse never pads).
func TestPaddingRowsSliced(t *testing.T) {
	bodies, rows := idChunks(t, 4, 2500, 700)
	f := newFake(t, bodies, rows, true)
	rdr, err := f.open(t.Context(), f.manifest(10000, "id"), nil)
	require.NoError(t, err)
	defer rdr.Release()
	ids, err := readIDs(t, rdr)
	require.NoError(t, err)
	require.Equal(t, seq(10000), ids)
}

// TestMissingRows: a chunk with fewer rows than its row_count is
// downloaded again, then fails with ErrRowCountMismatch naming the chunk
// (fake: the warehouse never loses rows).
func TestMissingRows(t *testing.T) {
	bodies, rows := idChunks(t, 3, 2500, 0)
	rows[1] = 2600
	f := newFake(t, bodies, rows, false)
	rdr, err := f.open(t.Context(), f.manifest(7600, "id"), func(c *results.Config) { c.MaxRetries = 2 })
	require.NoError(t, err)
	defer rdr.Release()
	_, err = readIDs(t, rdr)
	require.ErrorIs(t, err, results.ErrRowCountMismatch)
	require.Contains(t, err.Error(), "chunk 1")
	require.Contains(t, err.Error(), "fake-statement")
	require.Equal(t, 3, f.hitsOf(1), "first download and two retries")
}

// TestTotalRowMismatch: chunks that agree with their row_count but not
// with total_row_count are an error, not a silent loss (fake).
func TestTotalRowMismatch(t *testing.T) {
	bodies, rows := idChunks(t, 3, 1000, 0)
	f := newFake(t, bodies, rows, false)
	rdr, err := f.open(t.Context(), f.manifest(3001, "id"), nil)
	require.NoError(t, err)
	defer rdr.Release()
	_, err = readIDs(t, rdr)
	require.ErrorIs(t, err, results.ErrRowCountMismatch)
	require.Contains(t, err.Error(), "read 3000 rows, manifest total_row_count is 3001")
}

// TestRenameByPosition: stale IPC column names give way to the manifest's
// (fake: the warehouse names columns right).
func TestRenameByPosition(t *testing.T) {
	bodies, rows := idChunks(t, 2, 1000, 0)
	bodies[1] = ipcChunk(t, "other", arrow.PrimitiveTypes.Int64, 1000, 1000)
	f := newFake(t, bodies, rows, false)
	rdr, err := f.open(t.Context(), f.manifest(2000, "fresh"), nil)
	require.NoError(t, err)
	defer rdr.Release()
	require.Equal(t, "fresh", rdr.Schema().Field(0).Name)
	ids, err := readIDs(t, rdr)
	require.NoError(t, err)
	require.Equal(t, seq(2000), ids)
}

// TestSchemaChangeBetweenChunks: a chunk whose column types differ from
// chunk 0's fails with ErrSchemaMismatch (fake).
func TestSchemaChangeBetweenChunks(t *testing.T) {
	bodies, rows := idChunks(t, 2, 1000, 0)
	bodies[1] = ipcChunk(t, "id", arrow.PrimitiveTypes.Int32, 1000, 1000)
	f := newFake(t, bodies, rows, false)
	rdr, err := f.open(t.Context(), f.manifest(2000, "id"), nil)
	require.NoError(t, err)
	defer rdr.Release()
	_, err = readIDs(t, rdr)
	require.ErrorIs(t, err, results.ErrSchemaMismatch)
	require.Contains(t, err.Error(), "chunk 1")
}

// TestTruncatedWithoutLength: a body cut short with no Content-Length ends
// as a clean EOF at the HTTP level; the IPC (or LZ4) decoder notices, the
// chunk is downloaded again and the rows already delivered are skipped
// (fake: the warehouse always sends Content-Length).
func TestTruncatedWithoutLength(t *testing.T) {
	for _, comp := range []bool{false, true} {
		t.Run(fmt.Sprintf("lz4=%v", comp), func(t *testing.T) {
			bodies, rows := idChunks(t, 3, 10000, 0)
			f := newFake(t, bodies, rows, comp)
			f.serve = func(w http.ResponseWriter, k, n int, body []byte) bool {
				if k != 1 || n > 2 {
					return false
				}
				// Close-delimited body: no Content-Length, no chunked encoding.
				conn, rw, err := http.NewResponseController(w).Hijack()
				if err != nil {
					return false
				}
				defer func() { _ = conn.Close() }()
				_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/octet-stream\r\n\r\n")
				_, _ = rw.Write(body[:len(body)*(2+n)/5])
				_ = rw.Flush()
				return true
			}
			rdr, err := f.open(t.Context(), f.manifest(30000, "id"), func(c *results.Config) { c.BatchRows = -1 })
			require.NoError(t, err)
			defer rdr.Release()
			ids, err := readIDs(t, rdr)
			require.NoError(t, err)
			require.Equal(t, seq(30000), ids)
			require.Equal(t, 3, f.hitsOf(1))
			require.GreaterOrEqual(t, stats(t, rdr).Retries, int64(2), "two restarts (and any transport retry)")
		})
	}
}

// TestIdleTimeout: a body that stalls is abandoned after IdleTimeout and
// resumed by a new request (fake: the warehouse's bandwidth cap paces,
// it never stalls).
func TestIdleTimeout(t *testing.T) {
	bodies, rows := idChunks(t, 2, 20000, 0)
	f := newFake(t, bodies, rows, true)
	stall := make(chan struct{})
	defer close(stall)
	f.serve = func(w http.ResponseWriter, k, n int, body []byte) bool {
		if k != 0 || n != 1 {
			return false
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		select {
		case <-stall:
		case <-time.After(10 * time.Second):
		}
		return true
	}
	start := time.Now()
	rdr, err := f.open(t.Context(), f.manifest(40000, "id"), func(c *results.Config) { c.IdleTimeout = 200 * time.Millisecond })
	require.NoError(t, err)
	defer rdr.Release()
	ids, err := readIDs(t, rdr)
	require.NoError(t, err)
	require.Equal(t, seq(40000), ids)
	require.Less(t, time.Since(start), 3*time.Second)
	require.EqualValues(t, 1, stats(t, rdr).Retries)
}

// TestJSONArrayChunks: INLINE JSON_ARRAY rows spread over several chunks
// are fetched and read in order, and a short chunk is an error (a
// FetcherFunc stands in for the API: the warehouse puts every JSON row in
// chunk 0, as Python requires).
func TestJSONArrayChunks(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cell := func(i int) []*string { s := strconv.Itoa(i); return []*string{&s, nil} }
	chunk := func(k, n int) *sea.ResultData {
		d := &sea.ResultData{ChunkIndex: k, RowCount: int64(n)}
		for i := range n {
			d.DataArray = append(d.DataArray, cell(k*100+i))
		}
		return d
	}
	m := &sea.ResultManifest{Format: sea.FormatJSONArray, TotalChunkCount: 3, TotalRowCount: 300,
		Schema: sea.Schema{ColumnCount: 2, Columns: []sea.ColumnInfo{
			{Name: "id", TypeName: "LONG", TypeText: "BIGINT"}, {Name: "s", TypeName: "STRING", TypeText: "STRING", Position: 1}}}}
	fetch := results.FetcherFunc(func(_ context.Context, k int) (*sea.ResultData, error) { return chunk(k, 100), nil })
	rdr, err := results.NewReader(t.Context(), m, chunk(0, 100), fetch, results.Config{Allocator: mem})
	require.NoError(t, err)
	ids, err := readIDs(t, rdr)
	rdr.Release()
	require.NoError(t, err)
	require.Equal(t, seq(300), ids)

	short := results.FetcherFunc(func(_ context.Context, k int) (*sea.ResultData, error) {
		d := chunk(k, 100)
		d.DataArray = d.DataArray[:99]
		return d, nil
	})
	rdr, err = results.NewReader(t.Context(), m, chunk(0, 100), short, results.Config{Allocator: mem, StatementID: "st"})
	require.NoError(t, err)
	_, err = readIDs(t, rdr)
	rdr.Release()
	require.ErrorIs(t, err, results.ErrRowCountMismatch)
	require.Contains(t, err.Error(), "statement st chunk 1: row count mismatch: 99 rows, row_count is 100")
}
