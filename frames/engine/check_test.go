package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// capsEngine declares capabilities and cannot execute: Check must decide
// from Capabilities alone.
type capsEngine struct{ caps engine.Capabilities }

func (e *capsEngine) Name() string                       { return "caps" }
func (e *capsEngine) Capabilities() *engine.Capabilities { return &e.caps }
func (e *capsEngine) Execute(context.Context, plan.Node) (array.RecordReader, error) {
	return nil, errors.New("Check must not execute")
}

func full() engine.Capabilities {
	return engine.Capabilities{
		Ops: engine.Set(engine.AllOps...), Funcs: engine.Set(engine.AllFuncs...), Aggs: engine.Set(engine.AllAggs...),
		Ranks: engine.Set(engine.AllRanks...), RunningAggs: engine.Set(engine.AllAggs...),
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestCheck(t *testing.T) {
	src := must(plan.NewSource(&plan.Source{Kind: plan.SourceTable, Table: "t", Out: arrow.NewSchema([]arrow.Field{
		{Name: "g", Type: arrow.BinaryTypes.String}, {Name: "x", Type: arrow.PrimitiveTypes.Float64},
	}, nil)}))
	col := func(n string) plan.Expr { return plan.ColumnRef{Name: n} }
	filter := must(plan.NewFilter(src, plan.Call{Fn: plan.FnContains, Args: []plan.Expr{col("g"), plan.Literal{Value: "a", Type: arrow.BinaryTypes.String}}}))
	agg := must(plan.NewAggregate(filter, []plan.NamedExpr{{Name: "g", Expr: col("g")}},
		[]plan.NamedExpr{{Name: "m", Expr: plan.Agg{Fn: plan.AggMedian, Input: col("x")}}}))
	win := must(plan.NewProject(src, plan.OpWithColumns, []plan.NamedExpr{
		{Name: "r", Expr: plan.Window{Rank: plan.RankRank, OrderBy: []plan.SortKey{{Expr: col("x")}}}},
	}))
	running := must(plan.NewProject(src, plan.OpWithColumns, []plan.NamedExpr{
		{Name: "c", Expr: plan.Window{Agg: &plan.Agg{Fn: plan.AggSum, Input: col("x")}, Frame: plan.FrameRunning, OrderBy: []plan.SortKey{{Expr: col("x")}}}},
	}))
	whole := must(plan.NewProject(src, plan.OpWithColumns, []plan.NamedExpr{
		{Name: "c", Expr: plan.Window{Agg: &plan.Agg{Fn: plan.AggStd, Input: col("x")}, PartitionBy: []plan.Expr{col("g")}}},
	}))
	join := must(plan.NewJoin(src, src, plan.JoinFull, []string{"g"}, []string{"g"}, "", false))
	pivot := must(plan.NewPivot(src, nil, "g", []plan.Literal{{Value: "a", Type: arrow.BinaryTypes.String}}, "x", plan.AggVar))

	cases := []struct {
		name   string
		root   plan.Node
		remove func(*engine.Capabilities)
		what   string
	}{
		{"op", join, func(c *engine.Capabilities) { delete(c.Ops, plan.OpJoinFull) }, "op join_full"},
		{"source op", agg, func(c *engine.Capabilities) { delete(c.Ops, plan.OpScanTable) }, "op scan_table"},
		{"func below", agg, func(c *engine.Capabilities) { delete(c.Funcs, plan.FnContains) }, "func contains"},
		{"aggregate", agg, func(c *engine.Capabilities) { delete(c.Aggs, plan.AggMedian) }, "aggregate median"},
		{"window rank", win, func(c *engine.Capabilities) { delete(c.Ranks, plan.RankRank) }, "window rank"},
		{"window op", win, func(c *engine.Capabilities) { delete(c.Ops, plan.OpWindow) }, "op window"},
		{"running", running, func(c *engine.Capabilities) { delete(c.RunningAggs, plan.AggSum) }, "running aggregate sum"},
		{"whole-partition window aggregate", whole, func(c *engine.Capabilities) { delete(c.Aggs, plan.AggStd) }, "aggregate std"},
		{"pivot aggregate", pivot, func(c *engine.Capabilities) { delete(c.Aggs, plan.AggVar) }, "aggregate var"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &capsEngine{caps: full()}
			if err := engine.Check(e, tc.root); err != nil {
				t.Fatalf("full capabilities: %v", err)
			}
			tc.remove(&e.caps)
			err := engine.Check(e, tc.root)
			var u *engine.UnsupportedError
			if !errors.Is(err, engine.ErrUnsupported) || !errors.As(err, &u) {
				t.Fatalf("err = %v, want ErrUnsupported", err)
			}
			if u.Engine != "caps" || u.What != tc.what {
				t.Fatalf("unsupported %q by %q, want %q", u.What, u.Engine, tc.what)
			}
			if !strings.Contains(err.Error(), `engine "caps" does not support `+tc.what) {
				t.Fatalf("message %q", err)
			}
		})
	}
	// CheckNode looks at one node only.
	e := &capsEngine{caps: full()}
	delete(e.caps.Funcs, plan.FnContains)
	if err := engine.CheckNode(e, agg); err != nil {
		t.Fatalf("CheckNode(aggregate) looked below the node: %v", err)
	}
	if err := engine.CheckNode(e, filter); !errors.Is(err, engine.ErrUnsupported) {
		t.Fatalf("CheckNode(filter) = %v", err)
	}
	// A running sum needs RunningAggs, not Aggs.
	e = &capsEngine{caps: full()}
	delete(e.caps.Aggs, plan.AggSum)
	if err := engine.Check(e, running); err != nil {
		t.Fatalf("running sum with RunningAggs[sum] but not Aggs[sum]: %v", err)
	}
}

// shapeEngine declares everything but rejects filters by shape.
type shapeEngine struct{ capsEngine }

func (e *shapeEngine) CheckShape(n plan.Node) error {
	if n.Op() == plan.OpFilter {
		return engine.Unsupported(e.Name(), "func contains", "not in this shape")
	}
	return nil
}

// TestCheckNodeCallsShapeChecker: CheckNode consults a ShapeChecker after
// the capability table, and only then.
func TestCheckNodeCallsShapeChecker(t *testing.T) {
	src := must(plan.NewSource(&plan.Source{Kind: plan.SourceTable, Table: "t", Out: arrow.NewSchema([]arrow.Field{
		{Name: "g", Type: arrow.BinaryTypes.String},
	}, nil)}))
	filter := must(plan.NewFilter(src, plan.Call{Fn: plan.FnContains, Args: []plan.Expr{plan.ColumnRef{Name: "g"}, plan.Literal{Value: "a", Type: arrow.BinaryTypes.String}}}))
	e := &shapeEngine{capsEngine{caps: full()}}
	if err := engine.CheckNode(e, src); err != nil {
		t.Fatalf("source: %v", err)
	}
	err := engine.Check(e, filter)
	if !errors.Is(err, engine.ErrUnsupported) || !strings.Contains(err.Error(), "not in this shape") {
		t.Fatalf("filter: want the shape rejection, got %v", err)
	}
	e.caps.Ops = engine.Set(plan.OpScanTable)
	err = engine.CheckNode(e, filter)
	if !errors.Is(err, engine.ErrUnsupported) || !strings.Contains(err.Error(), "op filter") {
		t.Fatalf("undeclared op: want the table's rejection first, got %v", err)
	}
}
