package sqlgen

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Values writes record batches as an inline table, a parenthesised SELECT
// over VALUES whose columns have sc's names and types, for engines that
// send small in-memory sources to a remote SQL service. Every value is a
// typed literal, so the text grows with the data: use it for small inputs.
func Values(d *Dialect, sc *arrow.Schema, recs []arrow.RecordBatch) (string, error) {
	cols := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		cols[i] = d.QuoteIdent(f.Name)
	}
	var rows []string
	for _, rec := range recs {
		if int(rec.NumCols()) != sc.NumFields() {
			return "", fmt.Errorf("frames/sqlgen: values: batch has %d columns, schema %d", rec.NumCols(), sc.NumFields())
		}
		for r := 0; r < int(rec.NumRows()); r++ {
			vals := make([]string, sc.NumFields())
			for j, f := range sc.Fields() {
				v, err := d.arrayValue(rec.Column(j), r, f.Type)
				if err != nil {
					return "", fmt.Errorf("frames/sqlgen: values: column %q: %w", f.Name, err)
				}
				vals[j] = v
			}
			rows = append(rows, "("+strings.Join(vals, ", ")+")")
		}
	}
	if len(rows) == 0 {
		sel := make([]string, sc.NumFields())
		for i, f := range sc.Fields() {
			lit, err := d.Literal(nil, f.Type)
			if err != nil {
				return "", err
			}
			sel[i] = lit + " AS " + cols[i]
		}
		return "(SELECT " + strings.Join(sel, ", ") + " WHERE FALSE)", nil
	}
	return "(SELECT * FROM (VALUES " + strings.Join(rows, ", ") + ") AS __sl_v(" + strings.Join(cols, ", ") + "))", nil
}

// arrayValue writes element i of arr, of type t, as a literal.
func (d *Dialect) arrayValue(arr arrow.Array, i int, t arrow.DataType) (string, error) {
	if arr.IsNull(i) {
		return d.Literal(nil, t)
	}
	var v any
	switch a := arr.(type) {
	case *array.Boolean:
		v = a.Value(i)
	case *array.Int8:
		v = int64(a.Value(i))
	case *array.Int16:
		v = int64(a.Value(i))
	case *array.Int32:
		v = int64(a.Value(i))
	case *array.Int64:
		v = a.Value(i)
	case *array.Float32:
		v = float64(a.Value(i))
	case *array.Float64:
		v = a.Value(i)
	case *array.String:
		v = a.Value(i)
		if _, ok := t.(*arrow.StringType); !ok {
			return "", fmt.Errorf("string array for type %s", t)
		}
	case *array.Binary:
		v = append([]byte(nil), a.Value(i)...)
	case *array.Date32:
		v = a.Value(i)
	case *array.Timestamp:
		ts := a.DataType().(*arrow.TimestampType)
		v = a.Value(i).ToTime(ts.Unit)
	case *array.Decimal128:
		v = a.Value(i)
	case *array.List:
		return d.listValue(a, i, t)
	default:
		return "", fmt.Errorf("arrays of type %s are not supported", arr.DataType())
	}
	return d.Literal(v, t)
}

func (d *Dialect) listValue(a *array.List, i int, t arrow.DataType) (string, error) {
	lt, ok := t.(*arrow.ListType)
	if !ok {
		return "", fmt.Errorf("list array for type %s", t)
	}
	typ, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	start, end := a.ValueOffsets(i)
	elems := make([]string, 0, end-start)
	for j := start; j < end; j++ {
		s, err := d.arrayValue(a.ListValues(), int(j), lt.Elem())
		if err != nil {
			return "", err
		}
		elems = append(elems, s)
	}
	if d.isDuck() {
		return "CAST([" + strings.Join(elems, ", ") + "] AS " + typ + ")", nil
	}
	return "CAST(array(" + strings.Join(elems, ", ") + ") AS " + typ + ")", nil
}
