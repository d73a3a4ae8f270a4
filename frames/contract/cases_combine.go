package contract

import (
	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func init() { families = append(families, combineCases) }

var (
	joinL = T(Cols("id:int64", "lv:string"), R(1, "a"), R(2, "b"), R(nil, "c"), R(3, "d"))
	joinR = T(Cols("id:int64", "rv:string"), R(1, "x"), R(1, "y"), R(nil, "z"), R(4, "w"))
	setL  = T(Cols("x:int64"), R(1), R(1), R(2), R(3), R(nil))
	setR  = T(Cols("x:int64"), R(1), R(3), R(3), R(4), R(nil))
)

// joinCase joins joinL with joinR on id.
func joinCase(how frames.JoinKind, opts ...frames.JoinOption) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return c.From(joinL).Join(c.From(joinR), []string{"id"}, how, opts...) })
}

// setCase combines setL with setR.
func setCase(op func(l, r *frames.Frame) *frames.Frame) func(c *C) (plan.Node, error) {
	return frame(func(c *C) *frames.Frame { return op(c.From(setL), c.From(setR)) })
}

// combineCases cover joins (every kind, NULL keys with and without
// NullsEqual, suffixes, self-joins), concat and set operations.
func combineCases() []Case {
	lr := Cols("id:int64", "lv:string", "rv:string")
	l := Cols("id:int64", "lv:string")
	x := Cols("x:int64")
	on := []string{"id"}
	return []Case{
		{Name: "join/inner_null_keys_do_not_match", Build: joinCase(frames.Inner),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"))},
		{Name: "join/inner_nulls_equal", Build: joinCase(frames.Inner, frames.NullsEqual()),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(nil, "c", "z"))},
		{Name: "join/left", Build: joinCase(frames.Left),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil))},
		{Name: "join/right_coalesces_keys", Build: joinCase(frames.Right),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(nil, nil, "z"), R(4, nil, "w"))},
		{Name: "join/full_coalesces_keys", Build: joinCase(frames.Full),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil),
				R(nil, nil, "z"), R(4, nil, "w"))},
		{Name: "join/full_nulls_equal", Build: joinCase(frames.Full, frames.NullsEqual()),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", "z"), R(3, "d", nil), R(4, nil, "w"))},
		{Name: "join/semi", Build: joinCase(frames.Semi), Want: T(l, R(1, "a"))},
		{Name: "join/semi_nulls_equal", Build: joinCase(frames.Semi, frames.NullsEqual()), Want: T(l, R(1, "a"), R(nil, "c"))},
		{Name: "join/anti", Build: joinCase(frames.Anti), Want: T(l, R(2, "b"), R(nil, "c"), R(3, "d"))},
		{Name: "join/anti_nulls_equal", Build: joinCase(frames.Anti, frames.NullsEqual()), Want: T(l, R(2, "b"), R(3, "d"))},
		{Name: "join/cross", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("a:int64"), R(1), R(2))).CrossJoin(c.From(T(Cols("b:string"), R("x"), R("y"))))
		}), Want: T(Cols("a:int64", "b:string"), R(1, "x"), R(1, "y"), R(2, "x"), R(2, "y"))},
		{Name: "join/suffix_for_clashing_names", Build: frame(func(c *C) *frames.Frame {
			return c.From(T(Cols("k:int64", "v:string"), R(1, "l1"), R(2, "l2"))).
				Join(c.From(T(Cols("k:int64", "v:string"), R(1, "r1"))), []string{"k"}, frames.Inner, frames.Suffix("_r"))
		}), Want: T(Cols("k:int64", "v:string", "v_r:string"), R(1, "l1", "r1"))},
		{Name: "join/different_key_names", Build: frame(func(c *C) *frames.Frame {
			return c.From(joinL).JoinOn(c.From(T(Cols("rid:int64", "rv:string"), R(2, "two"), R(3, "three"))),
				[]string{"id"}, []string{"rid"}, frames.Inner)
		}), Want: T(lr, R(2, "b", "two"), R(3, "d", "three"))},
		{Name: "join/self_join_reuses_one_source", Build: frame(func(c *C) *frames.Frame {
			f := c.From(joinL)
			return f.Join(f, on, frames.Inner)
		}), Want: T(Cols("id:int64", "lv:string", "lv_right:string"), R(1, "a", "a"), R(2, "b", "b"), R(3, "d", "d"))},
		{Name: "join/empty_right", Build: frame(func(c *C) *frames.Frame {
			return c.From(joinL).Join(c.From(T(joinR.Cols)), on, frames.Left)
		}), Want: T(lr, R(1, "a", nil), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil))},
		{Name: "concat/vertical", Build: frame(func(c *C) *frames.Frame {
			return frames.ConcatVertical(c.From(setL), c.From(setR), c.From(T(x)))
		}), Want: T(x, R(1), R(1), R(2), R(3), R(nil), R(1), R(3), R(3), R(4), R(nil))},
		{Name: "concat/vertical_same_source_twice", Build: frame(func(c *C) *frames.Frame {
			f := c.From(T(x, R(1), R(2)))
			return frames.ConcatVertical(f, f)
		}), Want: T(x, R(1), R(2), R(1), R(2))},
		{Name: "concat/horizontal_pads_with_null", Build: frame(func(c *C) *frames.Frame {
			return frames.ConcatHorizontal(c.From(T(Cols("a:int64"), R(1), R(2), R(3))), c.From(T(Cols("b:string"), R("x"), R("y"))))
		}), Want: T(Cols("a:int64", "b:string"), R(1, "x"), R(2, "y"), R(3, nil))},
		{Name: "setop/union", Build: setCase((*frames.Frame).Union), Want: T(x, R(1), R(2), R(3), R(4), R(nil))},
		{Name: "setop/union_all", Build: setCase((*frames.Frame).UnionAll),
			Want: T(x, R(1), R(1), R(2), R(3), R(nil), R(1), R(3), R(3), R(4), R(nil))},
		{Name: "setop/intersect", Build: setCase((*frames.Frame).Intersect), Want: T(x, R(1), R(3), R(nil))},
		{Name: "setop/intersect_all", Build: setCase((*frames.Frame).IntersectAll), Want: T(x, R(1), R(3), R(nil))},
		{Name: "setop/except", Build: setCase((*frames.Frame).Except), Want: T(x, R(2))},
		{Name: "setop/except_all", Build: setCase((*frames.Frame).ExceptAll), Want: T(x, R(1), R(2))},
	}
}
