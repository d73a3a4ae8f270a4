package plan

import (
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
)

// Node is one operation of a logical plan. The set of node kinds is closed
// (the types in this file); engines switch over them.
type Node interface {
	// Op names the operation (for capabilities, errors and Explain).
	Op() Op
	// Schema is the output schema, derived when the node was built.
	Schema() *arrow.Schema
	// Inputs are the child nodes, left to right.
	Inputs() []Node
}

// SourceKind says where a [Source]'s rows come from.
type SourceKind string

// Source kinds.
const (
	// SourceRecords: Arrow record batches held in memory (FromRows,
	// FromArrow, FromColumns). They can be read any number of times.
	SourceRecords SourceKind = "records"
	// SourceFile: files scanned by the engine (Format, Paths).
	SourceFile SourceKind = "file"
	// SourceTable: a table known to the engine by name (Table).
	SourceTable SourceKind = "table"
)

// Format is a file format for scans and sinks.
type Format string

// File formats.
const (
	FormatParquet Format = "parquet"
	FormatCSV     Format = "csv"
	FormatNDJSON  Format = "ndjson"
	FormatIPC     Format = "ipc" // Arrow IPC file or stream
)

// Source is a leaf: rows from memory, files or a named table.
type Source struct {
	Kind SourceKind
	// ID identifies the source within a process; engines may use it to
	// cache registrations. Two Sources with the same ID hold the same data.
	ID      string
	Records []arrow.RecordBatch // SourceRecords; retained by the Source
	Format  Format              // SourceFile
	Paths   []string            // SourceFile
	// CSVHeader, CSVDelimiter apply to CSV scans.
	CSVHeader    bool
	CSVDelimiter rune
	Table        string // SourceTable: a possibly qualified table name
	Out          *arrow.Schema

	release *sync.Once // record sources built by NewSource
}

// Project computes one output column per expression. It is the node for
// select, with_columns, drop, rename and cast; OpKind records which one the
// user asked for (so capabilities and Explain speak the user's language).
// Expressions may contain [Window]s (then Op is OpWindow) but no [Agg]
// outside a window.
type Project struct {
	Input  Node
	OpKind Op
	Exprs  []NamedExpr
	Out    *arrow.Schema
}

// Filter keeps the rows for which Pred is true (NULL counts as false).
type Filter struct {
	Input Node
	Pred  Expr
}

// Sort orders rows by Keys; ties keep no particular order unless Stable.
type Sort struct {
	Input  Node
	Keys   []SortKey
	Stable bool
}

// Keep says which row of a group of duplicates [Distinct] keeps.
type Keep string

// Keep choices.
const (
	KeepAny   Keep = "any"
	KeepFirst Keep = "first" // in input order
	KeepLast  Keep = "last"  // in input order
	KeepNone  Keep = "none"  // drop every row that has a duplicate
)

// Distinct removes duplicate rows, comparing Subset columns (all columns
// when empty). NULLs compare equal to each other here. With KeepFirst or
// KeepLast the input order of the kept rows is preserved.
type Distinct struct {
	Input  Node
	Subset []string
	Keep   Keep
}

// Slice keeps Length rows starting at Offset, in input order. A negative
// Offset counts from the end (tail); Length < 0 means to the end.
type Slice struct {
	Input  Node
	Offset int64
	Length int64
}

// FillStrategy says how [FillNull] replaces NULLs.
type FillStrategy string

// Fill strategies. Forward and Backward follow the input order.
const (
	FillValue    FillStrategy = "value"
	FillForward  FillStrategy = "forward"
	FillBackward FillStrategy = "backward"
	FillMin      FillStrategy = "min"
	FillMax      FillStrategy = "max"
	FillMean     FillStrategy = "mean"
	FillZero     FillStrategy = "zero"
	FillOne      FillStrategy = "one"
)

// FillNull replaces NULLs in Columns (all when empty) by Strategy; Value is
// the fill value for FillValue. Columns whose type the strategy or value
// does not fit are left alone.
type FillNull struct {
	Input    Node
	Columns  []string
	Strategy FillStrategy
	Value    *Literal
	Out      *arrow.Schema
}

// DropNulls removes rows with a NULL in any of Subset (all columns when
// empty).
type DropNulls struct {
	Input  Node
	Subset []string
}

// JoinKind is the kind of a [Join].
type JoinKind string

// Join kinds.
const (
	JoinInner JoinKind = "inner"
	JoinLeft  JoinKind = "left"
	JoinRight JoinKind = "right"
	JoinFull  JoinKind = "full"
	JoinSemi  JoinKind = "semi"
	JoinAnti  JoinKind = "anti"
	JoinCross JoinKind = "cross"
)

// Join combines Left and Right on equal keys (LeftOn[i] = RightOn[i]).
// Output: every left column, then every right column except the right keys
// (for inner/left joins; right/full joins coalesce the keys into the left
// key names); right names that clash with left names get Suffix. Semi and
// anti joins output only the left columns. With NullsEqual, NULL keys match
// each other.
type Join struct {
	Left, Right     Node
	Kind            JoinKind
	LeftOn, RightOn []string
	Suffix          string
	NullsEqual      bool
	Out             *arrow.Schema
}

// Aggregate groups by Keys and computes Aggs (each an [Agg], possibly
// inside arithmetic) per group. With no Keys it produces one row.
type Aggregate struct {
	Input Node
	Keys  []NamedExpr
	Aggs  []NamedExpr
	Out   *arrow.Schema
}

// Pivot turns the distinct values of On into columns. Because the output
// schema must be known when the plan is built, the values to pivot on are
// given (Values); rows with other values are ignored. Each output column is
// Agg of ValueCol over the rows of an Index group whose On equals the value;
// the columns are named after the values.
type Pivot struct {
	Input    Node
	Index    []string
	On       string
	Values   []Literal
	ValueCol string
	Agg      AggFunc
	Out      *arrow.Schema
}

// Melt (unpivot) turns ValueVars into rows of (VariableName, ValueName),
// repeating IDVars. ValueVars must share a type.
type Melt struct {
	Input        Node
	IDVars       []string
	ValueVars    []string
	VariableName string
	ValueName    string
	Out          *arrow.Schema
}

// Explode repeats each row once per element of the list column Column,
// which becomes the element type. Empty and NULL lists give one row with a
// NULL element.
type Explode struct {
	Input  Node
	Column string
	Out    *arrow.Schema
}

// ConcatHow is the direction of a [Concat].
type ConcatHow string

// Concat directions.
const (
	ConcatVertical   ConcatHow = "vertical"   // same schema; rows of each input in turn
	ConcatHorizontal ConcatHow = "horizontal" // distinct column names; rows side by side by position, shorter inputs padded with NULL
)

// Concat stacks inputs vertically or places them side by side.
type Concat struct {
	Items []Node
	How   ConcatHow
	Out   *arrow.Schema
}

// SetOpKind is the kind of a [SetOp].
type SetOpKind string

// Set operations.
const (
	SetUnion     SetOpKind = "union"
	SetIntersect SetOpKind = "intersect"
	SetExcept    SetOpKind = "except"
)

// SetOp is UNION / INTERSECT / EXCEPT of two inputs with equal schemas;
// All keeps duplicates (UNION ALL …), otherwise the result is distinct.
type SetOp struct {
	Left, Right Node
	Kind        SetOpKind
	All         bool
}
