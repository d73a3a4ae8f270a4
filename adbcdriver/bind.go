package adbcdriver

import (
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
)

// markers are the parameter markers of a query.
type markers struct {
	positional int
	named      []string
}

func countMarkers(query string) (markers, error) {
	p, n, err := kernel.CountMarkers(query)
	if err != nil {
		return markers{}, toADBC("Prepare", err)
	}
	if p > kernel.MaxParameters || len(n) > kernel.MaxParameters {
		return markers{}, errorf(adbc.StatusInvalidArgument, "the query has %d parameter markers; a statement takes at most %d", max(p, len(n)), kernel.MaxParameters)
	}
	return markers{p, n}, nil
}

// schema is the parameter schema: one field per marker, "?1".. for ? and
// the name for :name, of the null type (types are not known).
func (m markers) schema() *arrow.Schema {
	var fields []arrow.Field
	for i := 1; i <= m.positional; i++ {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("?%d", i), Type: arrow.Null, Nullable: true})
	}
	for _, n := range m.named {
		fields = append(fields, arrow.Field{Name: n, Type: arrow.Null, Nullable: true})
	}
	return arrow.NewSchema(fields, nil)
}

// binder turns the rows of bound batches into kernel arguments: columns
// name the parameters when the query has :name markers, positions
// otherwise.
type binder struct {
	m      markers
	schema *arrow.Schema
	nulls  []any // the typed NULL of each column
}

// newBinder checks that a bound schema fits the query's markers and that
// every column has a Databricks parameter type.
func newBinder(m markers, sc *arrow.Schema) (*binder, error) {
	b := &binder{m: m, schema: sc, nulls: make([]any, sc.NumFields())}
	for i, f := range sc.Fields() {
		zero, err := zeroValue(f.Type)
		if err != nil {
			return nil, err
		}
		typ, err := kernel.ParameterType(zero)
		if err != nil {
			return nil, toADBC("Bind", err)
		}
		if typ != "VOID" {
			b.nulls[i] = kernel.TypedValue{Type: typ}
		}
	}
	if len(m.named) > 0 {
		for _, n := range m.named {
			if len(sc.FieldIndices(n)) == 0 {
				return nil, errorf(adbc.StatusInvalidArgument, "the query's marker :%s has no column in the bound data (columns: %s)", n, columnNames(sc))
			}
		}
		return b, nil
	}
	if sc.NumFields() != m.positional {
		return nil, errorf(adbc.StatusInvalidArgument, "the query has %d ? markers but the bound data has %d columns (%s)", m.positional, sc.NumFields(), columnNames(sc))
	}
	return b, nil
}

func columnNames(sc *arrow.Schema) string {
	names := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// check verifies that a bound batch has the binder's schema.
func (b *binder) check(rec arrow.RecordBatch) error {
	if !rec.Schema().Equal(b.schema) {
		return errorf(adbc.StatusInvalidArgument, "a bound batch has the schema %s, not %s", rec.Schema(), b.schema)
	}
	return nil
}

// args are the kernel arguments of row r of rec (which check accepted).
func (b *binder) args(rec arrow.RecordBatch, r int) ([]any, error) {
	out := make([]any, 0, rec.NumCols())
	for i, col := range rec.Columns() {
		v := b.nulls[i]
		if !col.IsNull(r) {
			var err error
			if v, err = value(col, r); err != nil {
				return nil, errorf(adbc.StatusInvalidArgument, "bound column %q, row %d: %v", b.schema.Field(i).Name, r, err)
			}
		}
		if len(b.m.named) > 0 {
			v = sql.Named(b.schema.Field(i).Name, v)
		}
		out = append(out, v)
	}
	return out, nil
}

// zeroValue is a Go value of the kernel type an Arrow type binds as, or a
// NotImplemented error naming the type.
func zeroValue(dt arrow.DataType) (any, error) {
	switch t := dt.(type) {
	case *arrow.NullType:
		return nil, nil
	case *arrow.BooleanType:
		return false, nil
	case *arrow.Int8Type:
		return int8(0), nil
	case *arrow.Int16Type:
		return int16(0), nil
	case *arrow.Int32Type:
		return int32(0), nil
	case *arrow.Int64Type:
		return int64(0), nil
	case *arrow.Uint8Type:
		return uint8(0), nil
	case *arrow.Uint16Type:
		return uint16(0), nil
	case *arrow.Uint32Type:
		return uint32(0), nil
	case *arrow.Uint64Type:
		return uint64(0), nil
	case *arrow.Float16Type, *arrow.Float32Type:
		return float32(0), nil
	case *arrow.Float64Type:
		return float64(0), nil
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return "", nil
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType, *arrow.FixedSizeBinaryType:
		return []byte{}, nil
	case *arrow.Decimal128Type:
		return kernel.Decimal{Precision: int(t.Precision), Scale: int(t.Scale)}, nil
	case *arrow.Decimal256Type:
		return kernel.Decimal{Precision: int(t.Precision), Scale: int(t.Scale)}, nil
	case *arrow.Date32Type, *arrow.Date64Type:
		return kernel.Date{}, nil
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return kernel.TimestampNTZ{}, nil
		}
		return time.Time{}, nil
	case *arrow.DurationType:
		return time.Duration(0), nil
	}
	return nil, notImplemented("binding a parameter of Arrow type "+dt.String(), "Databricks SQL parameters are scalars; bind one of the integer, floating-point, bool, string, binary, decimal, date, timestamp, duration or null types")
}

