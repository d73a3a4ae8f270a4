package sqldriver

import (
	"database/sql/driver"
	"encoding/json"
	"io"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// rows streams a kernel reader row by row.
type rows struct {
	rdr array.RecordReader
	rec arrow.RecordBatch
	row int
}

func newRows(rdr array.RecordReader) *rows { return &rows{rdr: rdr} }

var (
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
)

func (r *rows) Columns() []string {
	fields := r.rdr.Schema().Fields()
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

func (r *rows) Close() error {
	if r.rdr != nil {
		r.rdr.Release()
		r.rdr = nil
	}
	return nil
}

func (r *rows) Next(dest []driver.Value) error {
	for r.rec == nil || r.row >= int(r.rec.NumRows()) {
		if !r.rdr.Next() {
			if err := r.rdr.Err(); err != nil {
				return err
			}
			return io.EOF
		}
		r.rec, r.row = r.rdr.RecordBatch(), 0
	}
	for i := range dest {
		dest[i] = value(r.rec.Column(i), r.row)
	}
	r.row++
	return nil
}

// value converts one Arrow cell to a database/sql value.
func value(a arrow.Array, i int) driver.Value {
	if a.IsNull(i) {
		return nil
	}
	switch c := a.(type) {
	case *array.Boolean:
		return c.Value(i)
	case *array.Int8:
		return int64(c.Value(i))
	case *array.Int16:
		return int64(c.Value(i))
	case *array.Int32:
		return int64(c.Value(i))
	case *array.Int64:
		return c.Value(i)
	case *array.Float32:
		return float64(c.Value(i))
	case *array.Float64:
		return c.Value(i)
	case *array.String:
		return strings.Clone(c.Value(i))
	case *array.LargeString:
		return strings.Clone(c.Value(i))
	case *array.Binary:
		return append([]byte(nil), c.Value(i)...)
	case *array.Decimal128:
		return decimalString(c.Value(i).BigInt(), c.DataType().(*arrow.Decimal128Type).Scale)
	case *array.Date32:
		return c.Value(i).ToTime()
	case *array.Timestamp:
		tt := c.DataType().(*arrow.TimestampType)
		t := c.Value(i).ToTime(tt.Unit)
		if tt.TimeZone != "" {
			if loc, err := time.LoadLocation(tt.TimeZone); err == nil {
				return t.In(loc)
			}
		}
		return t
	case *array.Duration:
		return time.Duration(c.Value(i)) * time.Microsecond
	}
	b, err := json.Marshal(jsonOf(a, i))
	if err != nil {
		return a.ValueStr(i)
	}
	return string(b)
}

// jsonOf renders nested values (ARRAY, MAP, STRUCT) for their JSON text.
func jsonOf(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch c := a.(type) {
	case *array.Map:
		start, end := c.ValueOffsets(i)
		m := make(map[string]any, end-start)
		for j := start; j < end; j++ {
			m[c.Keys().ValueStr(int(j))] = jsonOf(c.Items(), int(j))
		}
		return m
	case *array.List:
		start, end := c.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, jsonOf(c.ListValues(), int(j)))
		}
		return out
	case *array.Struct:
		st := c.DataType().(*arrow.StructType)
		m := make(map[string]any, c.NumField())
		for f := 0; f < c.NumField(); f++ {
			m[st.Field(f).Name] = jsonOf(c.Field(f), i)
		}
		return m
	case *array.Decimal128:
		return json.Number(value(a, i).(string))
	}
	return value(a, i)
}

func decimalString(v *big.Int, scale int32) string {
	if scale <= 0 {
		return v.String()
	}
	r := new(big.Rat).SetFrac(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	return r.FloatString(int(scale))
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return databaseTypeName(r.rdr.Schema().Field(i).Type)
}

func (r *rows) ColumnTypeNullable(int) (nullable, ok bool) { return true, true }

func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	switch r.rdr.Schema().Field(i).Type.ID() {
	case arrow.BOOL:
		return reflect.TypeFor[bool]()
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64:
		return reflect.TypeFor[int64]()
	case arrow.FLOAT32, arrow.FLOAT64:
		return reflect.TypeFor[float64]()
	case arrow.BINARY:
		return reflect.TypeFor[[]byte]()
	case arrow.DATE32, arrow.TIMESTAMP:
		return reflect.TypeFor[time.Time]()
	case arrow.DURATION:
		return reflect.TypeFor[time.Duration]()
	}
	return reflect.TypeFor[string]()
}

// databaseTypeName names the Databricks SQL type of an Arrow column.
func databaseTypeName(dt arrow.DataType) string {
	switch t := dt.(type) {
	case *arrow.BooleanType:
		return "BOOLEAN"
	case *arrow.Int8Type:
		return "TINYINT"
	case *arrow.Int16Type:
		return "SMALLINT"
	case *arrow.Int32Type:
		return "INT"
	case *arrow.Int64Type:
		return "BIGINT"
	case *arrow.Float32Type:
		return "FLOAT"
	case *arrow.Float64Type:
		return "DOUBLE"
	case *arrow.Decimal128Type:
		return "DECIMAL"
	case *arrow.StringType, *arrow.LargeStringType:
		return "STRING"
	case *arrow.BinaryType:
		return "BINARY"
	case *arrow.Date32Type:
		return "DATE"
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "TIMESTAMP_NTZ"
		}
		return "TIMESTAMP"
	case *arrow.DurationType, *arrow.MonthIntervalType:
		return "INTERVAL"
	case *arrow.ListType:
		return "ARRAY"
	case *arrow.MapType:
		return "MAP"
	case *arrow.StructType:
		return "STRUCT"
	case *arrow.NullType:
		return "VOID"
	}
	return strings.ToUpper(dt.Name())
}
