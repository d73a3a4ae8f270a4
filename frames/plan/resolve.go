package plan

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// Resolve type-checks e against a row of schema in and returns its type and
// whether it can be NULL. Errors match [ErrColumnNotFound], [ErrType] or
// [ErrInvalid] and name the column, function and types involved.
//
// Typing rules: arithmetic (add, sub, mul, mod) works on numbers and gives
// their [NumericSupertype] (decimals widen: add/sub by one digit, mul adds
// precisions and scales, capped at 38); div is always float64; comparisons
// need comparable operands (a [Supertype]) and give bool; and/or/not need
// bool; string functions need strings; date parts need a date or timestamp
// and give int64; untyped literals adopt the other operand's numeric type
// (an untyped integer with a decimal widens the decimal to hold its digits).
// A decimal product needing a scale above 38 is a type error.
// Aggregates: count and n_unique give int64 (never NULL); sum gives int64,
// float64 or decimal(38,s); mean, median, std and var give float64; min,
// max, first and last keep the input type. Window ranks give int64; lag and
// lead keep the input type and can be NULL.
func Resolve(e Expr, in *arrow.Schema) (arrow.DataType, bool, error) {
	_, t, n, err := ResolveExpr(e, in)
	return t, n, err
}

// ResolveExpr is [Resolve] that also returns e in canonical form, as the
// constructors store it: pointer expressions are replaced by values,
// untyped and NULL literals get the type they adopted, and a lag/lead
// without an offset gets offset 1. Engines therefore never see untyped
// literals.
func ResolveExpr(e Expr, in *arrow.Schema) (Expr, arrow.DataType, bool, error) {
	r := &resolver{in: in}
	res, err := r.expr(e)
	if err != nil {
		return nil, nil, false, err
	}
	res = settle(res)
	return res.e, res.t, res.null, nil
}

// resolved is a type-checked expression.
type resolved struct {
	e       Expr
	t       arrow.DataType
	null    bool
	untyped bool // an untyped numeric literal or a NULL of the null type
}

type resolver struct {
	in       *arrow.Schema
	inAgg    bool // inside an aggregate's input
	inWindow bool // inside a window expression
	noAgg    bool // aggregates not allowed (window partition/order keys)
}

func (r *resolver) expr(e Expr) (resolved, error) {
	switch x := Deref(e).(type) {
	case nil:
		return resolved{}, invalidf("nil expression")
	case ColumnRef:
		return r.column(x.Name)
	case Literal:
		return literal(x)
	case Call:
		return r.call(x)
	case Cast:
		return r.cast(x)
	case Case:
		return r.caseExpr(x)
	case Agg:
		return r.agg(x)
	case Window:
		return r.window(x)
	}
	return resolved{}, invalidf("unknown expression type %T", e)
}

func (r *resolver) column(name string) (resolved, error) {
	idx := r.in.FieldIndices(name)
	if len(idx) == 0 {
		return resolved{}, columnNotFound(name, fieldNames(r.in))
	}
	if len(idx) > 1 {
		return resolved{}, invalidf("column name %q is ambiguous", name)
	}
	f := r.in.Field(idx[0])
	return resolved{e: ColumnRef{Name: name}, t: f.Type, null: f.Nullable}, nil
}

func fieldNames(s *arrow.Schema) []string {
	names := make([]string, s.NumFields())
	for i := range names {
		names[i] = s.Field(i).Name
	}
	return names
}

// LiteralType is the type of a Go value as a literal: bool, int64 (all Go
// integer kinds), float64, string, binary, date32 (arrow.Date32),
// timestamp[us, UTC] (time.Time) or the null type for nil.
func LiteralType(v any) (arrow.DataType, error) {
	switch v.(type) {
	case nil:
		return arrow.Null, nil
	case bool:
		return arrow.FixedWidthTypes.Boolean, nil
	case int64:
		return arrow.PrimitiveTypes.Int64, nil
	case float64:
		return arrow.PrimitiveTypes.Float64, nil
	case string:
		return arrow.BinaryTypes.String, nil
	case []byte:
		return arrow.BinaryTypes.Binary, nil
	case arrow.Date32:
		return arrow.FixedWidthTypes.Date32, nil
	case time.Time:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
	}
	return nil, typeErrorf("unsupported literal %v of Go type %T", v, v)
}