// value is the kernel value of the non-null cell r of col (whose type
// zeroValue accepted).
func value(col arrow.Array, r int) (any, error) {
	if a, ok := col.(*array.Duration); ok {
		v, unit := int64(a.Value(r)), int64(a.DataType().(*arrow.DurationType).Unit.Multiplier())
		if v > math.MaxInt64/unit || v < math.MinInt64/unit {
			return nil, fmt.Errorf("the duration %d %s is out of range", v, a.DataType().(*arrow.DurationType).Unit)
		}
		return time.Duration(v * unit), nil
	}
	return scalar(col, r), nil
}

// scalar is the kernel value of the non-null, non-duration cell r of col.
func scalar(col arrow.Array, r int) any {
	switch a := col.(type) {
	case *array.Boolean:
		return a.Value(r)
	case *array.Int8:
		return a.Value(r)
	case *array.Int16:
		return a.Value(r)
	case *array.Int32:
		return a.Value(r)
	case *array.Int64:
		return a.Value(r)
	case *array.Uint8:
		return a.Value(r)
	case *array.Uint16:
		return a.Value(r)
	case *array.Uint32:
		return a.Value(r)
	case *array.Uint64:
		return a.Value(r)
	case *array.Float16:
		return a.Value(r).Float32()
	case *array.Float32:
		return a.Value(r)
	case *array.Float64:
		return a.Value(r)
	case *array.String:
		return strings.Clone(a.Value(r))
	case *array.LargeString:
		return strings.Clone(a.Value(r))
	case *array.StringView:
		return strings.Clone(a.Value(r))
	case *array.Binary:
		return a.Value(r)
	case *array.LargeBinary:
		return a.Value(r)
	case *array.BinaryView:
		return a.Value(r)
	case *array.FixedSizeBinary:
		return a.Value(r)
	case *array.Decimal128:
		t := a.DataType().(*arrow.Decimal128Type)
		return kernel.Decimal{Unscaled: a.Value(r).BigInt(), Precision: int(t.Precision), Scale: int(t.Scale)}
	case *array.Decimal256:
		t := a.DataType().(*arrow.Decimal256Type)
		return kernel.Decimal{Unscaled: a.Value(r).BigInt(), Precision: int(t.Precision), Scale: int(t.Scale)}
	case *array.Date32:
		return kernel.DateOf(a.Value(r).ToTime())
	case *array.Date64:
		return kernel.DateOf(a.Value(r).ToTime())
	case *array.Timestamp:
		t := a.DataType().(*arrow.TimestampType)
		ts := a.Value(r).ToTime(t.Unit)
		if t.TimeZone == "" {
			return kernel.TimestampNTZ(ts)
		}
		return ts
	}
	return nil // unreachable: zeroValue rejected the type
}
