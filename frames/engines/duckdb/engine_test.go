//go:build duckdb_arrow

package duckdb_test

import (
	"sort"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/duckdb"
	"github.com/sealane/sealane/frames/plan"
)

func TestRegisteredAsDefault(t *testing.T) {
	require.Equal(t, duckdb.Name, engine.Preferred())
	e := must(engine.Open(duckdb.Name))
	require.Equal(t, "native", e.Capabilities().Backend)
	require.NoError(t, e.(engine.Closer).Close())
}

func TestSourceAndProject(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	require.Equal(t, []string{"1|a|1.5|10", "2|b|2|(null)", "3|a|(null)|30", "4|(null)|4|(null)", "5|b|5|50", "6|a|0.5|60"}, f.rows(b))
	p := must(plan.NewProject(b, plan.OpSelect, []plan.NamedExpr{
		ne("id", col("id")),
		ne("sum", call(plan.FnAdd, col("id"), col("n"))),
		ne("div", call(plan.FnDiv, col("id"), lit(int64(0)))),
		ne("up", call(plan.FnUpper, col("g"))),
		ne("cat", call(plan.FnConcatStr, col("g"), lit("-"), col("g"))),
		ne("case", plan.Case{Whens: []plan.WhenThen{{When: call(plan.FnGt, col("x"), lit(2.0)), Then: lit("big")}}, Else: lit("small")}),
		ne("eqns", call(plan.FnEqNullSafe, col("n"), col("n"))),
	}))
	require.Equal(t, []string{
		"1|11|(null)|A|a-a|small|true",
		"2|(null)|(null)|B|b-b|small|true",
		"3|33|(null)|A|a-a|small|true",
		"4|(null)|(null)|(null)|(null)|big|true",
		"5|55|(null)|B|b-b|big|true",
		"6|66|(null)|A|a-a|small|true",
	}, f.rows(p))
}

func TestFilterSortSliceOrder(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	// Slice before filter: the filter sees only the first three rows.
	s := must(plan.NewSlice(b, 0, 3))
	flt := must(plan.NewFilter(s, call(plan.FnNe, col("g"), lit("b"))))
	require.Equal(t, []string{"1|a|1.5|10", "3|a|(null)|30"}, f.rows(flt))
	// Filter before slice.
	flt2 := must(plan.NewFilter(b, call(plan.FnNe, col("g"), lit("b"))))
	require.Equal(t, []string{"1|a|1.5|10", "3|a|(null)|30", "6|a|0.5|60"}, f.rows(must(plan.NewSlice(flt2, 0, 3))))
	// Stable sort on g, NULLs first, then a projection keeps the order.
	srt := must(plan.NewSort(b, []plan.SortKey{{Expr: col("g"), NullsFirst: true}}, true))
	ids := must(plan.NewProject(srt, plan.OpSelect, []plan.NamedExpr{ne("id", col("id"))}))
	require.Equal(t, []string{"4", "1", "3", "6", "2", "5"}, f.rows(ids))
	// Descending x, NULLs last, then tail 2.
	srt2 := must(plan.NewSort(b, []plan.SortKey{{Expr: col("x"), Desc: true}}, false))
	tail := must(plan.NewSlice(must(plan.NewProject(srt2, plan.OpSelect, []plan.NamedExpr{ne("id", col("id"))})), -2, -1))
	require.Equal(t, []string{"6", "3"}, f.rows(tail))
	require.Equal(t, []string{"6", "2"}, f.rows(must(plan.NewSlice(ids, 3, 2))))
}

func TestDistinct(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	proj := func(n plan.Node) plan.Node {
		return must(plan.NewProject(n, plan.OpSelect, []plan.NamedExpr{ne("id", col("id"))}))
	}
	require.Equal(t, []string{"1", "2", "4"}, f.rows(proj(must(plan.NewDistinct(b, []string{"g"}, plan.KeepFirst)))))
	require.Equal(t, []string{"4", "5", "6"}, f.rows(proj(must(plan.NewDistinct(b, []string{"g"}, plan.KeepLast)))))
	require.Equal(t, []string{"4"}, f.rows(proj(must(plan.NewDistinct(b, []string{"g"}, plan.KeepNone)))))
	gs := must(plan.NewProject(b, plan.OpSelect, []plan.NamedExpr{ne("g", col("g"))}))
	got := f.rows(must(plan.NewDistinct(gs, nil, plan.KeepAny)))
	sort.Strings(got)
	require.Equal(t, []string{"(null)", "a", "b"}, got)
}

