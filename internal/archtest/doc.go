// Package archtest holds tests that enforce the project's architecture
// rules; it has no non-test code.
package archtest
