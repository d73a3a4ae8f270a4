package sqlfront

// VARIANT edits and schemas: Go scalar functions of the engine
// (warehouse/variantjson, registered from warehouse/sqlfuncs as sl_…), since
// DuckDB's JSON functions cannot edit at a path or recurse. A value to
// store is turned into JSON by to_json (a string becomes a JSON string, a
// VARIANT stays as it is, NULL stays NULL); the results are JSON again.

func init() {
	edit := func(name string, min, max int, byArity map[int]string) {
		catalog[name] = fn{min: min, max: max, byArity: byArity}
	}
	for _, p := range []string{"", "try_"} {
		edit(p+"variant_set", 3, 4, map[int]string{
			3: "json(sl_" + p + "variant_set($1, $2, to_json($3), true))",
			4: "json(sl_" + p + "variant_set($1, $2, to_json($3), $4))",
		})
		edit(p+"variant_insert", 3, 3, map[int]string{3: "json(sl_" + p + "variant_insert($1, $2, to_json($3)))"})
		edit(p+"variant_array_append", 3, 3, map[int]string{3: "json(sl_" + p + "variant_array_append($1, $2, to_json($3)))"})
	}
	catalog["variant_delete"] = fn{min: 2, max: -1, to: "json(sl_variant_delete($*))"}
	catalog["variant_strip_nulls"] = fn{min: 1, max: 2, to: "json(sl_variant_strip_nulls($1, $2))",
		byArity: map[int]string{1: "json(sl_variant_strip_nulls($1, true))"}}
	// A struct, map or array as a VARIANT object/array, keys sorted as
	// Spark's VARIANT keeps them (a recursive set at $ re-encodes).
	catalog["to_variant_object"] = fn{min: 1, max: 1, to: "json(sl_variant_set('null', '$', to_json($1), true))"}
	catalog["schema_of_variant"] = fn{min: 1, max: 1, to: "sl_schema_of_variant($1)"}
	// The group's values as one JSON array, whose merged schema is the answer.
	catalog["schema_of_variant_agg"] = fn{min: 1, max: 1, to: "sl_schema_of_variant_agg(to_json(list($1)))"}

	sparkFuncs["variant_set"] = sparkFunc{first: 3, defaults: []string{"true"}}
	sparkFuncs["try_variant_set"] = sparkFunc{first: 3, defaults: []string{"true"}}
	sparkFuncs["variant_strip_nulls"] = sparkFunc{first: 1, defaults: []string{"true"}}
	// Without the type argument (with it, see sparkName's special cases).
	sparkFuncs["variant_get"] = sparkFunc{}
	sparkFuncs["try_variant_get"] = sparkFunc{}
}
