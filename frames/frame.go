package frames

import (
	"errors"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Errors every frame error matches (errors.Is): a missing column, a type
// error, another plan-building error, or something the frame's engine does
// not support.
var (
	ErrColumnNotFound = plan.ErrColumnNotFound
	ErrType           = plan.ErrType
	ErrInvalid        = plan.ErrInvalid
	ErrUnsupported    = engine.ErrUnsupported
)

// Frame is a lazy, immutable table: a logical plan, its output schema and
// the engine that will run it. Transforms return new frames and never run
// anything; they resolve names and types and check the engine's
// capabilities at once, so a mistake surfaces where it is made. A frame
// that failed to build carries its error (Err); every transform of it
// returns it unchanged and every terminal operation (Stream, ToArrow,
// Count, Collect, Write…) returns the error before touching the engine.
// Frames are safe for concurrent use.
type Frame struct {
	engine engine.Engine
	node   plan.Node // also set in a frame whose engine lacks a capability
	err    error
}

// Err returns the error that stopped building the frame, or nil.
func (f *Frame) Err() error {
	if f == nil {
		return errors.New("frames: nil frame")
	}
	return f.err
}

// Must returns f, panicking if it carries an error; for examples, tests and
// frames built from constants.
func Must(f *Frame) *Frame {
	if err := f.Err(); err != nil {
		panic(err)
	}
	return f
}

// Schema is the frame's output schema, known without running anything
// (nil if the frame carries an error).
func (f *Frame) Schema() *arrow.Schema {
	if f.Err() != nil {
		return nil
	}
	return f.node.Schema()
}

// Columns lists the output column names.
func (f *Frame) Columns() []string {
	s := f.Schema()
	if s == nil {
		return nil
	}
	names := make([]string, s.NumFields())
	for i := range names {
		names[i] = s.Field(i).Name
	}
	return names
}

// Engine is the engine that runs the frame.
func (f *Frame) Engine() engine.Engine {
	if f == nil {
		return nil
	}
	return f.engine
}

// Plan is the frame's logical plan (nil if it carries an error). Plans are
// immutable; engines and tools may read them.
func (f *Frame) Plan() plan.Node {
	if f.Err() != nil {
		return nil
	}
	return f.node
}

// WithEngine returns the frame run by e instead, after checking the whole
// plan against e's capabilities.
func (f *Frame) WithEngine(e engine.Engine) *Frame {
	if f.Err() != nil {
		return f
	}
	if e == nil {
		return failed(f.engine, errors.New("frames: WithEngine(nil)"))
	}
	if err := engine.Check(e, f.node); err != nil {
		return &Frame{engine: e, node: f.node, err: err}
	}
	return &Frame{engine: e, node: f.node}
}

func failed(e engine.Engine, err error) *Frame { return &Frame{engine: e, err: err} }

// newFrame checks a freshly built node (not its inputs, which were checked
// when they were built) against e.
func newFrame(e engine.Engine, n plan.Node, err error) *Frame {
	if err != nil {
		return failed(e, err)
	}
	if err := engine.CheckNode(e, n); err != nil {
		// Keep the node: Explain shows where the plan is unsupported.
		return &Frame{engine: e, node: n, err: err}
	}
	return &Frame{engine: e, node: n}
}

// derive builds a node on top of f.
func (f *Frame) derive(build func(in plan.Node) (plan.Node, error)) *Frame {
	if f.Err() != nil {
		return f
	}
	n, err := build(f.node)
	return newFrame(f.engine, n, err)
}

// inputsFor returns the nodes of others for a plan run by f's engine:
// their errors stop the build, and plans built for another engine are
// checked against f's engine as a whole.
func (f *Frame) inputsFor(others []*Frame) ([]plan.Node, error) {
	nodes := make([]plan.Node, len(others))
	for i, o := range others {
		if err := o.Err(); err != nil {
			return nil, err
		}
		if o.engine != f.engine {
			if err := engine.Check(f.engine, o.node); err != nil {
				return nil, err
			}
		}
		nodes[i] = o.node
	}
	return nodes, nil
}

// ready returns the error a terminal operation must report instead of
// running.
func (f *Frame) ready() error {
	if err := f.Err(); err != nil {
		return err
	}
	if f.engine == nil {
		return errors.New("frames: frame has no engine")
	}
	return nil
}
