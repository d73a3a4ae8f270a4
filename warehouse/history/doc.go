// Package history keeps the local warehouse's Query History: a bounded ring
// of the last N statements (text capped in bytes, parameters, state, error,
// timings, rows and bytes produced, client and user) and the HTTP handler
// answering GET /api/2.0/sql/history/queries the way Databricks documents
// it (filter_by, max_results, page_token/next_page_token, include_metrics).
//
// The warehouse feeds the ring through Log.Start, Log.Running and
// Log.Finish; the Log is safe for concurrent use and holds at most
// Size entries, whatever the statements were: each keeps at most TextBytes
// of statement text and parameter values together.
package history
