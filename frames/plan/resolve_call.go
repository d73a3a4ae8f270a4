package plan

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// DateTruncUnits are the units FnDateTrunc accepts.
var DateTruncUnits = []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second"}

var (
	tBool    = arrow.FixedWidthTypes.Boolean
	tInt64   = arrow.PrimitiveTypes.Int64
	tFloat64 = arrow.PrimitiveTypes.Float64
	tString  = arrow.BinaryTypes.String
)

func anyNull(xs []resolved) bool {
	for _, x := range xs {
		if x.null {
			return true
		}
	}
	return false
}

func exprsOf(xs []resolved) []Expr {
	out := make([]Expr, len(xs))
	for i, x := range xs {
		out[i] = settle(x).e
	}
	return out
}

func arity(fn Func, n, lo, hi int) error {
	if n < lo || (hi >= 0 && n > hi) {
		switch {
		case lo == hi:
			return invalidf("%s takes %d argument(s), got %d", fn, lo, n)
		case hi < 0:
			return invalidf("%s takes at least %d argument(s), got %d", fn, lo, n)
		}
		return invalidf("%s takes %d to %d arguments, got %d", fn, lo, hi, n)
	}
	return nil
}

var arithVerb = map[Func]string{FnAdd: "add", FnSub: "subtract", FnMul: "multiply", FnDiv: "divide", FnMod: "take the remainder of"}

func (r *resolver) call(c Call) (resolved, error) {
	args := make([]resolved, len(c.Args))
	for i, a := range c.Args {
		x, err := r.expr(a)
		if err != nil {
			return resolved{}, err
		}
		args[i] = x
	}
	t, null, err := r.typeCall(c.Fn, args)
	if err != nil {
		return resolved{}, err
	}
	return resolved{e: Call{Fn: c.Fn, Args: exprsOf(args)}, t: t, null: null}, nil
}

