package contract

import "github.com/sealane/sealane/frames/plan"

func init() { families = append(families, aggCases) }

// groups has NULLs in keys and values; group b has no non-NULL x.
var groups = T(Cols("k:string", "x:int64", "f:float64"),
	R("a", 1, 1.0), R("a", nil, 3.0), R("a", 3, nil),
	R("b", nil, nil), R("b", nil, 2.0),
	R(nil, 5, 5.0),
)

func groupAgg(aggs ...plan.NamedExpr) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) { return c.planFrom(groups).GroupBy(Keys("k"), aggs...).Plan() }
}

// aggCases cover group_by with every aggregate; aggregates ignore NULLs,
// count(*) counts rows, NULL keys form one group.
func aggCases() []Case {
	return []Case{
		{Name: "agg/count_star_vs_count_x", Build: groupAgg(As("n", A(plan.AggCount, nil)), As("nx", A(plan.AggCount, Col("x")))),
			Want: T(Cols("k:string", "n:int64", "nx:int64"), R("a", 3, 2), R("b", 2, 0), R(nil, 1, 1))},
		{Name: "agg/sum_mean_ignore_nulls", Build: groupAgg(As("s", A(plan.AggSum, Col("x"))), As("m", A(plan.AggMean, Col("x"))),
			As("sf", A(plan.AggSum, Col("f")))),
			Want: T(Cols("k:string", "s:int64", "m:float64", "sf:float64"), R("a", 4, 2.0, 4.0), R("b", nil, nil, 2.0), R(nil, 5, 5.0, 5.0))},
		{Name: "agg/min_max", Build: groupAgg(As("lo", A(plan.AggMin, Col("x"))), As("hi", A(plan.AggMax, Col("f")))),
			Want: T(Cols("k:string", "lo:int64", "hi:float64"), R("a", 1, 3.0), R("b", nil, 2.0), R(nil, 5, 5.0))},
		{Name: "agg/median", Build: groupAgg(As("md", A(plan.AggMedian, Col("f")))),
			Want: T(Cols("k:string", "md:float64"), R("a", 2.0), R("b", 2.0), R(nil, 5.0))},
		{Name: "agg/std_var_sample", Build: groupAgg(As("sd", A(plan.AggStd, Col("f"))), As("vr", A(plan.AggVar, Col("f")))),
			Want: T(Cols("k:string", "sd:float64", "vr:float64"), R("a", 1.41421356237, 2.0), R("b", nil, nil), R(nil, nil, nil))},
		{Name: "agg/n_unique_ignores_null", Build: groupAgg(As("u", A(plan.AggNUnique, Col("f")))),
			Want: T(Cols("k:string", "u:int64"), R("a", 2), R("b", 1), R(nil, 1))},
		{Name: "agg/first_last_in_input_order", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(Cols("k:string", "v:int64"), R("a", 1), R("a", 2), R("b", nil), R("a", 3), R("b", 4))).
				GroupBy(Keys("k"), As("fst", A(plan.AggFirst, Col("v"))), As("lst", A(plan.AggLast, Col("v")))).Plan()
		}, Want: T(Cols("k:string", "fst:int64", "lst:int64"), R("a", 1, 3), R("b", nil, 4))},
		{Name: "agg/count_distinct", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(dups).GroupBy(nil, As("n", plan.Agg{Fn: plan.AggCount, Input: Col("k"), Distinct: true})).Plan()
		}, Want: T(Cols("n:int64"), R(3))},
		{Name: "agg/arithmetic_on_aggregates", Build: groupAgg(As("r", Fn(plan.FnMul, A(plan.AggSum, Col("x")), Lit(2)))),
			Want: T(Cols("k:string", "r:int64"), R("a", 8), R("b", nil), R(nil, 10))},
		{Name: "agg/no_keys_one_row", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(groups).GroupBy(nil, As("n", A(plan.AggCount, nil)), As("s", A(plan.AggSum, Col("x")))).Plan()
		}, Want: T(Cols("n:int64", "s:int64"), R(6, 9))},
		{Name: "agg/no_keys_empty_input_one_row", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(groups.Cols)).GroupBy(nil, As("n", A(plan.AggCount, nil)), As("s", A(plan.AggSum, Col("x")))).Plan()
		}, Want: T(Cols("n:int64", "s:int64"), R(0, nil))},
		{Name: "agg/keys_empty_input_no_rows", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(groups.Cols)).GroupBy(Keys("k"), As("n", A(plan.AggCount, nil))).Plan()
		}, Want: T(Cols("k:string", "n:int64"))},
		{Name: "agg/expression_key", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(people).GroupBy([]plan.NamedExpr{As("old", Fn(plan.FnGe, Col("age"), Lit(30)))}, As("n", A(plan.AggCount, nil))).Plan()
		}, Want: T(Cols("old:bool", "n:int64"), R(true, 2), R(false, 2), R(nil, 1))},
	}
}
