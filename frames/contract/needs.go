package contract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// need is one capability a plan uses, e.g. "op filter", "func lower",
// "agg median", "rank lag", "running_agg sum". The words after the kind are
// the plan's names, which unsupported errors must mention.
type need struct {
	kind string // op, func, agg, rank, running_agg
	name string
}

func (n need) String() string { return n.kind + " " + n.name }

// needsOf lists what a plan uses, in walk order without duplicates.
func needsOf(root plan.Node) []need {
	var out []need
	seen := map[need]bool{}
	add := func(kind, name string) {
		n := need{kind, name}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	_ = plan.Walk(root, func(n plan.Node) error {
		add("op", string(n.Op()))
		for _, e := range plan.NodeExprs(n) {
			plan.WalkExpr(e, func(e plan.Expr) bool {
				switch x := plan.Deref(e).(type) {
				case plan.Call:
					add("func", string(x.Fn))
				case plan.Agg:
					add("agg", string(x.Fn))
				case plan.Window:
					if x.Rank != "" {
						add("rank", string(x.Rank))
					}
					if x.Agg != nil && x.Frame == plan.FrameRunning {
						add("running_agg", string(x.Agg.Fn))
					} else if x.Agg != nil {
						add("agg", string(x.Agg.Fn))
					}
				}
				return true
			})
		}
		return nil
	})
	return out
}

// missing returns the needs caps does not declare.
func missing(caps *engine.Capabilities, needs []need) []need {
	var out []need
	for _, n := range needs {
		ok := false
		switch n.kind {
		case "op":
			ok = caps.SupportsOp(plan.Op(n.name))
		case "func":
			ok = caps.SupportsFunc(plan.Func(n.name))
		case "agg":
			ok = caps.SupportsAgg(plan.AggFunc(n.name))
		case "rank":
			ok = caps.SupportsRank(plan.RankFunc(n.name))
		case "running_agg":
			ok = caps.SupportsRunningAgg(plan.AggFunc(n.name))
		}
		if !ok {
			out = append(out, n)
		}
	}
	return out
}

// checkRejected asserts that err is the engine's unsupported error for
// one of the missing capabilities: it matches engine.ErrUnsupported and its
// message names the engine and the operation or function.
func checkRejected(t *testing.T, eng engine.Engine, err error, miss []need, when string) {
	t.Helper()
	require.Error(t, err, "%s: engine %q must reject a plan that uses %v, which it does not declare", when, eng.Name(), miss)
	require.True(t, errors.Is(err, engine.ErrUnsupported),
		"%s: error for undeclared %v must match engine.ErrUnsupported, got %v", when, miss, err)
	msg := err.Error()
	assert.Contains(t, msg, eng.Name(), "%s: the unsupported error must name the engine", when)
	named := false
	for _, m := range miss {
		named = named || strings.Contains(msg, m.name)
	}
	assert.True(t, named, "%s: the unsupported error %q must name one of %v", when, msg, miss)
}

// executeErr runs root and returns the first error of Execute or of
// reading the stream to its end.
func executeErr(ctx context.Context, eng engine.Engine, root plan.Node) error {
	rdr, err := eng.Execute(ctx, root)
	if err != nil {
		return err
	}
	defer rdr.Release()
	for rdr.Next() {
	}
	return rdr.Err()
}

// planner is the engine cases are built on to learn what they need: it
// declares every capability and runs nothing.
type planner struct{}

func (planner) Name() string { return "contract-planner" }

func (planner) Capabilities() *engine.Capabilities {
	return &engine.Capabilities{
		Backend:     "custom",
		Ops:         engine.Set(engine.AllOps...),
		Funcs:       engine.Set(engine.AllFuncs...),
		Aggs:        engine.Set(engine.AllAggs...),
		Ranks:       engine.Set(engine.AllRanks...),
		RunningAggs: engine.Set(engine.AllAggs...),
	}
}

func (planner) Execute(context.Context, plan.Node) (array.RecordReader, error) {
	return nil, fmt.Errorf("contract: the planner engine runs nothing")
}
