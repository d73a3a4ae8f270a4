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
// and each entry should go when the warehouse learns the construct.
var localWarehouseGaps = map[string]string{
	"logic/eq_null_safe":                             "the <=> operator is not translated (DuckDB reads it as a vector distance)",
	"join/inner_nulls_equal":                         "<=> in join conditions",
	"join/full_nulls_equal":                          "<=> in join conditions",
	"join/semi_nulls_equal":                          "<=> in join conditions",
	"join/anti_nulls_equal":                          "<=> in join conditions",
	"string/starts_with":                             "Databricks startswith() is not mapped to DuckDB starts_with()",
	"string/ends_with":                               "Databricks endswith() is not mapped to DuckDB ends_with()",
	"date/parts_of_dates":                            "dayofweek is Sunday=1 on Databricks, Sunday=0 on DuckDB; not translated",
	"agg/first_last_in_input_order":                  "min_by/max_by keep NULL values on Databricks; DuckDB's arg_min/arg_max skip them",
	"explode/empty_and_null_lists_give_one_null_row": "LATERAL VIEW posexplode_outer is not translated",
	"fill_null/forward_in_input_order":               "last_value(x, true) (ignore nulls) is not translated",
	"fill_null/backward_in_input_order":              "first_value(x, true) (ignore nulls) is not translated",
}

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
