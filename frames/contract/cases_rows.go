package contract

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames"
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
		{Name: "source/records", Build: frame(func(c *C) *frames.Frame { return c.From(people) }),
			Want: people},
		{Name: "source/empty", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("a:int64", "b:string")))
		}), Want: T(Cols("a:int64", "b:string"))},
		{Name: "select/columns_and_literals", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Select("name", frames.Lit(1).Alias("one"), frames.Lit("x").Alias("s"))
		}), Want: T(Cols("name:string", "one:int64", "s:string"),
			R("Ann", 1, "x"), R("bob", 1, "x"), R("Cid", 1, "x"), R(nil, 1, "x"), R("Eve", 1, "x"))},
		{Name: "with_columns/add_and_replace", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).WithColumns(frames.Col("i").Mul(2), frames.Col("i").Add(frames.Col("j")).Alias("k"))
		}), Want: T(Cols("i:int32", "j:int64", "x:float64", "k:int64"),
			R(14, 2, 1.5, 9), R(-6, 4, -0.5, 1), R(nil, 5, 2.0, nil), R(20, nil, nil, nil))},
		{Name: "drop/columns", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Drop("name", "score", "dept")
		}), Want: T(Cols("id:int64", "age:int32"), R(1, 34), R(2, nil), R(3, 28), R(4, 45), R(5, 28))},
		{Name: "rename/columns", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Rename(map[string]string{"i": "first", "x": "ratio"})
		}), Want: T(Cols("first:int32", "j:int64", "ratio:float64"),
			R(7, 2, 1.5), R(-3, 4, -0.5), R(nil, 5, 2.0), R(10, nil, nil))},
		{Name: "cast/int_to_string_and_float", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).CastColumns(map[string]arrow.DataType{"i": arrow.BinaryTypes.String}).
				CastColumns(map[string]arrow.DataType{"j": arrow.PrimitiveTypes.Float64})
		}), Want: T(Cols("i:string", "j:float64", "x:float64"),
			R("7", 2.0, 1.5), R("-3", 4.0, -0.5), R(nil, 5.0, 2.0), R("10", nil, nil))},
		{Name: "cast/string_to_int", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("s:string"), R("12"), R("-4"), R(nil))).
				CastColumns(map[string]arrow.DataType{"s": arrow.PrimitiveTypes.Int64})
		}), Want: T(Cols("s:int64"), R(12), R(-4), R(nil))},

		// Arithmetic: NULL in, NULL out; untyped literals adopt the
		// column's type; division is always float64.
		{Name: "arith/int32_plus_literal_stays_int32", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Select(frames.Col("i").Add(1).Alias("r"))
		}), Want: T(Cols("r:int32"), R(8), R(-2), R(nil), R(11))},
		{Name: "arith/mixed_widths_widen", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Select(
				frames.Col("i").Sub(frames.Col("j")).Alias("sub"),
				frames.Col("i").Mul(frames.Col("x")).Alias("mul"),
				frames.Col("j").Neg().Alias("neg"))
		}), Want: T(Cols("sub:int64", "mul:float64", "neg:int64"),
			R(5, 10.5, -2), R(-7, 1.5, -4), R(nil, nil, -5), R(nil, nil, nil))},
		{Name: "arith/integer_division_is_float", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Select(frames.Col("i").Div(frames.Col("j")).Alias("q"), frames.Col("j").Div(2).Alias("h"))
		}), Want: T(Cols("q:float64", "h:float64"), R(3.5, 1.0), R(-0.75, 2.0), R(nil, 2.5), R(nil, nil))},
		{Name: "arith/mod", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Filter(frames.Col("i").Gt(0)).Select(frames.Col("i").Mod(3).Alias("m"))
		}), Want: T(Cols("m:int32"), R(1), R(1))},

		// Comparisons with NULL are NULL, and filters drop NULL.
		{Name: "filter/null_comparison_is_dropped", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(frames.Col("age").Gt(30)).Select("id")
		}), Want: T(Cols("id:int64"), R(1), R(4))},
		{Name: "filter/not_of_null_is_dropped", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(frames.Col("age").Gt(30).Not()).Select("id")
		}), Want: T(Cols("id:int64"), R(3), R(5))},
		{Name: "filter/string_equality", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(frames.Col("dept").Eq("ops")).Select("id")
		}), Want: T(Cols("id:int64"), R(3), R(5))},
		{Name: "filter/ne_le_ge_lt", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(
				frames.Col("id").Ne(3).And(frames.Col("age").Le(34)).
					And(frames.Col("score").Ge(0.5).And(frames.Col("score").Lt(2)))).
				Select("id")
		}), Want: T(Cols("id:int64"), R(1), R(5))},
		{Name: "filter/everything_out", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(frames.Col("id").Lt(0))
		}), Want: T(people.Cols)},
		{Name: "filter/empty_input", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(people.Cols)).Filter(frames.Col("id").Gt(0))
		}), Want: T(people.Cols)},
		{Name: "logic/three_valued_and_or_not", Build: frame(func(c *C) *frames.Frame {
			return c.From(logic).WithColumns(
				frames.Col("a").And(frames.Col("b")).Alias("and"),
				frames.Col("a").Or(frames.Col("b")).Alias("or"),
				frames.Col("a").Not().Alias("not_a"))
		}), Want: T(Cols("a:bool", "b:bool", "and:bool", "or:bool", "not_a:bool"),
			R(true, true, true, true, false), R(true, false, false, true, false), R(true, nil, nil, true, false),
			R(false, true, false, true, true), R(false, false, false, false, true), R(false, nil, false, nil, true),
			R(nil, true, nil, true, nil), R(nil, false, false, nil, nil), R(nil, nil, nil, nil, nil))},
		{Name: "logic/is_null_is_not_null", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Select("id", frames.Col("age").IsNull().Alias("n"), frames.Col("name").IsNotNull().Alias("nn"))
		}), Want: T(Cols("id:int64", "n:bool", "nn:bool"),
			R(1, false, true), R(2, true, true), R(3, false, true), R(4, false, false), R(5, false, true))},
		{Name: "logic/eq_null_safe", Build: frame(func(c *C) *frames.Frame {
			return c.From(nums).Select(frames.Col("i").EqNullSafe(nil).Alias("r"), frames.Col("j").EqNullSafe(4).Alias("s"))
		}), Want: T(Cols("r:bool", "s:bool"), R(false, false), R(false, true), R(true, false), R(false, false))},
		{Name: "in/null_semantics", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("x:int64"), R(1), R(2), R(nil), R(4))).WithColumns(
				frames.Col("x").In(1, 2).Alias("in_plain"),
				frames.Col("x").In(1, nil).Alias("in_null"))
		}), Want: T(Cols("x:int64", "in_plain:bool", "in_null:bool"),
			R(1, true, true), R(2, true, nil), R(nil, nil, nil), R(4, false, nil))},
		{Name: "in/not_in_with_null_keeps_nothing", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("x:int64"), R(1), R(2), R(nil), R(4))).
				Filter(frames.Col("x").In(1, nil).Not())
		}), Want: T(Cols("x:int64"))},
		{Name: "in/strings", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Filter(frames.Col("name").In("Ann", "Eve", "zed")).Select("id")
		}), Want: T(Cols("id:int64"), R(1), R(5))},
		{Name: "coalesce/first_non_null", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Select("id",
				frames.Coalesce(frames.Col("name"), frames.Col("dept"), "none").Alias("c"),
				frames.Coalesce(frames.Col("score"), 0).Alias("n"))
		}), Want: T(Cols("id:int64", "c:string", "n:float64"),
			R(1, "Ann", 1.5), R(2, "bob", 2.5), R(3, "Cid", 0.0), R(4, "none", 4.0), R(5, "Eve", 0.5))},
		{Name: "case/when_then_otherwise", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Select("id",
				frames.When(frames.Col("age").Lt(30)).Then("young").
					When(frames.Col("age").Ge(40)).Then("senior").
					Otherwise("mid").Alias("band"),
				frames.When(frames.Col("score").Gt(2)).Then(frames.Col("score")).Alias("no_else"))
		}), Want: T(Cols("id:int64", "band:string", "no_else:float64"),
			R(1, "mid", nil), R(2, "mid", 2.5), R(3, "young", nil), R(4, "senior", 4.0), R(5, "young", nil))},
		{Name: "string/lower_upper", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).Select(frames.Col("name").Str().Lower().Alias("l"), frames.Col("name").Str().Upper().Alias("u"))
		}), Want: T(Cols("l:string", "u:string"),
			R("ann", "ANN"), R("bob", "BOB"), R("cid", "CID"), R(nil, nil), R("eve", "EVE"))},
	}
}
