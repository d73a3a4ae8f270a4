package results

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// cellsToBatch converts JSON_ARRAY rows (strings or null) to one batch of
// schema. It errors on a row of the wrong width or a cell that does not
// parse as its column's type.
func cellsToBatch(mem memory.Allocator, schema *arrow.Schema, rows [][]*string) (arrow.RecordBatch, error) {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Reserve(len(rows))
	for r, row := range rows {
		if len(row) != schema.NumFields() {
			return nil, fmt.Errorf("row %d has %d cells, want %d", r, len(row), schema.NumFields())
		}
		for c, cell := range row {
			if err := appendCell(b.Field(c), cell); err != nil {
				return nil, fmt.Errorf("row %d column %q: %w", r, schema.Field(c).Name, err)
			}
		}
	}
	return b.NewRecordBatch(), nil
}

// appendCell appends one JSON_ARRAY cell: NULL, scalar text, or the JSON
// text of an ARRAY, MAP or STRUCT.
func appendCell(b array.Builder, cell *string) error {
	if cell == nil {
		b.AppendNull()
		return nil
	}
	switch b.(type) {
	case *array.ListBuilder, *array.MapBuilder, *array.StructBuilder:
		v, err := decodeOrdered(json.NewDecoder(strings.NewReader(*cell)))
		if err != nil {
			return err
		}
		return appendJSON(b, v)
	}
	return appendText(b, *cell)
}

// appendText parses s as the builder's scalar type, in the forms the
// service writes JSON_ARRAY cells.
func appendText(b array.Builder, s string) error {
	switch b := b.(type) {
	case *array.NullBuilder:
		b.AppendNull()
	case *array.BooleanBuilder:
		v, err := strconv.ParseBool(strings.ToLower(s))
		if err != nil {
			return err
		}
		b.Append(v)
	case *array.Int8Builder:
		v, err := strconv.ParseInt(s, 10, 8)
		b.Append(int8(v))
		return err
	case *array.Int16Builder:
		v, err := strconv.ParseInt(s, 10, 16)
		b.Append(int16(v))
		return err
	case *array.Int32Builder:
		v, err := strconv.ParseInt(s, 10, 32)
		b.Append(int32(v))
		return err
	case *array.Int64Builder:
		v, err := strconv.ParseInt(s, 10, 64)
		b.Append(v)
		return err
	case *array.Float32Builder:
		v, err := parseFloat(s, 32)
		b.Append(float32(v))
		return err
	case *array.Float64Builder:
		v, err := parseFloat(s, 64)
		b.Append(v)
		return err
	case *array.Decimal128Builder:
		t := b.Type().(*arrow.Decimal128Type)
		v, err := decimal128.FromString(s, t.Precision, t.Scale)
		b.Append(v)
		return err
	case *array.StringBuilder:
		b.Append(s)
	case *array.BinaryBuilder:
		v, err := hex.DecodeString(s)
		if err != nil {
			v, err = base64.StdEncoding.DecodeString(s)
		}
		b.Append(v)
		return err
	case *array.Date32Builder:
		t, err := time.Parse(time.DateOnly, s)
		b.Append(arrow.Date32FromTime(t))
		return err
	case *array.TimestampBuilder:
		t, err := parseTimestamp(s, b.Type().(*arrow.TimestampType).TimeZone)
		b.Append(arrow.Timestamp(t.UnixMicro()))
		return err
	case *array.MonthIntervalBuilder:
		v, err := parseYearMonth(s)
		b.Append(arrow.MonthInterval(v))
		return err
	case *array.DurationBuilder:
		v, err := parseDayTime(s)
		b.Append(arrow.Duration(v))
		return err
	default:
		return fmt.Errorf("no text form for %s", b.Type())
	}
	return nil
}

// parseFloat accepts Go/JSON numbers plus Spark's NaN, Infinity and
// -Infinity.
func parseFloat(s string, bits int) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "Infinity", "+Infinity", "inf":
		return math.Inf(1), nil
	case "-Infinity", "-inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, bits)
}

