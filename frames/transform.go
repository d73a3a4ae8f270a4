package frames

import (
	"fmt"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

// named converts selection arguments (Expr, column name, ThenExpr) to
// output columns.
func named(items []any) ([]plan.NamedExpr, error) {
	out := make([]plan.NamedExpr, len(items))
	for i, it := range items {
		x := colOrExpr(it)
		if x.err != nil {
			return nil, x.err
		}
		out[i] = plan.NamedExpr{Name: x.Name(), Expr: x.e}
	}
	return out, nil
}

func passThrough(s *arrow.Schema, keep func(string) bool) []plan.NamedExpr {
	var out []plan.NamedExpr
	for _, f := range s.Fields() {
		if keep(f.Name) {
			out = append(out, plan.NamedExpr{Name: f.Name, Expr: plan.ColumnRef{Name: f.Name}})
		}
	}
	return out
}

func requireNames(s *arrow.Schema, names []string) error {
	have := map[string]bool{}
	for _, f := range s.Fields() {
		have[f.Name] = true
	}
	for _, n := range names {
		if !have[n] {
			_, _, err := plan.Resolve(plan.ColumnRef{Name: n}, s)
			return err
		}
	}
	return nil
}

// Select computes exactly the given columns: expressions (named by
// [Expr.Name]) or column names.
func (f *Frame) Select(cols ...any) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		exprs, err := named(cols)
		if err != nil {
			return nil, err
		}
		return plan.NewProject(in, plan.OpSelect, exprs)
	})
}

// SelectExclude selects every column except names.
func (f *Frame) SelectExclude(names ...string) *Frame {
	return f.dropLike(plan.OpSelect, names)
}

// Drop removes the named columns.
func (f *Frame) Drop(names ...string) *Frame { return f.dropLike(plan.OpDrop, names) }

func (f *Frame) dropLike(op plan.Op, names []string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		if err := requireNames(in.Schema(), names); err != nil {
			return nil, err
		}
		drop := map[string]bool{}
		for _, n := range names {
			drop[n] = true
		}
		return plan.NewProject(in, op, passThrough(in.Schema(), func(n string) bool { return !drop[n] }))
	})
}

// WithColumns adds columns, or replaces those whose name exists (in
// place), keeping every other column.
func (f *Frame) WithColumns(cols ...Expr) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		items := make([]any, len(cols))
		for i, c := range cols {
			items[i] = c
		}
		add, err := named(items)
		if err != nil {
			return nil, err
		}
		byName := map[string]int{}
		for i, a := range add {
			if _, dup := byName[a.Name]; dup {
				return nil, fmt.Errorf("%w: frames: with_columns: column %q given twice", ErrInvalid, a.Name)
			}
			byName[a.Name] = i
		}
		var exprs []plan.NamedExpr
		used := map[string]bool{}
		for _, fld := range in.Schema().Fields() {
			if i, ok := byName[fld.Name]; ok {
				exprs = append(exprs, add[i])
				used[fld.Name] = true
				continue
			}
			exprs = append(exprs, plan.NamedExpr{Name: fld.Name, Expr: plan.ColumnRef{Name: fld.Name}})
		}
		for _, a := range add {
			if !used[a.Name] {
				exprs = append(exprs, a)
			}
		}
		return plan.NewProject(in, plan.OpWithColumns, exprs)
	})
}

// Rename renames columns (old name → new name), keeping their positions.
func (f *Frame) Rename(names map[string]string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		olds := make([]string, 0, len(names))
		for o := range names {
			olds = append(olds, o)
		}
		sort.Strings(olds)
		if err := requireNames(in.Schema(), olds); err != nil {
			return nil, err
		}
		var exprs []plan.NamedExpr
		for _, fld := range in.Schema().Fields() {
			name := fld.Name
			if n, ok := names[name]; ok {
				name = n
			}
			exprs = append(exprs, plan.NamedExpr{Name: name, Expr: plan.ColumnRef{Name: fld.Name}})
		}
		return plan.NewProject(in, plan.OpRename, exprs)
	})
}

