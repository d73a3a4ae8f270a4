package sqlgen

import (
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Capabilities lists what Compile supports in dialect d. Engines built on
// the compiler start from it and remove what their backend lacks (and add
// the sink formats they write). Every operation but Arrow IPC scans (which
// have no SQL table function) compiles in both dialects.
func Capabilities(d *Dialect) *engine.Capabilities {
	ops := make([]plan.Op, 0, len(engine.AllOps))
	for _, op := range engine.AllOps {
		if op != plan.OpScanIPC {
			ops = append(ops, op)
		}
	}
	return &engine.Capabilities{
		Backend:     "sql",
		Ops:         engine.Set(ops...),
		Funcs:       engine.Set(engine.AllFuncs...),
		Aggs:        engine.Set(engine.AllAggs...),
		Ranks:       engine.Set(engine.AllRanks...),
		RunningAggs: engine.Set(plan.AggCount, plan.AggSum, plan.AggMean, plan.AggMin, plan.AggMax),
		Sinks:       map[plan.Format]bool{},
	}
}
