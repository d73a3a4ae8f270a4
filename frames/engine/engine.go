// Package engine is the execution-engine seam of sealane's typed frames.
//
// A frame (package frames) holds a logical plan (package plan) and the
// Engine that will run it; every transform is checked against that engine's
// Capabilities when it is built, and every materialisation — Collect,
// streaming, sinks, Explain — goes through the engine's interfaces here.
// Nothing else in the frames package touches DuckDB, the kernel or any other
// backend.
//
// The seam is a few small interfaces rather than one wide one:
//
//   - [Engine] (required): name, capabilities, Execute(plan) → Arrow stream.
//   - [SinkWriter] (optional): write a plan's result straight to a file in
//     the engine (e.g. DuckDB's COPY); without it frames streams Execute's
//     batches through its own writers.
//   - [Explainer] (optional): the engine's own rendering of a plan (SQL).
//   - [SchemaInferrer] (optional): schemas of file and table sources.
//
// Engines report anything they cannot run with an error matching
// [ErrUnsupported] (use [Unsupported] to build it). Third-party engines
// implement these interfaces and prove themselves with the behavioural
// contract suite in package frames/contract; docs/ENGINES.md is the guide.
package engine

import (
	"context"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/plan"
)

// Engine runs logical plans.
type Engine interface {
	// Name identifies the engine in errors and Explain output.
	Name() string
	// Capabilities lists the operations, functions and formats the engine
	// supports. The frames package consults it while building plans; the
	// engine must still reject anything it cannot run in Execute.
	Capabilities() *Capabilities
	// Execute runs the plan and returns its rows as a stream whose schema
	// equals root.Schema(). The reader must stop and release resources on
	// Release even if not drained, and must honour ctx for its whole life:
	// when ctx ends, work stops and Err reports ctx's error.
	Execute(ctx context.Context, root plan.Node) (array.RecordReader, error)
}

// SinkOptions configures a file sink.
type SinkOptions struct {
	// Compression: for Parquet "snappy" (default), "zstd", "gzip", "lz4",
	// "uncompressed"; for Arrow IPC "lz4", "zstd" or "" (none); for CSV and
	// NDJSON "gzip" or "" (none).
	Compression string
	// CSVHeader writes a header line (CSV). Default true through frames.
	CSVHeader bool
	// CSVDelimiter separates CSV fields (default ',').
	CSVDelimiter rune
	// RowGroupRows caps rows per Parquet row group (0: the writer's default).
	RowGroupRows int64
}

// SinkWriter is implemented by engines that write a plan's result to a file
// themselves. Implementations must write atomically: the file at path
// appears complete or not at all (write a temporary file in the same
// directory and rename it), and must return an error matching
// ErrUnsupported, before writing anything, for formats or options they do
// not handle, so that frames can fall back to streaming Execute's output.
type SinkWriter interface {
	WriteFile(ctx context.Context, root plan.Node, format plan.Format, path string, opts SinkOptions) error
}

// Explainer is implemented by engines that can show how they will run a
// plan (for SQL engines: the SQL text).
type Explainer interface {
	Explain(root plan.Node) (string, error)
}

// SchemaInferrer is implemented by engines that can read the schema of a
// file or table source before the plan runs.
type SchemaInferrer interface {
	InferSchema(ctx context.Context, src *plan.Source) (*arrow.Schema, error)
}

// ShapeChecker is implemented by engines whose support of an operation or
// function depends on where it appears or on its arguments, which the
// capability table cannot say: the MongoDB engine on a server without
// aggregation expressions runs a comparison of a column with a constant in
// a filter (a query-language $match) but not as a computed column.
// [CheckNode] calls CheckShape after the table check, so frames rejects
// such plans when they are built; the error must match [ErrUnsupported]
// (use [Unsupported]) and name the engine and the operation or function.
type ShapeChecker interface {
	CheckShape(n plan.Node) error
}

// Closer is implemented by engines that hold resources (connections,
// databases); frames never closes an engine itself.
type Closer = io.Closer