// typeCall checks args for fn, coerces untyped literals in place and returns
// the result type and nullability.
func (r *resolver) typeCall(fn Func, args []resolved) (arrow.DataType, bool, error) {
	n := len(args)
	switch fn {
	case FnAdd, FnSub, FnMul, FnDiv, FnMod:
		if err := arity(fn, n, 2, 2); err != nil {
			return nil, false, err
		}
		for _, a := range args {
			if !IsNumeric(a.t) && !isNullType(a.t) {
				return nil, false, typeErrorf("cannot %s %s and %s", arithVerb[fn], describe(args[0]), describe(args[1]))
			}
		}
		us, t, _, err := unify(args)
		if err != nil {
			return nil, false, err
		}
		copy(args, us)
		if isNullType(t) {
			t = tInt64
			for i := range args {
				args[i], _ = coerce(args[i], t)
			}
		}
		switch {
		case fn == FnDiv:
			return tFloat64, true, nil
		case fn == FnMod:
			return t, true, nil
		case t.ID() != arrow.DECIMAL128:
			return t, anyNull(args), nil
		case fn == FnMul:
			da, sa := decDigits(args[0].t)
			db, sb := decDigits(args[1].t)
			if sa+sb > 38 {
				return nil, false, typeErrorf("cannot multiply %s and %s exactly: the product needs scale %d, more than 38; cast an operand to a decimal of lower scale or to float64",
					describe(args[0]), describe(args[1]), sa+sb)
			}
			return decimal(da+sa+db+sb, sa+sb), anyNull(args), nil
		}
		d := t.(*arrow.Decimal128Type)
		return decimal(d.Precision+1, d.Scale), anyNull(args), nil
	case FnNeg:
		if err := arity(fn, n, 1, 1); err != nil {
			return nil, false, err
		}
		if !IsNumeric(args[0].t) {
			return nil, false, typeErrorf("cannot negate %s", describe(args[0]))
		}
		args[0] = settle(args[0])
		return args[0].t, args[0].null, nil
	case FnEq, FnNe, FnLt, FnLe, FnGt, FnGe, FnEqNullSafe:
		if err := arity(fn, n, 2, 2); err != nil {
			return nil, false, err
		}
		us, t, ok, err := unify(args)
		if err != nil {
			return nil, false, err
		}
		ordered := fn != FnEq && fn != FnNe && fn != FnEqNullSafe
		if !ok || t.ID() == arrow.LIST || (ordered && !IsOrderable(t)) {
			return nil, false, typeErrorf("cannot compare %s with %s", describe(args[0]), describe(args[1]))
		}
		copy(args, us)
		return tBool, fn != FnEqNullSafe && anyNull(args), nil
	case FnAnd, FnOr:
		if err := arity(fn, n, 2, -1); err != nil {
			return nil, false, err
		}
		return boolArgs(fn, args)
	case FnNot:
		if err := arity(fn, n, 1, 1); err != nil {
			return nil, false, err
		}
		return boolArgs(fn, args)
	case FnIsNull, FnIsNotNull:
		if err := arity(fn, n, 1, 1); err != nil {
			return nil, false, err
		}
		return tBool, false, nil
	case FnIn:
		if err := arity(fn, n, 1, -1); err != nil {
			return nil, false, err
		}
		us, t, ok, err := unify(args)
		if err != nil {
			return nil, false, err
		}
		if !ok || t.ID() == arrow.LIST {
			for _, a := range args[1:] {
				if _, _, ok, _ := unify([]resolved{args[0], a}); !ok {
					return nil, false, typeErrorf("in: cannot compare %s with %s", describe(args[0]), describe(a))
				}
			}
			return nil, false, typeErrorf("in: the list %s has no common type", describeAll(args))
		}
		copy(args, us)
		return tBool, anyNull(args), nil
	case FnCoalesce:
		if err := arity(fn, n, 1, -1); err != nil {
			return nil, false, err
		}
		us, t, ok, err := unify(args)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			return nil, false, typeErrorf("coalesce: arguments have no common type: %s", describeAll(args))
		}
		copy(args, us)
		null := true
		for _, a := range args {
			null = null && a.null
		}
		return t, null, nil
	case FnLower, FnUpper:
		return stringFn(fn, args, 1, 1, tString)
	case FnContains, FnStartsWith, FnEndsWith:
		return stringFn(fn, args, 2, 2, tBool)
	case FnReplace:
		return stringFn(fn, args, 3, 3, tString)
	case FnLength:
		return stringFn(fn, args, 1, 1, tInt64)
	case FnConcatStr:
		return stringFn(fn, args, 1, -1, tString)
	case FnSubstr:
		if err := arity(fn, n, 2, 3); err != nil {
			return nil, false, err
		}
		if err := requireString(fn, args, 0); err != nil {
			return nil, false, err
		}
		for i := 1; i < n; i++ {
			if isNullType(args[i].t) || args[i].untyped {
				args[i], _ = coerce(args[i], tInt64)
			}
			if !IsInteger(args[i].t) {
				return nil, false, typeErrorf("%s: argument %d must be an integer, got %s", fn, i+1, describe(args[i]))
			}
		}
		return tString, anyNull(args), nil
	case FnYear, FnMonth, FnDay, FnHour, FnMinute, FnSecond, FnWeekday:
		if err := arity(fn, n, 1, 1); err != nil {
			return nil, false, err
		}
		if !IsTemporal(args[0].t) {
			return nil, false, typeErrorf("%s needs a date or timestamp, got %s", fn, describe(args[0]))
		}
		return tInt64, args[0].null, nil
	case FnDateTrunc:
		if err := arity(fn, n, 2, 2); err != nil {
			return nil, false, err
		}
		unit, ok := args[0].e.(Literal)
		s, isStr := unit.Value.(string)
		if !ok || !isStr || !validUnit(s) {
			return nil, false, typeErrorf("date_trunc: the unit must be a string literal, one of %v; got %s", DateTruncUnits, describe(args[0]))
		}
		if !IsTemporal(args[1].t) {
			return nil, false, typeErrorf("date_trunc needs a date or timestamp, got %s", describe(args[1]))
		}
		return args[1].t, args[1].null, nil
	}
	return nil, false, invalidf("unknown function %q", fn)
}

