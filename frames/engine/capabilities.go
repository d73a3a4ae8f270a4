package engine

import (
	"sort"

	"github.com/sealane/sealane/frames/plan"
)

// Capabilities is what an engine can run: per operation, per scalar,
// aggregate and window function, and per sink format. A nil or missing entry
// means unsupported.
type Capabilities struct {
	// Backend classifies the engine: "native", "stub", "sql" or "custom".
	Backend string
	Ops     map[plan.Op]bool
	Funcs   map[plan.Func]bool
	Aggs    map[plan.AggFunc]bool
	Ranks   map[plan.RankFunc]bool
	// RunningAggs lists the aggregates supported as running (ordered)
	// window aggregates; whole-partition window aggregates need Aggs.
	RunningAggs map[plan.AggFunc]bool
	// Sinks lists the formats the engine writes itself (SinkWriter).
	// Formats not listed are streamed from Execute by frames.
	Sinks map[plan.Format]bool
	// MaxRecordRows caps the rows of one in-memory record source (for an
	// engine that ships them to a server inside the query); 0 means no cap.
	// A larger source is rejected when the frame is built.
	MaxRecordRows int64
}

// SupportsOp reports whether op is supported.
func (c *Capabilities) SupportsOp(op plan.Op) bool { return c != nil && c.Ops[op] }

// SupportsFunc reports whether the scalar function fn is supported.
func (c *Capabilities) SupportsFunc(fn plan.Func) bool { return c != nil && c.Funcs[fn] }

// SupportsAgg reports whether the aggregate fn is supported.
func (c *Capabilities) SupportsAgg(fn plan.AggFunc) bool { return c != nil && c.Aggs[fn] }

// SupportsRank reports whether the ranking/offset window function fn is
// supported.
func (c *Capabilities) SupportsRank(fn plan.RankFunc) bool { return c != nil && c.Ranks[fn] }

// SupportsRunningAgg reports whether fn is supported as a running window
// aggregate.
func (c *Capabilities) SupportsRunningAgg(fn plan.AggFunc) bool {
	return c != nil && c.RunningAggs[fn]
}

// SupportsSink reports whether the engine writes format itself.
func (c *Capabilities) SupportsSink(f plan.Format) bool { return c != nil && c.Sinks[f] }

// Set builds a capability set from a list, for capability tables.
func Set[K comparable](keys ...K) map[K]bool {
	m := make(map[K]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// Sorted returns the keys of a capability set in order (for docs and
// error messages).
func Sorted[K ~string](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k, ok := range m {
		if ok {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// AllOps lists every operation of the plan IR.
var AllOps = []plan.Op{
	plan.OpScanRecords, plan.OpScanParquet, plan.OpScanCSV, plan.OpScanNDJSON, plan.OpScanIPC, plan.OpScanTable,
	plan.OpSelect, plan.OpWithColumns, plan.OpDrop, plan.OpRename, plan.OpCast, plan.OpWindow,
	plan.OpFilter, plan.OpSort, plan.OpDistinct, plan.OpSlice, plan.OpFillNull, plan.OpDropNulls,
	plan.OpJoinInner, plan.OpJoinLeft, plan.OpJoinRight, plan.OpJoinFull, plan.OpJoinSemi, plan.OpJoinAnti, plan.OpJoinCross,
	plan.OpAggregate, plan.OpPivot, plan.OpMelt, plan.OpExplode,
	plan.OpConcatVertical, plan.OpConcatHorizontal, plan.OpUnion, plan.OpIntersect, plan.OpExcept,
}

// AllFuncs lists every scalar function of the plan IR.
var AllFuncs = []plan.Func{
	plan.FnAdd, plan.FnSub, plan.FnMul, plan.FnDiv, plan.FnMod, plan.FnNeg,
	plan.FnEq, plan.FnNe, plan.FnLt, plan.FnLe, plan.FnGt, plan.FnGe, plan.FnEqNullSafe,
	plan.FnAnd, plan.FnOr, plan.FnNot, plan.FnIsNull, plan.FnIsNotNull, plan.FnIn, plan.FnCoalesce,
	plan.FnLower, plan.FnUpper, plan.FnContains, plan.FnStartsWith, plan.FnEndsWith, plan.FnReplace,
	plan.FnLength, plan.FnSubstr, plan.FnConcatStr,
	plan.FnYear, plan.FnMonth, plan.FnDay, plan.FnHour, plan.FnMinute, plan.FnSecond, plan.FnWeekday, plan.FnDateTrunc,
}

// AllAggs lists every aggregate function of the plan IR.
var AllAggs = []plan.AggFunc{
	plan.AggCount, plan.AggSum, plan.AggMean, plan.AggMin, plan.AggMax, plan.AggMedian,
	plan.AggStd, plan.AggVar, plan.AggFirst, plan.AggLast, plan.AggNUnique,
}

// AllRanks lists every ranking/offset window function of the plan IR.
var AllRanks = []plan.RankFunc{plan.RankRowNumber, plan.RankRank, plan.RankDense, plan.RankLag, plan.RankLead}
