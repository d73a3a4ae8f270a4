package typemap

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// Text renders row i of a converted (Databricks-typed) column as the string
// a JSON_ARRAY or CSV result carries; ok is false for NULL. BINARY is hex,
// TIMESTAMP is ISO 8601 in the column's (the session's) time zone with its
// offset (Z when it is zero), TIMESTAMP_NTZ without a zone,
// DECIMAL keeps its scale, and ARRAY/MAP/STRUCT are JSON text.
func Text(arr arrow.Array, i int) (s string, ok bool) {
	if isNull(arr, i) {
		return "", false
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i)), true
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10), true
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10), true
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10), true
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10), true
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'g', -1, 32), true
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64), true
	case *array.Decimal128:
		return decimalText(a.Value(i), a.DataType().(*arrow.Decimal128Type).Scale), true
	case *array.String:
		// Value aliases the Arrow buffer; the text outlives the batch.
		return strings.Clone(a.Value(i)), true
	case *array.Binary:
		return hex.EncodeToString(a.Value(i)), true
	case *array.Date32:
		return a.Value(i).FormattedString(), true
	case *array.Timestamp:
		t := time.UnixMicro(int64(a.Value(i))).UTC()
		tz := a.DataType().(*arrow.TimestampType).TimeZone
		if tz == "" {
			return t.Format("2006-01-02T15:04:05.999999"), true
		}
		return t.In(Location(tz)).Format("2006-01-02T15:04:05.999999Z07:00"), true
	case *array.Duration:
		return dayTimeText(int64(a.Value(i))), true
	case *array.MonthInterval:
		m := int64(a.Value(i))
		sign := ""
		if m < 0 {
			sign, m = "-", -m
		}
		return sign + strconv.FormatInt(m/12, 10) + "-" + strconv.FormatInt(m%12, 10), true
	}
	b, err := json.Marshal(jsonValue(arr, i))
	if err != nil {
		return arr.ValueStr(i), true
	}
	return string(b), true
}

// isNull reports whether row i of arr is NULL; every row of a null-typed
// (VOID) array is, though arrow-go's IsNull says false for it.
func isNull(arr arrow.Array, i int) bool {
	return arr.DataType().ID() == arrow.NULL || arr.IsNull(i)
}

// jsonValue renders nested values for the JSON text of complex columns.
func jsonValue(arr arrow.Array, i int) any {
	if isNull(arr, i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Map:
		start, end := a.ValueOffsets(i)
		keys, items := a.Keys(), a.Items()
		m := make(orderedObject, 0, end-start)
		for j := start; j < end; j++ {
			k, _ := Text(keys, int(j))
			m = append(m, member{k, jsonValue(items, int(j))})
		}
		return m
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := make([]any, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, jsonValue(a.ListValues(), int(j)))
		}
		return out
	case *array.Struct:
		m := make(orderedObject, 0, a.NumField())
		st := a.DataType().(*arrow.StructType)
		for f := 0; f < a.NumField(); f++ {
			m = append(m, member{st.Field(f).Name, jsonValue(a.Field(f), i)})
		}
		return m
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64, *array.Float32, *array.Float64, *array.Decimal128:
		s, _ := Text(arr, i)
		return json.Number(s)
	}
	s, _ := Text(arr, i)
	return s
}

func decimalText(v decimal128.Num, scale int32) string {
	s := v.BigInt().String()
	if scale <= 0 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for len(s) <= int(scale) {
		s = "0" + s
	}
	s = s[:len(s)-int(scale)] + "." + s[len(s)-int(scale):]
	if neg {
		s = "-" + s
	}
	return s
}

// dayTimeText renders microseconds as Spark's "D HH:MM:SS.ffffff000".
func dayTimeText(us int64) string {
	sign := ""
	if us < 0 {
		sign, us = "-", -us
	}
	const day = int64(24 * time.Hour / time.Microsecond)
	d := us / day
	rem := time.Duration(us%day) * time.Microsecond
	h := int64(rem / time.Hour)
	m := int64(rem % time.Hour / time.Minute)
	sec := int64(rem % time.Minute / time.Second)
	frac := int64(rem % time.Second / time.Microsecond)
	return sign + strconv.FormatInt(d, 10) + " " + pad2(h) + ":" + pad2(m) + ":" + pad2(sec) + "." + leftPad(strconv.FormatInt(frac, 10), 6) + "000"
}

func pad2(v int64) string { return leftPad(strconv.FormatInt(v, 10), 2) }

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// orderedObject is a JSON object that keeps its members in order (MAP
// entries and STRUCT fields as stored, not sorted).
type orderedObject []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}
