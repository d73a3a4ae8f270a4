package statements

import (
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// voidReader presents chosen columns of an engine result as Arrow null
// columns, Databricks' VOID. DuckDB types a bare NULL select item INTEGER
// (all values NULL), so sqlfront names the positions and this reader
// relabels them; typemap then reports type_name NULL, type_text VOID.
type voidReader struct {
	refs   atomic.Int64
	src    array.RecordReader
	schema *arrow.Schema
	void   map[int]bool
	cur    arrow.RecordBatch
}

// withVoidColumns wraps rdr so that the columns at positions are null
// columns. Positions out of range, or whose engine type is not the INTEGER
// DuckDB gives a bare NULL, are left alone. rdr is owned by the result.
func withVoidColumns(rdr array.RecordReader, positions []int) array.RecordReader {
	fields := rdr.Schema().Fields()
	void := map[int]bool{}
	for _, p := range positions {
		if p < len(fields) && fields[p].Type.ID() == arrow.INT32 {
			void[p] = true
			fields[p] = arrow.Field{Name: fields[p].Name, Type: arrow.Null, Nullable: true}
		}
	}
	if len(void) == 0 {
		return rdr
	}
	md := rdr.Schema().Metadata()
	v := &voidReader{src: rdr, schema: arrow.NewSchema(fields, &md), void: void}
	v.refs.Store(1)
	return v
}

// Retain adds a reference.
func (v *voidReader) Retain() { v.refs.Add(1) }

// Release drops a reference; the last one releases the source.
func (v *voidReader) Release() {
	if v.refs.Add(-1) == 0 {
		if v.cur != nil {
			v.cur.Release()
			v.cur = nil
		}
		v.src.Release()
	}
}

// Schema is the source schema with the void columns typed null.
func (v *voidReader) Schema() *arrow.Schema { return v.schema }

// Next advances to the source's next batch.
func (v *voidReader) Next() bool {
	if v.cur != nil {
		v.cur.Release()
		v.cur = nil
	}
	if !v.src.Next() {
		return false
	}
	rec := v.src.RecordBatch()
	cols := make([]arrow.Array, rec.NumCols())
	for i := range cols {
		if v.void[i] {
			cols[i] = array.NewNull(int(rec.NumRows()))
		} else {
			cols[i] = rec.Column(i)
		}
	}
	v.cur = array.NewRecordBatch(v.schema, cols, rec.NumRows())
	for i := range v.void {
		cols[i].Release() // the batch holds its own reference
	}
	return true
}

// RecordBatch returns the current batch, valid until the next call to Next.
func (v *voidReader) RecordBatch() arrow.RecordBatch { return v.cur }

// Record returns the current batch.
//
// Deprecated: use RecordBatch.
func (v *voidReader) Record() arrow.RecordBatch { return v.cur }

// Err reports the source's error.
func (v *voidReader) Err() error { return v.src.Err() }
