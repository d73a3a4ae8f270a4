// Package warehouse is a local Databricks SQL warehouse: an HTTP server that
// speaks the Statement Execution API (SEA) faithfully — sessions, execute with
// wait_timeout semantics, polling, result chunks as inline attachments or
// signed external links, LZ4_FRAME, cancel and close — on top of an engine
// (embedded DuckDB through package duckengine).
//
// Server is the composition root: HTTP routing, handlers, request decoding
// and encoding, links and the auth chain, and the registry of sessions and
// statements. The concerns it composes are packages of their own: sessions
// (connections, namespace, confs, transactions, statement order),
// statements (lifecycle and execution), catalog (metadata answers and DDL
// bookkeeping) and results (chunk encoding, LZ4, the budgeted store).
//
// Data flow for one statement: the HTTP handler validates the request and
// creates a statement (PENDING); a goroutine waits for a slot under the
// concurrency cap (RUNNING), translates the SQL (package sqlfront), runs it on
// the session's engine connection, converts the Arrow batches to Databricks
// types (package typemap) and cuts them into chunks held in a bounded store
// that spills to disk (package results); the handler answers as soon as
// wait_timeout allows. Chunks are served inline, through the chunk endpoint,
// or through signed links that the warehouse itself serves.
package warehouse