func literal(l Literal) (resolved, error) {
	if l.Type == nil {
		t, err := LiteralType(l.Value)
		if err != nil {
			return resolved{}, err
		}
		l.Type = t
	}
	if !isNullType(l.Type) && !IsSupportedType(l.Type) {
		return resolved{}, typeErrorf("literal %s has unsupported type %s", ExprString(l), TypeName(l.Type))
	}
	if err := checkLiteralValue(l); err != nil {
		return resolved{}, err
	}
	untyped := isNullType(l.Type) || (l.Untyped && (IsInteger(l.Type) || IsFloat(l.Type)))
	return resolved{e: l, t: l.Type, null: l.Value == nil, untyped: untyped}, nil
}

func checkLiteralValue(l Literal) error {
	if l.Value == nil {
		return nil
	}
	ok := false
	switch l.Value.(type) {
	case bool:
		ok = l.Type.ID() == arrow.BOOL
	case int64:
		ok = IsInteger(l.Type)
	case float64:
		ok = IsFloat(l.Type)
	case string:
		ok = l.Type.ID() == arrow.STRING
	case []byte:
		ok = l.Type.ID() == arrow.BINARY
	case arrow.Date32:
		ok = l.Type.ID() == arrow.DATE32
	case time.Time:
		ok = l.Type.ID() == arrow.TIMESTAMP
	case decimal128.Num:
		ok = l.Type.ID() == arrow.DECIMAL128
	}
	if !ok {
		return typeErrorf("literal value %v (Go %T) does not fit type %s", l.Value, l.Value, TypeName(l.Type))
	}
	return nil
}

// settle gives an untyped literal its default type (int64, float64, or the
// null type for NULL).
func settle(x resolved) resolved {
	if l, ok := x.e.(Literal); ok && l.Untyped {
		l.Untyped = false
		x.e = l
	}
	x.untyped = false
	return x
}

// coerce retypes an untyped literal to t (which unify chose); other
// expressions are returned as they are.
func coerce(x resolved, t arrow.DataType) (resolved, error) {
	if !x.untyped {
		return x, nil
	}
	l := x.e.(Literal)
	nl, err := retypeLiteral(l, t)
	if err != nil {
		return resolved{}, err
	}
	return resolved{e: nl, t: nl.Type, null: x.null}, nil
}

func retypeLiteral(l Literal, t arrow.DataType) (Literal, error) {
	out := Literal{Value: l.Value, Type: t}
	if l.Value == nil || arrow.TypeEqual(l.Type, t) || isNullType(t) {
		return out, nil
	}
	switch v := l.Value.(type) {
	case int64:
		switch {
		case IsInteger(t):
			bits := uint(intWidth(t) * 8)
			if lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1; bits < 64 && (v < lo || v > hi) {
				return out, typeErrorf("literal %d overflows %s", v, TypeName(t))
			}
			return out, nil
		case IsFloat(t):
			out.Value = float64(v)
			return out, nil
		case t.ID() == arrow.DECIMAL128:
			d := t.(*arrow.Decimal128Type)
			n := decimal128.FromI64(v).Mul(decimal128.GetScaleMultiplier(int(d.Scale)))
			if !n.FitsInPrecision(d.Precision) {
				return out, typeErrorf("literal %d does not fit %s", v, TypeName(t))
			}
			out.Value = n
			return out, nil
		}
	case float64:
		if IsFloat(t) {
			return out, nil
		}
	}
	return out, typeErrorf("literal %s cannot take type %s", ExprString(l), TypeName(t))
}

