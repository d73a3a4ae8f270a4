package frames

import (
	"github.com/sealane/sealane/frames/plan"
)

// AggFunc names an aggregate function for Pivot.
type AggFunc = plan.AggFunc

// Aggregate functions for Pivot.
const (
	AggCount   = plan.AggCount
	AggSum     = plan.AggSum
	AggMean    = plan.AggMean
	AggMin     = plan.AggMin
	AggMax     = plan.AggMax
	AggMedian  = plan.AggMedian
	AggStd     = plan.AggStd
	AggVar     = plan.AggVar
	AggFirst   = plan.AggFirst
	AggLast    = plan.AggLast
	AggNUnique = plan.AggNUnique
)

// Pivot turns the values of column on into columns: one row per index
// group, one column per value in values (Go values of on's type; the
// output schema must be known before anything runs, so the values are
// given, and rows with other values are ignored), each holding
// agg(valueCol) over the group's rows with that value. Columns are named
// after the values; a cell without rows is NULL (0 for count).
func (f *Frame) Pivot(index []string, on string, values []any, valueCol string, agg AggFunc) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		lits := make([]plan.Literal, len(values))
		for i, v := range values {
			x := Lit(v)
			if x.err != nil {
				return nil, x.err
			}
			lits[i] = x.e.(plan.Literal)
		}
		return plan.NewPivot(in, index, on, lits, valueCol, agg)
	})
}

// Melt unpivots valueVars (every column not in idVars when empty) into
// rows of (variableName, valueName), repeating idVars. Names default to
// "variable" and "value".
func (f *Frame) Melt(idVars, valueVars []string, variableName, valueName string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) {
		return plan.NewMelt(in, idVars, valueVars, variableName, valueName)
	})
}

// Explode repeats each row once per element of the list column col, which
// becomes its element type; empty and NULL lists give one row with NULL.
func (f *Frame) Explode(col string) *Frame {
	return f.derive(func(in plan.Node) (plan.Node, error) { return plan.NewExplode(in, col) })
}
