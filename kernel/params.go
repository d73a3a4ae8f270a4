package kernel

import (
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"time"

	"github.com/sealane/sealane/sea"
)

// Named binds a value to a :name marker.
func Named(name string, value any) sql.NamedArg { return sql.Named(name, value) }

// TypedValue is a parameter with an explicit Databricks SQL type, for types
// Go values do not imply (INTERVAL YEAR TO MONTH, VARCHAR(n) …) and for
// typed NULLs: a nil Value is NULL of that type.
type TypedValue struct {
	Type  string
	Value *string
}

// Parameters converts Go values to wire parameters: positional values get
// ordinals 1..n, sql.NamedArg values get names. Mixing both, a name given
// twice and more than MaxParameters values are errors. Values are sent as
// typed strings and never spliced into SQL text.
//
// Go values bind as: nil VOID (an untyped NULL); bool BOOLEAN; int8
// TINYINT; int16 and uint8 SMALLINT; int32 and uint16 INT; int, int64 and
// uint32 BIGINT; uint, uint64 DECIMAL(20,0); float32 FLOAT; float64 DOUBLE;
// string STRING; []byte BINARY (hex on the wire); time.Time TIMESTAMP
// (RFC 3339 with its offset); TimestampNTZ TIMESTAMP_NTZ; Date
// DATE; time.Duration INTERVAL DAY TO SECOND; Decimal,
// *big.Rat (exact decimals only) and big.Int DECIMAL(p,s) with exactly s
// fraction digits; TypedValue its Type. Pointers bind their target (a nil
// pointer is NULL of the target's type), driver.Valuer values their Value,
// and named Go types their underlying kind.
func Parameters(args []any) ([]sea.Parameter, error) {
	if len(args) == 0 {
		return nil, nil
	}
	if len(args) > MaxParameters {
		return nil, fmt.Errorf("%w: %d parameters given; a statement takes at most %d", ErrInvalidArgument, len(args), MaxParameters)
	}
	out := make([]sea.Parameter, 0, len(args))
	names := map[string]bool{}
	var named, positional bool
	for i, a := range args {
		p := sea.Parameter{}
		if na, ok := a.(sql.NamedArg); ok {
			if na.Name == "" {
				return nil, fmt.Errorf("%w: parameter %d has an empty name", ErrInvalidArgument, i+1)
			}
			if names[na.Name] {
				return nil, fmt.Errorf("%w: parameter :%s is given twice", ErrInvalidArgument, na.Name)
			}
			names[na.Name] = true
			named, p.Name, a = true, na.Name, na.Value
		} else {
			positional, p.Ordinal = true, i+1
		}
		if named && positional {
			return nil, fmt.Errorf("%w: named (:name) and positional (?) parameters cannot be mixed in one statement", ErrInvalidArgument)
		}
		typ, val, err := wireValue(a, 0)
		if err != nil {
			return nil, fmt.Errorf("%w: parameter %s: %w", ErrInvalidArgument, paramName(p), err)
		}
		p.Type, p.Value = typ, val
		out = append(out, p)
	}
	return out, nil
}

// ParameterType is the Databricks type a Go value binds as ("BIGINT",
// "DECIMAL(10,2)", "VOID" for nil …).
func ParameterType(v any) (string, error) {
	t, _, err := wireValue(v, 0)
	return t, err
}

func paramName(p sea.Parameter) string {
	if p.Name != "" {
		return ":" + p.Name
	}
	return strconv.Itoa(p.Ordinal)
}