func TestFillAndDropNulls(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	n := func(s plan.FillStrategy, v *plan.Literal) []string {
		fn := must(plan.NewFillNull(b, s, v, []string{"n"}))
		return f.rows(must(plan.NewProject(fn, plan.OpSelect, []plan.NamedExpr{ne("n", col("n"))})))
	}
	require.Equal(t, []string{"10", "10", "30", "30", "50", "60"}, n(plan.FillForward, nil))
	require.Equal(t, []string{"10", "30", "30", "50", "50", "60"}, n(plan.FillBackward, nil))
	require.Equal(t, []string{"10", "-1", "30", "-1", "50", "60"}, n(plan.FillValue, &plan.Literal{Value: int64(-1), Type: i64}))
	require.Equal(t, []string{"10", "60", "30", "60", "50", "60"}, n(plan.FillMax, nil))
	require.Equal(t, []string{"10", "0", "30", "0", "50", "60"}, n(plan.FillZero, nil))
	dn := must(plan.NewDropNulls(b, []string{"x", "g"}))
	require.Equal(t, []string{"1|a|1.5|10", "2|b|2|(null)", "5|b|5|50", "6|a|0.5|60"}, f.rows(dn))
}

func TestAggregate(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	agg := func(fn plan.AggFunc, in plan.Expr) plan.Expr { return plan.Agg{Fn: fn, Input: in} }
	a := must(plan.NewAggregate(b, []plan.NamedExpr{ne("g", col("g"))}, []plan.NamedExpr{
		ne("rows", plan.Agg{Fn: plan.AggCount}), ne("cnt", agg(plan.AggCount, col("x"))),
		ne("sum", agg(plan.AggSum, col("n"))), ne("mean", agg(plan.AggMean, col("x"))),
		ne("min", agg(plan.AggMin, col("x"))), ne("max", agg(plan.AggMax, col("id"))),
		ne("median", agg(plan.AggMedian, col("id"))), ne("first", agg(plan.AggFirst, col("x"))),
		ne("last", agg(plan.AggLast, col("n"))), ne("nu", agg(plan.AggNUnique, col("n"))),
	}))
	got := f.rows(must(plan.NewSort(a, []plan.SortKey{{Expr: col("g")}}, false)))
	require.Equal(t, []string{
		"a|3|2|100|1|0.5|6|3|1.5|60|3",
		"b|2|2|50|3.5|2|5|3.5|2|50|1",
		"(null)|1|1|(null)|4|4|4|4|4|(null)|0",
	}, got)
	sd := must(plan.NewAggregate(b, nil, []plan.NamedExpr{ne("std", agg(plan.AggStd, col("id"))), ne("var", agg(plan.AggVar, col("id")))}))
	require.Equal(t, []string{"1.8708286933869707|3.5"}, f.rows(sd))
}

func TestWindow(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	part := []plan.Expr{col("g")}
	order := []plan.SortKey{{Expr: col("id"), Desc: true}}
	w := must(plan.NewProject(b, plan.OpWindow, []plan.NamedExpr{
		ne("id", col("id")),
		ne("rn", plan.Window{Rank: plan.RankRowNumber, PartitionBy: part, OrderBy: order}),
		ne("lag", plan.Window{Rank: plan.RankLag, Args: []plan.Expr{col("id"), lit(int64(1))}, PartitionBy: part, OrderBy: order}),
		ne("run", plan.Window{Agg: &plan.Agg{Fn: plan.AggSum, Input: col("id")}, PartitionBy: part, OrderBy: order, Frame: plan.FrameRunning}),
		ne("tot", plan.Window{Agg: &plan.Agg{Fn: plan.AggSum, Input: col("id")}, PartitionBy: part}),
	}))
	// Output keeps input order.
	require.Equal(t, []string{
		"1|3|3|10|10", "2|2|5|7|7", "3|2|6|9|10", "4|1|(null)|4|4", "5|1|(null)|5|7", "6|1|(null)|6|10",
	}, f.rows(w))
}

func TestJoins(t *testing.T) {
	f := newFixture(t)
	sc := arrow.NewSchema([]arrow.Field{{Name: "k", Type: i64, Nullable: true}, {Name: "v", Type: str, Nullable: true}}, nil)
	l := f.records(sc, `[{"k": 1, "v": "l1"}, {"k": 2, "v": "l2"}, {"k": null, "v": "ln"}]`)
	r := f.records(sc, `[{"k": 2, "v": "r2"}, {"k": 3, "v": "r3"}, {"k": null, "v": "rn"}]`)
	run := func(kind plan.JoinKind, nullsEqual bool) []string {
		var on []string
		if kind != plan.JoinCross {
			on = []string{"k"}
		}
		j := must(plan.NewJoin(l, r, kind, on, on, "_r", nullsEqual))
		got := f.rows(j)
		if kind != plan.JoinSemi && kind != plan.JoinAnti {
			sort.Strings(got)
		}
		return got
	}
	require.Equal(t, []string{"2|l2|r2"}, run(plan.JoinInner, false))
	require.Equal(t, []string{"(null)|ln|rn", "2|l2|r2"}, run(plan.JoinInner, true))
	require.Equal(t, []string{"(null)|ln|(null)", "1|l1|(null)", "2|l2|r2"}, run(plan.JoinLeft, false))
	require.Equal(t, []string{"(null)|(null)|rn", "2|l2|r2", "3|(null)|r3"}, run(plan.JoinRight, false))
	require.Equal(t, []string{"(null)|(null)|rn", "(null)|ln|(null)", "1|l1|(null)", "2|l2|r2", "3|(null)|r3"}, run(plan.JoinFull, false))
	require.Equal(t, []string{"2|l2"}, run(plan.JoinSemi, false))
	require.Equal(t, []string{"1|l1", "(null)|ln"}, run(plan.JoinAnti, false))
	require.Len(t, run(plan.JoinCross, false), 9)
}

