package results

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// coalescer concatenates consecutive batches until they hold at least
// target rows. It never splits a batch, and a batch that is large enough
// on its own passes through without a copy.
type coalescer struct {
	mem     memory.Allocator
	pool    *bufPool // for the columns poolable allows; nil: mem
	schema  *arrow.Schema
	target  int64 // 0: pass everything through
	pending []arrow.RecordBatch
	rows    int64
}

// add takes ownership of rec and returns a batch to emit, or nil.
func (c *coalescer) add(rec arrow.RecordBatch) (arrow.RecordBatch, error) {
	if c.target <= 0 || len(c.pending) == 0 && rec.NumRows() >= c.target {
		return rec, nil
	}
	if rec.NumRows() == 0 && len(c.pending) > 0 {
		rec.Release()
		return nil, nil
	}
	c.pending = append(c.pending, rec)
	c.rows += rec.NumRows()
	if c.rows < c.target {
		return nil, nil
	}
	return c.flush()
}

// flush returns the pending batches as one (nil when none) and empties the
// coalescer.
func (c *coalescer) flush() (arrow.RecordBatch, error) {
	defer c.release()
	switch len(c.pending) {
	case 0:
		return nil, nil
	case 1:
		rec := c.pending[0]
		rec.Retain()
		return rec, nil
	}
	cols := make([]arrow.Array, c.schema.NumFields())
	defer func() {
		for _, a := range cols {
			if a != nil {
				a.Release()
			}
		}
	}()
	parts := make([]arrow.Array, len(c.pending))
	for i := range cols {
		for j, rec := range c.pending {
			parts[j] = rec.Column(i)
		}
		mem := c.mem
		if c.pool != nil && poolable(parts) {
			mem = c.pool
		}
		a, err := array.Concatenate(parts, mem)
		if err != nil {
			return nil, fmt.Errorf("results: coalesce column %d: %w", i, err)
		}
		cols[i] = a
	}
	return array.NewRecordBatch(c.schema, cols, c.rows), nil
}

// release drops the pending batches.
func (c *coalescer) release() {
	for _, rec := range c.pending {
		rec.Release()
	}
	c.pending, c.rows = c.pending[:0], 0
}

// poolable reports whether array.Concatenate writes every byte it exposes
// of the buffers it allocates for parts, so that they may come from a
// bufPool: fixed-width values (whole bytes, not dictionary-encoded) whose
// data buffers are all present, and strings and binaries (offsets and
// values are written whole) whose offsets are. Validity bitmaps are always
// written whole.
func poolable(parts []arrow.Array) bool {
	dt := parts[0].DataType()
	switch dt.ID() {
	case arrow.DICTIONARY, arrow.EXTENSION, arrow.NULL, arrow.BOOL:
		return false
	case arrow.STRING, arrow.BINARY, arrow.LARGE_STRING, arrow.LARGE_BINARY:
		for _, a := range parts {
			d := a.Data()
			if len(d.Buffers()) != 3 || len(d.Children()) != 0 || a.Len() > 0 && d.Buffers()[1] == nil {
				return false
			}
		}
		return true
	}
	fw, ok := dt.(arrow.FixedWidthDataType)
	if !ok || fw.BitWidth()%8 != 0 {
		return false
	}
	for _, a := range parts {
		d := a.Data()
		if len(d.Buffers()) != 2 || len(d.Children()) != 0 || a.Len() > 0 && d.Buffers()[1] == nil {
			return false
		}
	}
	return true
}
