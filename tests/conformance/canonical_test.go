package conformance

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// sparkType names an Arrow type of a result the way Spark's
// DataType.simpleString does, so it compares with the golden files. The
// kernel's Arrow types come from the manifest's Databricks type text, which
// maps one to one, except that interval types keep only their family.
func sparkType(t arrow.DataType) string {
	switch t := t.(type) {
	case *arrow.BooleanType:
		return "boolean"
	case *arrow.Int8Type:
		return "tinyint"
	case *arrow.Int16Type:
		return "smallint"
	case *arrow.Int32Type:
		return "int"
	case *arrow.Int64Type:
		return "bigint"
	case *arrow.Float32Type:
		return "float"
	case *arrow.Float64Type:
		return "double"
	case *arrow.Decimal128Type:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case *arrow.StringType, *arrow.LargeStringType:
		return "string"
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "binary"
	case *arrow.Date32Type:
		return "date"
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "timestamp_ntz"
		}
		return "timestamp"
	case *arrow.MonthIntervalType:
		return "interval year to month"
	case *arrow.DurationType:
		return "interval day to second"
	case *arrow.NullType:
		return "void"
	case *arrow.ListType:
		return "array<" + sparkType(t.Elem()) + ">"
	case *arrow.MapType:
		return "map<" + sparkType(t.KeyType()) + "," + sparkType(t.ItemType()) + ">"
	case *arrow.StructType:
		parts := make([]string, t.NumFields())
		for i, f := range t.Fields() {
			parts[i] = f.Name + ":" + sparkType(f.Type)
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return "unknown:" + t.String()
}

// isVariant reports whether a result field is a VARIANT: JSON text whose
// field metadata names the SQL type (Spark:DataType:SqlName), as the
// warehouse marks it.
func isVariant(f arrow.Field) bool {
	v, ok := f.Metadata.GetValue("Spark:DataType:SqlName")
	return ok && v == "VARIANT"
}

// sameType compares Spark's simpleString with ours. Interval types compare
// by family (year-month or day-time): the kernel's Arrow types do not keep
// the start and end fields.
func sameType(spark, ours string) bool {
	spark = strings.ReplaceAll(strings.ToLower(spark), " ", "")
	ours = strings.ReplaceAll(ours, " ", "")
	if spark == ours {
		return true
	}
	return intervalFamily(spark) != "" && intervalFamily(spark) == intervalFamily(ours)
}

func intervalFamily(t string) string {
	if !strings.HasPrefix(t, "interval") {
		return ""
	}
	if strings.Contains(t, "year") || strings.Contains(t, "month") {
		return "ym"
	}
	return "dt"
}

// cell renders row i of a column in the canonical form of spark_golden.py's
// encode: JSON-compatible Go values.
func cell(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return json.Number(strconv.FormatInt(int64(a.Value(i)), 10))
	case *array.Int16:
		return json.Number(strconv.FormatInt(int64(a.Value(i)), 10))
	case *array.Int32:
		return json.Number(strconv.FormatInt(int64(a.Value(i)), 10))
	case *array.Int64:
		return json.Number(strconv.FormatInt(a.Value(i), 10))
	case *array.Float32:
		return floatCell(float64(a.Value(i)))
	case *array.Float64:
		return floatCell(a.Value(i))
	case *array.Decimal128:
		return decimalText(a.Value(i), a.DataType().(*arrow.Decimal128Type).Scale)
	case *array.String:
		return a.Value(i)
	case *array.LargeString:
		return a.Value(i)
	case *array.Binary:
		return map[string]any{"binary": hex.EncodeToString(a.Value(i))}
	case *array.Date32:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		return a.Value(i).ToTime(unit).UTC().Format("2006-01-02 15:04:05.000000")
	case *array.MonthInterval:
		return map[string]any{"months": json.Number(strconv.FormatInt(int64(a.Value(i)), 10))}
	case *array.Duration:
		unit := a.DataType().(*arrow.DurationType).Unit
		us := time.Duration(a.Value(i)) * unit.Multiplier() / time.Microsecond
		return map[string]any{"us": json.Number(strconv.FormatInt(int64(us), 10))}
	case *array.Map:
		start, end := a.ValueOffsets(i)
		keys, items := a.Keys(), a.Items()
		out := []any{}
		for j := start; j < end; j++ {
			out = append(out, []any{cell(keys, int(j)), cell(items, int(j))})
		}
		return out
	case *array.List:
		start, end := a.ValueOffsets(i)
		vals := a.ListValues()
		out := []any{}
		for j := start; j < end; j++ {
			out = append(out, cell(vals, int(j)))
		}
		return out
	case *array.Struct:
		st := a.DataType().(*arrow.StructType)
		out := []any{}
		for f := 0; f < a.NumField(); f++ {
			out = append(out, []any{st.Field(f).Name, cell(a.Field(f), i)})
		}
		return out
	case *array.Null:
		return nil
	}
	return fmt.Sprintf("unrenderable %s", a.DataType())
}

func floatCell(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

// decimalText is a decimal at its scale, as Python's format(d, "f").
func decimalText(v decimal128.Num, scale int32) string {
	s := v.BigInt().String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if scale > 0 {
		for int32(len(s)) <= scale {
			s = "0" + s
		}
		s = s[:int32(len(s))-scale] + "." + s[int32(len(s))-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// sameValue compares a golden value (decoded with UseNumber) with ours.
// Numbers compare by value; floats within a relative 1e-9 (engines' math
// libraries differ in the last bits); everything else exactly.
func sameValue(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		if w.String() == g.String() {
			return true
		}
		wf, err1 := strconv.ParseFloat(w.String(), 64)
		gf, err2 := strconv.ParseFloat(g.String(), 64)
		if err1 != nil || err2 != nil {
			return false
		}
		return wf == gf || math.Abs(wf-gf) <= 1e-9*math.Max(math.Abs(wf), math.Abs(gf))
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameValue(w[i], g[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, v := range w {
			if !sameValue(v, g[k]) {
				return false
			}
		}
		return true
	default:
		return want == got
	}
}
