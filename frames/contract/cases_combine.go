package contract

import "github.com/sealane/sealane/frames/plan"

func init() { families = append(families, combineCases) }

var (
	joinL = T(Cols("id:int64", "lv:string"), R(1, "a"), R(2, "b"), R(nil, "c"), R(3, "d"))
	joinR = T(Cols("id:int64", "rv:string"), R(1, "x"), R(1, "y"), R(nil, "z"), R(4, "w"))
	setL  = T(Cols("x:int64"), R(1), R(1), R(2), R(3), R(nil))
	setR  = T(Cols("x:int64"), R(1), R(3), R(3), R(4), R(nil))
)

func joinCase(kind plan.JoinKind, nullsEqual bool) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) {
		return c.planFrom(joinL).Join(c.planFrom(joinR), kind, []string{"id"}, []string{"id"}, "", nullsEqual).Plan()
	}
}

func setCase(kind plan.SetOpKind, all bool) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) { return c.planFrom(setL).SetOp(c.planFrom(setR), kind, all).Plan() }
}

// combineCases cover joins (every kind, NULL keys with and without
// NullsEqual, suffixes, self-joins), concat and set operations.
func combineCases() []Case {
	lr := Cols("id:int64", "lv:string", "rv:string")
	l := Cols("id:int64", "lv:string")
	x := Cols("x:int64")
	return []Case{
		{Name: "join/inner_null_keys_do_not_match", Build: joinCase(plan.JoinInner, false),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"))},
		{Name: "join/inner_nulls_equal", Build: joinCase(plan.JoinInner, true),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(nil, "c", "z"))},
		{Name: "join/left", Build: joinCase(plan.JoinLeft, false),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil))},
		{Name: "join/right_coalesces_keys", Build: joinCase(plan.JoinRight, false),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(nil, nil, "z"), R(4, nil, "w"))},
		{Name: "join/full_coalesces_keys", Build: joinCase(plan.JoinFull, false),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil),
				R(nil, nil, "z"), R(4, nil, "w"))},
		{Name: "join/full_nulls_equal", Build: joinCase(plan.JoinFull, true),
			Want: T(lr, R(1, "a", "x"), R(1, "a", "y"), R(2, "b", nil), R(nil, "c", "z"), R(3, "d", nil), R(4, nil, "w"))},
		{Name: "join/semi", Build: joinCase(plan.JoinSemi, false), Want: T(l, R(1, "a"))},
		{Name: "join/semi_nulls_equal", Build: joinCase(plan.JoinSemi, true), Want: T(l, R(1, "a"), R(nil, "c"))},
		{Name: "join/anti", Build: joinCase(plan.JoinAnti, false), Want: T(l, R(2, "b"), R(nil, "c"), R(3, "d"))},
		{Name: "join/anti_nulls_equal", Build: joinCase(plan.JoinAnti, true), Want: T(l, R(2, "b"), R(3, "d"))},
		{Name: "join/cross", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(Cols("a:int64"), R(1), R(2))).Join(c.planFrom(T(Cols("b:string"), R("x"), R("y"))),
				plan.JoinCross, nil, nil, "", false).Plan()
		}, Want: T(Cols("a:int64", "b:string"), R(1, "x"), R(1, "y"), R(2, "x"), R(2, "y"))},
		{Name: "join/suffix_for_clashing_names", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(Cols("k:int64", "v:string"), R(1, "l1"), R(2, "l2"))).
				Join(c.planFrom(T(Cols("k:int64", "v:string"), R(1, "r1"))), plan.JoinInner, []string{"k"}, []string{"k"}, "_r", false).Plan()
		}, Want: T(Cols("k:int64", "v:string", "v_r:string"), R(1, "l1", "r1"))},
		{Name: "join/different_key_names", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(joinL).Join(c.planFrom(T(Cols("rid:int64", "rv:string"), R(2, "two"), R(3, "three"))),
				plan.JoinInner, []string{"id"}, []string{"rid"}, "", false).Plan()
		}, Want: T(lr, R(2, "b", "two"), R(3, "d", "three"))},
		{Name: "join/self_join_reuses_one_source", Build: func(c *C) (plan.Node, error) {
			f := c.planFrom(joinL)
			return f.Join(f, plan.JoinInner, []string{"id"}, []string{"id"}, "", false).Plan()
		}, Want: T(Cols("id:int64", "lv:string", "lv_right:string"), R(1, "a", "a"), R(2, "b", "b"), R(3, "d", "d"))},
		{Name: "join/empty_right", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(joinL).Join(c.planFrom(T(joinR.Cols)), plan.JoinLeft, []string{"id"}, []string{"id"}, "", false).Plan()
		}, Want: T(lr, R(1, "a", nil), R(2, "b", nil), R(nil, "c", nil), R(3, "d", nil))},
		{Name: "concat/vertical", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(setL).Concat(plan.ConcatVertical, c.planFrom(setR), c.planFrom(T(x))).Plan()
		}, Want: T(x, R(1), R(1), R(2), R(3), R(nil), R(1), R(3), R(3), R(4), R(nil))},
		{Name: "concat/vertical_same_source_twice", Build: func(c *C) (plan.Node, error) {
			f := c.planFrom(T(x, R(1), R(2)))
			return f.Concat(plan.ConcatVertical, f).Plan()
		}, Want: T(x, R(1), R(2), R(1), R(2))},
		{Name: "concat/horizontal_pads_with_null", Build: func(c *C) (plan.Node, error) {
			return c.planFrom(T(Cols("a:int64"), R(1), R(2), R(3))).
				Concat(plan.ConcatHorizontal, c.planFrom(T(Cols("b:string"), R("x"), R("y")))).Plan()
		}, Want: T(Cols("a:int64", "b:string"), R(1, "x"), R(2, "y"), R(3, nil))},
		{Name: "setop/union", Build: setCase(plan.SetUnion, false), Want: T(x, R(1), R(2), R(3), R(4), R(nil))},
		{Name: "setop/union_all", Build: setCase(plan.SetUnion, true),
			Want: T(x, R(1), R(1), R(2), R(3), R(nil), R(1), R(3), R(3), R(4), R(nil))},
		{Name: "setop/intersect", Build: setCase(plan.SetIntersect, false), Want: T(x, R(1), R(3), R(nil))},
		{Name: "setop/intersect_all", Build: setCase(plan.SetIntersect, true), Want: T(x, R(1), R(3), R(nil))},
		{Name: "setop/except", Build: setCase(plan.SetExcept, false), Want: T(x, R(2))},
		{Name: "setop/except_all", Build: setCase(plan.SetExcept, true), Want: T(x, R(1), R(2))},
	}
}
