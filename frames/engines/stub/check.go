package stub

import (
	"fmt"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// checkPlan rejects, before any work, every operation, function or
// expression kind of the plan that caps does not declare. Frames checks
// capabilities while a plan is built, but a plan built for one engine can be
// handed to another, so every engine checks again here.
func checkPlan(caps *engine.Capabilities, root plan.Node) error {
	return plan.Walk(root, func(n plan.Node) error {
		if !caps.SupportsOp(n.Op()) {
			return unsupported("op "+string(n.Op()), "")
		}
		for _, e := range nodeExprs(n) {
			if err := checkExpr(caps, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// nodeExprs lists the expressions held by a node.
func nodeExprs(n plan.Node) []plan.Expr {
	var out []plan.Expr
	switch n := n.(type) {
	case *plan.Project:
		for _, ne := range n.Exprs {
			out = append(out, ne.Expr)
		}
	case *plan.Filter:
		out = append(out, n.Pred)
	case *plan.Sort:
		for _, k := range n.Keys {
			out = append(out, k.Expr)
		}
	case *plan.Aggregate:
		for _, ne := range append(append([]plan.NamedExpr(nil), n.Keys...), n.Aggs...) {
			out = append(out, ne.Expr)
		}
	}
	return out
}

// checkExpr walks an expression tree.
func checkExpr(caps *engine.Capabilities, e plan.Expr) error {
	switch e := deref(e).(type) {
	case plan.ColumnRef, plan.Literal:
		return nil
	case plan.Call:
		if !caps.SupportsFunc(e.Fn) {
			return unsupported("func "+string(e.Fn), "")
		}
		return checkExprs(caps, e.Args...)
	case plan.Cast:
		if e.Try {
			return unsupported("try_cast", "use a plain cast")
		}
		return checkExpr(caps, e.Input)
	case plan.Case:
		for _, w := range e.Whens {
			if err := checkExprs(caps, w.When, w.Then); err != nil {
				return err
			}
		}
		if e.Else != nil {
			return checkExpr(caps, e.Else)
		}
		return nil
	case plan.Agg:
		if !caps.SupportsAgg(e.Fn) {
			return unsupported("agg "+string(e.Fn), "")
		}
		if e.Input != nil {
			return checkExpr(caps, e.Input)
		}
		return nil
	case plan.Window:
		if e.Rank != "" && !caps.SupportsRank(e.Rank) {
			return unsupported("window "+string(e.Rank), "")
		}
		if e.Agg != nil && !caps.SupportsAgg(e.Agg.Fn) {
			return unsupported("window agg "+string(e.Agg.Fn), "")
		}
		return unsupported("window", "")
	}
	return unsupported(fmt.Sprintf("expression %T", e), "")
}

func checkExprs(caps *engine.Capabilities, es ...plan.Expr) error {
	for _, e := range es {
		if err := checkExpr(caps, e); err != nil {
			return err
		}
	}
	return nil
}
