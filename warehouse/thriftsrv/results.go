package thriftsrv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/pierrec/lz4/v4"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
	"github.com/sealane/sealane/warehouse/typemap"
)

// Arrow results: each stored chunk is a complete IPC stream. Thrift
// clients take the schema message once (metadata arrowSchema) and the
// record-batch messages per batch, so a chunk is split at its first
// message and its end-of-stream marker dropped.

var errNotStream = errors.New("thriftsrv: chunk is not an Arrow IPC stream")

// splitSchema cuts an IPC stream into its schema message and the rest.
func splitSchema(stream []byte) (head, rest []byte, err error) {
	if len(stream) < 8 || binary.LittleEndian.Uint32(stream) != 0xFFFFFFFF {
		return nil, nil, errNotStream
	}
	n := 8 + int(binary.LittleEndian.Uint32(stream[4:]))
	if n > len(stream) {
		return nil, nil, errNotStream
	}
	return stream[:n], stream[n:], nil
}

// eos is the IPC stream's end-of-stream marker.
var eos = []byte{0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0}

// batchesOf returns a chunk's record-batch messages, LZ4-framed when lz4.
func batchesOf(stream []byte, lz4Frame bool) ([]byte, error) {
	_, rest, err := splitSchema(stream)
	if err != nil {
		return nil, err
	}
	rest = bytes.TrimSuffix(rest, eos)
	if !lz4Frame {
		return rest, nil
	}
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	if _, err := zw.Write(rest); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func lz4Decode(b []byte) ([]byte, error) {
	out, err := io.ReadAll(lz4.NewReader(bytes.NewReader(b)))
	if err != nil {
		return nil, fmt.Errorf("thriftsrv: lz4: %w", err)
	}
	return out, nil
}

// typeIDs maps Databricks type names to TTypeId.
var typeIDs = map[string]tcli.TypeID{
	"BOOLEAN": tcli.BooleanType, "BYTE": tcli.TinyIntType, "TINYINT": tcli.TinyIntType,
	"SHORT": tcli.SmallIntType, "SMALLINT": tcli.SmallIntType, "INT": tcli.IntType,
	"LONG": tcli.BigIntType, "BIGINT": tcli.BigIntType, "FLOAT": tcli.FloatType, "DOUBLE": tcli.DoubleType,
	"STRING": tcli.StringType, "TIMESTAMP": tcli.TimestampType, "TIMESTAMP_NTZ": tcli.TimestampType,
	"BINARY": tcli.BinaryType, "ARRAY": tcli.ArrayType, "MAP": tcli.MapType, "STRUCT": tcli.StructType,
	"DECIMAL": tcli.DecimalType, "NULL": tcli.NullType, "VOID": tcli.NullType, "DATE": tcli.DateType,
	"CHAR": tcli.CharType, "VARCHAR": tcli.VarcharType,
}

func typeID(c sea.ColumnInfo) tcli.TypeID {
	if c.TypeName == "INTERVAL" {
		if strings.Contains(strings.ToUpper(c.TypeText), "YEAR") || strings.Contains(strings.ToUpper(c.TypeText), "MONTH") {
			return tcli.IntervalYearMonthType
		}
		return tcli.IntervalDayTimeType
	}
	if id, ok := typeIDs[c.TypeName]; ok {
		return id
	}
	return tcli.StringType
}

// tableSchema describes the columns as TTableSchema, with precision and
// scale qualifiers for decimals.
func tableSchema(cols []sea.ColumnInfo) *tcli.TableSchema {
	ts := &tcli.TableSchema{Columns: make([]tcli.ColumnDesc, len(cols))}
	for i, c := range cols {
		e := &tcli.PrimitiveTypeEntry{Type: typeID(c)}
		if e.Type == tcli.DecimalType && c.TypePrecision != nil && c.TypeScale != nil {
			e.TypeQualifiers = &tcli.TypeQualifiers{Qualifiers: map[string]tcli.TypeQualifierValue{
				"precision": {I32Value: ptr(int32(*c.TypePrecision))}, "scale": {I32Value: ptr(int32(*c.TypeScale))}}}
		}
		ts.Columns[i] = tcli.ColumnDesc{ColumnName: c.Name, Position: int32(i + 1), Comment: ptr(""),
			TypeDesc: tcli.TypeDesc{Types: []tcli.TypeEntry{{PrimitiveEntry: e}}}}
	}
	return ts
}

// table is a result held as Go values, for column-based row sets
// (metadata calls, clients without Arrow). A nil value is NULL.
type table struct {
	cols []column
	rows int
}

type column struct {
	info sea.ColumnInfo
	vals []any // bool, int8, int16, int32, int64, float64, string, []byte
}

func newTable(names ...string) *table {
	t := &table{}
	for i, n := range names {
		typ := "STRING"
		if k := strings.IndexByte(n, ':'); k >= 0 {
			n, typ = n[:k], n[k+1:]
		}
		t.cols = append(t.cols, column{info: sea.ColumnInfo{Name: n, TypeName: typ, TypeText: typ, Position: i}})
	}
	return t
}

func (t *table) add(vals ...any) {
	for i := range t.cols {
		t.cols[i].vals = append(t.cols[i].vals, vals[i])
	}
	t.rows++
}

func (t *table) columnInfos() []sea.ColumnInfo {
	out := make([]sea.ColumnInfo, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.info
	}
	return out
}

// index returns the position of the named column, or -1.
func (t *table) index(name string) int {
	for i, c := range t.cols {
		if strings.EqualFold(c.info.Name, name) {
			return i
		}
	}
	return -1
}

// slice returns the rows from k on.
func (t *table) slice(k int) *table {
	out := &table{rows: t.rows - k}
	for _, c := range t.cols {
		out.cols = append(out.cols, column{info: c.info, vals: c.vals[k:]})
	}
	return out
}

// readTable reads a result's chunks into a table.
func (s *Server) readTable(op *operation, info *warehouse.ResultInfo) (*table, error) {
	t := &table{}
	for _, c := range info.Columns {
		t.cols = append(t.cols, column{info: c})
	}
	for k := range info.Chunks {
		data, err := s.chunk(op, k)
		if err != nil {
			return nil, err
		}
		rdr, err := ipc.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		for rdr.Next() {
			rec := rdr.RecordBatch()
			for i := range t.cols {
				t.cols[i].vals = appendValues(t.cols[i].vals, rec.Column(i))
			}
			t.rows += int(rec.NumRows())
		}
		err = rdr.Err()
		rdr.Release()
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

func appendValues(out []any, arr arrow.Array) []any {
	for i := range arr.Len() {
		if arr.IsNull(i) {
			out = append(out, nil)
			continue
		}
		switch a := arr.(type) {
		case *array.Boolean:
			out = append(out, a.Value(i))
		case *array.Int8:
			out = append(out, a.Value(i))
		case *array.Int16:
			out = append(out, a.Value(i))
		case *array.Int32:
			out = append(out, a.Value(i))
		case *array.Int64:
			out = append(out, a.Value(i))
		case *array.Float32:
			out = append(out, float64(a.Value(i)))
		case *array.Float64:
			out = append(out, a.Value(i))
		case *array.Binary:
			out = append(out, bytes.Clone(a.Value(i)))
		default:
			s, _ := typemap.Text(arr, i)
			out = append(out, s)
		}
	}
	return out
}

// columns renders the table as TColumns, the column type following the
// column's Databricks type.
func (t *table) columns() []tcli.Column {
	out := make([]tcli.Column, len(t.cols))
	for i, c := range t.cols {
		nulls := make([]byte, (len(c.vals)+7)/8)
		for r, v := range c.vals {
			if v == nil {
				nulls[r/8] |= 1 << (r % 8)
			}
		}
		switch typeID(c.info) {
		case tcli.BooleanType:
			out[i].BoolVal = &tcli.BoolColumn{Values: values[bool](c.vals), Nulls: nulls}
		case tcli.TinyIntType:
			out[i].ByteVal = &tcli.ByteColumn{Values: values[int8](c.vals), Nulls: nulls}
		case tcli.SmallIntType:
			out[i].I16Val = &tcli.I16Column{Values: values[int16](c.vals), Nulls: nulls}
		case tcli.IntType:
			out[i].I32Val = &tcli.I32Column{Values: values[int32](c.vals), Nulls: nulls}
		case tcli.BigIntType:
			out[i].I64Val = &tcli.I64Column{Values: values[int64](c.vals), Nulls: nulls}
		case tcli.FloatType, tcli.DoubleType:
			out[i].DoubleVal = &tcli.DoubleColumn{Values: values[float64](c.vals), Nulls: nulls}
		case tcli.BinaryType:
			out[i].BinaryVal = &tcli.BinaryColumn{Values: values[[]byte](c.vals), Nulls: nulls}
		default:
			out[i].StringVal = &tcli.StringColumn{Values: values[string](c.vals), Nulls: nulls}
		}
	}
	return out
}

// values converts cells to T; NULLs and cells of another Go type become
// T's zero value (their null bit is set).
func values[T any](vals []any) []T {
	out := make([]T, len(vals))
	for i, v := range vals {
		if x, ok := v.(T); ok {
			out[i] = x
		} else if s, ok := any(&out[i]).(*string); ok && v != nil {
			*s = fmt.Sprint(v)
		}
	}
	return out
}
