package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/sync/errgroup"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/typemap"
)

// Result is a finished statement's data, cut into chunks.
type Result struct {
	format      sea.Format
	compression sea.Compression
	columns     []sea.ColumnInfo
	chunks      []chunk
	totalRows   int64
	totalBytes  int64
	truncated   bool
	// inline: chunks go out as attachments (ARROW_STREAM) or data_array
	// (JSON_ARRAY); otherwise as external links.
	inline bool
	// rows holds the cells of an INLINE JSON_ARRAY result (one chunk).
	rows [][]*string
}

// chunk is one stored chunk of a result.
type chunk struct {
	rowOffset, rowCount int64
	byteCount           int64 // uncompressed size
	data                *Blob // bytes as served (compressed when the result is)
}

// Release frees the result's stored chunks; a download still reading one
// reads its bytes or an error.
func (r *Result) Release() {
	for _, c := range r.chunks {
		if c.data != nil {
			c.data.release()
		}
	}
}

// Manifest renders the result's manifest.
func (r *Result) Manifest() *sea.ResultManifest {
	m := &sea.ResultManifest{
		Format:          r.format,
		Schema:          sea.Schema{ColumnCount: len(r.columns), Columns: r.columns},
		TotalChunkCount: len(r.chunks),
		TotalRowCount:   r.totalRows,
		TotalByteCount:  r.totalBytes,
		Chunks:          make([]sea.ChunkInfo, len(r.chunks)),
		Truncated:       r.truncated,
	}
	if r.compression == sea.CompressionLZ4Frame {
		m.ResultCompression = sea.CompressionLZ4Frame
	}
	for i, c := range r.chunks {
		m.Chunks[i] = sea.ChunkInfo{ChunkIndex: i, RowOffset: c.rowOffset, RowCount: c.rowCount, ByteCount: c.byteCount}
	}
	return m
}

// Spec says how a result is to be cut and encoded.
type Spec struct {
	// Format is the encoding of the chunks.
	Format sea.Format
	// Disposition says how the result is carried (inline or links).
	Disposition sea.Disposition
	// Compression is the compression asked for (LZ4 applies to Arrow only).
	Compression sea.Compression
	// RowLimit caps the rows kept: 0 keeps none (the service's
	// "row_limit": 0), a negative value means no cap.
	RowLimit int64
	// ByteLimit caps the bytes kept (0 = no cap).
	ByteLimit int64
	// ChunkRows caps rows per chunk (0 = no row cap).
	ChunkRows int64
	// ChunkBytes caps the uncompressed bytes per chunk.
	ChunkBytes int64
	// InlineLimit is the largest result (uncompressed bytes) sent inline.
	InlineLimit int64
	// MultiChunkInline lets an inline result span several chunks.
	MultiChunkInline bool
	// Timezone is the session time zone the converter renders times in.
	Timezone string
}

