// Package duckdb is the native execution engine of sealane's typed frames:
// an embedded DuckDB database driven through duckdb-go's Arrow interface.
//
// Plans are compiled to one DuckDB SQL query by package sqlgen. In-memory
// record sources are handed to DuckDB zero-copy as Arrow views (registered
// afresh for every execution and every reference, since a registered view
// can be read only once); Arrow IPC files are registered the same way;
// Parquet, CSV and NDJSON files are read by DuckDB itself. Results come back
// as Arrow record batches with exactly the plan's schema. File sinks use
// DuckDB's COPY and are written atomically.
//
// Importing the package registers the engine as "duckdb" and makes it the
// process default engine. It is a cgo leaf: nothing but programs and tests
// may import it. Build with -tags duckdb_arrow (the Makefile sets it).
package duckdb
