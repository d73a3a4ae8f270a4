// Package warehouse is a frames execution engine that pushes plans down to a
// Databricks SQL warehouse through the kernel.
//
// Plans are compiled to one Databricks SQL query by package sqlgen and run
// with [kernel.Conn.Query]; results stream back as Arrow with exactly the
// plan's schema. Table sources and Parquet, CSV and NDJSON file sources
// (read_files / parquet.`path`, paths as the warehouse sees them) run
// directly. In-memory record sources have to travel inside the SQL text:
// up to a row limit (WithInlineRows, default 1000) they are sent as an
// inline VALUES table; larger ones are refused when the frame is built
// (Capabilities().MaxRecordRows, like every other capability), with the
// advice to write them to a table first. Arrow IPC scans and file sinks
// are not supported: frames streams sinks from Execute.
//
// The package is pure Go (no cgo): it builds with CGO_ENABLED=0.
package warehouse