func TestReshape(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	pv := must(plan.NewPivot(b, []string{"n"}, "g", []plan.Literal{{Value: "a", Type: str}, {Value: "b", Type: str}}, "x", plan.AggSum))
	got := f.rows(must(plan.NewSort(pv, []plan.SortKey{{Expr: col("n")}}, false)))
	require.Equal(t, []string{"10|1.5|(null)", "30|(null)|(null)", "50|(null)|5", "60|0.5|(null)", "(null)|(null)|2"}, got)
	m := must(plan.NewMelt(must(plan.NewSlice(b, 0, 2)), []string{"g"}, []string{"id", "n"}, "variable", "value"))
	require.Equal(t, []string{"a|id|1", "b|id|2", "a|n|10", "b|n|(null)"}, f.rows(m))
	lsc := arrow.NewSchema([]arrow.Field{{Name: "k", Type: i64}, {Name: "l", Type: arrow.ListOf(i64), Nullable: true}}, nil)
	ls := f.records(lsc, `[{"k": 1, "l": [1, 2]}, {"k": 2, "l": []}, {"k": 3, "l": null}, {"k": 4, "l": [4]}]`)
	require.Equal(t, []string{"1|1", "1|2", "2|(null)", "3|(null)", "4|4"}, f.rows(must(plan.NewExplode(ls, "l"))))
}

func TestConcatAndSetOps(t *testing.T) {
	f := newFixture(t)
	sc := arrow.NewSchema([]arrow.Field{{Name: "k", Type: i64, Nullable: true}}, nil)
	a := f.records(sc, `[{"k": 3}, {"k": 1}, {"k": 1}, {"k": null}]`)
	b := f.records(sc, `[{"k": 1}, {"k": 2}]`)
	require.Equal(t, []string{"3", "1", "1", "(null)", "1", "2"}, f.rows(must(plan.NewConcat([]plan.Node{a, b}, plan.ConcatVertical))))
	sc2 := arrow.NewSchema([]arrow.Field{{Name: "w", Type: str, Nullable: true}}, nil)
	c := f.records(sc2, `[{"w": "x"}, {"w": "y"}]`)
	require.Equal(t, []string{"3|x", "1|y", "1|(null)", "(null)|(null)"}, f.rows(must(plan.NewConcat([]plan.Node{a, c}, plan.ConcatHorizontal))))
	set := func(kind plan.SetOpKind, all bool) []string {
		got := f.rows(must(plan.NewSetOp(a, b, kind, all)))
		sort.Strings(got)
		return got
	}
	require.Equal(t, []string{"(null)", "1", "2", "3"}, set(plan.SetUnion, false))
	require.Equal(t, []string{"(null)", "1", "1", "1", "2", "3"}, set(plan.SetUnion, true))
	require.Equal(t, []string{"1"}, set(plan.SetIntersect, false))
	require.Equal(t, []string{"(null)", "3"}, set(plan.SetExcept, false))
	require.Equal(t, []string{"(null)", "1", "3"}, set(plan.SetExcept, true))
}

func TestSourceReusedAndSelfJoin(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	// Two executions of the same records source.
	require.Len(t, f.rows(b), 6)
	require.Len(t, f.rows(b), 6)
	// A self-join reads the source twice in one query.
	j := must(plan.NewJoin(b, b, plan.JoinInner, []string{"id"}, []string{"id"}, "_r", false))
	require.Len(t, f.rows(j), 6)
	// A plan that reads its input twice (tail needs the row count).
	require.Equal(t, []string{"6|a|0.5|60"}, f.rows(must(plan.NewSlice(b, -1, 1))))
}

// DuckDB pushes projections and filters into Arrow scans, which a stream
// registered through the C API ignores; the engine must still read the
// right columns and apply every filter.
func TestRecordsPushdown(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	flt := must(plan.NewFilter(b, call(plan.FnGt, col("n"), lit(int64(20)))))
	p := must(plan.NewProject(flt, plan.OpSelect, []plan.NamedExpr{ne("g", col("g"))}))
	require.Equal(t, []string{"a", "b", "a"}, f.rows(p))
	p2 := must(plan.NewProject(must(plan.NewFilter(b, call(plan.FnEq, col("g"), lit("b")))), plan.OpSelect, []plan.NamedExpr{ne("x", col("x"))}))
	require.Equal(t, []string{"2", "5"}, f.rows(p2))
}
