// Package mongo holds the tests of the MongoDB frames engine
// (frames/engines/mongo) against a real server: FerretDB v1.24 with its
// SQLite backend, embedded in the test binary, on a temporary directory
// and a free port. It is a module of its own so that FerretDB's
// dependencies (and the v1 MongoDB driver it uses) stay out of sealane's
// go.mod; `make test` runs it (see the Makefile's go-test target).
package mongo
