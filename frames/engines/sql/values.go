package sql

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// recordRows walks the rows of a record source, giving each as Go values
// (converted by conv) followed by its row number. It implements
// pgx.CopyFromSource.
type recordRows struct {
	recs []arrow.RecordBatch
	conv func(arr arrow.Array, i int) (any, error)
	rec  int
	row  int
	n    int64
	err  error
	vals []any
}

func newRecordRows(s *plan.Source, conv func(arrow.Array, int) (any, error)) *recordRows {
	return &recordRows{recs: s.Records, conv: conv, row: -1}
}

// Next implements pgx.CopyFromSource.
func (r *recordRows) Next() bool {
	if r.err != nil {
		return false
	}
	r.row++
	for r.rec < len(r.recs) && r.row >= int(r.recs[r.rec].NumRows()) {
		r.rec++
		r.row = 0
	}
	if r.rec >= len(r.recs) {
		return false
	}
	r.n++
	return true
}

// Values implements pgx.CopyFromSource.
func (r *recordRows) Values() ([]any, error) {
	rec := r.recs[r.rec]
	r.vals = r.vals[:0]
	for j := 0; j < int(rec.NumCols()); j++ {
		v, err := r.conv(rec.Column(j), r.row)
		if err != nil {
			r.err = fmt.Errorf("column %q: %w", rec.ColumnName(j), err)
			return nil, r.err
		}
		r.vals = append(r.vals, v)
	}
	r.vals = append(r.vals, r.n)
	return r.vals, nil
}

// Err implements pgx.CopyFromSource.
func (r *recordRows) Err() error { return r.err }

// goValue is element i of arr as a plain Go value (nil for NULL): bool,
// int64, float64, string, []byte, arrow.Date32, time.Time (UTC), decimal
// text, []any for lists.
func goValue(arr arrow.Array, i int) (any, error) {
	if arr.IsNull(i) {
		return nil, nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i), nil
	case *array.Int8:
		return int64(a.Value(i)), nil
	case *array.Int16:
		return int64(a.Value(i)), nil
	case *array.Int32:
		return int64(a.Value(i)), nil
	case *array.Int64:
		return a.Value(i), nil
	case *array.Float32:
		return float64(a.Value(i)), nil
	case *array.Float64:
		return a.Value(i), nil
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	case *array.Binary:
		return append([]byte{}, a.Value(i)...), nil
	case *array.LargeBinary:
		return append([]byte{}, a.Value(i)...), nil
	case *array.Date32:
		return a.Value(i), nil
	case *array.Timestamp:
		return a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit).UTC(), nil
	case *array.Decimal128:
		return a.Value(i), nil
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			v, err := goValue(a.ListValues(), int(j))
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("arrays of type %s are not supported", arr.DataType())
}

// pgValue is element i of arr as pgx encodes it for COPY.
func pgValue(arr arrow.Array, i int) (any, error) {
	v, err := goValue(arr, i)
	if err != nil || v == nil {
		return v, err
	}
	switch x := v.(type) {
	case arrow.Date32:
		return x.ToTime(), nil
	case int64:
		switch arr.DataType().ID() {
		case arrow.INT8, arrow.INT16:
			return int16(x), nil
		case arrow.INT32:
			return int32(x), nil
		}
	case float64:
		if arr.DataType().ID() == arrow.FLOAT32 {
			return float32(x), nil
		}
	case []any:
		out := make([]any, len(x))
		child := arr.(*array.List).ListValues()
		start, _ := arr.(*array.List).ValueOffsets(i)
		for j := range x {
			e, err := pgValue(child, int(start)+j)
			if err != nil {
				return nil, err
			}
			out[j] = e
		}
		return out, nil
	}
	if d, ok := arr.(*array.Decimal128); ok {
		n := d.Value(i)
		scale := d.DataType().(*arrow.Decimal128Type).Scale
		return pgtype.Numeric{Int: n.BigInt(), Exp: -scale, Valid: true}, nil
	}
	return v, nil
}

// sqliteValue is element i of arr as bound to an SQLite parameter: dates
// and timestamps as ISO-8601 text, booleans as 0/1, decimals as text.
func sqliteValue(arr arrow.Array, i int) (any, error) {
	v, err := goValue(arr, i)
	if err != nil || v == nil {
		return v, err
	}
	switch x := v.(type) {
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case arrow.Date32:
		return x.ToTime().Format(sqlgen.DateLayout), nil
	case []any:
		return nil, fmt.Errorf("SQLite has no list type")
	}
	if t, ok := v.(interface{ Format(string) string }); ok {
		if _, isTS := arr.(*array.Timestamp); isTS {
			return t.Format(sqlgen.TimestampLayout), nil
		}
	}
	if d, ok := arr.(*array.Decimal128); ok {
		return d.Value(i).ToString(d.DataType().(*arrow.Decimal128Type).Scale), nil
	}
	return v, nil
}
