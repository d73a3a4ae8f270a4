package statements

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/typemap"
)

// withVariantColumns marks the string columns at positions as VARIANT
// (typemap.MarkVariant): the engine holds a VARIANT as JSON text, which
// alone would be typed STRING. Positions out of range or of another type
// are left alone. rdr is owned by the result.
func withVariantColumns(rdr array.RecordReader, positions []int) array.RecordReader {
	fields := rdr.Schema().Fields()
	marked := false
	for _, p := range positions {
		if p < len(fields) && (fields[p].Type.ID() == arrow.STRING || fields[p].Type.ID() == arrow.LARGE_STRING) {
			fields[p] = typemap.MarkVariant(fields[p])
			marked = true
		}
	}
	if !marked {
		return rdr
	}
	md := rdr.Schema().Metadata()
	return &schemaReader{RecordReader: rdr, schema: arrow.NewSchema(fields, &md)}
}

// schemaReader is a reader whose schema differs from its source's only in
// field metadata; batches keep the source's (the result's converter reads
// columns by position).
type schemaReader struct {
	array.RecordReader
	schema *arrow.Schema
}

// Schema is the source schema with the marked fields.
func (r *schemaReader) Schema() *arrow.Schema { return r.schema }

// withYearMonthColumns marks the interval columns at positions as
// year-month (typemap.YearMonth), which the engine's interval type does not
// tell. rdr is owned by the result.
func withYearMonthColumns(rdr array.RecordReader, positions []int) array.RecordReader {
	fields := rdr.Schema().Fields()
	marked := false
	for _, p := range positions {
		if p < len(fields) && fields[p].Type.ID() == arrow.INTERVAL_MONTH_DAY_NANO {
			fields[p] = typemap.MarkSQLName(fields[p], typemap.YearMonth)
			marked = true
		}
	}
	if !marked {
		return rdr
	}
	md := rdr.Schema().Metadata()
	return &schemaReader{RecordReader: rdr, schema: arrow.NewSchema(fields, &md)}
}
