package sql

import (
	dbsql "database/sql"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/sqlgen"
)

// rowsReader turns database rows into Arrow batches of up to batch rows,
// reading the rows as the batches are asked for. It implements
// array.RecordReader; context handling is the wrapping
// engine.ResultReader's (and the query's, whose context ends the rows).
type rowsReader struct {
	refs   atomic.Int64
	rows   *dbsql.Rows
	schema *arrow.Schema
	b      *array.RecordBuilder
	batch  int
	d      *sqlgen.Dialect
	vals   []any
	ptrs   []any
	cur    arrow.RecordBatch
	err    error
	done   bool
}

func newRowsReader(rows *dbsql.Rows, schema *arrow.Schema, mem memory.Allocator, batch int, d *sqlgen.Dialect) (*rowsReader, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	if len(cols) != schema.NumFields() {
		return nil, fmt.Errorf("query returned %d columns, plan has %d", len(cols), schema.NumFields())
	}
	r := &rowsReader{rows: rows, schema: schema, b: array.NewRecordBuilder(mem, schema), batch: batch, d: d}
	r.vals = make([]any, len(cols))
	r.ptrs = make([]any, len(cols))
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	r.refs.Store(1)
	return r, nil
}

// Retain implements array.RecordReader.
func (r *rowsReader) Retain() { r.refs.Add(1) }

// Release implements array.RecordReader: the last Release closes the rows.
func (r *rowsReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	_ = r.rows.Close()
	r.b.Release()
}

// Schema implements array.RecordReader.
func (r *rowsReader) Schema() *arrow.Schema { return r.schema }

// Next implements array.RecordReader.
func (r *rowsReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.done || r.err != nil {
		return false
	}
	n := 0
	for n < r.batch && r.rows.Next() {
		if err := r.rows.Scan(r.ptrs...); err != nil {
			r.err = err
			return false
		}
		for i, v := range r.vals {
			if err := appendValue(r.b.Field(i), v, r.d); err != nil {
				r.err = fmt.Errorf("column %q: %w", r.schema.Field(i).Name, err)
				return false
			}
		}
		n++
	}
	if n < r.batch {
		r.done = true
		if err := r.rows.Err(); err != nil {
			r.err = err
			return false
		}
		if n == 0 {
			return false
		}
	}
	r.cur = r.b.NewRecordBatch()
	return true
}

// RecordBatch implements array.RecordReader.
func (r *rowsReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record implements array.RecordReader.
//
// Deprecated: use RecordBatch.
func (r *rowsReader) Record() arrow.RecordBatch { return r.cur }

// Err implements array.RecordReader.
func (r *rowsReader) Err() error { return r.err }
