package frames

import (
	"fmt"
	"reflect"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/sealane/sealane/frames/plan"
)

// Expr is a column expression: a column, a literal, a function of other
// expressions, an aggregate or a window function. Expressions are values;
// methods return new ones. Names and types are checked when an expression
// is used in a transform (Select, Filter, WithColumns, GroupBy …), against
// that frame's schema. An expression built from a bad Go value carries the
// error to the transform that uses it.
//
// Methods taking `any` accept an Expr or a Go value, which becomes a literal
// (see [Lit]); so Col("price").Mul(2) and Col("a").Gt(Col("b")) both work.
type Expr struct {
	e     plan.Expr
	alias string
	err   error
}

// Col refers to the input column name.
func Col(name string) Expr { return Expr{e: plan.ColumnRef{Name: name}} }

// Lit is a literal. Go int and float64 values are untyped numbers: like Go
// constants they take the numeric type of the operand they meet (an int32
// column + Lit(1) stays int32); sized integers (int8 … int64, uint8 …
// uint32) and float32 are typed. Other values: bool, string, []byte,
// time.Time (timestamp[us, UTC]), arrow.Date32 (date), decimal128.Num is
// not accepted (use [LitDecimal]). nil is an untyped NULL that takes the
// type of the operand it meets; use [Null] for a NULL of a given type.
func Lit(v any) Expr {
	switch x := v.(type) {
	case Expr:
		return x
	case nil:
		return Expr{e: plan.Literal{Type: arrow.Null}}
	case int:
		return Expr{e: plan.Literal{Value: int64(x), Type: arrow.PrimitiveTypes.Int64, Untyped: true}}
	case float64:
		return Expr{e: plan.Literal{Value: x, Type: arrow.PrimitiveTypes.Float64, Untyped: true}}
	case int8:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int8)
	case int16:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int16)
	case int32:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int32)
	case int64:
		return typedInt(x, arrow.PrimitiveTypes.Int64)
	case uint8:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int16)
	case uint16:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int32)
	case uint32:
		return typedInt(int64(x), arrow.PrimitiveTypes.Int64)
	case float32:
		return Expr{e: plan.Literal{Value: float64(x), Type: arrow.PrimitiveTypes.Float32}}
	case bool, string, []byte, arrow.Date32:
		t, _ := plan.LiteralType(x)
		return Expr{e: plan.Literal{Value: x, Type: t}}
	case time.Time:
		return Expr{e: plan.Literal{Value: x.UTC(), Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}}}
	}
	return Expr{err: fmt.Errorf("%w: frames: Lit: unsupported Go value %v of type %s", ErrType, v, reflect.TypeOf(v))}
}

func typedInt(v int64, t arrow.DataType) Expr {
	return Expr{e: plan.Literal{Value: v, Type: t}}
}

// LitDecimal is a decimal(precision, scale) literal of unscaled value n
// (LitDecimal(1250, 10, 2) is 12.50).
func LitDecimal(n int64, precision, scale int32) Expr {
	return Expr{e: plan.Literal{Value: decimal128.FromI64(n), Type: &arrow.Decimal128Type{Precision: precision, Scale: scale}}}
}

// LitTimestamp is a naive timestamp[us] literal (no zone): t's wall clock.
func LitTimestamp(t time.Time) Expr {
	naive := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return Expr{e: plan.Literal{Value: naive, Type: &arrow.TimestampType{Unit: arrow.Microsecond}}}
}

// LitDate is a date literal.
func LitDate(year int, month time.Month, day int) Expr {
	return Expr{e: plan.Literal{Value: arrow.Date32FromTime(time.Date(year, month, day, 0, 0, 0, 0, time.UTC)),
		Type: arrow.FixedWidthTypes.Date32}}
}

// Null is a NULL of type dt.
func Null(dt arrow.DataType) Expr { return Expr{e: plan.Literal{Type: dt}} }

// value turns a method argument into an expression (Go values become
// literals).
func value(v any) Expr {
	switch x := v.(type) {
	case Expr:
		return x
	case ThenExpr:
		return x.Expr
	}
	return Lit(v)
}

// Err returns the error the expression carries (from a bad Go value), or
// nil.
func (x Expr) Err() error { return x.err }

// String renders the expression, e.g. `(price * 2)`.
func (x Expr) String() string {
	if x.err != nil {
		return "<error: " + x.err.Error() + ">"
	}
	s := plan.ExprString(x.e)
	if x.alias != "" {
		s += " AS " + x.alias
	}
	return s
}

// Alias names the output column of the expression.
func (x Expr) Alias(name string) Expr { x.alias = name; return x }

// Name is the output column name: the alias, else the first column the
// expression reads (like Polars), else "literal" (or the function name for
// count(*) and ranking windows).
func (x Expr) Name() string {
	if x.alias != "" {
		return x.alias
	}
	if name := firstColumn(x.e); name != "" {
		return name
	}
	switch e := x.e.(type) {
	case plan.Agg:
		return string(e.Fn)
	case plan.Window:
		if e.Agg != nil {
			return string(e.Agg.Fn)
		}
		return string(e.Rank)
	}
	return "literal"
}

