package results

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/sea"
)

// unknownRows marks a chunk whose row_count nobody told us.
const unknownRows = -1

// expectedRows is the row count chunk k should deliver: the count sent with
// the chunk, else the manifest's chunk entry, else the total of a
// single-chunk result, else unknownRows. A count of 0 sent with a chunk is
// taken as absent, since a real chunk holds at least one row.
func expectedRows(m *sea.ResultManifest, k int, sent int64) int64 {
	if sent > 0 {
		return sent
	}
	for _, c := range m.Chunks {
		if c.ChunkIndex == k {
			return c.RowCount
		}
	}
	if m.TotalChunkCount <= 1 && k == 0 {
		return m.TotalRowCount
	}
	return unknownRows
}

// rowWindow tracks the rows of one chunk: rows beyond its expected count are
// padding and sliced off; rows already delivered before a re-download are
// skipped.
type rowWindow struct {
	expected  int64 // unknownRows when unknown
	pos       int64 // rows read from the current copy of the chunk
	delivered int64 // rows handed on, across re-downloads
}

// restart prepares for reading the chunk again from its first row.
func (w *rowWindow) restart() { w.pos = 0 }

// take returns the part of rec to deliver (rec itself, a slice, or nil when
// nothing is left). The caller keeps its reference to rec and owns the
// returned batch.
func (w *rowWindow) take(rec arrow.RecordBatch) arrow.RecordBatch {
	n := rec.NumRows()
	lo := max(w.delivered-w.pos, 0)
	hi := n
	if w.expected != unknownRows {
		hi = min(n, w.expected-w.pos)
	}
	w.pos += n
	if lo >= hi {
		return nil
	}
	w.delivered += hi - lo
	if lo == 0 && hi == n {
		rec.Retain()
		return rec
	}
	return rec.NewSlice(lo, hi)
}

// short reports whether fewer rows than expected were delivered.
func (w *rowWindow) short() bool {
	return w.expected != unknownRows && w.delivered < w.expected
}

// resultSchema is the reader's schema for a result whose chunks carry the
// Arrow schema got: got's types, nullability and metadata, with the
// manifest's column names by position. It fails when the column counts
// differ.
func resultSchema(cfg *Config, m *sea.ResultManifest, got *arrow.Schema) (*arrow.Schema, error) {
	cols := orderedColumns(m)
	if len(cols) == 0 {
		return got, nil
	}
	if len(cols) != got.NumFields() {
		return nil, cfg.resultErr(ErrSchemaMismatch, "manifest has %d columns, Arrow data %d", len(cols), got.NumFields())
	}
	fields := make([]arrow.Field, len(cols))
	for i, f := range got.Fields() {
		f.Name = cols[i].Name
		fields[i] = f
	}
	md := got.Metadata()
	return arrow.NewSchema(fields, &md), nil
}

// compatible reports whether batches of chunk schema got can be relabelled
// as schema want: same column count and types.
func compatible(want, got *arrow.Schema) bool {
	if want.NumFields() != got.NumFields() {
		return false
	}
	for i := range want.Fields() {
		if !arrow.TypeEqual(want.Field(i).Type, got.Field(i).Type) {
			return false
		}
	}
	return true
}

// relabel returns rec under schema (same column types); it consumes the
// caller's reference to rec.
func relabel(schema *arrow.Schema, rec arrow.RecordBatch) arrow.RecordBatch {
	if rec.Schema() == schema {
		return rec
	}
	out := array.NewRecordBatch(schema, rec.Columns(), rec.NumRows())
	rec.Release()
	return out
}
