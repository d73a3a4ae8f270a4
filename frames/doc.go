// Package frames is sealane's typed, lazy DataFrame API.
//
// A [Frame] is a logical plan (package plan) plus the engine that will run
// it (package engine). Transforms — Select, WithColumns, Filter, Sort,
// GroupBy(…).Agg, Join, windows, Pivot, Melt, Explode, Concat, set
// operations — build the plan and run nothing; each one resolves column
// names and types against its input's schema and checks the engine's
// capabilities at once, so mistakes are reported where they are made:
//
//	f := frames.ScanParquet(ctx, []string{"trips.parquet"}).
//		Filter(frames.Col("distance").Gt(0)).
//		WithColumns(frames.Col("fare").Div(frames.Col("distance")).Alias("per_km")).
//		GroupBy("vendor").
//		Agg(frames.Col("per_km").Mean(), frames.CountAll().Alias("trips"))
//	if err := f.Err(); err != nil { … } // e.g. frames: column "fare" not found (have: …)
//	fmt.Println(f.Schema())             // known before running
//	tbl, err := f.ToArrow(ctx)          // runs on the frame's engine
//
// A frame that failed to build keeps its error: further transforms return
// it unchanged, and terminal operations (Stream, ToArrow, Records, Count,
// Collect, WriteParquet …) return it without touching the engine. Errors
// match [ErrColumnNotFound], [ErrType], [ErrInvalid] or, for something the
// engine cannot run, [ErrUnsupported] (the message names the engine and
// the operation or function).
//
// # Engines
//
// Every frame carries its engine. Sources use the process default
// ([Default]: the engine given to [SetDefault], else the preferred
// registered one — import _ "github.com/sealane/sealane/frames/engines/duckdb"
// for the native DuckDB engine) or the one given with [On]; WithEngine
// moves a frame to another engine after checking the whole plan against
// it. This package never imports an engine implementation: everything it
// runs goes through the engine interfaces, so engines are swappable and
// third-party engines plug in the same way.
//
// # Expressions
//
// [Col] and [Lit] start expressions; methods combine them (Add, Gt, And,
// IsNull, In, Cast, Str().Lower(), Dt().Year(), …), [When] builds
// conditionals, aggregate methods (Sum, Mean, …) feed GroupBy(…).Agg, and
// Over/OrderBy turn aggregates and RowNumber/Rank/Lag … into window
// functions. NULLs follow SQL: comparisons and arithmetic with NULL give
// NULL, aggregates skip NULLs. Go int and float64 literals are untyped:
// they take the numeric type of the operand they meet.
//
// # Materialising
//
// Stream returns an array.RecordReader straight from the engine; ToArrow
// and Records collect; Count counts; the Write functions stream to files
// atomically; Explain shows the plan and which engine runs each part.
package frames
