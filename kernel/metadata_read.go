package kernel

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// showRow is one row of a SHOW result, read by column name (the layouts of
// sea-protocol §5.2; clients must not rely on positions alone).
type showRow struct {
	rec arrow.RecordBatch
	idx map[string]int
	i   int
}

// col returns the named column, or nil when the result has none.
func (r showRow) col(name string) arrow.Array {
	if j, ok := r.idx[name]; ok {
		return r.rec.Column(j)
	}
	return nil
}

// str returns a text cell ("" for NULL or a missing column), copied out of
// the batch.
func (r showRow) str(name string) string {
	a := r.col(name)
	if a == nil || a.IsNull(r.i) {
		return ""
	}
	switch a := a.(type) {
	case *array.String:
		return strings.Clone(a.Value(r.i))
	case *array.LargeString:
		return strings.Clone(a.Value(r.i))
	case *array.StringView:
		return strings.Clone(a.Value(r.i))
	}
	return strings.Clone(a.ValueStr(r.i))
}

// int32p returns an integer cell, nil for NULL, a missing column or text
// that is no number.
func (r showRow) int32p(name string) *int32 {
	a := r.col(name)
	if a == nil || a.IsNull(r.i) {
		return nil
	}
	var v int64
	switch a := a.(type) {
	case *array.Int8:
		v = int64(a.Value(r.i))
	case *array.Int16:
		v = int64(a.Value(r.i))
	case *array.Int32:
		v = int64(a.Value(r.i))
	case *array.Int64:
		v = a.Value(r.i)
	default:
		n, err := strconv.ParseInt(strings.TrimSpace(r.str(name)), 10, 32)
		if err != nil {
			return nil
		}
		v = n
	}
	out := int32(v)
	return &out
}

// flag returns a yes/no cell: BOOLEAN, or text true/yes and false/no in
// any case; nil for NULL, a missing column or other text.
func (r showRow) flag(name string) *bool {
	a := r.col(name)
	if a == nil || a.IsNull(r.i) {
		return nil
	}
	if b, ok := a.(*array.Boolean); ok {
		v := b.Value(r.i)
		return &v
	}
	var v bool
	switch strings.ToUpper(strings.TrimSpace(r.str(name))) {
	case "TRUE", "YES":
		v = true
	case "FALSE", "NO":
	default:
		return nil
	}
	return &v
}

// show runs a SHOW statement and calls fn for each row. The result must
// have the required columns.
func (c *Conn) show(ctx context.Context, sql string, required []string, fn func(showRow)) error {
	rdr, err := c.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rdr.Release()
	var idx map[string]int
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if idx == nil {
			idx = make(map[string]int, rec.NumCols())
			for j, f := range rec.Schema().Fields() {
				idx[f.Name] = j
			}
			for _, name := range required {
				if _, ok := idx[name]; !ok {
					return fmt.Errorf("sealane: %s: the result has no %q column", sql, name)
				}
			}
		}
		for i := 0; i < int(rec.NumRows()); i++ {
			fn(showRow{rec: rec, idx: idx, i: i})
		}
	}
	return rdr.Err()
}
