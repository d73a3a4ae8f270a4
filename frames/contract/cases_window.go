package contract

import (
	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, windowCases) }

// series is partitioned by g and ordered by t.
var series = T(Cols("g:string", "t:int64", "v:int64"),
	R("a", 1, 10), R("a", 2, 20), R("a", 3, 20), R("b", 1, 5), R("b", 2, nil),
)

// windowCase keeps g and t and adds w over series.
func windowCase(w frames.Expr) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(series).Select("g", "t", w.Alias("w")) })
}

// windowCases cover ranking, offset and aggregate window functions.
func windowCases() []Case {
	i64 := Cols("g:string", "t:int64", "w:int64")
	f64 := Cols("g:string", "t:int64", "w:float64")
	v := frames.Col("v")
	return []Case{
		{Name: "window/row_number", Build: windowCase(frames.RowNumber("t").Over("g")),
			Want: T(i64, R("a", 1, 1), R("a", 2, 2), R("a", 3, 3), R("b", 1, 1), R("b", 2, 2))},
		{Name: "window/rank_with_ties_and_null_last", Build: windowCase(frames.Rank("v").Over("g")),
			Want: T(i64, R("a", 1, 1), R("a", 2, 2), R("a", 3, 2), R("b", 1, 1), R("b", 2, 2))},
		{Name: "window/dense_rank", Build: windowCase(frames.DenseRank("v")),
			Want: T(i64, R("a", 1, 2), R("a", 2, 3), R("a", 3, 3), R("b", 1, 1), R("b", 2, 4))},
		{Name: "window/lag", Build: windowCase(frames.Lag("v", 1).Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, nil), R("a", 2, 10), R("a", 3, 20), R("b", 1, nil), R("b", 2, 5))},
		{Name: "window/lag_with_default", Build: windowCase(frames.LagOr("v", 1, int64(0)).Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, 0), R("a", 2, 10), R("a", 3, 20), R("b", 1, 0), R("b", 2, 5))},
		{Name: "window/lead_by_two", Build: windowCase(frames.Lead("v", 2).Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, 20), R("a", 2, nil), R("a", 3, nil), R("b", 1, nil), R("b", 2, nil))},
		{Name: "window/running_sum_skips_null", Build: windowCase(v.CumSum().Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, 10), R("a", 2, 30), R("a", 3, 50), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/running_mean", Build: windowCase(v.CumMean().Over("g").OrderBy("t")),
			Want: T(f64, R("a", 1, 10.0), R("a", 2, 15.0), R("a", 3, 16.6666666667), R("b", 1, 5.0), R("b", 2, 5.0))},
		{Name: "window/running_min", Build: windowCase(v.CumMin().Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, 10), R("a", 2, 10), R("a", 3, 10), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/running_max", Build: windowCase(v.CumMax().Over("g").OrderBy("t")),
			Want: T(i64, R("a", 1, 10), R("a", 2, 20), R("a", 3, 20), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/whole_partition_sum", Build: windowCase(v.Sum().Over("g")),
			Want: T(i64, R("a", 1, 50), R("a", 2, 50), R("a", 3, 50), R("b", 1, 5), R("b", 2, 5))},
		{Name: "window/whole_partition_count_star", Build: windowCase(frames.CountAll().Over("g")),
			Want: T(i64, R("a", 1, 3), R("a", 2, 3), R("a", 3, 3), R("b", 1, 2), R("b", 2, 2))},
	}
}
