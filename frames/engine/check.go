package engine

import (
	"fmt"

	"github.com/sealane/sealane/frames/plan"
)

// Check walks the plan under root and returns, for the first operation,
// function, aggregate or window function e's Capabilities lack, an error
// built by [Unsupported] (matching [ErrUnsupported]) whose What is
// "op join_full", "func median", "aggregate median", "window rank",
// "running aggregate sum" or "sink parquet". It returns nil when e
// declares everything the plan uses.
func Check(e Engine, root plan.Node) error {
	return plan.Walk(root, func(n plan.Node) error { return CheckNode(e, n) })
}

// CheckNode is [Check] for one node, without its inputs: the frames
// package calls it for each node it adds to a plan. Engines implementing
// [ShapeChecker] check the node's shape after the capability table.
func CheckNode(e Engine, n plan.Node) error {
	if err := checkTable(e, n); err != nil {
		return err
	}
	if sc, ok := e.(ShapeChecker); ok {
		return sc.CheckShape(n)
	}
	return nil
}

func checkTable(e Engine, n plan.Node) error {
	caps := e.Capabilities()
	if !caps.SupportsOp(n.Op()) {
		return Unsupported(e.Name(), "op "+string(n.Op()), "")
	}
	if src, ok := n.(*plan.Source); ok && src.Kind == plan.SourceRecords && caps.MaxRecordRows > 0 {
		if rows := src.NumRows(); rows > caps.MaxRecordRows {
			return Unsupported(e.Name(), "op "+string(n.Op()),
				fmt.Sprintf("an in-memory source of %d rows is over this engine's %d; write it to a table (or files the engine reads) and scan that", rows, caps.MaxRecordRows))
		}
	}
	if p, ok := n.(*plan.Pivot); ok {
		if !caps.SupportsAgg(p.Agg) {
			return Unsupported(e.Name(), "aggregate "+string(p.Agg), "in pivot")
		}
		return nil
	}
	for _, x := range plan.NodeExprs(n) {
		if err := CheckExpr(e, x); err != nil {
			return err
		}
	}
	return nil
}

// CheckExpr is [Check] for one expression tree.
func CheckExpr(e Engine, x plan.Expr) error {
	caps := e.Capabilities()
	var err error
	plan.WalkExpr(x, func(x plan.Expr) bool {
		if err != nil {
			return false
		}
		switch v := plan.Deref(x).(type) {
		case plan.Call:
			if !caps.SupportsFunc(v.Fn) {
				err = Unsupported(e.Name(), "func "+string(v.Fn), "")
			}
		case plan.Agg:
			err = checkAgg(e, caps, v)
		case plan.Window:
			err = checkWindow(e, caps, v)
		}
		return err == nil
	})
	return err
}

func checkAgg(e Engine, caps *Capabilities, a plan.Agg) error {
	if !caps.SupportsAgg(a.Fn) {
		return Unsupported(e.Name(), "aggregate "+string(a.Fn), "")
	}
	return nil
}

func checkWindow(e Engine, caps *Capabilities, w plan.Window) error {
	switch {
	case w.Agg == nil:
		if !caps.SupportsRank(w.Rank) {
			return Unsupported(e.Name(), "window "+string(w.Rank), "")
		}
	case w.Frame == plan.FrameRunning:
		if !caps.SupportsRunningAgg(w.Agg.Fn) {
			return Unsupported(e.Name(), "running aggregate "+string(w.Agg.Fn), "")
		}
	default:
		if !caps.SupportsAgg(w.Agg.Fn) {
			return Unsupported(e.Name(), "aggregate "+string(w.Agg.Fn), "as a window aggregate")
		}
	}
	return nil
}