func validUnit(s string) bool {
	for _, u := range DateTruncUnits {
		if u == s {
			return true
		}
	}
	return false
}

func boolArgs(fn Func, args []resolved) (arrow.DataType, bool, error) {
	for i := range args {
		b, err := requireBool(string(fn), args[i])
		if err != nil {
			return nil, false, err
		}
		args[i] = b
	}
	return tBool, anyNull(args), nil
}

func requireString(fn Func, args []resolved, i int) error {
	if isNullType(args[i].t) {
		args[i], _ = coerce(args[i], tString)
	}
	if args[i].t.ID() != arrow.STRING {
		return typeErrorf("%s needs a string, got %s", fn, describe(args[i]))
	}
	return nil
}

func stringFn(fn Func, args []resolved, lo, hi int, out arrow.DataType) (arrow.DataType, bool, error) {
	if err := arity(fn, len(args), lo, hi); err != nil {
		return nil, false, err
	}
	for i := range args {
		if err := requireString(fn, args, i); err != nil {
			return nil, false, err
		}
	}
	return out, anyNull(args), nil
}

// AggType is the result type of aggregate fn over values of type in.
func AggType(fn AggFunc, in arrow.DataType) (arrow.DataType, error) {
	switch fn {
	case AggCount, AggNUnique:
		return tInt64, nil
	case AggSum:
		switch {
		case IsInteger(in):
			return tInt64, nil
		case IsFloat(in):
			return tFloat64, nil
		case in.ID() == arrow.DECIMAL128:
			return decimal(38, in.(*arrow.Decimal128Type).Scale), nil
		}
		return nil, typeErrorf("sum needs numbers, got %s", TypeName(in))
	case AggMean, AggMedian, AggStd, AggVar:
		if !IsNumeric(in) {
			return nil, typeErrorf("%s needs numbers, got %s", fn, TypeName(in))
		}
		return tFloat64, nil
	case AggMin, AggMax:
		if !IsOrderable(in) {
			return nil, typeErrorf("%s needs an orderable type, got %s", fn, TypeName(in))
		}
		return in, nil
	case AggFirst, AggLast:
		return in, nil
	}
	return nil, invalidf("unknown aggregate %q", fn)
}

func (r *resolver) agg(a Agg) (resolved, error) {
	switch {
	case r.noAgg:
		return resolved{}, invalidf("aggregate %s is not allowed here", ExprString(a))
	case r.inAgg:
		return resolved{}, invalidf("aggregate %s inside another aggregate", ExprString(a))
	}
	if a.Input == nil {
		if a.Fn != AggCount {
			return resolved{}, invalidf("aggregate %s needs an input", a.Fn)
		}
		return resolved{e: Agg{Fn: a.Fn, Distinct: a.Distinct}, t: tInt64}, nil
	}
	sub := *r
	sub.inAgg = true
	in, err := sub.expr(a.Input)
	if err != nil {
		return resolved{}, err
	}
	in = settle(in)
	t, err := AggType(a.Fn, in.t)
	if err != nil {
		return resolved{}, &planError{kind: ErrType, msg: err.Error() + " (" + describe(in) + ")"}
	}
	null := a.Fn != AggCount && a.Fn != AggNUnique
	return resolved{e: Agg{Fn: a.Fn, Input: in.e, Distinct: a.Distinct}, t: t, null: null}, nil
}

