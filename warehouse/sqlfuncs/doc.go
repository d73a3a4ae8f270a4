// Package sqlfuncs holds the Go implementations of Databricks SQL functions
// that DuckDB has no primitive for (checksums and Spark's hashes, AES,
// HMAC, base conversions, UTF-8 repair, bitmaps, vectors, XPath, WKB
// geometry, count-min and top-k, and the sketch functions), as a registry
// of scalar functions over plain Go values.
//
// The package is pure Go and knows nothing of DuckDB: each Func names its
// argument and result types by DuckDB type name and evaluates one row from
// the Go values duckdb-go hands a scalar UDF (string, []byte, int32,
// int64, float32, float64, bool, []any for a list). The DuckDB leaf
// (package duckengine) registers every function of All on the database;
// the front end (package sqlfront) maps each Databricks name to the
// function's Name through its catalog.
//
// Sketches: hll_*, theta_*, tuple_* and kll_* functions keep their state in
// a binary format of this package (see sketch.go), not Apache DataSketches'.
// The format is exact: it holds every distinct key (or value), so the
// estimates, quantiles and counts it answers are exact, and they equal
// Spark's answers wherever DataSketches is exact too (small inputs). The
// bytes themselves differ from Spark's: a sketch made here cannot be read
// by Spark, nor one of Spark's here.
package sqlfuncs
