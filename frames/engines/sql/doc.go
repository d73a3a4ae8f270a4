// Package sql is the frames engine for SQL databases reached through
// database/sql: PostgreSQL (the pgx driver) and SQLite (the pure-Go
// modernc.org/sqlite driver). Plans compile to one query in the database's
// dialect (package frames/sqlgen) and run there; results stream back as
// Arrow record batches built from the rows as they arrive.
//
// Sources are tables of the database (frames.Table), named queries
// (Engine.AddQuery) and in-memory frames. In-memory sources are copied, for
// the one execution, into temporary tables of the connection that runs the
// query — COPY FROM STDIN (pgx CopyFrom) on PostgreSQL, batched
// multi-row INSERTs on SQLite — with a row-order column, inside a
// transaction that is rolled back afterwards, so nothing is left behind and
// there is no row limit.
//
// Capabilities are declared per dialect (see sqlgen.Capabilities):
// PostgreSQL runs every operation but file scans; SQLite also lacks
// explode (no list type), Unicode lower/upper (its built-ins fold ASCII
// only) and the median, std, var, first and last aggregates. SQLite keeps
// dates and timestamps as ISO-8601 text and decimals as NUMERIC (REAL or
// INTEGER storage: not exact).
package sql
