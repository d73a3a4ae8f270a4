package results_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"

	"github.com/sealane/sealane/kernel/internal/results"
	"github.com/sealane/sealane/sea"
)

// Fuzz modes: what the chunk body is announced as.
const (
	fuzzIPC  = iota // ARROW_STREAM, no compression
	fuzzLZ4         // ARROW_STREAM, LZ4_FRAME
	fuzzJSON        // JSON_ARRAY
	fuzzModes

	// fuzzInline added to a mode: the chunk is an inline attachment.
	fuzzInline = 0x80
)

// maxFuzzAlloc bounds what reading one hostile chunk may allocate: the
// body is at most a few KiB, so anything near this is a body's claim
// (a message or Content-Length announcing gigabytes) taken at its word.
const maxFuzzAlloc = 256 << 20

// bodyTransport answers every download with body, announcing length bytes
// (a lying Content-Length when it differs), without a socket.
type bodyTransport struct {
	body   []byte
	length int64
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
		Body: io.NopCloser(bytes.NewReader(b.body)), ContentLength: b.length}, nil
}

// FuzzChunk feeds the result reader a chunk from a malicious server: any
// bytes as an Arrow IPC stream, an LZ4-framed one or a JSON_ARRAY chunk
// (the first two over an external link or inline: mode's high bit),
// with any advertised row count and Content-Length. Reading must end with
// rows or an error — never a panic or a hang — free every Arrow buffer,
// and allocate a bounded amount.
func FuzzChunk(f *testing.F) {
	plain := fuzzIPCStream(f)
	f.Add(plain, uint8(fuzzIPC), uint16(3), int64(0))
	f.Add(plain, uint8(fuzzInline+fuzzIPC), uint16(3), int64(0))
	f.Add(fuzzLZ4Frame(f, plain), uint8(fuzzLZ4), uint16(3), int64(0))
	f.Add([]byte(`[["1","a"],["2",null],["3","c"]]`), uint8(fuzzJSON), uint16(3), int64(0))
	f.Add(plain[:len(plain)/2], uint8(fuzzIPC), uint16(3), int64(0))
	f.Add(plain, uint8(fuzzIPC), uint16(3), int64(1<<40))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0}, uint8(fuzzIPC), uint16(1), int64(0))
	f.Fuzz(func(t *testing.T, body []byte, mode uint8, rows uint16, lie int64) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fuzzRead(t, body, mode%fuzzInline%fuzzModes, mode >= fuzzInline, int64(rows), lie)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxFuzzAlloc {
			t.Fatalf("reading a %d-byte chunk allocated %d bytes", len(body), n)
		}
	})
}

// fuzzRead reads body as the one chunk of a result, announced as mode,
// downloaded from an external link or, when inline and not JSON, as an
// inline attachment.
func fuzzRead(t *testing.T, body []byte, mode uint8, inline bool, rows, lie int64) {
	m := &sea.ResultManifest{Format: sea.FormatArrowStream, TotalChunkCount: 1, TotalRowCount: rows,
		Schema: sea.Schema{ColumnCount: 2, Columns: []sea.ColumnInfo{
			{Name: "id", TypeName: "LONG", TypeText: "BIGINT", Position: 0},
			{Name: "s", TypeName: "STRING", TypeText: "STRING", Position: 1},
		}},
		Chunks: []sea.ChunkInfo{{ChunkIndex: 0, RowCount: rows, ByteCount: int64(len(body))}}}
	switch mode {
	case fuzzLZ4:
		m.ResultCompression = sea.CompressionLZ4Frame
	case fuzzJSON:
		m.Format = sea.FormatJSONArray
	}
	length := int64(len(body))
	if lie != 0 {
		length = lie // a Content-Length the body does not keep (-1: none)
	}
	first := &sea.ResultData{ExternalLinks: []sea.ExternalLink{{ExternalLink: "http://storage.invalid/0", ChunkIndex: 0,
		RowCount: rows, ByteCount: int64(len(body)), Expiration: sea.Time{Time: time.Now().Add(time.Hour)}}}}
	if inline && mode != fuzzJSON {
		first = &sea.ResultData{ChunkIndex: 0, RowCount: rows, Attachment: body}
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg := results.Config{HTTP: &http.Client{Transport: bodyTransport{body: body, length: length}}, Allocator: mem,
		StatementID: "fuzz", MaxRetries: -1, MaxRefreshes: -1}
	rdr, err := results.NewReader(ctx, m, first, nil, cfg)
	if err == nil {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			for _, c := range rec.Columns() {
				_ = c.String() // touch every value
			}
		}
		_ = rdr.Err() // rows or an error are both fine ends; a panic or a hang is not
		rdr.Release()
	}
	if ctx.Err() != nil {
		t.Fatalf("reading a %d-byte chunk hung", len(body))
	}
	// Every buffer goes back, also after a decode error: arrow-go leaves
	// the buffers of a batch it panicked on unreleased ("string offsets
	// out of bounds", testdata c52e61622fb9160f), which the decoder frees
	// itself (guardAlloc, segmentReader.abandon).
	mem.AssertSize(t, 0)
}

// fuzzIPCStream is a valid 3-row Arrow IPC stream of the fuzz schema.
func fuzzIPCStream(tb testing.TB) []byte {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2, 3}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"a", "", "c"}, []bool{true, false, true})
	rec := b.NewRecordBatch()
	defer rec.Release()
	var out bytes.Buffer
	w := ipc.NewWriter(&out, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

func fuzzLZ4Frame(tb testing.TB, b []byte) []byte {
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}
