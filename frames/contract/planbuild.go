package contract

import (
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

// F is a plan under construction with a sticky error: the first failing
// step is kept and later steps do nothing. Cases build plans through F so
// that they read like frames code; every step is one plan constructor.
type F struct {
	c   *C
	n   plan.Node
	err error
}

// planFrom starts a plan at a record source holding tb.
func (c *C) planFrom(tb Table) *F {
	src, err := plan.NewSource(c.Source(tb))
	if err == nil {
		c.T.Cleanup(src.Release)
	}
	return &F{c: c, n: src, err: err}
}

// Plan returns the built plan or the first error.
func (f *F) Plan() (plan.Node, error) { return f.n, f.err }

func (f *F) then(build func(plan.Node) (plan.Node, error)) *F {
	if f.err != nil {
		return f
	}
	n, err := build(f.n)
	return &F{c: f.c, n: n, err: err}
}

func (f *F) project(op plan.Op, exprs []plan.NamedExpr) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewProject(in, op, exprs) })
}

// Select keeps only exprs.
func (f *F) Select(exprs ...plan.NamedExpr) *F { return f.project(plan.OpSelect, exprs) }

// WithColumns adds or replaces columns, keeping the others in place.
func (f *F) WithColumns(exprs ...plan.NamedExpr) *F {
	if f.err != nil {
		return f
	}
	var all []plan.NamedExpr
	for _, fld := range f.n.Schema().Fields() {
		all = append(all, As(fld.Name, Col(fld.Name)))
	}
	for _, ne := range exprs {
		if i := slices.IndexFunc(all, func(x plan.NamedExpr) bool { return x.Name == ne.Name }); i >= 0 {
			all[i] = ne
		} else {
			all = append(all, ne)
		}
	}
	return f.project(plan.OpWithColumns, all)
}

// Drop removes columns.
func (f *F) Drop(names ...string) *F {
	return f.keepFields(plan.OpDrop, func(fld arrow.Field) (plan.NamedExpr, bool) {
		return As(fld.Name, Col(fld.Name)), !slices.Contains(names, fld.Name)
	})
}

// Rename renames columns (old, new, old, new …).
func (f *F) Rename(pairs ...string) *F {
	return f.keepFields(plan.OpRename, func(fld arrow.Field) (plan.NamedExpr, bool) {
		name := fld.Name
		for i := 0; i+1 < len(pairs); i += 2 {
			if pairs[i] == fld.Name {
				name = pairs[i+1]
			}
		}
		return As(name, Col(fld.Name)), true
	})
}

// CastCol casts one column in place.
func (f *F) CastCol(name string, to arrow.DataType) *F {
	return f.keepFields(plan.OpCast, func(fld arrow.Field) (plan.NamedExpr, bool) {
		if fld.Name == name {
			return As(name, plan.Cast{Input: Col(name), To: to}), true
		}
		return As(fld.Name, Col(fld.Name)), true
	})
}

func (f *F) keepFields(op plan.Op, each func(arrow.Field) (plan.NamedExpr, bool)) *F {
	if f.err != nil {
		return f
	}
	var exprs []plan.NamedExpr
	for _, fld := range f.n.Schema().Fields() {
		if ne, ok := each(fld); ok {
			exprs = append(exprs, ne)
		}
	}
	return f.project(op, exprs)
}

// Filter keeps rows where pred is true.
func (f *F) Filter(pred plan.Expr) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewFilter(in, pred) })
}

// Sort orders rows stably.
func (f *F) Sort(keys ...plan.SortKey) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewSort(in, keys, true) })
}

// Slice keeps length rows from offset.
func (f *F) Slice(offset, length int64) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewSlice(in, offset, length) })
}

// Head keeps the first n rows.
func (f *F) Head(n int64) *F { return f.Slice(0, n) }

// Tail keeps the last n rows.
func (f *F) Tail(n int64) *F { return f.Slice(-n, -1) }

// Distinct removes duplicates over subset (all columns when empty).
func (f *F) Distinct(keep plan.Keep, subset ...string) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewDistinct(in, subset, keep) })
}

// DropNulls removes rows with a NULL in subset (all columns when empty).
func (f *F) DropNulls(subset ...string) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewDropNulls(in, subset) })
}

