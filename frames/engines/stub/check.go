package stub

import (
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// checkPlan rejects, before any work, everything in the plan the engine
// cannot run. Frames checks capabilities while a plan is built, but a plan
// built for one engine can be handed to another, so every engine checks
// again in Execute: engine.Check covers the capability table, and the walk
// below covers what the table cannot express (here: TRY casts).
func checkPlan(e engine.Engine, root plan.Node) error {
	if err := engine.Check(e, root); err != nil {
		return err
	}
	return plan.Walk(root, func(n plan.Node) error {
		var err error
		for _, x := range plan.NodeExprs(n) {
			plan.WalkExpr(x, func(x plan.Expr) bool {
				if c, ok := plan.Deref(x).(plan.Cast); ok && c.Try && err == nil {
					err = unsupported("try_cast", "use a plain cast")
				}
				return err == nil
			})
		}
		return err
	})
}