// wireValue renders a Go value as a Databricks type and value string.
// depth bounds the unwrapping of pointers and driver.Valuers.
func wireValue(v any, depth int) (string, *string, error) {
	s := func(t, v string) (string, *string, error) { return t, &v, nil }
	i := func(t string, n int64) (string, *string, error) { return s(t, strconv.FormatInt(n, 10)) }
	u := func(t string, n uint64) (string, *string, error) { return s(t, strconv.FormatUint(n, 10)) }
	switch x := v.(type) {
	case nil:
		return "VOID", nil, nil
	case TypedValue:
		if x.Type == "" {
			return "", nil, fmt.Errorf("kernel.TypedValue needs a Type")
		}
		return x.Type, x.Value, nil
	case bool:
		return s("BOOLEAN", strconv.FormatBool(x))
	case int8:
		return i("TINYINT", int64(x))
	case int16:
		return i("SMALLINT", int64(x))
	case int32:
		return i("INT", int64(x))
	case int:
		return i("BIGINT", int64(x))
	case int64:
		return i("BIGINT", x)
	case uint8:
		return u("SMALLINT", uint64(x))
	case uint16:
		return u("INT", uint64(x))
	case uint32:
		return u("BIGINT", uint64(x))
	case uint:
		return u("DECIMAL(20,0)", uint64(x))
	case uint64:
		return u("DECIMAL(20,0)", x)
	case float32:
		return s("FLOAT", strconv.FormatFloat(float64(x), 'g', -1, 32))
	case float64:
		return s("DOUBLE", strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		return s("STRING", x)
	case []byte:
		if x == nil {
			return "BINARY", nil, nil
		}
		return s("BINARY", hex.EncodeToString(x))
	case time.Time:
		return s("TIMESTAMP", x.Format(time.RFC3339Nano))
	case TimestampNTZ:
		return s("TIMESTAMP_NTZ", x.String())
	case Date:
		return s("DATE", x.String())
	case time.Duration:
		return s("INTERVAL DAY TO SECOND", intervalText(x))
	case Decimal:
		return decimalValue(x, nil)
	case *big.Rat:
		if x == nil {
			return "DECIMAL(10,0)", nil, nil
		}
		d, err := ratDecimal(x)
		return decimalValue(d, err)
	case *big.Int:
		if x == nil {
			return "DECIMAL(10,0)", nil, nil
		}
		return decimalValue(Decimal{Unscaled: x}, nil)
	case big.Int:
		return decimalValue(Decimal{Unscaled: &x}, nil)
	}
	if depth < 8 {
		if vr, ok := v.(driver.Valuer); ok {
			dv, err := vr.Value()
			if err != nil {
				return "", nil, err
			}
			return wireValue(dv, depth+1)
		}
		if t, val, ok, err := reflectValue(v, depth); ok {
			return t, val, err
		}
	}
	return "", nil, fmt.Errorf("unsupported Go type %T (use kernel.TypedValue for explicit types)", v)
}

func decimalValue(d Decimal, err error) (string, *string, error) {
	if err != nil {
		return "", nil, err
	}
	t, err := d.typeText()
	if err != nil || d.Unscaled == nil {
		return t, nil, err
	}
	v := d.String()
	return t, &v, nil
}

// reflectValue binds pointers (nil: NULL of the target's type) and named
// types whose kind is a basic one.
func reflectValue(v any, depth int) (string, *string, bool, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			t, _, err := wireValue(reflect.Zero(rv.Type().Elem()).Interface(), depth+1)
			if err != nil {
				return "VOID", nil, true, nil
			}
			return t, nil, true, nil
		}
		t, val, err := wireValue(rv.Elem().Interface(), depth+1)
		return t, val, true, err
	case reflect.Bool:
		return wrap(wireValue(rv.Bool(), depth+1))
	case reflect.Int, reflect.Int64:
		return wrap(wireValue(rv.Int(), depth+1))
	case reflect.Int8:
		return wrap(wireValue(int8(rv.Int()), depth+1))
	case reflect.Int16:
		return wrap(wireValue(int16(rv.Int()), depth+1))
	case reflect.Int32:
		return wrap(wireValue(int32(rv.Int()), depth+1))
	case reflect.Uint8:
		return wrap(wireValue(uint8(rv.Uint()), depth+1))
	case reflect.Uint16:
		return wrap(wireValue(uint16(rv.Uint()), depth+1))
	case reflect.Uint32:
		return wrap(wireValue(uint32(rv.Uint()), depth+1))
	case reflect.Uint, reflect.Uint64:
		return wrap(wireValue(rv.Uint(), depth+1))
	case reflect.Float32:
		return wrap(wireValue(float32(rv.Float()), depth+1))
	case reflect.Float64:
		return wrap(wireValue(rv.Float(), depth+1))
	case reflect.String:
		return wrap(wireValue(rv.String(), depth+1))
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return wrap(wireValue(rv.Bytes(), depth+1))
		}
	}
	return "", nil, false, nil
}

func wrap(t string, v *string, err error) (string, *string, bool, error) { return t, v, true, err }
