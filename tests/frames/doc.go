// Package frames holds cross-engine tests of sealane's typed frames: one
// frame run on every engine (stub, native DuckDB, SQLite, the warehouse
// through the kernel) must give the same rows, and every sink the same
// bytes. It has no code of its own.
package frames
