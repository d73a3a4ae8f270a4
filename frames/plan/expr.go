package plan

import "github.com/apache/arrow-go/v18/arrow"

// Expr is a scalar, aggregate or window expression. The set of expression
// kinds is closed (the types in this file); engines switch over them.
// An Expr is resolved against a schema by [Resolve], which gives its type.
type Expr interface {
	exprNode()
}

// ColumnRef reads an input column by name.
type ColumnRef struct {
	Name string
}

// Literal is a constant. Value is nil for NULL; otherwise it is one of
// bool, int64, float64, string, []byte, time.Time (timestamps, with Type
// saying the unit and zone), arrow.Date32, decimal128.Num (with Type giving
// precision and scale) or time.Duration. Type is never nil.
//
// Untyped marks a literal written without a type (Lit(5), Lit(1.5)): like a
// Go untyped constant it adopts the numeric type of the operand it meets
// (int32 column + 1 is int32). Resolution rewrites untyped literals to typed
// ones, so plans built by the constructors carry no untyped literals and
// engines can ignore the flag. A NULL literal of the null type adopts the
// type of the other operand the same way.
type Literal struct {
	Value   any
	Type    arrow.DataType
	Untyped bool
}

// Call applies a scalar function (see [Func]) to its arguments.
type Call struct {
	Fn   Func
	Args []Expr
}

// Cast converts Input to To. With Try, values that do not convert become
// NULL instead of failing the query.
type Cast struct {
	Input Expr
	To    arrow.DataType
	Try   bool
}

// WhenThen is one branch of a [Case].
type WhenThen struct {
	When Expr // boolean
	Then Expr
}

// Case is `CASE WHEN … THEN … ELSE … END` (when/then/otherwise). Else is
// nil for NULL.
type Case struct {
	Whens []WhenThen
	Else  Expr
}

// Agg is an aggregate function over the rows of a group (inside an
// [Aggregate] node) or over a window (inside a [Window] expression).
// Input is nil only for [AggCount] with no argument (COUNT(*)).
type Agg struct {
	Fn       AggFunc
	Input    Expr
	Distinct bool
}

// Window evaluates a ranking, offset or aggregate function over a window.
// Exactly one of Rank and Agg is set.
type Window struct {
	Rank RankFunc // row_number, rank, dense_rank, lag, lead
	Agg  *Agg     // sum, mean, min, max, count … as a window aggregate
	// Args holds the extra arguments of Rank: for lag/lead the input
	// expression, then an int64 Literal offset, then an optional default.
	Args        []Expr
	PartitionBy []Expr
	OrderBy     []SortKey
	// Frame applies to Agg: Running is ROWS BETWEEN UNBOUNDED PRECEDING
	// AND CURRENT ROW (needs OrderBy); Whole is the entire partition.
	Frame Frame
}

// Frame is the window frame of an aggregate window expression.
type Frame uint8

const (
	// FrameWhole spans the whole partition.
	FrameWhole Frame = iota
	// FrameRunning spans from the partition's first row to the current row.
	FrameRunning
)

// SortKey orders rows by Expr.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// NamedExpr is an output column: an expression and the name it gets.
type NamedExpr struct {
	Name string
	Expr Expr
}

func (ColumnRef) exprNode() {}
func (Literal) exprNode()   {}
func (Call) exprNode()      {}
func (Cast) exprNode()      {}
func (Case) exprNode()      {}
func (Agg) exprNode()       {}
func (Window) exprNode()    {}
