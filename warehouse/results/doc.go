// Package results turns an engine's Arrow batches into a statement result
// as the SQL Statement Execution API serves it: typed by typemap, encoded
// as Arrow IPC, CSV or JSON_ARRAY chunks, LZ4-framed when asked, held in a
// Store within a memory budget (spilling the rest to unlinked files), and
// described by a manifest.
//
// It knows nothing of HTTP, sessions or the catalog: the warehouse's
// composition root decides how chunks go out (attachments, data_array,
// links) from what a Result tells.
package results
