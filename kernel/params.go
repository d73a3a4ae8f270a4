package kernel

import (
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/sealane/sealane/sea"
)

// Named binds a value to a :name marker.
func Named(name string, value any) sql.NamedArg { return sql.Named(name, value) }

// TypedValue is a parameter with an explicit Databricks SQL type, for types
// Go values do not imply (DECIMAL(p,s), DATE, TIMESTAMP_NTZ, INTERVAL …). A
// nil Value is NULL of that type.
type TypedValue struct {
	Type  string
	Value *string
}

// Parameters converts Go values to wire parameters: positional values get
// ordinals 1..n, sql.NamedArg values get names. Mixing both is an error.
// Values are sent as typed strings and never spliced into SQL text.
func Parameters(args []any) ([]sea.Parameter, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := make([]sea.Parameter, 0, len(args))
	var named, positional bool
	for i, a := range args {
		p := sea.Parameter{}
		if na, ok := a.(sql.NamedArg); ok {
			if na.Name == "" {
				return nil, fmt.Errorf("%w: parameter %d has an empty name", ErrInvalidArgument, i+1)
			}
			named, p.Name, a = true, na.Name, na.Value
		} else {
			positional, p.Ordinal = true, i+1
		}
		if named && positional {
			return nil, fmt.Errorf("%w: named and positional parameters cannot be mixed", ErrInvalidArgument)
		}
		typ, val, err := wireValue(a)
		if err != nil {
			return nil, fmt.Errorf("%w: parameter %s: %w", ErrInvalidArgument, paramName(p), err)
		}
		p.Type, p.Value = typ, val
		out = append(out, p)
	}
	return out, nil
}

func paramName(p sea.Parameter) string {
	if p.Name != "" {
		return ":" + p.Name
	}
	return strconv.Itoa(p.Ordinal)
}

// wireValue renders a Go value as a Databricks type and value string.
func wireValue(v any) (string, *string, error) {
	s := func(t, v string) (string, *string, error) { return t, &v, nil }
	switch x := v.(type) {
	case nil:
		return "VOID", nil, nil
	case TypedValue:
		return x.Type, x.Value, nil
	case bool:
		return s("BOOLEAN", strconv.FormatBool(x))
	case int8:
		return s("TINYINT", strconv.FormatInt(int64(x), 10))
	case int16:
		return s("SMALLINT", strconv.FormatInt(int64(x), 10))
	case int32:
		return s("INT", strconv.FormatInt(int64(x), 10))
	case int:
		return s("BIGINT", strconv.FormatInt(int64(x), 10))
	case int64:
		return s("BIGINT", strconv.FormatInt(x, 10))
	case uint8:
		return s("SMALLINT", strconv.FormatUint(uint64(x), 10))
	case uint16:
		return s("INT", strconv.FormatUint(uint64(x), 10))
	case uint32:
		return s("BIGINT", strconv.FormatUint(uint64(x), 10))
	case uint64:
		return s("DECIMAL(20,0)", strconv.FormatUint(x, 10))
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
	case *big.Rat:
		return s("DECIMAL(38,18)", x.FloatString(18))
	}
	return "", nil, fmt.Errorf("unsupported Go type %T (use kernel.TypedValue for explicit types)", v)
}
