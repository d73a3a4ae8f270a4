package contract

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, rowCases) }

// people is the shared input of the row-wise cases.
var people = T(Cols("id:int64", "name:string", "age:int32", "score:float64", "dept:string"),
	R(1, "Ann", 34, 1.5, "eng"),
	R(2, "bob", nil, 2.5, "eng"),
	R(3, "Cid", 28, nil, "ops"),
	R(4, nil, 45, 4.0, nil),
	R(5, "Eve", 28, 0.5, "ops"),
)

// logic holds every pair of three-valued booleans.
var logic = T(Cols("a:bool", "b:bool"),
	R(true, true), R(true, false), R(true, nil),
	R(false, true), R(false, false), R(false, nil),
	R(nil, true), R(nil, false), R(nil, nil),
)

var nums = T(Cols("i:int32", "j:int64", "x:float64"),
	R(7, 2, 1.5), R(-3, 4, -0.5), R(nil, 5, 2.0), R(10, nil, nil),
)

// rowCases cover sources, projections, filters and scalar expressions.
func rowCases() []Case {
	return []Case{
		{Name: "source/records", Build: func(c *C) (plan.Node, error) { return c.From(people).Plan() },
			Want: people},
		{Name: "source/empty", Build: func(c *C) (plan.Node, error) {
			return c.From(T(Cols("a:int64", "b:string"))).Plan()
		}, Want: T(Cols("a:int64", "b:string"))},
		{Name: "select/columns_and_literals", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Select(As("name", Col("name")), As("one", Lit(1)), As("s", Lit("x"))).Plan()
		}, Want: T(Cols("name:string", "one:int64", "s:string"),
			R("Ann", 1, "x"), R("bob", 1, "x"), R("Cid", 1, "x"), R(nil, 1, "x"), R("Eve", 1, "x"))},
		{Name: "with_columns/add_and_replace", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).WithColumns(As("i", Fn(plan.FnMul, Col("i"), Lit(2))), As("k", Fn(plan.FnAdd, Col("i"), Col("j")))).Plan()
		}, Want: T(Cols("i:int32", "j:int64", "x:float64", "k:int64"),
			R(14, 2, 1.5, 9), R(-6, 4, -0.5, 1), R(nil, 5, 2.0, nil), R(20, nil, nil, nil))},
		{Name: "drop/columns", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Drop("name", "score", "dept").Plan()
		}, Want: T(Cols("id:int64", "age:int32"), R(1, 34), R(2, nil), R(3, 28), R(4, 45), R(5, 28))},
		{Name: "rename/columns", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Rename("i", "first", "x", "ratio").Plan()
		}, Want: T(Cols("first:int32", "j:int64", "ratio:float64"),
			R(7, 2, 1.5), R(-3, 4, -0.5), R(nil, 5, 2.0), R(10, nil, nil))},
		{Name: "cast/int_to_string_and_float", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).CastCol("i", arrow.BinaryTypes.String).CastCol("j", arrow.PrimitiveTypes.Float64).Plan()
		}, Want: T(Cols("i:string", "j:float64", "x:float64"),
			R("7", 2.0, 1.5), R("-3", 4.0, -0.5), R(nil, 5.0, 2.0), R("10", nil, nil))},
		{Name: "cast/string_to_int", Build: func(c *C) (plan.Node, error) {
			return c.From(T(Cols("s:string"), R("12"), R("-4"), R(nil))).CastCol("s", arrow.PrimitiveTypes.Int64).Plan()
		}, Want: T(Cols("s:int64"), R(12), R(-4), R(nil))},

		// Arithmetic: NULL in, NULL out; untyped literals adopt the
		// column's type; division is always float64.
		{Name: "arith/int32_plus_literal_stays_int32", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Select(As("r", Fn(plan.FnAdd, Col("i"), Lit(1)))).Plan()
		}, Want: T(Cols("r:int32"), R(8), R(-2), R(nil), R(11))},
		{Name: "arith/mixed_widths_widen", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Select(
				As("sub", Fn(plan.FnSub, Col("i"), Col("j"))),
				As("mul", Fn(plan.FnMul, Col("i"), Col("x"))),
				As("neg", Fn(plan.FnNeg, Col("j")))).Plan()
		}, Want: T(Cols("sub:int64", "mul:float64", "neg:int64"),
			R(5, 10.5, -2), R(-7, 1.5, -4), R(nil, nil, -5), R(nil, nil, nil))},
		{Name: "arith/integer_division_is_float", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Select(As("q", Fn(plan.FnDiv, Col("i"), Col("j"))), As("h", Fn(plan.FnDiv, Col("j"), Lit(2)))).Plan()
		}, Want: T(Cols("q:float64", "h:float64"), R(3.5, 1.0), R(-0.75, 2.0), R(nil, 2.5), R(nil, nil))},
		{Name: "arith/mod", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Filter(Fn(plan.FnGt, Col("i"), Lit(0))).Select(As("m", Fn(plan.FnMod, Col("i"), Lit(3)))).Plan()
		}, Want: T(Cols("m:int32"), R(1), R(1))},

		// Comparisons with NULL are NULL, and filters drop NULL.
		{Name: "filter/null_comparison_is_dropped", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnGt, Col("age"), Lit(30))).Select(As("id", Col("id"))).Plan()
		}, Want: T(Cols("id:int64"), R(1), R(4))},
		{Name: "filter/not_of_null_is_dropped", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnNot, Fn(plan.FnGt, Col("age"), Lit(30)))).Select(As("id", Col("id"))).Plan()
		}, Want: T(Cols("id:int64"), R(3), R(5))},
		{Name: "filter/string_equality", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnEq, Col("dept"), Lit("ops"))).Select(As("id", Col("id"))).Plan()
		}, Want: T(Cols("id:int64"), R(3), R(5))},
		{Name: "filter/ne_le_ge_lt", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnAnd,
				Fn(plan.FnAnd, Fn(plan.FnNe, Col("id"), Lit(3)), Fn(plan.FnLe, Col("age"), Lit(34))),
				Fn(plan.FnAnd, Fn(plan.FnGe, Col("score"), Lit(0.5)), Fn(plan.FnLt, Col("score"), Lit(2))))).
				Select(As("id", Col("id"))).Plan()
		}, Want: T(Cols("id:int64"), R(1), R(5))},
		{Name: "filter/everything_out", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnLt, Col("id"), Lit(0))).Plan()
		}, Want: T(people.Cols)},
		{Name: "filter/empty_input", Build: func(c *C) (plan.Node, error) {
			return c.From(T(people.Cols)).Filter(Fn(plan.FnGt, Col("id"), Lit(0))).Plan()
		}, Want: T(people.Cols)},
		{Name: "logic/three_valued_and_or_not", Build: func(c *C) (plan.Node, error) {
			return c.From(logic).WithColumns(
				As("and", Fn(plan.FnAnd, Col("a"), Col("b"))),
				As("or", Fn(plan.FnOr, Col("a"), Col("b"))),
				As("not_a", Fn(plan.FnNot, Col("a")))).Plan()
		}, Want: T(Cols("a:bool", "b:bool", "and:bool", "or:bool", "not_a:bool"),
			R(true, true, true, true, false), R(true, false, false, true, false), R(true, nil, nil, true, false),
			R(false, true, false, true, true), R(false, false, false, false, true), R(false, nil, false, nil, true),
			R(nil, true, nil, true, nil), R(nil, false, false, nil, nil), R(nil, nil, nil, nil, nil))},
		{Name: "logic/is_null_is_not_null", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Select(As("id", Col("id")), As("n", Fn(plan.FnIsNull, Col("age"))), As("nn", Fn(plan.FnIsNotNull, Col("name")))).Plan()
		}, Want: T(Cols("id:int64", "n:bool", "nn:bool"),
			R(1, false, true), R(2, true, true), R(3, false, true), R(4, false, false), R(5, false, true))},
		{Name: "logic/eq_null_safe", Build: func(c *C) (plan.Node, error) {
			return c.From(nums).Select(As("r", Fn(plan.FnEqNullSafe, Col("i"), Lit(nil))), As("s", Fn(plan.FnEqNullSafe, Col("j"), Lit(4)))).Plan()
		}, Want: T(Cols("r:bool", "s:bool"), R(false, false), R(false, true), R(true, false), R(false, false))},
		{Name: "in/null_semantics", Build: func(c *C) (plan.Node, error) {
			return c.From(T(Cols("x:int64"), R(1), R(2), R(nil), R(4))).WithColumns(
				As("in_plain", Fn(plan.FnIn, Col("x"), Lit(1), Lit(2))),
				As("in_null", Fn(plan.FnIn, Col("x"), Lit(1), Lit(nil)))).Plan()
		}, Want: T(Cols("x:int64", "in_plain:bool", "in_null:bool"),
			R(1, true, true), R(2, true, nil), R(nil, nil, nil), R(4, false, nil))},
		{Name: "in/not_in_with_null_keeps_nothing", Build: func(c *C) (plan.Node, error) {
			return c.From(T(Cols("x:int64"), R(1), R(2), R(nil), R(4))).
				Filter(Fn(plan.FnNot, Fn(plan.FnIn, Col("x"), Lit(1), Lit(nil)))).Plan()
		}, Want: T(Cols("x:int64"))},
		{Name: "in/strings", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Filter(Fn(plan.FnIn, Col("name"), Lit("Ann"), Lit("Eve"), Lit("zed"))).Select(As("id", Col("id"))).Plan()
		}, Want: T(Cols("id:int64"), R(1), R(5))},
		{Name: "coalesce/first_non_null", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Select(As("id", Col("id")), As("c", Fn(plan.FnCoalesce, Col("name"), Col("dept"), Lit("none"))),
				As("n", Fn(plan.FnCoalesce, Col("score"), Lit(0)))).Plan()
		}, Want: T(Cols("id:int64", "c:string", "n:float64"),
			R(1, "Ann", 1.5), R(2, "bob", 2.5), R(3, "Cid", 0.0), R(4, "none", 4.0), R(5, "Eve", 0.5))},
		{Name: "case/when_then_otherwise", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Select(As("id", Col("id")),
				As("band", plan.Case{Whens: []plan.WhenThen{
					{When: Fn(plan.FnLt, Col("age"), Lit(30)), Then: Lit("young")},
					{When: Fn(plan.FnGe, Col("age"), Lit(40)), Then: Lit("senior")},
				}, Else: Lit("mid")}),
				As("no_else", plan.Case{Whens: []plan.WhenThen{{When: Fn(plan.FnGt, Col("score"), Lit(2)), Then: Col("score")}}})).Plan()
		}, Want: T(Cols("id:int64", "band:string", "no_else:float64"),
			R(1, "mid", nil), R(2, "mid", 2.5), R(3, "young", nil), R(4, "senior", 4.0), R(5, "young", nil))},
		{Name: "string/lower_upper", Build: func(c *C) (plan.Node, error) {
			return c.From(people).Select(As("l", Fn(plan.FnLower, Col("name"))), As("u", Fn(plan.FnUpper, Col("name")))).Plan()
		}, Want: T(Cols("l:string", "u:string"),
			R("ann", "ANN"), R("bob", "BOB"), R("cid", "CID"), R(nil, nil), R("eve", "EVE"))},
	}
}
