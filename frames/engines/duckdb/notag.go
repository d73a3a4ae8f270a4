//go:build !duckdb_arrow

package duckdb

// Building without the duckdb_arrow tag fails here with a message that names
// the fix: build with -tags duckdb_arrow (the Makefile sets GOFLAGS).
var _ = build_with_tags_duckdb_arrow
