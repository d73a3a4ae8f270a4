package sqlfuncs

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
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
	// Volatile marks a function whose answer differs between calls with
	// the same arguments (a random IV): DuckDB neither folds nor caches it.
	Volatile bool
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
	// Err, when set, is the sentinel the error wraps (ErrUnsupportedType).
	Err error
}

func (e *Error) Error() string {
	return "[" + e.Class + "] " + e.Message + " SQLSTATE: " + e.State
}

// Unwrap returns the sentinel the error wraps, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrUnsupportedType is wrapped by errors for an argument of a type a
// function does not take (an *Error of class DATATYPE_MISMATCH, as Spark's
// analyser names it).
var ErrUnsupportedType = errors.New("sqlfuncs: unsupported argument type")

// typeErr is the error for an argument of a type a function does not take.
func typeErr(what string, v any) error {
	return &Error{Class: "DATATYPE_MISMATCH", State: "42K09", Err: ErrUnsupportedType,
		Message: fmt.Sprintf("Cannot resolve the function: %s does not take a %T argument.", what, v)}
}

func sparkErr(class, state, format string, args ...any) error {
	return &Error{Class: class, State: state, Message: fmt.Sprintf(format, args...)}
}

var registry = map[string][]Func{}

// register adds functions to the registry. Functions of one name are
// overloads: DuckDB picks one by the argument types; they must differ in
// them.
func register(fs ...Func) {
	for _, f := range fs {
		for _, o := range registry[f.Name] {
			if slices.Equal(o.Args, f.Args) && o.Variadic == f.Variadic {
				panic("sqlfuncs: duplicate function " + f.String())
			}
		}
		registry[f.Name] = append(registry[f.Name], f)
	}
}

// All returns every function, ordered by name (overloads of a name next to
// each other, in the order they were registered).
func All() []Func {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []Func
	for _, name := range names {
		out = append(out, registry[name]...)
	}
	return out
}

// Lookup returns the function named name (its first overload).
func Lookup(name string) (Func, bool) {
	fs := registry[name]
	if len(fs) == 0 {
		return Func{}, false
	}
	return fs[0], true
}

// bytesOf is the bytes of a STRING (UTF-8) or BINARY argument.
func bytesOf(v any) ([]byte, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, typeErr("the function (STRING or BINARY expected)", v)
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
	return 0, typeErr("the function (an integral number expected)", v)
}

// String makes Func print as its DuckDB signature, for messages.
func (f Func) String() string {
	return fmt.Sprintf("%s(%s%s) -> %s", f.Name, strings.Join(f.Args, ", "), map[bool]string{true: ", " + f.Variadic + "...", false: ""}[f.Variadic != ""], f.Result)
}