// Build drains rdr into a result. The reader is not released.
//
// Chunks reach the store while the statement runs: a chunk that cannot be
// part of an inline result is stored (compressed first when the result is)
// as soon as it is cut, so memory holds the store's budget plus a few chunks
// in flight, whatever the size of the result; the rest spills. Only chunks
// that may still go out inline (at most InlineLimit bytes) are held until
// the carrier is decided.
func Build(ctx context.Context, rdr array.RecordReader, spec Spec, st *Store) (*Result, error) {
	conv, err := typemap.NewConverter(rdr.Schema(), spec.Timezone, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	res := &Result{format: spec.Format}
	for i, f := range rdr.Schema().Fields() {
		res.columns = append(res.columns, conv.Columns[i].ColumnInfo(f.Name, i))
	}
	if spec.Format == sea.FormatArrowStream && spec.Compression == sea.CompressionLZ4Frame {
		res.compression = sea.CompressionLZ4Frame
	}
	enc := newChunkEncoder(spec, conv.Schema)
	enc.handOver = res.compression == sea.CompressionLZ4Frame
	sk := newSink(ctx, st, res.compression == sea.CompressionLZ4Frame)
	// hold: the result may still go out inline, so its chunks stay here.
	hold := spec.Disposition != sea.DispositionExternalLinks
	enc.onChunk = func(i int) {
		if hold && enc.total <= spec.InlineLimit && (i == 0 || spec.MultiChunkInline) {
			return
		}
		if hold {
			hold = false
			for j := range i {
				sk.put(j, enc.take(j))
			}
		}
		sk.put(i, enc.take(i))
	}
	truncated, rows, err := drain(ctx, rdr, conv, enc, spec)
	if err == nil {
		err = enc.finish()
	}
	if werr := sk.wait(); err == nil {
		err = werr
	}
	if err != nil {
		sk.release()
		return nil, err
	}
	res.truncated, res.totalRows = truncated, rows
	seen := rows
	pending := enc.done

	// Decide the carrier.
	var total int64
	for _, p := range pending {
		total += p.size
	}
	switch spec.Disposition {
	case sea.DispositionInline:
		res.inline = true
		res.rows = enc.rows
		res.totalBytes = total
		if seen > 0 {
			res.chunks = []chunk{{rowCount: seen, byteCount: total}}
		}
		return res, nil
	case sea.DispositionInlineOrExternalLinks:
		res.inline = hold && total <= spec.InlineLimit && (len(pending) <= 1 || spec.MultiChunkInline)
	}
	if hold && !res.inline {
		// Held in case they went inline; they go as links after all.
		for i := range pending {
			sk.put(i, enc.take(i))
		}
		if err := sk.wait(); err != nil {
			sk.release()
			return nil, err
		}
	}
	// An empty result (no rows, DDL) has no chunk in any disposition or
	// format: the service sends no result data and the manifest carries the
	// schema. Databricks' Rust kernel fails with "Schema not available for
	// inline result" when given an attachment holding a zero-row batch.
	if res.inline {
		if len(pending) > 1 {
			// Split into one stream: the pieces changed.
			pending = splitStream(pending, enc.schemaLen)
		}
		if res.compression == sea.CompressionLZ4Frame {
			if err := compressAll(ctx, pending); err != nil {
				return nil, err
			}
		}
		for i, p := range pending {
			data := p.data
			if p.compressed != nil {
				data = p.compressed
			}
			b, err := st.put(data)
			if err != nil {
				sk.release()
				res.Release()
				return nil, err
			}
			sk.blobs[i] = b
		}
	}
	var offset int64
	for i, p := range pending {
		res.chunks = append(res.chunks, chunk{rowOffset: offset, rowCount: p.rows, byteCount: p.size, data: sk.blobs[i]})
		res.totalBytes += p.size
		offset += p.rows
	}
	return res, nil
}

// drain converts and encodes every batch of rdr, honouring row_limit and
// byte_limit. It reports whether rows were cut off and how many were kept.
func drain(ctx context.Context, rdr array.RecordReader, conv *typemap.Converter, enc *chunkEncoder, spec Spec) (truncated bool, kept int64, err error) {
	for rdr.Next() {
		if err := ctx.Err(); err != nil {
			return false, 0, err
		}
		if spec.RowLimit >= 0 && kept >= spec.RowLimit || spec.ByteLimit > 0 && enc.total >= spec.ByteLimit {
			if rdr.RecordBatch().NumRows() > 0 {
				return true, kept, nil
			}
			continue
		}
		rec, err := conv.Convert(ctx, rdr.RecordBatch())
		if err != nil {
			return false, 0, err
		}
		if spec.RowLimit >= 0 && kept+rec.NumRows() > spec.RowLimit {
			sliced := rec.NewSlice(0, spec.RowLimit-kept)
			rec.Release()
			rec, truncated = sliced, true
		}
		err = enc.add(rec)
		kept += rec.NumRows()
		rec.Release()
		if err != nil || truncated {
			return truncated, kept, err
		}
		if spec.Disposition == sea.DispositionInline && enc.total > spec.InlineLimit {
			// Stop reading: the result cannot be served, and holding it
			// all to name its size would cost memory without bound.
			return false, 0, &InlineTooLargeError{Limit: spec.InlineLimit}
		}
	}
	return false, kept, rdr.Err()
}

type chunkBytes struct {
	data       []byte // uncompressed; nil once handed to the store
	compressed []byte // LZ4 frame of data, when the result is compressed
	size       int64  // uncompressed bytes
	rows       int64
}

// sink stores finished chunks while the statement runs: compressed in the
// background, one per core at a time, when the result is LZ4-framed, so at
// most that many chunks wait in memory beside the store's budget.
type sink struct {
	st       *Store
	compress bool
	g        *errgroup.Group

	mu    sync.Mutex
	blobs map[int]*Blob // chunk index → stored bytes
}

func newSink(ctx context.Context, st *Store, compress bool) *sink {
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	return &sink{st: st, compress: compress, g: g, blobs: map[int]*Blob{}}
}

// put stores chunk i's bytes, which must not change afterwards. It blocks
// while every core is busy compressing, which bounds the backlog.
func (s *sink) put(i int, data []byte) {
	s.g.Go(func() error {
		if s.compress {
			raw := data
			var err error
			if data, err = lz4Frame(raw); err != nil {
				return err
			}
			recycleRawChunk(raw)
		}
		b, err := s.st.put(data)
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.blobs[i] = b
		s.mu.Unlock()
		return nil
	})
}

// wait waits for the chunks given to put; blobs may be read afterwards.
func (s *sink) wait() error { return s.g.Wait() }

// release frees every chunk stored so far (after wait).
func (s *sink) release() {
	for _, b := range s.blobs {
		b.release()
	}
	clear(s.blobs)
}

// compressAll LZ4-frames every chunk, one chunk per core at a time.
func compressAll(ctx context.Context, chunks []chunkBytes) error {
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range chunks {
		g.Go(func() error {
			c, err := lz4Frame(chunks[i].data)
			chunks[i].compressed = c
			return err
		})
	}
	return g.Wait()
}

// splitStream turns complete per-chunk IPC streams into one stream split at
// message boundaries: chunk 0 keeps the schema, the last keeps the
// end-of-stream marker, and the ones between hold only record batches.
func splitStream(chunks []chunkBytes, schemaLen int) []chunkBytes {
	const eos = 8
	for i := range chunks {
		d := chunks[i].data
		if i > 0 {
			d = d[schemaLen:]
		}
		if i < len(chunks)-1 {
			d = d[:len(d)-eos]
		}
		chunks[i].data = d
	}
	return chunks
}

// chunkEncoder encodes batches into the current chunk's bytes.
type chunkEncoder struct {
	spec      Spec
	schema    *arrow.Schema
	schemaLen int
	buf       bytes.Buffer
	ipcw      *ipc.Writer
	csvw      *csv.Writer
	jsonRows  int
	rows      [][]*string // INLINE JSON_ARRAY cells
	curRows   int64
	total     int64 // uncompressed bytes encoded so far, all chunks
	chunks    int
	done      []chunkBytes // finished chunks, uncompressed
	// onChunk, when set, is told of each finished chunk's index; it may
	// take the chunk's bytes.
	onChunk func(i int)
	// handOver: chunks are compressed before they are stored, so a
	// finished chunk takes the encoding buffer (whose capacity may exceed
	// its length) instead of a copy; see rawChunks.
	handOver bool
}

// take hands over chunk i's bytes: the encoder keeps only its size and rows.
func (e *chunkEncoder) take(i int) []byte {
	b := e.done[i].data
	e.done[i].data = nil
	return b
}

func newChunkEncoder(spec Spec, schema *arrow.Schema) *chunkEncoder {
	e := &chunkEncoder{spec: spec, schema: schema}
	if spec.Format == sea.FormatArrowStream {
		if b, err := emptySchemaStream(schema); err == nil {
			e.schemaLen = len(b) - 8
		}
	}
	return e
}

func emptySchemaStream(schema *arrow.Schema) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *chunkEncoder) full() bool {
	if e.spec.Disposition == sea.DispositionInline {
		return false // INLINE JSON_ARRAY rows all go in chunk 0
	}
	return int64(e.buf.Len()) >= e.spec.ChunkBytes || (e.spec.ChunkRows > 0 && e.curRows >= e.spec.ChunkRows)
}

