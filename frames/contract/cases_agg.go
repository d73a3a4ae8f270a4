package contract

import (
	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, aggCases) }

// groups has NULLs in keys and values; group b has no non-NULL x.
var groups = T(Cols("k:string", "x:int64", "f:float64"),
	R("a", 1, 1.0), R("a", nil, 3.0), R("a", 3, nil),
	R("b", nil, nil), R("b", nil, 2.0),
	R(nil, 5, 5.0),
)

// groupAgg groups groups by k and computes aggs.
func groupAgg(aggs ...frames.Expr) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(groups).GroupBy("k").Agg(aggs...) })
}

// aggCases cover group_by with every aggregate; aggregates ignore NULLs,
// count(*) counts rows, NULL keys form one group.
func aggCases() []Case {
	x, f := frames.Col("x"), frames.Col("f")
	return []Case{
		{Name: "agg/count_star_vs_count_x", Build: groupAgg(frames.CountAll().Alias("n"), x.Count().Alias("nx")),
			Want: T(Cols("k:string", "n:int64", "nx:int64"), R("a", 3, 2), R("b", 2, 0), R(nil, 1, 1))},
		{Name: "agg/sum_mean_ignore_nulls", Build: groupAgg(x.Sum().Alias("s"), x.Mean().Alias("m"), f.Sum().Alias("sf")),
			Want: T(Cols("k:string", "s:int64", "m:float64", "sf:float64"), R("a", 4, 2.0, 4.0), R("b", nil, nil, 2.0), R(nil, 5, 5.0, 5.0))},
		{Name: "agg/min_max", Build: groupAgg(x.Min().Alias("lo"), f.Max().Alias("hi")),
			Want: T(Cols("k:string", "lo:int64", "hi:float64"), R("a", 1, 3.0), R("b", nil, 2.0), R(nil, 5, 5.0))},
		{Name: "agg/median", Build: groupAgg(f.Median().Alias("md")),
			Want: T(Cols("k:string", "md:float64"), R("a", 2.0), R("b", 2.0), R(nil, 5.0))},
		{Name: "agg/std_var_sample", Build: groupAgg(f.Std().Alias("sd"), f.Var().Alias("vr")),
			Want: T(Cols("k:string", "sd:float64", "vr:float64"), R("a", 1.41421356237, 2.0), R("b", nil, nil), R(nil, nil, nil))},
		{Name: "agg/n_unique_ignores_null", Build: groupAgg(f.NUnique().Alias("u")),
			Want: T(Cols("k:string", "u:int64"), R("a", 2), R("b", 1), R(nil, 1))},
		{Name: "agg/first_last_in_input_order", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("k:string", "v:int64"), R("a", 1), R("a", 2), R("b", nil), R("a", 3), R("b", 4))).
				GroupBy("k").Agg(frames.Col("v").First().Alias("fst"), frames.Col("v").Last().Alias("lst"))
		}), Want: T(Cols("k:string", "fst:int64", "lst:int64"), R("a", 1, 3), R("b", nil, 4))},
		{Name: "agg/count_distinct", Build: frame(func(c *C) *frames.Frame {
			return c.From(dups).Agg(frames.Col("k").CountDistinct().Alias("n"))
		}), Want: T(Cols("n:int64"), R(3))},
		{Name: "agg/arithmetic_on_aggregates", Build: groupAgg(x.Sum().Mul(2).Alias("r")),
			Want: T(Cols("k:string", "r:int64"), R("a", 8), R("b", nil), R(nil, 10))},
		{Name: "agg/no_keys_one_row", Build: frame(func(c *C) *frames.Frame {
			return c.From(groups).Agg(frames.CountAll().Alias("n"), x.Sum().Alias("s"))
		}), Want: T(Cols("n:int64", "s:int64"), R(6, 9))},
		{Name: "agg/no_keys_empty_input_one_row", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(groups.Cols)).Agg(frames.CountAll().Alias("n"), x.Sum().Alias("s"))
		}), Want: T(Cols("n:int64", "s:int64"), R(0, nil))},
		{Name: "agg/keys_empty_input_no_rows", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(groups.Cols)).GroupBy("k").Agg(frames.CountAll().Alias("n"))
		}), Want: T(Cols("k:string", "n:int64"))},
		{Name: "agg/expression_key", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).GroupBy(frames.Col("age").Ge(30).Alias("old")).Agg(frames.CountAll().Alias("n"))
		}), Want: T(Cols("old:bool", "n:int64"), R(true, 2), R(false, 2), R(nil, 1))},
	}
}
