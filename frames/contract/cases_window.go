package contract

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, windowCases) }

// series is partitioned by g and ordered by t.
var series = T(Cols("g:string", "t:int64", "v:int64"),
	R("a", 1, 10), R("a", 2, 20), R("a", 3, 20), R("b", 1, 5), R("b", 2, nil),
)

func over(w plan.Window, orderBy string) plan.Window {
	w.PartitionBy = []plan.Expr{Col("g")}
	w.OrderBy = []plan.SortKey{Asc(Col(orderBy))}
	return w
}

func windowCase(w plan.Expr) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) {
		return c.planFrom(series).Select(As("g", Col("g")), As("t", Col("t")), As("w", w)).Plan()
	}
}

func running(fn plan.AggFunc) plan.Expr {
	return over(plan.Window{Agg: &plan.Agg{Fn: fn, Input: Col("v")}, Frame: plan.FrameRunning}, "t")
}

// windowCases cover ranking, offset and aggregate window functions.
func windowCases() []Case {
	i64 := Cols("g:string", "t:int64", "w:int64")
	f64 := Cols("g:string", "t:int64", "w:float64")
	return []Case{
		{Name: "window/row_number", Build: windowCase(over(plan.Window{Rank: plan.RankRowNumber}, "t")),
			Want: T(i64, R("a", 1, 1), R("a", 2, 2), R("a", 3, 3), R("b", 1, 1), R("b", 2, 2))},
		{Name: "window/rank_with_ties_and_null_last", Build: windowCase(over(plan.Window{Rank: plan.RankRank}, "v")),
			Want: T(i64, R("a", 1, 1), R("a", 2, 2), R("a", 3, 2), R("b", 1, 1), R("b", 2, 2))},
		{Name: "window/dense_rank", Build: windowCase(plan.Window{Rank: plan.RankDense, OrderBy: []plan.SortKey{Asc(Col("v"))}}),
			Want: T(i64, R("a", 1, 2), R("a", 2, 3), R("a", 3, 3), R("b", 1, 1), R("b", 2, 4))},
		{Name: "window/lag", Build: windowCase(over(plan.Window{Rank: plan.RankLag, Args: []plan.Expr{Col("v"), TLit(1, arrow.PrimitiveTypes.Int64)}}, "t")),
			Want: T(i64, R("a", 1, nil), R("a", 2, 10), R("a", 3, 20), R("b", 1, nil), R("b", 2, 5))},
		{Name: "window/lag_with_default", Build: windowCase(over(plan.Window{Rank: plan.RankLag,
			Args: []plan.Expr{Col("v"), TLit(1, arrow.PrimitiveTypes.Int64), TLit(0, arrow.PrimitiveTypes.Int64)}}, "t")),
			Want: T(i64, R("a", 1, 0), R("a", 2, 10), R("a", 3, 20), R("b", 1, 0), R("b", 2, 5))},
		{Name: "window/lead_by_two", Build: windowCase(over(plan.Window{Rank: plan.RankLead, Args: []plan.Expr{Col("v"), TLit(2, arrow.PrimitiveTypes.Int64)}}, "t")),
			Want: T(i64, R("a", 1, 20), R("a", 2, nil), R("a", 3, nil), R("b", 1, nil), R("b", 2, nil))},
		{Name: "window/running_sum_skips_null", Build: windowCase(running(plan.AggSum)),
			Want: T(i64, R("a", 1, 10), R("a", 2, 30), R("a", 3, 50), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/running_mean", Build: windowCase(running(plan.AggMean)),
			Want: T(f64, R("a", 1, 10.0), R("a", 2, 15.0), R("a", 3, 16.6666666667), R("b", 1, 5.0), R("b", 2, 5.0))},
		{Name: "window/running_min", Build: windowCase(running(plan.AggMin)),
			Want: T(i64, R("a", 1, 10), R("a", 2, 10), R("a", 3, 10), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/running_max", Build: windowCase(running(plan.AggMax)),
			Want: T(i64, R("a", 1, 10), R("a", 2, 20), R("a", 3, 20), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/whole_partition_sum", Build: windowCase(plan.Window{Agg: &plan.Agg{Fn: plan.AggSum, Input: Col("v")},
			PartitionBy: []plan.Expr{Col("g")}, Frame: plan.FrameWhole}),
			Want: T(i64, R("a", 1, 50), R("a", 2, 50), R("a", 3, 50), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/whole_partition_count_star", Build: windowCase(plan.Window{Agg: &plan.Agg{Fn: plan.AggCount},
			PartitionBy: []plan.Expr{Col("g")}, Frame: plan.FrameWhole}),
			Want: T(i64, R("a", 1, 3), R("a", 2, 3), R("a", 3, 3), R("b", 1, 2), R("b", 2, 2))},
	}
}
