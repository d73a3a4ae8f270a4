package warehouse_test

import (
	"testing"

	"github.com/sealane/sealane/frames/contract"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/warehouse"
)

// localWarehouseGaps are contract cases whose Databricks SQL the local
// warehouse (sealane serve: Databricks SQL rewritten token by token onto
// DuckDB) cannot run faithfully yet. Each entry names the missing piece;
// they are gaps of the local warehouse, not of the SQL the engine writes,
// and each entry should go when the warehouse learns the construct. It is
// empty: every contract case runs on the local warehouse.
var localWarehouseGaps = map[string]string{}

// TestContract runs the behavioural contract suite on the warehouse engine:
// every plan is compiled to Databricks SQL and run by the local warehouse
// through the kernel. Record sources travel inline as VALUES (raised here
// above the seam checks' 50,000-row input).
func TestContract(t *testing.T) {
	newEngine := func(t *testing.T) engine.Engine { return newEnv(t, warehouse.WithInlineRows(60_000)).e }
	t.Run("seam", func(t *testing.T) { contract.RunSeam(t, newEngine) })
	for _, cs := range contract.Cases() {
		t.Run(cs.Name, func(t *testing.T) {
			if why, ok := localWarehouseGaps[cs.Name]; ok {
				t.Skip("local warehouse gap: " + why)
			}
			contract.RunCase(t, newEngine, cs)
		})
	}
}
