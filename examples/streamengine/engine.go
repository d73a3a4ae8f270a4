// Package streamengine is an example of a third-party execution engine for
// sealane's typed frames, in a Go module of its own that imports only the
// engine seam (frames/engine, frames/plan) and arrow-go — what anyone can
// publish without touching sealane.
//
// Unlike sealane's stub engine, which materialises each node, it streams:
// every batch of the source flows through the plan's filters, projections
// and slices and out of the reader before the next one is read, so memory
// is one batch deep whatever the input size. It runs a deliberately small
// part of the plan IR — record sources; select, drop and rename of columns
// and literals; filters of comparisons joined by AND/OR/NOT and NULL tests;
// slices — and declares exactly that in [Engine.Capabilities], so frames
// rejects anything else when the frame is built, and the contract suite
// (frames/contract) checks both halves.
package streamengine

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Name is the engine's name in the registry and in errors.
const Name = "stream-example"

func init() {
	engine.Register(Name, func() (engine.Engine, error) { return New(memory.DefaultAllocator), nil }, false)
}

// Engine runs plans batch by batch. It holds no state besides its
// allocator and is safe for concurrent use.
type Engine struct{ mem memory.Allocator }

// New returns an engine allocating from mem.
func New(mem memory.Allocator) *Engine { return &Engine{mem: mem} }

// Name implements engine.Engine.
func (e *Engine) Name() string { return Name }

// Capabilities implements engine.Engine: the single list of what it runs.
func (e *Engine) Capabilities() *engine.Capabilities {
	return &engine.Capabilities{
		Backend: "custom",
		Ops: engine.Set(
			plan.OpScanRecords,
			plan.OpSelect, plan.OpDrop, plan.OpRename,
			plan.OpFilter, plan.OpSlice,
		),
		Funcs: engine.Set(
			plan.FnEq, plan.FnNe, plan.FnLt, plan.FnLe, plan.FnGt, plan.FnGe,
			plan.FnAnd, plan.FnOr, plan.FnNot, plan.FnIsNull, plan.FnIsNotNull,
		),
	}
}

// Execute implements engine.Engine. Plans can be built for one engine and
// run on another, so it checks the plan against its capabilities first;
// then it chains one stage per node, from the source up.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	src, stages, err := e.pipeline(root)
	if err != nil {
		return nil, err
	}
	return newReader(ctx, e.mem, root.Schema(), src, stages), nil
}

// pipeline walks from root down to its source and returns the source and
// the stages to apply to each of its batches, source end first.
func (e *Engine) pipeline(n plan.Node) (*plan.Source, []stage, error) {
	var stages []stage
	for {
		switch node := n.(type) {
		case *plan.Source:
			if node.Kind != plan.SourceRecords {
				return nil, nil, engine.Unsupported(Name, "op "+string(node.Op()), "in-memory records only")
			}
			for i, j := 0, len(stages)-1; i < j; i, j = i+1, j-1 {
				stages[i], stages[j] = stages[j], stages[i]
			}
			return node, stages, nil
		case *plan.Project:
			stages = append(stages, &projectStage{node: node})
		case *plan.Filter:
			stages = append(stages, &filterStage{pred: node.Pred})
		case *plan.Slice:
			stages = append(stages, &sliceStage{skip: node.Offset, left: node.Length})
		default:
			return nil, nil, engine.Unsupported(Name, "op "+string(n.Op()), "")
		}
		if len(n.Inputs()) != 1 {
			return nil, nil, engine.Unsupported(Name, "op "+string(n.Op()), "")
		}
		n = n.Inputs()[0]
	}
}
