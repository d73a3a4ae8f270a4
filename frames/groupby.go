package frames

import (
	"github.com/sealane/sealane/frames/plan"
)

// GroupBy is a frame grouped by keys, waiting for its aggregates.
type GroupBy struct {
	f    *Frame
	keys []any
}

// GroupBy groups rows by keys (column names or expressions, named by
// [Expr.Name]); call Agg to compute aggregates per group.
func (f *Frame) GroupBy(keys ...any) *GroupBy { return &GroupBy{f: f, keys: keys} }

// Agg computes aggregates per group: one row per distinct key tuple, the
// keys then the aggregates. Each aggregate expression must contain an
// aggregate (Col("x").Sum(), CountAll(), Col("a").Max().Sub(Col("a").Min())
// …); columns may appear only inside aggregates. Groups come in no
// particular order.
func (g *GroupBy) Agg(aggs ...Expr) *Frame {
	return g.f.derive(func(in plan.Node) (plan.Node, error) {
		keys, err := named(g.keys)
		if err != nil {
			return nil, err
		}
		items := make([]any, len(aggs))
		for i, a := range aggs {
			items[i] = a
		}
		as, err := named(items)
		if err != nil {
			return nil, err
		}
		return plan.NewAggregate(in, keys, as)
	})
}

// Agg aggregates the whole frame into one row (no keys).
func (f *Frame) Agg(aggs ...Expr) *Frame { return f.GroupBy().Agg(aggs...) }