// add encodes rec, closing chunks whenever one reaches its row or byte cap.
func (e *chunkEncoder) add(rec arrow.RecordBatch) error {
	var off int64
	for off < rec.NumRows() {
		n := rec.NumRows() - off
		if e.spec.ChunkRows > 0 && e.spec.Disposition != sea.DispositionInline {
			n = min(n, e.spec.ChunkRows-e.curRows)
		}
		part := rec
		if off > 0 || n < rec.NumRows() {
			part = rec.NewSlice(off, off+n)
			defer part.Release()
		}
		if err := e.write(part); err != nil {
			return err
		}
		off += n
		if e.full() {
			if err := e.finish(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *chunkEncoder) write(rec arrow.RecordBatch) error {
	before := e.buf.Len()
	switch e.spec.Format {
	case sea.FormatArrowStream:
		if e.ipcw == nil {
			e.ipcw = ipc.NewWriter(&e.buf, ipc.WithSchema(e.schema))
		}
		if err := e.ipcw.Write(rec); err != nil {
			return fmt.Errorf("warehouse: encode arrow: %w", err)
		}
	case sea.FormatCSV:
		if e.csvw == nil {
			e.csvw = csv.NewWriter(&e.buf)
			if e.chunks == 0 {
				header := make([]string, e.schema.NumFields())
				for i, f := range e.schema.Fields() {
					header[i] = f.Name
				}
				_ = e.csvw.Write(header)
			}
		}
		row := make([]string, rec.NumCols())
		for r := 0; r < int(rec.NumRows()); r++ {
			for c := range row {
				s, ok := typemap.Text(rec.Column(c), r)
				if !ok {
					s = "null"
				}
				row[c] = s
			}
			if err := e.csvw.Write(row); err != nil {
				return err
			}
		}
		e.csvw.Flush()
	case sea.FormatJSONArray:
		for r := 0; r < int(rec.NumRows()); r++ {
			cells := make([]*string, rec.NumCols())
			for c := range cells {
				if s, ok := typemap.Text(rec.Column(c), r); ok {
					cells[c] = &s
				}
			}
			if e.spec.Disposition == sea.DispositionInline {
				e.rows = append(e.rows, cells)
				b, _ := json.Marshal(cells)
				e.buf.Write(b) // counted for the size limit only
				continue
			}
			if e.jsonRows == 0 {
				e.buf.WriteByte('[')
			} else {
				e.buf.WriteByte(',')
			}
			b, err := json.Marshal(cells)
			if err != nil {
				return err
			}
			e.buf.Write(b)
			e.jsonRows++
		}
	}
	e.curRows += rec.NumRows()
	e.total += int64(e.buf.Len() - before)
	return nil
}

// finish closes the current chunk and appends it to done.
func (e *chunkEncoder) finish() error {
	if e.curRows == 0 {
		return nil
	}
	switch e.spec.Format {
	case sea.FormatArrowStream:
		if err := e.ipcw.Close(); err != nil {
			return err
		}
		e.ipcw = nil
	case sea.FormatCSV:
		e.csvw = nil
	case sea.FormatJSONArray:
		if e.spec.Disposition != sea.DispositionInline {
			e.buf.WriteByte(']')
			e.total++
		}
		e.jsonRows = 0
	}
	var out []byte
	switch {
	case e.spec.Disposition == sea.DispositionInline:
		out = e.buf.Bytes()
		e.buf.Reset()
	case e.handOver:
		// The chunk leaves compressed: its buffer goes with it (no copy)
		// and the next chunk is encoded into a recycled one.
		out = e.buf.Bytes()
		e.buf = *bytes.NewBuffer(rawChunkBuf(len(out) + len(out)/8))
	default:
		out = bytes.Clone(e.buf.Bytes())
		e.buf.Reset()
	}
	e.done = append(e.done, chunkBytes{data: out, size: int64(len(out)), rows: e.curRows})
	if e.onChunk != nil {
		e.onChunk(len(e.done) - 1)
	}
	e.curRows = 0
	e.chunks++
	return nil
}
