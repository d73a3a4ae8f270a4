package stub

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"

	"github.com/sealane/sealane/frames/plan"
)

// computeNames maps plan functions to arrow-go compute kernels with the
// same semantics (NULL in, NULL out; and_kleene/or_kleene are SQL's
// three-valued AND/OR).
var computeNames = map[plan.Func]string{
	plan.FnAdd: "add", plan.FnSub: "subtract", plan.FnMul: "multiply", plan.FnNeg: "negate",
	plan.FnEq: "equal", plan.FnNe: "not_equal",
	plan.FnLt: "less", plan.FnLe: "less_equal", plan.FnGt: "greater", plan.FnGe: "greater_equal",
	plan.FnAnd: "and_kleene", plan.FnOr: "or_kleene",
	plan.FnIsNull: "is_null", plan.FnIsNotNull: "is_not_null",
}

// eval evaluates e over the rows of rec into a new array of rec's length
// (the caller releases it). Intermediate types are whatever the compute
// kernels produce; Project casts each result to its declared type.
func (x *executor) eval(e plan.Expr, rec arrow.RecordBatch) (arrow.Array, error) {
	switch e := plan.Deref(e).(type) {
	case plan.ColumnRef:
		idx := rec.Schema().FieldIndices(e.Name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("frames/stub: no single column %q", e.Name)
		}
		col := rec.Column(idx[0])
		col.Retain()
		return col, nil
	case plan.Literal:
		return x.literal(e, int(rec.NumRows()))
	case plan.Cast:
		if e.Try {
			return nil, unsupported("try_cast", "use a plain cast")
		}
		in, err := x.eval(e.Input, rec)
		if err != nil {
			return nil, err
		}
		return x.castTo(in, e.To)
	case plan.Call:
		return x.call(e, rec)
	case plan.Case:
		return x.caseWhen(e, rec)
	}
	return nil, unsupported(fmt.Sprintf("expression %T", e), "")
}

// call evaluates a scalar function.
func (x *executor) call(c plan.Call, rec arrow.RecordBatch) (arrow.Array, error) {
	args := make([]arrow.Array, len(c.Args))
	defer releaseAll(args)
	for i, a := range c.Args {
		v, err := x.eval(a, rec)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	switch c.Fn {
	case plan.FnDiv:
		// Division is always floating point, whatever the operand types.
		for i := range args {
			f, err := x.castTo(args[i], arrow.PrimitiveTypes.Float64)
			args[i] = f
			if err != nil {
				return nil, err
			}
		}
		return x.kernel("divide", args...)
	case plan.FnIn:
		// x IN (a, b, …) is (x = a) OR (x = b) OR …, which gives SQL's NULL
		// semantics: NULL when nothing matches and x or a list item is NULL.
		return x.in(args[0], args[1:])
	case plan.FnEqNullSafe:
		return x.eqNullSafe(args[0], args[1])
	case plan.FnNot:
		return x.not(args[0])
	case plan.FnCoalesce:
		return x.coalesce(args)
	case plan.FnLower:
		return x.mapStrings(args[0], strings.ToLower)
	case plan.FnUpper:
		return x.mapStrings(args[0], strings.ToUpper)
	}
	name, ok := computeNames[c.Fn]
	if !ok {
		return nil, unsupported("func "+string(c.Fn), "")
	}
	return x.kernel(name, args...)
}

// kernel calls an arrow-go compute function on arrays.
func (x *executor) kernel(name string, args ...arrow.Array) (arrow.Array, error) {
	datums := make([]compute.Datum, len(args))
	for i, a := range args {
		datums[i] = compute.NewDatumWithoutOwning(a)
	}
	out, err := compute.CallFunction(x.ctx, name, nil, datums...)
	if err != nil {
		return nil, fmt.Errorf("frames/stub: %s: %w", name, err)
	}
	defer out.Release()
	return out.(*compute.ArrayDatum).MakeArray(), nil
}

func (x *executor) in(v arrow.Array, list []arrow.Array) (arrow.Array, error) {
	var acc arrow.Array
	for _, item := range list {
		eq, err := x.kernel("equal", v, item)
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = eq
			continue
		}
		or, err := x.kernel("or_kleene", acc, eq)
		acc.Release()
		eq.Release()
		if err != nil {
			return nil, err
		}
		acc = or
	}
	if acc == nil { // x IN () is false
		return x.literal(plan.Literal{Value: false, Type: arrow.FixedWidthTypes.Boolean}, v.Len())
	}
	return acc, nil
}

// not negates booleans; NOT NULL is NULL.
func (x *executor) not(in arrow.Array) (arrow.Array, error) {
	b, ok := in.(*array.Boolean)
	if !ok {
		return nil, fmt.Errorf("frames/stub: not of %s", in.DataType())
	}
	out := array.NewBooleanBuilder(x.mem)
	defer out.Release()
	for i := range b.Len() {
		if b.IsNull(i) {
			out.AppendNull()
		} else {
			out.Append(!b.Value(i))
		}
	}
	return out.NewArray(), nil
}

// eqNullSafe is a <=> b: true when both are NULL, false when one is.
func (x *executor) eqNullSafe(a, b arrow.Array) (arrow.Array, error) {
	eq, err := x.kernel("equal", a, b)
	if err != nil {
		return nil, err
	}
	defer eq.Release()
	out := array.NewBooleanBuilder(x.mem)
	defer out.Release()
	res := eq.(*array.Boolean)
	for i := range a.Len() {
		if a.IsNull(i) || b.IsNull(i) {
			out.Append(a.IsNull(i) && b.IsNull(i))
		} else {
			out.Append(res.Value(i))
		}
	}
	return out.NewArray(), nil
}