// CastColumns casts the named columns to the given types, in place.
func (f *Frame) CastColumns(types map[string]arrow.DataType) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		cols := make([]string, 0, len(types))
		for c := range types {
			cols = append(cols, c)
		}
		sort.Strings(cols)
		if err := requireNames(in.Schema(), cols); err != nil {
			return nil, err
		}
		var exprs []plan.NamedExpr
		for _, fld := range in.Schema().Fields() {
			var e plan.Expr = plan.ColumnRef{Name: fld.Name}
			if t, ok := types[fld.Name]; ok {
				e = plan.Cast{Input: e, To: t}
			}
			exprs = append(exprs, plan.NamedExpr{Name: fld.Name, Expr: e})
		}
		return plan.NewProject(in, plan.OpCast, exprs)
	})
}

// Filter keeps the rows where pred is true (NULL counts as false).
func (f *Frame) Filter(pred Expr) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		if pred.err != nil {
			return nil, pred.err
		}
		return plan.NewFilter(in, pred.e)
	})
}

// Sort orders rows by keys: [Asc]/[Desc] keys, expressions or column names
// (ascending). Ties come in no particular order; see [Frame.SortStable].
func (f *Frame) Sort(keys ...any) *Frame { return f.sort(false, keys) }

// SortStable is [Frame.Sort] keeping tied rows in their input order.
func (f *Frame) SortStable(keys ...any) *Frame { return f.sort(true, keys) }

func (f *Frame) sort(stable bool, keys []any) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		ks, err := sortKeys(keys)
		if err != nil {
			return nil, err
		}
		return plan.NewSort(in, ks, stable)
	})
}

// Keep says which row of a set of duplicates Unique keeps.
type Keep = plan.Keep

// Keep choices for Unique.
const (
	KeepAny   = plan.KeepAny
	KeepFirst = plan.KeepFirst
	KeepLast  = plan.KeepLast
	KeepNone  = plan.KeepNone
)

// Unique removes duplicate rows, comparing subset (all columns when
// empty); NULLs compare equal. KeepFirst and KeepLast keep input order.
func (f *Frame) Unique(keep Keep, subset ...string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) { return plan.NewDistinct(in, subset, keep) })
}

// Head keeps the first n rows.
func (f *Frame) Head(n int64) *Frame { return f.Slice(0, n) }

// Tail keeps the last n rows.
func (f *Frame) Tail(n int64) *Frame {
	if n <= 0 {
		return f.Slice(0, 0)
	}
	return f.Slice(-n, n)
}

// Slice keeps length rows from offset (negative: from the end; length < 0:
// to the end), in input order.
func (f *Frame) Slice(offset, length int64) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) { return plan.NewSlice(in, offset, length) })
}

// FillStrategy says how FillNullStrategy replaces NULLs.
type FillStrategy = plan.FillStrategy

// Fill strategies (forward and backward follow the input order).
const (
	FillForward  = plan.FillForward
	FillBackward = plan.FillBackward
	FillMin      = plan.FillMin
	FillMax      = plan.FillMax
	FillMean     = plan.FillMean
	FillZero     = plan.FillZero
	FillOne      = plan.FillOne
)

// FillNull replaces NULLs by v in cols, or in every column v fits (a
// number fits numeric columns, a string string columns …) when cols is
// empty.
func (f *Frame) FillNull(v any, cols ...string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		x := Lit(v)
		if x.err != nil {
			return nil, x.err
		}
		lit, ok := x.e.(plan.Literal)
		if !ok {
			return nil, fmt.Errorf("%w: frames: FillNull needs a Go value or literal, not %s", ErrInvalid, x)
		}
		return plan.NewFillNull(in, plan.FillValue, &lit, cols)
	})
}

// FillNullStrategy replaces NULLs by strategy in cols, or in every column
// the strategy fits when cols is empty.
func (f *Frame) FillNullStrategy(s FillStrategy, cols ...string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) { return plan.NewFillNull(in, s, nil, cols) })
}

// DropNulls removes rows with a NULL in any of subset (all columns when
// empty).
func (f *Frame) DropNulls(subset ...string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) { return plan.NewDropNulls(in, subset) })
}