// unify finds the common type of xs (untyped literals adopting the typed
// operands' type) and coerces the untyped ones to it. ok is false when the
// types have no common type.
func unify(xs []resolved) ([]resolved, arrow.DataType, bool, error) {
	var typed, untyped arrow.DataType
	for _, x := range xs {
		switch {
		case isNullType(x.t):
		case x.untyped:
			if untyped == nil {
				untyped = x.t
			} else {
				untyped, _ = NumericSupertype(untyped, x.t)
			}
		case typed == nil:
			typed = x.t
		default:
			s, ok := Supertype(typed, x.t)
			if !ok {
				return nil, nil, false, nil
			}
			typed = s
		}
	}
	var t arrow.DataType
	switch {
	case typed == nil && untyped == nil:
		t = arrow.Null
	case typed == nil:
		t = untyped
	case untyped == nil:
		t = typed
	case !IsNumeric(typed):
		return nil, nil, false, nil
	case IsFloat(untyped) && !IsFloat(typed):
		t = arrow.PrimitiveTypes.Float64
	case typed.ID() == arrow.DECIMAL128:
		// An untyped integer widens a decimal to hold its digits (price >
		// 1000 with price decimal(5,2) compares as decimal(6,2)).
		t = typed
		for _, x := range xs {
			if l, ok := x.e.(Literal); ok && x.untyped {
				if v, ok := l.Value.(int64); ok {
					t, _ = NumericSupertype(t, decimal(int64Digits(v), 0))
				}
			}
		}
	default:
		t = typed
	}
	out := make([]resolved, len(xs))
	for i, x := range xs {
		c, err := coerce(x, t)
		if err != nil {
			return nil, nil, false, err
		}
		out[i] = c
	}
	return out, t, true, nil
}

// int64Digits is the number of decimal digits of v (1 for 0).
func int64Digits(v int64) int32 {
	n := int32(1)
	for v /= 10; v != 0; v /= 10 {
		n++
	}
	return n
}

// describe renders an operand for error messages: `string "name"` for a
// column, `int64 5` for a literal, `int64 (a + b)` otherwise.
func describe(x resolved) string {
	switch e := x.e.(type) {
	case ColumnRef:
		return fmt.Sprintf("%s %q", TypeName(x.t), e.Name)
	case Literal:
		return fmt.Sprintf("%s %s", TypeName(x.t), ExprString(e))
	}
	return fmt.Sprintf("%s (%s)", TypeName(x.t), ExprString(x.e))
}

func (r *resolver) cast(c Cast) (resolved, error) {
	in, err := r.expr(c.Input)
	if err != nil {
		return resolved{}, err
	}
	if c.To == nil {
		return resolved{}, invalidf("cast of %s has no target type", ExprString(c.Input))
	}
	if isNullType(in.t) {
		if in, err = coerce(in, c.To); err != nil {
			return resolved{}, err
		}
	}
	in = settle(in)
	if !CanCast(in.t, c.To) {
		return resolved{}, typeErrorf("cannot cast %s to %s", describe(in), TypeName(c.To))
	}
	return resolved{e: Cast{Input: in.e, To: c.To, Try: c.Try}, t: c.To, null: in.null || c.Try}, nil
}

func (r *resolver) caseExpr(c Case) (resolved, error) {
	if len(c.Whens) == 0 {
		return resolved{}, invalidf("when/then/otherwise needs at least one when")
	}
	whens := make([]resolved, len(c.Whens))
	branches := make([]resolved, 0, len(c.Whens)+1)
	for i, wt := range c.Whens {
		w, err := r.expr(wt.When)
		if err != nil {
			return resolved{}, err
		}
		if w, err = requireBool("when", w); err != nil {
			return resolved{}, err
		}
		whens[i] = w
		t, err := r.expr(wt.Then)
		if err != nil {
			return resolved{}, err
		}
		branches = append(branches, t)
	}
	if c.Else != nil {
		e, err := r.expr(c.Else)
		if err != nil {
			return resolved{}, err
		}
		branches = append(branches, e)
	}
	bs, t, ok, err := unify(branches)
	if err != nil {
		return resolved{}, err
	}
	if !ok {
		return resolved{}, typeErrorf("when/then/otherwise branches have no common type: %s", describeAll(branches))
	}
	out := Case{Whens: make([]WhenThen, len(whens))}
	null := c.Else == nil
	for i := range whens {
		b := settle(bs[i])
		out.Whens[i] = WhenThen{When: whens[i].e, Then: b.e}
		null = null || b.null
	}
	if c.Else != nil {
		b := settle(bs[len(bs)-1])
		out.Else = b.e
		null = null || b.null
	}
	return resolved{e: out, t: t, null: null}, nil
}

func describeAll(xs []resolved) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += describe(x)
	}
	return s
}

func requireBool(what string, x resolved) (resolved, error) {
	if isNullType(x.t) {
		return coerce(x, arrow.FixedWidthTypes.Boolean)
	}
	if x.t.ID() != arrow.BOOL {
		return resolved{}, typeErrorf("%s needs bool, got %s", what, describe(x))
	}
	return x, nil
}
