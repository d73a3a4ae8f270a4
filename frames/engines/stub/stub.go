// Package stub is sealane's reference execution engine for typed frames and
// the template for third-party engines.
//
// It is pure Go (no cgo), runs plans in memory over Arrow arrays with
// arrow-go's compute kernels, and supports a declared subset of the plan IR:
// record sources; select, with_columns, drop, rename and cast; filter; sort;
// slice; drop_nulls; distinct; vertical concat; inner, left, semi, anti and
// cross joins; and the scalar functions listed in [Capabilities]. Anything
// else is reported with an error matching engine.ErrUnsupported, both when a
// frame is built (frames consults Capabilities) and in Execute.
//
// # How an engine is structured
//
// A third-party engine has the same four parts as this package:
//
//   - a capability table ([Capabilities]) declaring exactly what it runs —
//     the contract suite (package frames/contract) runs every case the table
//     allows and checks that everything else is rejected;
//   - a plan check at the top of Execute ([checkPlan]), because plans can be
//     built for one engine and executed on another;
//   - the executor: a switch over plan node kinds (exec.go) and one over
//     expression kinds (expr.go); the output schema of every node is already
//     in the plan (Node.Schema), so the engine only has to produce it;
//   - a record reader (reader.go) that honours the context for its whole
//     life and stops on Release.
//
// It registers itself as "stub" (not the default engine); import it for
// side effects or call [New].
package stub

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Name is the engine's name in the registry and in error messages.
const Name = "stub"

func init() {
	engine.Register(Name, func() (engine.Engine, error) { return New(), nil }, false)
}

// Engine runs plans in memory. It is safe for concurrent use: it holds no
// state besides its allocator.
type Engine struct {
	mem memory.Allocator
}

// Option configures an Engine.
type Option func(*Engine)

// WithAllocator sets the allocator for every array the engine builds
// (default memory.DefaultAllocator). Tests pass a checked allocator.
func WithAllocator(mem memory.Allocator) Option {
	return func(e *Engine) { e.mem = mem }
}

// New returns a stub engine.
func New(opts ...Option) *Engine {
	e := &Engine{mem: memory.DefaultAllocator}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Name implements engine.Engine.
func (e *Engine) Name() string { return Name }

// Capabilities implements engine.Engine. The table is the single source of
// truth: checkPlan rejects anything not listed, and the contract suite
// skips (and checks the rejection of) everything not listed.
func (e *Engine) Capabilities() *engine.Capabilities {
	return &engine.Capabilities{
		Backend: "stub",
		Ops: engine.Set(
			plan.OpScanRecords,
			plan.OpSelect, plan.OpWithColumns, plan.OpDrop, plan.OpRename, plan.OpCast,
			plan.OpFilter, plan.OpSort, plan.OpSlice, plan.OpDropNulls, plan.OpDistinct,
			plan.OpConcatVertical,
			plan.OpJoinInner, plan.OpJoinLeft, plan.OpJoinSemi, plan.OpJoinAnti, plan.OpJoinCross,
		),
		Funcs: engine.Set(
			plan.FnAdd, plan.FnSub, plan.FnMul, plan.FnDiv, plan.FnNeg,
			plan.FnEq, plan.FnNe, plan.FnLt, plan.FnLe, plan.FnGt, plan.FnGe, plan.FnEqNullSafe,
			plan.FnAnd, plan.FnOr, plan.FnNot,
			plan.FnIsNull, plan.FnIsNotNull, plan.FnIn, plan.FnCoalesce,
			plan.FnLower, plan.FnUpper,
		),
		Aggs:        map[plan.AggFunc]bool{},
		Ranks:       map[plan.RankFunc]bool{},
		RunningAggs: map[plan.AggFunc]bool{},
		Sinks:       map[plan.Format]bool{},
	}
}

// Execute implements engine.Engine: it checks the plan against the
// capability table, runs it to one in-memory record batch and returns a
// reader over it. Work happens here, so cancelling ctx during Execute stops
// it between nodes; the reader checks ctx again on every Next.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("frames/stub: %w", err)
	}
	if err := checkPlan(e, root); err != nil {
		return nil, err
	}
	x := &executor{ctx: compute.WithAllocator(ctx, e.mem), mem: e.mem}
	rec, err := x.run(root)
	if err != nil {
		return nil, err
	}
	return newReader(ctx, root.Schema(), rec), nil
}

// unsupported builds the engine's ErrUnsupported error.
func unsupported(what, detail string) error {
	return engine.Unsupported(Name, what, detail)
}