// firstColumn is the first column e reads, depth first; for a window only
// its input counts (not the partition or order keys).
func firstColumn(e plan.Expr) string {
	switch x := e.(type) {
	case plan.ColumnRef:
		return x.Name
	case plan.Window:
		switch {
		case x.Agg != nil && x.Agg.Input != nil:
			return firstColumn(x.Agg.Input)
		case len(x.Args) > 0:
			return firstColumn(x.Args[0])
		}
		return ""
	}
	for _, c := range plan.Children(e) {
		if n := firstColumn(c); n != "" {
			return n
		}
	}
	return ""
}

// call builds fn(x, args...), carrying the first error.
func call(fn plan.Func, args ...Expr) Expr {
	out := plan.Call{Fn: fn, Args: make([]plan.Expr, len(args))}
	for i, a := range args {
		if a.err != nil {
			return Expr{err: a.err}
		}
		out.Args[i] = a.e
	}
	return Expr{e: out}
}

func (x Expr) binary(fn plan.Func, v any) Expr { return call(fn, x, value(v)) }

// Add is x + v.
func (x Expr) Add(v any) Expr { return x.binary(plan.FnAdd, v) }

// Sub is x - v.
func (x Expr) Sub(v any) Expr { return x.binary(plan.FnSub, v) }

// Mul is x * v.
func (x Expr) Mul(v any) Expr { return x.binary(plan.FnMul, v) }

// Div is x / v, always float64 (NULL when v is 0).
func (x Expr) Div(v any) Expr { return x.binary(plan.FnDiv, v) }

// Mod is the remainder of x / v (sign of x; NULL when v is 0).
func (x Expr) Mod(v any) Expr { return x.binary(plan.FnMod, v) }

// Neg is -x.
func (x Expr) Neg() Expr { return call(plan.FnNeg, x) }

// Eq is x = v (NULL if either is NULL).
func (x Expr) Eq(v any) Expr { return x.binary(plan.FnEq, v) }

// Ne is x != v.
func (x Expr) Ne(v any) Expr { return x.binary(plan.FnNe, v) }

// Lt is x < v.
func (x Expr) Lt(v any) Expr { return x.binary(plan.FnLt, v) }

// Le is x <= v.
func (x Expr) Le(v any) Expr { return x.binary(plan.FnLe, v) }

// Gt is x > v.
func (x Expr) Gt(v any) Expr { return x.binary(plan.FnGt, v) }

// Ge is x >= v.
func (x Expr) Ge(v any) Expr { return x.binary(plan.FnGe, v) }

// EqNullSafe is x <=> v: true when both are NULL, never NULL.
func (x Expr) EqNullSafe(v any) Expr { return x.binary(plan.FnEqNullSafe, v) }

// And is x AND v (three-valued: false AND NULL is false).
func (x Expr) And(v any) Expr { return x.binary(plan.FnAnd, v) }

// Or is x OR v (three-valued: true OR NULL is true).
func (x Expr) Or(v any) Expr { return x.binary(plan.FnOr, v) }

// Not is NOT x.
func (x Expr) Not() Expr { return call(plan.FnNot, x) }

// IsNull is true where x is NULL.
func (x Expr) IsNull() Expr { return call(plan.FnIsNull, x) }

// IsNotNull is true where x is not NULL.
func (x Expr) IsNotNull() Expr { return call(plan.FnIsNotNull, x) }

// In is true where x equals one of vals (SQL IN: NULL when x is NULL, or
// when no value matches and the list holds a NULL).
func (x Expr) In(vals ...any) Expr {
	args := []Expr{x}
	for _, v := range vals {
		args = append(args, value(v))
	}
	return call(plan.FnIn, args...)
}

// Cast converts x to dt; a value that does not convert fails the query.
func (x Expr) Cast(dt arrow.DataType) Expr { return x.cast(dt, false) }

// TryCast converts x to dt; values that do not convert become NULL.
func (x Expr) TryCast(dt arrow.DataType) Expr { return x.cast(dt, true) }

func (x Expr) cast(dt arrow.DataType, try bool) Expr {
	if x.err != nil {
		return x
	}
	return Expr{e: plan.Cast{Input: x.e, To: dt, Try: try}, alias: x.alias}
}

// Coalesce is the first non-NULL of vals.
func Coalesce(vals ...any) Expr {
	args := make([]Expr, len(vals))
	for i, v := range vals {
		args[i] = value(v)
	}
	return call(plan.FnCoalesce, args...)
}

// ConcatStr concatenates strings (NULL if any is NULL).
func ConcatStr(vals ...any) Expr {
	args := make([]Expr, len(vals))
	for i, v := range vals {
		args[i] = value(v)
	}
	return call(plan.FnConcatStr, args...)
}