// FillNull replaces NULLs by a strategy (value is for plan.FillValue).
func (f *F) FillNull(strategy plan.FillStrategy, value *plan.Literal, cols ...string) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewFillNull(in, strategy, value, cols) })
}

// Join joins f (left) with right.
func (f *F) Join(right *F, kind plan.JoinKind, leftOn, rightOn []string, suffix string, nullsEqual bool) *F {
	if right.err != nil {
		return right
	}
	return f.then(func(in plan.Node) (plan.Node, error) {
		return plan.NewJoin(in, right.n, kind, leftOn, rightOn, suffix, nullsEqual)
	})
}

// GroupBy groups by keys and computes aggs.
func (f *F) GroupBy(keys []plan.NamedExpr, aggs ...plan.NamedExpr) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewAggregate(in, keys, aggs) })
}

// Pivot spreads the values of on into columns.
func (f *F) Pivot(index []string, on string, values []plan.Literal, valueCol string, agg plan.AggFunc) *F {
	return f.then(func(in plan.Node) (plan.Node, error) {
		return plan.NewPivot(in, index, on, values, valueCol, agg)
	})
}

// Melt unpivots valueVars into (variable, value) rows.
func (f *F) Melt(idVars, valueVars []string, variable, value string) *F {
	return f.then(func(in plan.Node) (plan.Node, error) {
		return plan.NewMelt(in, idVars, valueVars, variable, value)
	})
}

// Explode repeats rows once per list element.
func (f *F) Explode(col string) *F {
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewExplode(in, col) })
}

// Concat stacks f and others.
func (f *F) Concat(how plan.ConcatHow, others ...*F) *F {
	return f.then(func(in plan.Node) (plan.Node, error) {
		items := []plan.Node{in}
		for _, o := range others {
			if o.err != nil {
				return nil, o.err
			}
			items = append(items, o.n)
		}
		return plan.NewConcat(items, how)
	})
}

// SetOp combines f and right with a set operation.
func (f *F) SetOp(right *F, kind plan.SetOpKind, all bool) *F {
	if right.err != nil {
		return right
	}
	return f.then(func(in plan.Node) (plan.Node, error) { return plan.NewSetOp(in, right.n, kind, all) })
}

// Col refers to a column.
func Col(name string) plan.Expr { return plan.ColumnRef{Name: name} }

// Lit is an untyped literal (numbers adopt the other operand's type); nil
// is an untyped NULL.
func Lit(v any) plan.Expr {
	if i, ok := toInt64(v); ok {
		v = i
	}
	t, err := plan.LiteralType(v)
	if err != nil {
		panic(err) // a suite bug
	}
	return plan.Literal{Value: v, Type: t, Untyped: isNumber(v)}
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64:
		return true
	}
	return false
}

// TLit is a literal of an explicit type.
func TLit(v any, t arrow.DataType) plan.Literal {
	if i, ok := toInt64(v); ok {
		v = i
	}
	return plan.Literal{Value: v, Type: t}
}

// Fn calls a scalar function.
func Fn(fn plan.Func, args ...plan.Expr) plan.Expr { return plan.Call{Fn: fn, Args: args} }

// As names an expression.
func As(name string, e plan.Expr) plan.NamedExpr { return plan.NamedExpr{Name: name, Expr: e} }

// Asc and Desc are sort keys (NULLs last); Asc/DescNullsFirst put NULLs first.
func Asc(e plan.Expr) plan.SortKey           { return plan.SortKey{Expr: e} }
func Desc(e plan.Expr) plan.SortKey          { return plan.SortKey{Expr: e, Desc: true} }
func AscNullsFirst(e plan.Expr) plan.SortKey { return plan.SortKey{Expr: e, NullsFirst: true} }
func DescNullsFirst(e plan.Expr) plan.SortKey {
	return plan.SortKey{Expr: e, Desc: true, NullsFirst: true}
}

// A is an aggregate; input nil is COUNT(*).
func A(fn plan.AggFunc, input plan.Expr) plan.Expr { return plan.Agg{Fn: fn, Input: input} }

// Keys names group keys by column.
func Keys(names ...string) []plan.NamedExpr {
	out := make([]plan.NamedExpr, len(names))
	for i, n := range names {
		out[i] = As(n, Col(n))
	}
	return out
}
