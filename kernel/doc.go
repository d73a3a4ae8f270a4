// Package kernel is sealane's pure-Go client for the Databricks SQL
// Statement Execution API (SEA): sessions, execute (direct results by
// default, no wasted round trips), asynchronous submit with adaptive polling,
// cancellation that reaches the server, and results streamed as Apache Arrow
// from inline attachments or CloudFetch external links.
//
// Connect opens a session; Conn.Query runs a statement and returns an
// array.RecordReader whose lifetime is independent of the statement;
// Conn.Submit returns a Handle to wait on, poll or cancel. Errors are *Error
// values carrying the HTTP status, error code, SQLSTATE and statement id,
// and match the sentinel classes with errors.Is; a result reader's errors
// are *ResultError.
//
// The kernel owns every statement's life on the server: whatever way a
// statement is left (its context ends during execute, poll or read, a poll
// fails, its reader or Handle is released, the Conn is closed) it is
// cancelled while it may run and closed while it may hold a result, in the
// background and bounded by Config.CleanupTimeout. Conn.Close never waits
// for a statement; readers still open outlive it, and the session is
// deleted after the last one is released.
//
// Credentials come from kernel/auth (Config.Auth, or Config.AuthType with
// AccessToken and OAuth, from which Connect builds one).
//
// The package builds with CGO_ENABLED=0.
package kernel
