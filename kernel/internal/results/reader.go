package results

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/sea"
)

// NewReader returns a reader over a statement's result, given its manifest
// and first chunk (the execute or poll response's "result", possibly nil).
// f fetches the other chunks; it may be nil when the result has one chunk.
//
// ctx bounds the whole life of the reader, not just this call: cancelling
// it stops downloads and makes Next return false with Err wrapping the
// context's error. For external links NewReader returns once the first
// chunk's schema has arrived. The reader must be released.
func NewReader(ctx context.Context, m *sea.ResultManifest, first *sea.ResultData, f Fetcher, cfg Config) (array.RecordReader, error) {
	cfg = cfg.withDefaults()
	if m == nil {
		m = &sea.ResultManifest{}
	}
	if hasNoData(first) && m.TotalChunkCount > 0 && f != nil {
		// Some answers carry the manifest only; chunk 0 is one call away.
		d, err := f.Chunk(ctx, 0)
		if err != nil {
			return nil, fmt.Errorf("results: statement %s: fetch chunk 0: %w", cfg.StatementID, err)
		}
		first = d
	}
	var (
		src    source
		schema *arrow.Schema
		err    error
		pool   = newBufPool(cfg.Allocator)
	)
	switch {
	case hasNoData(first) || m.TotalChunkCount == 0 && m.TotalRowCount == 0 && len(first.ExternalLinks) == 0:
		schema, err = SchemaFromManifest(m, cfg.TimeZone)
		src = emptySource{}
	case m.Format == sea.FormatCSV:
		return nil, cfg.resultErr(ErrUnsupported, "format %s", m.Format)
	case len(first.ExternalLinks) > 0:
		src, schema, err = newCloudFetch(ctx, &cfg, m, first, f, pool)
	case first.Attachment != nil:
		src, schema, err = newInline(ctx, &cfg, m, first, f)
	default:
		src, schema, err = newJSONSource(ctx, &cfg, m, first, f)
	}
	if err != nil {
		pool.close()
		return nil, err
	}
	r := &reader{
		ctx: ctx, cfg: cfg, schema: schema, src: src, wantRows: m.TotalRowCount, pool: pool,
		co: coalescer{mem: cfg.Allocator, pool: pool, schema: schema, target: int64(cfg.BatchRows)},
	}
	r.refs.Store(1)
	return r, nil
}

// hasNoData reports whether a chunk carries no rows of any kind.
func hasNoData(d *sea.ResultData) bool {
	return d == nil || len(d.ExternalLinks) == 0 && len(d.Attachment) == 0 && d.DataArray == nil
}

// source yields a result's batches, already checked per chunk, sliced and
// relabelled to the reader's schema.
type source interface {
	// next returns the next batch (owned by the caller) or io.EOF.
	next() (arrow.RecordBatch, error)
	// close stops the source's goroutines and frees what it holds; it
	// returns once they have exited.
	close()
}

// emptySource is the source of a result without data.
type emptySource struct{}

func (emptySource) next() (arrow.RecordBatch, error) { return nil, io.EOF }
func (emptySource) close()                           {}

// Stats reports what a reader has done so far. Readers returned by
// NewReader implement StatsReporter.
type Stats struct {
	// Downloads counts download attempts; Retries and Refreshes those that
	// followed a retryable failure or a link refresh.
	Downloads, Retries, Refreshes int64
	// BytesDownloaded counts body bytes received, retries included.
	BytesDownloaded int64
	// BytesHeld is the number of bytes received but not yet consumed;
	// PeakBytesHeld its maximum so far.
	BytesHeld, PeakBytesHeld int64
	// Chunks counts chunks fully read.
	Chunks int64
	// LinkRequests counts the chunk-link requests made to page through the
	// result's links (refreshes are counted in Refreshes).
	LinkRequests int64
}

// StatsReporter is implemented by the readers NewReader returns.
type StatsReporter interface {
	Stats() Stats
}

// reader is the array.RecordReader NewReader returns.
type reader struct {
	refs     atomic.Int64
	ctx      context.Context
	cfg      Config
	schema   *arrow.Schema
	src      source
	pool     *bufPool // recycles decoded segments and coalesced columns
	co       coalescer
	cur      arrow.RecordBatch
	err      error
	eof      bool
	rows     int64
	wantRows int64
}

var (
	_ array.RecordReader = (*reader)(nil)
	_ StatsReporter      = (*reader)(nil)
)

// Retain adds a reference.
func (r *reader) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one stops every download and frees
// every batch the reader still holds.
func (r *reader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	r.src.close()
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.co.release()
	r.pool.close()
}

// Schema returns the result's schema.
func (r *reader) Schema() *arrow.Schema { return r.schema }

// RecordBatch returns the current batch, valid until the next call to Next.
func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current batch.
//
// Deprecated: Use RecordBatch instead.
func (r *reader) Record() arrow.RecordBatch { return r.cur }

// Err returns the error that ended the iteration, if any.
func (r *reader) Err() error { return r.err }

// Stats returns the reader's counters.
func (r *reader) Stats() Stats {
	if s, ok := r.src.(StatsReporter); ok {
		return s.Stats()
	}
	return Stats{}
}

// Next advances to the next batch.
func (r *reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	for r.err == nil {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("results: statement %s: %w", r.cfg.StatementID, err)
			return false
		}
		if r.eof {
			rec, err := r.co.flush()
			if err != nil {
				r.err = err
				return false
			}
			r.cur = rec
			return rec != nil
		}
		rec, err := r.src.next()
		switch {
		// Sources end with a bare io.EOF; a wrapped one is a failure (a
		// connection closed mid-download) and is reported as such.
		case err == io.EOF: //nolint:errorlint // see above
			r.eof = true
			if r.rows != r.wantRows {
				r.err = r.cfg.resultErr(ErrRowCountMismatch, "read %d rows, manifest total_row_count is %d", r.rows, r.wantRows)
			}
			continue
		case err != nil:
			r.err = err
			return false
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		r.rows += rec.NumRows()
		if r.cur, r.err = r.co.add(rec); r.cur != nil {
			return true
		}
	}
	return false
}
