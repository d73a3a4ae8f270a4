// Package duckengine implements the warehouse's engine seam on embedded
// DuckDB through duckdb-go's Arrow interface. It is a cgo leaf: nothing in the
// kernel or its Go faces may import it. Build with -tags duckdb_arrow (the
// Makefile sets it).
package duckengine
