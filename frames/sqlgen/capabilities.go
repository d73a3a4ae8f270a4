package sqlgen

import (
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Capabilities lists what Compile supports in dialect d. Engines built on
// the compiler start from it and remove what their backend lacks (and add
// the sink formats they write). Every operation but Arrow IPC scans (which
// have no SQL table function) compiles for DuckDB and Databricks;
// PostgreSQL and SQLite read no files, and SQLite lacks lists (explode),
// Unicode case folding and the median, std, var, first and last
// aggregates.
func Capabilities(d *Dialect) *engine.Capabilities {
	ops := make([]plan.Op, 0, len(engine.AllOps))
	for _, op := range engine.AllOps {
		if op != plan.OpScanIPC {
			ops = append(ops, op)
		}
	}
	c := &engine.Capabilities{
		Backend:     "sql",
		Ops:         engine.Set(ops...),
		Funcs:       engine.Set(engine.AllFuncs...),
		Aggs:        engine.Set(engine.AllAggs...),
		Ranks:       engine.Set(engine.AllRanks...),
		RunningAggs: engine.Set(plan.AggCount, plan.AggSum, plan.AggMean, plan.AggMin, plan.AggMax),
		Sinks:       map[plan.Format]bool{},
	}
	switch d.kind {
	case kindPostgres:
		// No table functions over files.
		for _, op := range []plan.Op{plan.OpScanParquet, plan.OpScanCSV, plan.OpScanNDJSON} {
			delete(c.Ops, op)
		}
	case kindSQLite:
		for _, op := range []plan.Op{plan.OpScanParquet, plan.OpScanCSV, plan.OpScanNDJSON,
			plan.OpExplode} { // no list type
			delete(c.Ops, op)
		}
		// lower/upper fold ASCII letters only; there are no median,
		// standard deviation, variance or ordered aggregates.
		delete(c.Funcs, plan.FnLower)
		delete(c.Funcs, plan.FnUpper)
		for _, a := range []plan.AggFunc{plan.AggMedian, plan.AggStd, plan.AggVar, plan.AggFirst, plan.AggLast} {
			delete(c.Aggs, a)
		}
	}
	return c
}
