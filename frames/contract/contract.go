// Package contract is the behavioural test suite every frames engine must
// pass for the capabilities it declares. Third-party engines import it from
// a test:
//
//	func TestContract(t *testing.T) {
//		contract.Run(t, func(t *testing.T) engine.Engine { return myengine.New() })
//	}
//
// Each [Case] is frames code, written the way users write it: sources from
// literal input tables (frames.FromArrow on the engine under test), then
// the public transforms, expressions, group-bys, windows, joins and
// reshapes. The suite runs the frame's plan on the engine and compares the
// result with literal expected rows — as a multiset, or in order when the
// case's result order is defined (after a sort). What a case needs
// (operations, scalar, aggregate and window functions) is read from its
// plan, so it cannot drift from what the case does. When the engine does
// not declare something a case needs, the case is skipped, but only after
// checking that the engine rejects it with an error matching
// engine.ErrUnsupported that names the engine and the missing operation or
// function: when the frame is built (frames consults the engine's
// capabilities at every transform, and the frame's sticky Err is the
// rejection) or, for plans frames did not check, in Execute; and that
// Execute rejects the same plan built for an engine that declares
// everything.
//
// Besides the cases, Run checks the seam itself: Execute's stream schema is
// exactly the plan's schema (names, types, nullability) on every batch;
// every plan runs twice with the same result (plans are reusable);
// cancelling the context before or while reading fails with an error
// matching context.Canceled; releasing an undrained stream leaks no
// goroutines; the engine releases every input buffer (inputs come from a
// checked allocator); and unknown node kinds are rejected as unsupported.
package contract

import (
	"context"
	"io"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Case is one behavioural check: a plan built from literal inputs and the
// rows it must produce.
type Case struct {
	// Name is the subtest name, "family/what", e.g. "filter/null_is_false".
	Name string
	// Build builds the plan for c.Engine from sources made by c (see
	// [C.From]): the plan of the case's frame, or the frame's error.
	Build func(c *C) (plan.Node, error)
	// Want is the expected output: its Cols must equal the plan's schema
	// (names and types) and its Rows the result.
	Want Table
	// Ordered compares rows in order; only for cases whose order is
	// defined by the plan (a sort, a slice of a sorted input …).
	// Otherwise rows compare as multisets.
	Ordered bool
}

// C is what a case's Build gets: the engine to build for and an allocator
// for inputs. Every input built through C is released when the case ends.
type C struct {
	T      *testing.T
	Engine engine.Engine
	Mem    memory.Allocator
}

// Records builds tb's rows as record batches (two when there are at least
// two rows), released when the case ends.
func (c *C) Records(tb Table) []arrow.RecordBatch {
	c.T.Helper()
	rec, err := tb.Record(c.Mem)
	require.NoError(c.T, err)
	c.T.Cleanup(rec.Release)
	if rec.NumRows() < 2 {
		return []arrow.RecordBatch{rec}
	}
	half := rec.NumRows() / 2
	a, b := rec.NewSlice(0, half), rec.NewSlice(half, rec.NumRows())
	c.T.Cleanup(a.Release)
	c.T.Cleanup(b.Release)
	return []arrow.RecordBatch{a, b}
}

// Run runs every case and seam check against engines made by newEngine,
// which is called once per subtest. Engines implementing engine.Closer are
// closed when their subtest ends; after that every input buffer must have
// been released.
func Run(t *testing.T, newEngine func(t *testing.T) engine.Engine) {
	t.Run("seam", func(t *testing.T) { runSeam(t, newEngine) })
	for _, cs := range Cases() {
		t.Run(cs.Name, func(t *testing.T) { RunCase(t, newEngine, cs) })
	}
}

// RunSeam runs only the seam checks of Run (schemas, reuse, cancellation,
// leaks), for engines that run the cases themselves (see Cases and RunCase).
func RunSeam(t *testing.T, newEngine func(t *testing.T) engine.Engine) {
	runSeam(t, newEngine)
}

// Cases returns the suite's cases.
func Cases() []Case {
	var all []Case
	for _, family := range families {
		all = append(all, family()...)
	}
	return all
}

// families lists the case families (one function per file of cases).
var families []func() []Case

// newEngineFor makes an engine for one subtest and a checked allocator
// whose balance is asserted after the engine is closed.
func newEngineFor(t *testing.T, newEngine func(t *testing.T) engine.Engine) (engine.Engine, *memory.CheckedAllocator) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	eng := newEngine(t)
	require.NotNil(t, eng)
	if cl, ok := eng.(io.Closer); ok {
		t.Cleanup(func() { assert.NoError(t, cl.Close()) })
	}
	return eng, mem
}

