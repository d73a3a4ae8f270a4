// Package faults injects failures into the local warehouse (sealane serve) so
// that the client kernel and the benchmarks can be exercised against a server
// that misbehaves on demand.
//
// A Config describes the faults: fixed latency on API calls and on presigned
// downloads, a slow status endpoint, HTTP errors on chosen calls (Rule), a
// bandwidth cap on download bodies, connections that are reset part-way
// through a download, and links that expire before their advertised
// expiration (read by the warehouse itself, see Config.LinkLifetime).
//
// An Injector applies a Config as net/http middleware. Every random decision
// draws from one mutex-protected PCG generator seeded with Config.Seed, so a
// run is reproducible for a given seed and order of calls.
//
// Injected API errors carry the Databricks REST error body
// ({"error_code": ..., "message": ...}, see package sea); injected download
// errors carry a cloud-storage style XML body, as presigned URLs do.
//
// This package is pure Go and uses only the standard library.
package faults