// coalesce picks, row by row, the first non-NULL argument.
func (x *executor) coalesce(args []arrow.Array) (arrow.Array, error) {
	return x.choose(args, func(row int) int {
		for k, a := range args {
			if a.IsValid(row) {
				return k
			}
		}
		return -1
	})
}

// caseWhen evaluates every branch over all rows, then picks per row the
// THEN of the first WHEN that is true (NULL counts as false), else ELSE.
func (x *executor) caseWhen(c plan.Case, rec arrow.RecordBatch) (arrow.Array, error) {
	var whens, values []arrow.Array
	defer func() { releaseAll(whens); releaseAll(values) }()
	for _, wt := range c.Whens {
		w, err := x.eval(wt.When, rec)
		if err != nil {
			return nil, err
		}
		whens = append(whens, w)
		v, err := x.eval(wt.Then, rec)
		if err != nil {
			return nil, err
		}
		values = append(values, v)
	}
	if c.Else != nil {
		v, err := x.eval(c.Else, rec)
		if err != nil {
			return nil, err
		}
		values = append(values, v)
	}
	return x.choose(values, func(row int) int {
		for k, w := range whens {
			if b, ok := w.(*array.Boolean); ok && b.IsValid(row) && b.Value(row) {
				return k
			}
		}
		if c.Else != nil {
			return len(whens)
		}
		return -1
	})
}

// choose builds an array whose row i is row i of candidates[pick(i)] (NULL
// when pick returns -1). The candidates are cast to a common type, stacked
// into one array and gathered with one Take.
func (x *executor) choose(candidates []arrow.Array, pick func(row int) int) (arrow.Array, error) {
	typ := commonType(candidates)
	cast := make([]arrow.Array, len(candidates))
	defer releaseAll(cast)
	for i, c := range candidates {
		c.Retain()
		v, err := x.castTo(c, typ)
		if err != nil {
			return nil, err
		}
		cast[i] = v
	}
	n := candidates[0].Len()
	idx := make([]int64, n)
	for row := range n {
		idx[row] = -1
		if k := pick(row); k >= 0 {
			idx[row] = int64(k*n + row)
		}
	}
	stacked, err := array.Concatenate(cast, x.mem)
	if err != nil {
		return nil, fmt.Errorf("frames/stub: %w", err)
	}
	defer stacked.Release()
	indices := x.indexArray(idx)
	defer indices.Release()
	return compute.TakeArray(x.ctx, stacked, indices)
}

// mapStrings applies f to every non-NULL string.
func (x *executor) mapStrings(in arrow.Array, f func(string) string) (arrow.Array, error) {
	s, ok := in.(*array.String)
	if !ok {
		return nil, fmt.Errorf("frames/stub: string function on %s", in.DataType())
	}
	b := array.NewStringBuilder(x.mem)
	defer b.Release()
	for i := range s.Len() {
		if s.IsNull(i) {
			b.AppendNull()
		} else {
			b.Append(f(s.Value(i)))
		}
	}
	return b.NewArray(), nil
}

// castTo converts arr to typ, consuming arr (it is released unless it is
// returned as is).
func (x *executor) castTo(arr arrow.Array, typ arrow.DataType) (arrow.Array, error) {
	if arrow.TypeEqual(arr.DataType(), typ) {
		return arr, nil
	}
	defer arr.Release()
	if typ.ID() == arrow.STRING {
		// arrow-go v18.8.0's numeric-to-string cast leaks a buffer; format
		// the values here instead.
		b := array.NewStringBuilder(x.mem)
		defer b.Release()
		for i := range arr.Len() {
			switch {
			case arr.IsNull(i):
				b.AppendNull()
			case arr.DataType().ID() == arrow.FLOAT64:
				b.Append(floatText(arr.(*array.Float64).Value(i), 64))
			case arr.DataType().ID() == arrow.FLOAT32:
				b.Append(floatText(float64(arr.(*array.Float32).Value(i)), 32))
			default:
				b.Append(arr.ValueStr(i))
			}
		}
		return b.NewArray(), nil
	}
	out, err := compute.CastArray(x.ctx, arr, compute.SafeCastOptions(typ))
	if err != nil {
		return nil, fmt.Errorf("frames/stub: cast %s to %s: %w", arr.DataType(), typ, err)
	}
	return out, nil
}

// commonType is the type values of several arrays are unified to: the
// widest numeric type if all are numeric (float64 if any is floating),
// otherwise the first type that is not the NULL type.
func commonType(arrs []arrow.Array) arrow.DataType {
	best := arrow.DataType(arrow.Null)
	for _, a := range arrs {
		t := a.DataType()
		switch {
		case t.ID() == arrow.NULL:
		case best.ID() == arrow.NULL:
			best = t
		case arrow.IsFloating(t.ID()) && arrow.IsInteger(best.ID()),
			arrow.IsFloating(t.ID()) && arrow.IsFloating(best.ID()) && t.(arrow.FixedWidthDataType).BitWidth() > best.(arrow.FixedWidthDataType).BitWidth(),
			arrow.IsInteger(t.ID()) && arrow.IsInteger(best.ID()) && t.(arrow.FixedWidthDataType).BitWidth() > best.(arrow.FixedWidthDataType).BitWidth():
			best = t
		}
	}
	return best
}

// floatText is a float cast to string as the SQL engines write it: the
// shortest text that reads back to the same value, with ".0" on integral
// values (6.0, 0.5, 1e+20), so that CAST(6.0 AS STRING) is "6.0" on every
// engine.
func floatText(f float64, bits int) string {
	if a := math.Abs(f); a != 0 && (a < 1e-5 || a >= 1e16) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	s := strconv.FormatFloat(f, 'f', -1, bits)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
