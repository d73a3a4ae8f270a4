package contract

import (
	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, orderCases) }

// sortIn has ties (k) and NULLs (v); id records the input order.
var sortIn = T(Cols("id:int64", "k:string", "v:int64"),
	R(1, "b", 3), R(2, "a", nil), R(3, "b", 1), R(4, "a", 2), R(5, "c", nil), R(6, "a", 2),
)

// dups has duplicate keys in k for distinct's keep modes.
var dups = T(Cols("k:string", "v:int64"),
	R("a", 1), R("b", 2), R("a", 3), R("c", 4), R("b", 5),
)

// sortIDs sorts sortIn stably by keys (ties keep their input order) and
// keeps id and v.
func sortIDs(keys ...any) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(sortIn).SortStable(keys...).Select("id", "v") })
}

// orderCases cover sort (direction, NULL placement, stability), slices,
// head/tail and distinct.
func orderCases() []Case {
	ids := Cols("id:int64", "v:int64")
	return []Case{
		{Name: "sort/asc_nulls_last", Build: sortIDs(frames.Asc("v")), Ordered: true,
			Want: T(ids, R(3, 1), R(4, 2), R(6, 2), R(1, 3), R(2, nil), R(5, nil))},
		{Name: "sort/asc_nulls_first", Build: sortIDs(frames.Asc("v").NullsFirst()), Ordered: true,
			Want: T(ids, R(2, nil), R(5, nil), R(3, 1), R(4, 2), R(6, 2), R(1, 3))},
		{Name: "sort/desc_nulls_last", Build: sortIDs(frames.Desc("v")), Ordered: true,
			Want: T(ids, R(1, 3), R(4, 2), R(6, 2), R(3, 1), R(2, nil), R(5, nil))},
		{Name: "sort/desc_nulls_first", Build: sortIDs(frames.Desc("v").NullsFirst()), Ordered: true,
			Want: T(ids, R(2, nil), R(5, nil), R(1, 3), R(4, 2), R(6, 2), R(3, 1))},
		{Name: "sort/stable_keeps_input_order_of_ties", Build: sortIDs(frames.Asc("k")), Ordered: true,
			Want: T(ids, R(2, nil), R(4, 2), R(6, 2), R(1, 3), R(3, 1), R(5, nil))},
		{Name: "sort/two_keys_mixed_directions", Build: sortIDs(frames.Desc("k"), frames.Asc("v")), Ordered: true,
			Want: T(ids, R(5, nil), R(3, 1), R(1, 3), R(4, 2), R(6, 2), R(2, nil))},
		{Name: "sort/by_expression", Build: sortIDs(frames.Asc(frames.Col("id").Neg())), Ordered: true,
			Want: T(ids, R(6, 2), R(5, nil), R(4, 2), R(3, 1), R(2, nil), R(1, 3))},
		{Name: "sort/empty", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(sortIn.Cols)).SortStable(frames.Asc("v"))
		}), Ordered: true, Want: T(sortIn.Cols)},
		{Name: "slice/head_after_sort", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable("id").Head(2).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"), R(1), R(2))},
		{Name: "slice/tail_after_sort", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable("id").Tail(2).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"), R(5), R(6))},
		{Name: "slice/offset_length", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable(frames.Desc("id")).Slice(1, 3).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"), R(5), R(4), R(3))},
		{Name: "slice/negative_offset_with_length", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable("id").Slice(-4, 2).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"), R(3), R(4))},
		{Name: "slice/past_the_end", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable("id").Slice(10, 5).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"))},
		{Name: "slice/head_larger_than_input", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).SortStable("id").Head(100).Select("id")
		}), Ordered: true, Want: T(Cols("id:int64"), R(1), R(2), R(3), R(4), R(5), R(6))},
		{Name: "slice/head_zero", Build: frame(func(c *C) *frames.Frame {
			return c.From(sortIn).Head(0)
		}), Want: T(sortIn.Cols)},
		{Name: "distinct/nulls_are_equal", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("a:int64", "b:string"),
				R(1, nil), R(1, nil), R(2, "x"), R(2, "x"), R(nil, nil), R(nil, nil), R(nil, "x"))).Unique(frames.KeepAny)
		}), Want: T(Cols("a:int64", "b:string"), R(1, nil), R(2, "x"), R(nil, nil), R(nil, "x"))},
		{Name: "distinct/keep_first_in_order", Build: frame(func(c *C) *frames.Frame {
			return c.From(dups).Unique(frames.KeepFirst, "k")
		}), Ordered: true, Want: T(dups.Cols, R("a", 1), R("b", 2), R("c", 4))},
		{Name: "distinct/keep_last_in_order", Build: frame(func(c *C) *frames.Frame {
			return c.From(dups).Unique(frames.KeepLast, "k")
		}), Ordered: true, Want: T(dups.Cols, R("a", 3), R("c", 4), R("b", 5))},
		{Name: "distinct/keep_none", Build: frame(func(c *C) *frames.Frame {
			return c.From(dups).Unique(frames.KeepNone, "k")
		}), Want: T(dups.Cols, R("c", 4))},
		{Name: "distinct/keep_any_subset", Build: frame(func(c *C) *frames.Frame {
			return c.From(dups).Unique(frames.KeepAny, "k").Select("k")
		}), Want: T(Cols("k:string"), R("a"), R("b"), R("c"))},
		{Name: "drop_nulls/any_column", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).DropNulls().Select("id")
		}), Want: T(Cols("id:int64"), R(1), R(5))},
		{Name: "drop_nulls/subset", Build: frame(func(c *C) *frames.Frame {
			return c.From(people).DropNulls("age", "dept").Select("id")
		}), Want: T(Cols("id:int64"), R(1), R(3), R(5))},
	}
}
