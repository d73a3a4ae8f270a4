package contract

import (
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

// From is a frame over tb's rows on the case's engine, made the way users
// make one: frames.FromArrow with frames.On(c.Engine). Cases are frames
// code from there on, so frames' build-time capability check runs on every
// transform. Inputs with more than one row come in two batches (see
// [C.Records]). The frame retains its batches; they are released
// (Frame.Release) when the case ends, before the checked allocator's
// balance is asserted.
func (c *C) From(tb Table) *frames.Frame {
	c.T.Helper()
	schema, err := tb.Schema()
	require.NoError(c.T, err)
	f := frames.FromArrow(schema, c.Records(tb), frames.On(c.Engine))
	c.T.Cleanup(f.Release)
	return f
}

// frame turns frames code into a Case.Build: the plan is the frame's, so
// what the case needs is read from exactly what the frames API built; a
// frame that failed to build gives its sticky error (Frame.Err), e.g. the
// ErrUnsupported of frames' capability check on an engine that lacks an
// operation.
func frame(build func(c *C) *frames.Frame) func(c *C) (plan.Node, error) {
	return func(c *C) (plan.Node, error) {
		f := build(c)
		if err := f.Err(); err != nil {
			return nil, err
		}
		return f.Plan(), nil
	}
}
