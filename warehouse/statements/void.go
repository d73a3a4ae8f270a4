package statements

import (
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
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
// columns, or lists or maps of null elements (Spark's ARRAY<VOID> and
// MAP<VOID,VOID> of array() and map(), which DuckDB types INTEGER[] and
// MAP(INTEGER, INTEGER)). Positions out of range, or whose engine type is
// not the INTEGER DuckDB gives a bare NULL (or a list or map of it), are
// left alone. rdr is owned by the result.
func withVoidColumns(rdr array.RecordReader, positions []int) array.RecordReader {
	fields := rdr.Schema().Fields()
	void := map[int]bool{}
	for _, p := range positions {
		if p >= len(fields) {
			continue
		}
		if t, ok := voidOf(fields[p].Type); ok {
			void[p] = true
			fields[p] = arrow.Field{Name: fields[p].Name, Type: t, Nullable: true}
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
			cols[i] = voidArray(rec.Column(i), v.schema.Field(i).Type)
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

// voidOf returns the type a void position's engine type t becomes: null for
// INTEGER, a list of null for a list of INTEGER, a map of null to null for
// a map of INTEGER to INTEGER; false for any other type.
func voidOf(t arrow.DataType) (arrow.DataType, bool) {
	switch t := t.(type) {
	case *arrow.Int32Type:
		return arrow.Null, true
	case *arrow.MapType:
		if t.KeyType().ID() == arrow.INT32 && t.ItemType().ID() == arrow.INT32 {
			return arrow.MapOf(arrow.Null, arrow.Null), true
		}
	case *arrow.ListType:
		if t.Elem().ID() == arrow.INT32 {
			return arrow.ListOf(arrow.Null), true
		}
	}
	return nil, false
}

// voidArray is a as an array of type t (from voidOf): every value NULL,
// lists and maps keeping their offsets and validity with null elements.
func voidArray(a arrow.Array, t arrow.DataType) arrow.Array {
	var children []arrow.ArrayData
	switch a := a.(type) {
	case *array.Map:
		keys, items := array.NewNull(a.Keys().Len()), array.NewNull(a.Items().Len())
		defer keys.Release()
		defer items.Release()
		entries := array.NewData(t.(*arrow.MapType).Elem(), a.Keys().Len(), []*memory.Buffer{nil},
			[]arrow.ArrayData{keys.Data(), items.Data()}, 0, 0)
		defer entries.Release()
		children = []arrow.ArrayData{entries}
	case *array.List:
		elems := array.NewNull(a.ListValues().Len())
		defer elems.Release()
		children = []arrow.ArrayData{elems.Data()}
	default:
		return array.NewNull(a.Len())
	}
	d := a.Data()
	data := array.NewData(t, d.Len(), d.Buffers(), children, d.NullN(), d.Offset())
	defer data.Release()
	return array.MakeFromData(data)
}
