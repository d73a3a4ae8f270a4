// Package rowtable builds the small Arrow results the warehouse answers
// itself (SHOW, DESCRIBE, SET, command results) row by row, and reads the
// engine's small answers back as text.
package rowtable

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/warehouse/engine"
)

// Table builds a small Arrow result row by row.
type Table struct {
	schema *arrow.Schema
	b      *array.RecordBuilder
}

// New returns an empty table of the fields, every one nullable.
func New(fields ...arrow.Field) *Table {
	for i := range fields {
		fields[i].Nullable = true
	}
	schema := arrow.NewSchema(fields, nil)
	return &Table{schema: schema, b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}
}

// Str is a STRING field.
func Str(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.BinaryTypes.String} }

// I32 is an INT field.
func I32(name string) arrow.Field { return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int32} }

// Boolean is a BOOLEAN field.
func Boolean(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.FixedWidthTypes.Boolean}
}

// Add appends one row: string, bool, int32, int64, *int32, or nil for NULL.
func (t *Table) Add(values ...any) {
	for i, v := range values {
		f := t.b.Field(i)
		switch v := v.(type) {
		case nil:
			f.AppendNull()
		case string:
			f.(*array.StringBuilder).Append(v)
		case bool:
			f.(*array.BooleanBuilder).Append(v)
		case int32:
			f.(*array.Int32Builder).Append(v)
		case int64:
			f.(*array.Int64Builder).Append(v)
		case *int32:
			if v == nil {
				f.AppendNull()
			} else {
				f.(*array.Int32Builder).Append(*v)
			}
		default:
			panic(fmt.Sprintf("warehouse: table cell of type %T", v))
		}
	}
}

// Reader returns the rows added as a reader; the table is spent.
func (t *Table) Reader() array.RecordReader {
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	t.b.Release()
	rdr, _ := array.NewRecordReader(t.schema, []arrow.RecordBatch{rec})
	return rdr
}

// Discard frees a table whose rows will not be read.
func (t *Table) Discard() { t.b.Release() }

// Empty is a reader of no columns and no rows: a statement answered with
// nothing.
func Empty() array.RecordReader {
	rdr, _ := array.NewRecordReader(arrow.NewSchema(nil, nil), nil)
	return rdr
}

// Rows runs q on conn and returns its rows as text, NULL as "".
func Rows(ctx context.Context, conn engine.Session, q string) ([][]string, error) {
	rdr, err := conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var out [][]string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			row := make([]string, rec.NumCols())
			for c := range row {
				if col := rec.Column(c); !col.IsNull(r) {
					row[c] = strings.Clone(col.ValueStr(r)) // ValueStr may alias the batch
				}
			}
			out = append(out, row)
		}
	}
	return out, rdr.Err()
}

// Stream runs a statement through the engine's streaming path when it has
// one (engine.Streamer), else through Query.
func Stream(ctx context.Context, conn engine.Session, text string, args ...any) (array.RecordReader, error) {
	if st, ok := conn.(engine.Streamer); ok {
		return st.QueryStream(ctx, text, args...)
	}
	return conn.Query(ctx, text, args...)
}
