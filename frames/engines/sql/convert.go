package sql

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/sealane/sealane/frames/sqlgen"
)

// appendValue appends a value scanned from the database (nil, bool, int64,
// float64, string, []byte or time.Time, as database/sql drivers give them)
// to a builder of the plan's type, converting where the database's
// representation differs: SQLite's 0/1 booleans and ISO-8601 text dates,
// PostgreSQL's NUMERIC text and array literals.
func appendValue(b array.Builder, v any, d *sqlgen.Dialect) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.BooleanBuilder:
		switch x := v.(type) {
		case bool:
			b.Append(x)
			return nil
		case int64:
			b.Append(x != 0)
			return nil
		case string:
			return appendParsed(b, x)
		}
	case *array.Int8Builder:
		n, err := toInt(v)
		b.Append(int8(n))
		return err
	case *array.Int16Builder:
		n, err := toInt(v)
		b.Append(int16(n))
		return err
	case *array.Int32Builder:
		n, err := toInt(v)
		b.Append(int32(n))
		return err
	case *array.Int64Builder:
		n, err := toInt(v)
		b.Append(n)
		return err
	case *array.Float32Builder:
		f, err := toFloat(v)
		b.Append(float32(f))
		return err
	case *array.Float64Builder:
		f, err := toFloat(v)
		b.Append(f)
		return err
	case *array.StringBuilder:
		switch x := v.(type) {
		case string:
			b.Append(x)
			return nil
		case []byte:
			b.Append(string(x))
			return nil
		case int64:
			b.Append(strconv.FormatInt(x, 10))
			return nil
		case float64:
			b.Append(strconv.FormatFloat(x, 'g', -1, 64))
			return nil
		}
	case *array.BinaryBuilder:
		switch x := v.(type) {
		case []byte:
			b.Append(x)
			return nil
		case string:
			b.Append([]byte(x))
			return nil
		}
	case *array.Date32Builder:
		t, err := toTime(v)
		if err != nil {
			return err
		}
		b.Append(arrow.Date32FromTime(t))
		return nil
	case *array.TimestampBuilder:
		t, err := toTime(v)
		if err != nil {
			return err
		}
		ts, err := arrow.TimestampFromTime(t, b.Type().(*arrow.TimestampType).Unit)
		if err != nil {
			return err
		}
		b.Append(ts)
		return nil
	case *array.Decimal128Builder:
		dt := b.Type().(*arrow.Decimal128Type)
		var (
			n   decimal128.Num
			err error
		)
		switch x := v.(type) {
		case string:
			n, err = decimal128.FromString(x, dt.Precision, dt.Scale)
		case []byte:
			n, err = decimal128.FromString(string(x), dt.Precision, dt.Scale)
		case int64:
			n, err = decimal128.FromString(strconv.FormatInt(x, 10), dt.Precision, dt.Scale)
		case float64:
			n, err = decimal128.FromFloat64(x, dt.Precision, dt.Scale)
		default:
			err = fmt.Errorf("cannot read %T as %s", v, dt)
		}
		if err != nil {
			return err
		}
		b.Append(n)
		return nil
	case *array.ListBuilder:
		var text string
		switch x := v.(type) {
		case string:
			text = x
		case []byte:
			text = string(x)
		default:
			return fmt.Errorf("cannot read %T as a list", v)
		}
		elems, err := parsePGArray(text)
		if err != nil {
			return err
		}
		b.Append(true)
		vb := b.ValueBuilder()
		for _, e := range elems {
			if e == nil {
				vb.AppendNull()
				continue
			}
			if err := appendParsed(vb, *e); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("cannot read %T as %s", v, b.Type())
}

// appendParsed appends the text form of a value (a PostgreSQL array
// element) to b.
func appendParsed(b array.Builder, s string) error {
	switch b := b.(type) {
	case *array.BooleanBuilder:
		switch s {
		case "t", "true", "TRUE", "1":
			b.Append(true)
		case "f", "false", "FALSE", "0":
			b.Append(false)
		default:
			return fmt.Errorf("not a boolean: %q", s)
		}
		return nil
	case *array.StringBuilder:
		b.Append(s)
		return nil
	case *array.Int8Builder, *array.Int16Builder, *array.Int32Builder, *array.Int64Builder:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		return appendValue(b, n, nil)
	case *array.Float32Builder, *array.Float64Builder:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		return appendValue(b, f, nil)
	}
	return appendValue(b, s, nil)
}

func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case float64:
		return int64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		return strconv.ParseInt(x, 10, 64)
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	}
	return 0, fmt.Errorf("cannot read %T as an integer", v)
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case string:
		return strconv.ParseFloat(x, 64)
	case []byte:
		return strconv.ParseFloat(string(x), 64)
	}
	return 0, fmt.Errorf("cannot read %T as a float", v)
}

// timeLayouts are the ISO-8601 text forms of dates and timestamps read
// from SQLite.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02",
}

func toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		return parseTime(x)
	case []byte:
		return parseTime(string(x))
	}
	return time.Time{}, fmt.Errorf("cannot read %T as a time", v)
}

func parseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an ISO-8601 date or timestamp: %q", s)
}

// parsePGArray reads a one-dimensional PostgreSQL array literal ({a,"b c",NULL});
// nil elements are NULLs.
func parsePGArray(s string) ([]*string, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("not an array literal: %q", s)
	}
	body := s[1 : len(s)-1]
	var out []*string
	if body == "" {
		return out, nil
	}
	for i := 0; i <= len(body); {
		if i < len(body) && body[i] == '"' {
			var sb strings.Builder
			j := i + 1
			for ; j < len(body) && body[j] != '"'; j++ {
				if body[j] == '\\' && j+1 < len(body) {
					j++
				}
				sb.WriteByte(body[j])
			}
			if j >= len(body) {
				return nil, fmt.Errorf("unterminated element in %q", s)
			}
			e := sb.String()
			out = append(out, &e)
			i = j + 1
		} else {
			j := strings.IndexByte(body[i:], ',')
			if j < 0 {
				j = len(body) - i
			}
			e := body[i : i+j]
			if e == "NULL" {
				out = append(out, nil)
			} else {
				out = append(out, &e)
			}
			i += j
		}
		if i < len(body) && body[i] != ',' {
			return nil, fmt.Errorf("bad array literal %q", s)
		}
		i++
	}
	return out, nil
}
