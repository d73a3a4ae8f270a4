// Package sea holds the JSON messages of the Databricks SQL Statement Execution
// API (SEA) exactly as they travel on the wire, plus the enums and small helpers
// that both ends need (wait-timeout parsing, type names, error bodies).
//
// The same structs are used by the local warehouse (package warehouse) and by
// the kernel client. Because a server and a client that share one struct could
// agree on a mistake, the golden fixtures in testdata/ are taken verbatim from
// the protocol reference and every message shape is checked against them.
//
// This package is pure Go and must stay free of cgo dependencies.
package sea
