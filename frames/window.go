package frames

import (
	"fmt"

	"github.com/sealane/sealane/frames/plan"
)

// SortKey orders rows (Sort) or a window (OrderBy) by an expression.
type SortKey struct {
	k   plan.SortKey
	err error
}

func sortKey(e any, desc bool) SortKey {
	x := colOrExpr(e)
	return SortKey{k: plan.SortKey{Expr: x.e, Desc: desc}, err: x.err}
}

// Asc orders by e ascending, NULLs last; e is an Expr or a column name.
func Asc(e any) SortKey { return sortKey(e, false) }

// Desc orders by e descending, NULLs last; e is an Expr or a column name.
func Desc(e any) SortKey { return sortKey(e, true) }

// NullsFirst puts NULLs before other values.
func (k SortKey) NullsFirst() SortKey { k.k.NullsFirst = true; return k }

// NullsLast puts NULLs after other values (the default).
func (k SortKey) NullsLast() SortKey { k.k.NullsFirst = false; return k }

// colOrExpr turns a selection argument into an expression: strings name
// columns.
func colOrExpr(v any) Expr {
	if s, ok := v.(string); ok {
		return Col(s)
	}
	return value(v)
}

// sortKeys converts Sort/OrderBy arguments: SortKey, Expr or column name
// (ascending).
func sortKeys(keys []any) ([]plan.SortKey, error) {
	out := make([]plan.SortKey, len(keys))
	for i, k := range keys {
		sk, ok := k.(SortKey)
		if !ok {
			sk = Asc(k)
		}
		if sk.err != nil {
			return nil, sk.err
		}
		out[i] = sk.k
	}
	return out, nil
}

func windowOf(rank plan.RankFunc, args []Expr, orderBy []any) Expr {
	w := plan.Window{Rank: rank}
	for _, a := range args {
		if a.err != nil {
			return a
		}
		w.Args = append(w.Args, a.e)
	}
	keys, err := sortKeys(orderBy)
	if err != nil {
		return Expr{err: err}
	}
	w.OrderBy = keys
	return Expr{e: w}
}

// RowNumber numbers the rows of each partition from 1 in the window's
// order (orderBy here or with OrderBy).
func RowNumber(orderBy ...any) Expr { return windowOf(plan.RankRowNumber, nil, orderBy) }

// Rank ranks rows by the window order with gaps after ties (1, 1, 3).
func Rank(orderBy ...any) Expr { return windowOf(plan.RankRank, nil, orderBy) }

// DenseRank ranks rows by the window order without gaps (1, 1, 2).
func DenseRank(orderBy ...any) Expr { return windowOf(plan.RankDense, nil, orderBy) }

// Lag is the value of e n rows earlier in the window order (NULL before
// the partition's start). Give the order with OrderBy.
func Lag(e any, n int) Expr {
	return windowOf(plan.RankLag, []Expr{colOrExpr(e), Lit(int64(n))}, nil)
}

// Lead is the value of e n rows later in the window order (NULL past the
// partition's end).
func Lead(e any, n int) Expr {
	return windowOf(plan.RankLead, []Expr{colOrExpr(e), Lit(int64(n))}, nil)
}

// LagOr is Lag with a default instead of NULL.
func LagOr(e any, n int, def any) Expr {
	return windowOf(plan.RankLag, []Expr{colOrExpr(e), Lit(int64(n)), value(def)}, nil)
}

// LeadOr is Lead with a default instead of NULL.
func LeadOr(e any, n int, def any) Expr {
	return windowOf(plan.RankLead, []Expr{colOrExpr(e), Lit(int64(n)), value(def)}, nil)
}

// asWindow returns x as a window expression: windows as they are,
// aggregates as whole-partition window aggregates.
func (x Expr) asWindow(method string) (plan.Window, error) {
	if x.err != nil {
		return plan.Window{}, x.err
	}
	switch e := x.e.(type) {
	case plan.Window:
		return e, nil
	case plan.Agg:
		return plan.Window{Agg: &e, Frame: plan.FrameWhole}, nil
	}
	return plan.Window{}, fmt.Errorf("%w: frames: %s applies to aggregates and window functions, not %s", ErrInvalid, method, plan.ExprString(x.e))
}

// Over evaluates an aggregate or window function per partition (columns
// or expressions; none means one partition of all rows), keeping one
// output value per row: Col("x").Sum().Over("g").
func (x Expr) Over(partitionBy ...any) Expr {
	w, err := x.asWindow("Over")
	if err != nil {
		return Expr{err: err}
	}
	w.PartitionBy = nil
	for _, p := range partitionBy {
		e := colOrExpr(p)
		if e.err != nil {
			return e
		}
		w.PartitionBy = append(w.PartitionBy, e.e)
	}
	return Expr{e: w, alias: x.alias}
}

// OrderBy orders the window (SortKey, Expr or column name). For a
// whole-partition aggregate the order only matters to first and last;
// running aggregates (CumSum …) and rank, lag and lead need it.
func (x Expr) OrderBy(keys ...any) Expr {
	w, err := x.asWindow("OrderBy")
	if err != nil {
		return Expr{err: err}
	}
	if w.OrderBy, err = sortKeys(keys); err != nil {
		return Expr{err: err}
	}
	return Expr{e: w, alias: x.alias}
}

func (x Expr) running(fn plan.AggFunc) Expr {
	if x.err != nil {
		return x
	}
	if plan.ContainsAgg(x.e) || plan.ContainsWindow(x.e) {
		return Expr{err: fmt.Errorf("%w: frames: running %s of %s: the input must be a row expression", ErrInvalid, fn, plan.ExprString(x.e))}
	}
	return Expr{e: plan.Window{Agg: &plan.Agg{Fn: fn, Input: x.e}, Frame: plan.FrameRunning}, alias: x.alias}
}

// CumSum is the running sum from the partition's first row to the current
// one, in the window order (needs OrderBy).
func (x Expr) CumSum() Expr { return x.running(plan.AggSum) }

// CumMean is the running mean.
func (x Expr) CumMean() Expr { return x.running(plan.AggMean) }

// CumMin is the running minimum.
func (x Expr) CumMin() Expr { return x.running(plan.AggMin) }

// CumMax is the running maximum.
func (x Expr) CumMax() Expr { return x.running(plan.AggMax) }

// CumCount is the running count of non-NULL values.
func (x Expr) CumCount() Expr { return x.running(plan.AggCount) }
