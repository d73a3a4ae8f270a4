//go:build duckdb_arrow

package duckdb_test

import (
	"context"
	"testing"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/duckdb"
)

// TestContract runs the behavioural contract suite against the native
// DuckDB engine: one in-memory database per subtest, closed by the suite.
func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) engine.Engine {
		e, err := duckdb.New(context.Background(), duckdb.WithThreads(2))
		if err != nil {
			t.Fatal(err)
		}
		return e
	})
}
