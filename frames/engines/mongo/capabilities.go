package mongo

import (
	"slices"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// allStages are the aggregation stages the compiler emits; a MongoDB
// server runs them all.
var allStages = []string{"$match", "$set", "$project", "$group", "$sort", "$skip", "$limit"}

// opStages says which stages each operation compiles to; an operation is
// declared when the server runs all of them.
var opStages = map[plan.Op][]string{
	plan.OpScanRecords: {"$project"},
	plan.OpScanTable:   {"$project"},
	plan.OpSelect:      {"$set", "$project"},
	plan.OpWithColumns: {"$set", "$project"},
	plan.OpDrop:        {"$project"},
	plan.OpRename:      {"$project"},
	plan.OpFilter:      {"$match"},
	plan.OpDropNulls:   {"$match"},
	plan.OpSort:        {"$sort"},
	plan.OpSlice:       {"$sort", "$skip", "$limit", "$match"},
	plan.OpDistinct:    {"$group"},
	plan.OpAggregate:   {"$group"},
}

// filterFuncs are the scalar functions a filter compiles to the query
// language ($match without $expr): comparisons of a column with a
// constant, three-valued and/or/not, null tests, IN lists and string
// prefix/suffix/substring tests (anchored $regex). CheckShape rejects them
// anywhere but in a filter.
var filterFuncs = []plan.Func{
	plan.FnEq, plan.FnNe, plan.FnLt, plan.FnLe, plan.FnGt, plan.FnGe, plan.FnEqNullSafe,
	plan.FnAnd, plan.FnOr, plan.FnNot, plan.FnIsNull, plan.FnIsNotNull, plan.FnIn,
	plan.FnContains, plan.FnStartsWith, plan.FnEndsWith,
}

// capabilities declares what the compiler emits and the server runs.
func capabilities(s *Server) *engine.Capabilities {
	has := func(stages []string) bool {
		for _, st := range stages {
			if !slices.Contains(s.Stages, st) {
				return false
			}
		}
		return true
	}
	ops := map[plan.Op]bool{}
	for op, stages := range opStages {
		if has(stages) {
			ops[op] = true
		}
	}
	caps := &engine.Capabilities{
		Backend: "custom",
		Ops:     ops,
		Funcs:   map[plan.Func]bool{},
		Aggs:    map[plan.AggFunc]bool{},
	}
	if ops[plan.OpFilter] {
		caps.Funcs = engine.Set(filterFuncs...)
	}
	if ops[plan.OpAggregate] {
		caps.Aggs = engine.Set(plan.AggCount)
	}
	return caps
}