// timestampLayouts are the ISO 8601 forms accepted for TIMESTAMP cells,
// with a zone first.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

// parseTimestamp parses an ISO 8601 timestamp. Text without a zone is
// read in zone tz when it loads, else in UTC.
func parseTimestamp(s, tz string) (time.Time, error) {
	loc := time.UTC
	if tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	for _, layout := range timestampLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %q is not ISO 8601", s)
}

// parseYearMonth parses "Y-M" (with an optional sign) into months.
func parseYearMonth(s string) (int32, error) {
	neg := strings.HasPrefix(s, "-")
	y, m, ok := strings.Cut(strings.TrimPrefix(s, "-"), "-")
	yv, err1 := strconv.ParseInt(y, 10, 32)
	mv, err2 := strconv.ParseInt(m, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("year-month interval %q is not Y-M", s)
	}
	v := int32(yv*12 + mv)
	if neg {
		v = -v
	}
	return v, nil
}

// parseDayTime parses "D HH:MM:SS[.fffffffff]" (with an optional sign)
// into microseconds.
func parseDayTime(s string) (int64, error) {
	bad := fmt.Errorf("day-time interval %q is not D HH:MM:SS.f", s)
	neg := strings.HasPrefix(s, "-")
	d, rest, ok := strings.Cut(strings.TrimPrefix(s, "-"), " ")
	if !ok {
		return 0, bad
	}
	days, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return 0, bad
	}
	hms, frac, _ := strings.Cut(rest, ".")
	parts := strings.Split(hms, ":")
	if len(parts) != 3 {
		return 0, bad
	}
	var v [3]int64
	for i, p := range parts {
		if v[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return 0, bad
		}
	}
	us := ((days*24+v[0])*60+v[1])*60*1e6 + v[2]*1e6
	if frac != "" {
		frac = (frac + "000000")[:6]
		f, err := strconv.ParseInt(frac, 10, 64)
		if err != nil {
			return 0, bad
		}
		us += f
	}
	if neg {
		us = -us
	}
	return us, nil
}

// member is one key and value of a JSON object, in document order.
type member struct {
	key string
	val any
}

// decodeOrdered decodes one JSON value keeping object member order (as
// []member) and numbers as json.Number.
func decodeOrdered(dec *json.Decoder) (any, error) {
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('['):
		out := []any{}
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		_, err := dec.Token()
		return out, err
	case json.Delim('{'):
		out := []member{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			out = append(out, member{key: fmt.Sprint(k), val: v})
		}
		_, err := dec.Token()
		return out, err
	}
	return tok, nil
}

// appendJSON appends a decoded JSON value to a builder of any type.
func appendJSON(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.ListBuilder:
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("want a JSON array for %s", b.Type())
		}
		b.Append(true)
		for _, it := range items {
			if err := appendJSON(b.ValueBuilder(), it); err != nil {
				return err
			}
		}
	case *array.MapBuilder:
		ms, ok := v.([]member)
		if !ok {
			return fmt.Errorf("want a JSON object for %s", b.Type())
		}
		b.Append(true)
		for _, m := range ms {
			if err := appendText(b.KeyBuilder(), m.key); err != nil {
				return err
			}
			if err := appendJSON(b.ItemBuilder(), m.val); err != nil {
				return err
			}
		}
	case *array.StructBuilder:
		ms, ok := v.([]member)
		if !ok {
			return fmt.Errorf("want a JSON object for %s", b.Type())
		}
		b.Append(true)
		st := b.Type().(*arrow.StructType)
		for i, f := range st.Fields() {
			var val any
			for _, m := range ms {
				if m.key == f.Name {
					val = m.val
					break
				}
			}
			if err := appendJSON(b.FieldBuilder(i), val); err != nil {
				return err
			}
		}
	default:
		switch x := v.(type) {
		case json.Number:
			return appendText(b, x.String())
		case string:
			return appendText(b, x)
		case bool:
			return appendText(b, strconv.FormatBool(x))
		default:
			return fmt.Errorf("cannot store JSON %T in %s", v, b.Type())
		}
	}
	return nil
}