func (r *resolver) window(w Window) (resolved, error) {
	switch {
	case r.inWindow:
		return resolved{}, invalidf("window %s inside another window", ExprString(w))
	case r.inAgg:
		return resolved{}, invalidf("window %s inside an aggregate", ExprString(w))
	case (w.Rank == "") == (w.Agg == nil):
		return resolved{}, invalidf("a window needs exactly one of a rank function and an aggregate")
	}
	keys := resolver{in: r.in, inWindow: true, noAgg: true}
	out := Window{Rank: w.Rank, Frame: w.Frame}
	for _, p := range w.PartitionBy {
		x, err := keys.expr(p)
		if err != nil {
			return resolved{}, err
		}
		out.PartitionBy = append(out.PartitionBy, settle(x).e)
	}
	for _, k := range w.OrderBy {
		x, err := keys.expr(k.Expr)
		if err != nil {
			return resolved{}, err
		}
		if !IsOrderable(x.t) {
			return resolved{}, typeErrorf("cannot order by %s", describe(x))
		}
		out.OrderBy = append(out.OrderBy, SortKey{Expr: settle(x).e, Desc: k.Desc, NullsFirst: k.NullsFirst})
	}
	if w.Agg != nil {
		if w.Frame == FrameRunning && len(w.OrderBy) == 0 {
			return resolved{}, invalidf("running %s needs an order (OrderBy)", w.Agg.Fn)
		}
		sub := resolver{in: r.in, inWindow: true}
		a, err := sub.agg(*w.Agg)
		if err != nil {
			return resolved{}, err
		}
		agg := a.e.(Agg)
		out.Agg = &agg
		return resolved{e: out, t: a.t, null: a.null}, nil
	}
	switch w.Rank {
	case RankRowNumber, RankRank, RankDense:
		if len(w.Args) > 0 {
			return resolved{}, invalidf("%s takes no arguments", w.Rank)
		}
		if w.Rank != RankRowNumber && len(w.OrderBy) == 0 {
			return resolved{}, invalidf("%s needs an order (OrderBy)", w.Rank)
		}
		return resolved{e: out, t: tInt64}, nil
	case RankLag, RankLead:
		return keys.lagLead(w, out)
	}
	return resolved{}, invalidf("unknown window function %q", w.Rank)
}

func (r *resolver) lagLead(w, out Window) (resolved, error) {
	if len(w.Args) < 1 || len(w.Args) > 3 {
		return resolved{}, invalidf("%s takes an input, an optional offset and an optional default", w.Rank)
	}
	if len(w.OrderBy) == 0 {
		return resolved{}, invalidf("%s needs an order (OrderBy)", w.Rank)
	}
	in, err := r.expr(w.Args[0])
	if err != nil {
		return resolved{}, err
	}
	offset := Literal{Value: int64(1), Type: tInt64}
	if len(w.Args) > 1 {
		l, ok := w.Args[1].(Literal)
		if p, isPtr := w.Args[1].(*Literal); isPtr {
			l, ok = *p, true
		}
		v, isInt := l.Value.(int64)
		if !ok || !isInt || v < 0 {
			return resolved{}, invalidf("%s: the offset must be a non-negative integer literal, got %s", w.Rank, ExprString(w.Args[1]))
		}
		offset = Literal{Value: v, Type: tInt64}
	}
	vals := []resolved{in}
	if len(w.Args) > 2 {
		d, err := r.expr(w.Args[2])
		if err != nil {
			return resolved{}, err
		}
		vals = append(vals, d)
	}
	us, t, ok, err := unify(vals)
	if err != nil {
		return resolved{}, err
	}
	if !ok {
		return resolved{}, typeErrorf("%s: the default %s does not fit %s", w.Rank, describe(vals[1]), describe(vals[0]))
	}
	out.Args = []Expr{settle(us[0]).e, offset}
	if len(us) > 1 {
		out.Args = append(out.Args, settle(us[1]).e)
	}
	return resolved{e: out, t: t, null: true}, nil
}

// LiteralTypeString is the type of string literals (utf8).
var LiteralTypeString = tString