// RunCase runs one case (Run runs them all).
func RunCase(t *testing.T, newEngine func(t *testing.T) engine.Engine, cs Case) {
	eng, mem := newEngineFor(t, newEngine)
	ctx := context.Background()

	// Learn what the case needs from a plan built for an engine that
	// declares everything.
	ref, err := cs.Build(&C{T: t, Engine: planner{}, Mem: mem})
	require.NoError(t, err, "building the case (a suite bug)")
	if miss := missing(eng.Capabilities(), needsOf(ref)); len(miss) > 0 {
		// Built for eng, the frame fails at the first transform eng lacks
		// (frames' capability check); a plan frames did not check must
		// fail in Execute.
		node, err := cs.Build(&C{T: t, Engine: eng, Mem: mem})
		if err != nil {
			checkRejected(t, eng, err, miss, "building the frame")
		} else {
			checkRejected(t, eng, executeErr(ctx, eng, node), miss, "Execute")
		}
		checkRejected(t, eng, executeErr(ctx, eng, ref), miss, "Execute of a plan built elsewhere")
		t.Skipf("engine %q does not declare %v", eng.Name(), miss)
	}
	if sc, ok := eng.(engine.ShapeChecker); ok {
		checkShapeRejected(ctx, t, eng, sc, cs, ref, mem)
	}

	node, err := cs.Build(&C{T: t, Engine: eng, Mem: mem})
	require.NoError(t, err, "building the case for engine %q", eng.Name())
	want, err := cs.Want.render()
	require.NoError(t, err, "the expected table (a suite bug)")
	require.Equal(t, want.cols, specs(node.Schema()), "the plan's output schema")

	for run := 1; run <= 2; run++ { // the second run proves the plan is reusable
		got := collect(ctx, t, eng, node)
		if !cs.Ordered {
			slices.Sort(want.rows)
			slices.Sort(got)
		}
		require.Equal(t, want.rows, got, "rows of run %d (ordered: %v)", run, cs.Ordered)
	}
}

// checkShapeRejected skips the case when eng's ShapeChecker rejects the
// reference plan, after checking that the rejection happens when the frame
// is built for eng and again in Execute of the plan built elsewhere, with
// an error matching engine.ErrUnsupported that names the engine.
func checkShapeRejected(ctx context.Context, t *testing.T, eng engine.Engine, sc engine.ShapeChecker, cs Case, ref plan.Node, mem memory.Allocator) {
	t.Helper()
	var shapeErr error
	_ = plan.Walk(ref, func(n plan.Node) error {
		shapeErr = sc.CheckShape(n)
		return shapeErr
	})
	if shapeErr == nil {
		return
	}
	require.ErrorIs(t, shapeErr, engine.ErrUnsupported, "CheckShape must reject with engine.ErrUnsupported")
	assert.Contains(t, shapeErr.Error(), eng.Name(), "the shape error must name the engine")
	_, err := cs.Build(&C{T: t, Engine: eng, Mem: mem})
	require.Error(t, err, "engine %q rejects the plan's shape (%v) but building the frame succeeded", eng.Name(), shapeErr)
	require.ErrorIs(t, err, engine.ErrUnsupported, "building the frame")
	assert.Contains(t, err.Error(), eng.Name(), "building the frame: the error must name the engine")
	err = executeErr(ctx, eng, ref)
	require.ErrorIs(t, err, engine.ErrUnsupported, "Execute of a plan built elsewhere")
	t.Skipf("engine %q rejects the shape at build time: %v", eng.Name(), shapeErr)
}

// collect runs root and renders its rows, checking that the stream and each
// batch have exactly the plan's schema.
func collect(ctx context.Context, t *testing.T, eng engine.Engine, root plan.Node) []string {
	t.Helper()
	rdr, err := eng.Execute(ctx, root)
	require.NoError(t, err, "Execute")
	defer rdr.Release()
	require.True(t, rdr.Schema().Equal(root.Schema()),
		"stream schema must equal the plan's:\n got: %s\nwant: %s", rdr.Schema(), root.Schema())
	rows := []string{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		require.True(t, rec.Schema().Equal(root.Schema()),
			"batch schema must equal the plan's:\n got: %s\nwant: %s", rec.Schema(), root.Schema())
		rows = append(rows, renderRows(rec)...)
	}
	require.NoError(t, rdr.Err(), "reading the stream")
	return rows
}
