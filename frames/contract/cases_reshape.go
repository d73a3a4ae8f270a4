package contract

import (
	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, reshapeCases) }

// gaps has NULLs to fill; id records the input order.
var gaps = T(Cols("id:int64", "x:int64", "s:string", "f:float64"),
	R(1, nil, "a", nil), R(2, 2, nil, 1.0), R(3, nil, "c", nil), R(4, 4, nil, 3.0), R(5, nil, nil, nil),
)

// fill fills gaps' NULLs by strategy in cols (every column it fits when
// none).
func fill(strategy frames.FillStrategy, cols ...string) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(gaps).FillNullStrategy(strategy, cols...) })
}

// reshapeCases cover pivot, melt, explode and fill_null.
func reshapeCases() []Case {
	return []Case{
		{Name: "pivot/sum_by_value", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("id:int64", "k:string", "v:int64"),
				R(1, "x", 10), R(1, "y", 20), R(2, "x", 30), R(1, "x", 5), R(2, "z", 7))).
				Pivot([]string{"id"}, "k", []any{"x", "y"}, "v", frames.AggSum)
		}), Want: T(Cols("id:int64", "x:int64", "y:int64"), R(1, 15, 20), R(2, 30, nil))},
		{Name: "melt/id_and_values", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("id:int64", "a:int64", "b:int64"), R(1, 10, 20), R(2, nil, 40))).
				Melt([]string{"id"}, []string{"a", "b"}, "variable", "value")
		}), Want: T(Cols("id:int64", "variable:string", "value:int64"),
			R(1, "a", 10), R(1, "b", 20), R(2, "a", nil), R(2, "b", 40))},
		{Name: "explode/empty_and_null_lists_give_one_null_row", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("id:int64", "l:list<int64>"),
				R(1, []any{1, 2}), R(2, []any{}), R(3, nil), R(4, []any{nil, 5}))).Explode("l")
		}), Want: T(Cols("id:int64", "l:int64"), R(1, 1), R(1, 2), R(2, nil), R(3, nil), R(4, nil), R(4, 5))},
		{Name: "fill_null/value_one_column", Build: frame(func(c *C) *frames.Frame {
			return c.From(gaps).FillNull(int64(0), "x")
		}), Want: T(gaps.Cols, R(1, 0, "a", nil), R(2, 2, nil, 1.0), R(3, 0, "c", nil), R(4, 4, nil, 3.0), R(5, 0, nil, nil))},
		{Name: "fill_null/forward_in_input_order", Build: fill(frames.FillForward),
			Want: T(gaps.Cols, R(1, nil, "a", nil), R(2, 2, "a", 1.0), R(3, 2, "c", 1.0), R(4, 4, "c", 3.0), R(5, 4, "c", 3.0))},
		{Name: "fill_null/backward_in_input_order", Build: fill(frames.FillBackward),
			Want: T(gaps.Cols, R(1, 2, "a", 1.0), R(2, 2, "c", 1.0), R(3, 4, "c", 3.0), R(4, 4, nil, 3.0), R(5, nil, nil, nil))},
		{Name: "fill_null/min_numeric_and_strings", Build: fill(frames.FillMin),
			Want: T(gaps.Cols, R(1, 2, "a", 1.0), R(2, 2, "a", 1.0), R(3, 2, "c", 1.0), R(4, 4, "a", 3.0), R(5, 2, "a", 1.0))},
		{Name: "fill_null/max", Build: fill(frames.FillMax, "x", "f"),
			Want: T(gaps.Cols, R(1, 4, "a", 3.0), R(2, 2, nil, 1.0), R(3, 4, "c", 3.0), R(4, 4, nil, 3.0), R(5, 4, nil, 3.0))},
		{Name: "fill_null/mean", Build: fill(frames.FillMean, "x", "f"),
			Want: T(gaps.Cols, R(1, 3, "a", 2.0), R(2, 2, nil, 1.0), R(3, 3, "c", 2.0), R(4, 4, nil, 3.0), R(5, 3, nil, 2.0))},
		{Name: "fill_null/zero_leaves_strings", Build: fill(frames.FillZero),
			Want: T(gaps.Cols, R(1, 0, "a", 0.0), R(2, 2, nil, 1.0), R(3, 0, "c", 0.0), R(4, 4, nil, 3.0), R(5, 0, nil, 0.0))},
		{Name: "fill_null/one", Build: fill(frames.FillOne, "f"),
			Want: T(gaps.Cols, R(1, nil, "a", 1.0), R(2, 2, nil, 1.0), R(3, nil, "c", 1.0), R(4, 4, nil, 3.0), R(5, nil, nil, 1.0))},
	}
}
