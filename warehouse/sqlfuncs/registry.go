package sqlfuncs

import (
	"errors"
	"fmt"
	"sort"
)

// Func is one Go scalar function.
type Func struct {
	// Name is the function's name in DuckDB (sl_… by convention, so it
	// never shadows a DuckDB function).
	Name string
	// Args are the DuckDB types of the fixed arguments: BOOLEAN, INTEGER,
	// BIGINT, UBIGINT, FLOAT, DOUBLE, VARCHAR, BLOB, ANY, or one of these
	// followed by [] for a list of it (FLOAT[], VARCHAR[][]).
	Args []string
	// Variadic, when set, is the type of any further arguments.
	Variadic string
	// Result is the DuckDB type of the result (never ANY).
	Result string
	// NullArgs passes NULL arguments (nil) to Eval; otherwise a NULL
	// argument makes the result NULL without calling it.
	NullArgs bool
	// Eval computes one row. It returns nil for NULL, or a value of the
	// Go type duckdb-go uses for Result (int64 for BIGINT, []byte for
	// BLOB, []any for a list …); an error fails the statement.
	Eval func(args []any) (any, error)
}

// Error is an error a function raises with Spark's error class and
// SQLSTATE. Its text, "[CLASS] message SQLSTATE: XXXXX", is the form the
// DuckDB leaf turns back into the class and state.
type Error struct {
	Class, State, Message string
}

func (e *Error) Error() string {
	return "[" + e.Class + "] " + e.Message + " SQLSTATE: " + e.State
}

// ErrUnsupportedType is wrapped by errors for an argument of a type a
// function does not take.
var ErrUnsupportedType = errors.New("sqlfuncs: unsupported argument type")

func sparkErr(class, state, format string, args ...any) error {
	return &Error{Class: class, State: state, Message: fmt.Sprintf(format, args...)}
}

var registry = map[string]Func{}

// register adds functions to the registry; a duplicate name is a bug.
func register(fs ...Func) {
	for _, f := range fs {
		if _, dup := registry[f.Name]; dup {
			panic("sqlfuncs: duplicate function " + f.Name)
		}
		registry[f.Name] = f
	}
}

// All returns every function, ordered by name.
func All() []Func {
	out := make([]Func, 0, len(registry))
	for _, f := range registry {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the function named name.
func Lookup(name string) (Func, bool) {
	f, ok := registry[name]
	return f, ok
}

// bytesOf is the bytes of a STRING (UTF-8) or BINARY argument.
func bytesOf(v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, fmt.Errorf("%w: %T", ErrUnsupportedType, v)
}

// toInt64 converts an integral argument.
func toInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint64:
		return int64(x), nil //nolint:gosec // Spark's longs wrap the same way
	}
	return 0, fmt.Errorf("%w: %T", ErrUnsupportedType, v)
}

// toFloat64 converts a numeric argument.
func toFloat64(v any) (float64, error) {
	switch x := v.(type) {
	case float32:
		return float64(x), nil
	case float64:
		return x, nil
	}
	i, err := toInt64(v)
	return float64(i), err
}
