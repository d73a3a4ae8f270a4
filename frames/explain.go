package frames

import (
	"errors"
	"strings"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Explain renders the frame's plan, one line per operation with its
// arguments and output columns, each marked with the engine that runs it
// and ✓ (supported) or ✗ and the reason; if the engine is an
// engine.Explainer its own rendering (SQL) follows. A frame that failed
// for lack of a capability still renders, returning its error too.
func (f *Frame) Explain() (string, error) {
	if f == nil || f.node == nil {
		return "", f.Err()
	}
	var b strings.Builder
	name := "<none>"
	if f.engine != nil {
		name = f.engine.Name()
	}
	b.WriteString(plan.RenderAnnotated(f.node, func(n plan.Node) string {
		if f.engine == nil {
			return "[no engine]"
		}
		if err := engine.CheckNode(f.engine, n); err != nil {
			var u *engine.UnsupportedError
			if errors.As(err, &u) {
				return "[" + name + " ✗ unsupported: " + u.What + "]"
			}
			return "[" + name + " ✗ " + err.Error() + "]"
		}
		return "[" + name + " ✓]"
	}))
	if f.err == nil {
		if ex, ok := f.engine.(engine.Explainer); ok {
			s, err := ex.Explain(f.node)
			if err != nil {
				return b.String(), err
			}
			b.WriteString("\n-- " + name + ":\n" + strings.TrimRight(s, "\n") + "\n")
		}
	}
	return b.String(), f.err
}
