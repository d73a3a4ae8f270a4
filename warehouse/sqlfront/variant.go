package sqlfront

import "strings"

// VARIANT over DuckDB's JSON: parse_json keeps the JSON text (validated),
// and the functions that read a VARIANT into a SQL type read the JSON.
// A VARIANT result itself is typed STRING by the warehouse, not VARIANT.

func init() {
	catalog["parse_json"] = fn{min: 1, max: 1, to: "json($1)"}
	catalog["try_parse_json"] = fn{min: 1, max: 1, to: "sl_try_parse_json($1)"}
	// A VARIANT null is the JSON null, not SQL's NULL.
	catalog["is_variant_null"] = fn{min: 1, max: 1, to: "coalesce(json_type($1) = 'NULL', false)"}
	// Every value parse_json makes is a valid VARIANT.
	catalog["is_valid_variant"] = fn{min: 1, max: 1, to: "(CASE WHEN ($1) IS NULL THEN NULL ELSE true END)"}
	higherOrder["variant_get"] = variantGet(false)
	higherOrder["try_variant_get"] = variantGet(true)
}

// variantTypes maps the type names variant_get takes to DuckDB's.
var variantTypes = map[string]string{
	"boolean": "BOOLEAN", "tinyint": "TINYINT", "byte": "TINYINT", "smallint": "SMALLINT", "short": "SMALLINT",
	"int": "INTEGER", "integer": "INTEGER", "bigint": "BIGINT", "long": "BIGINT", "float": "FLOAT",
	"double": "DOUBLE", "date": "DATE", "timestamp": "TIMESTAMPTZ", "timestamp_ntz": "TIMESTAMP",
}

// variantGet writes variant_get/try_variant_get(v, path[, type]) for a
// literal type: the value at the path cast to it (a string reads a JSON
// string's text), NULL where the path leads nowhere. Without a type the
// value stays JSON.
func variantGet(try bool) func(r *rewriter, args [][2]int) (string, bool) {
	return func(r *rewriter, args [][2]int) (string, bool) {
		if len(args) != 2 && len(args) != 3 {
			return "", false
		}
		a := r.argText(args[:2])
		if len(args) == 2 {
			return "json_extract(" + a[0] + ", " + a[1] + ")", true
		}
		typ, ok := r.stringArg(args[2])
		if !ok {
			return "", false
		}
		typ = strings.ToLower(strings.TrimSpace(typ))
		if typ == "string" {
			return "json_extract_string(" + a[0] + ", " + a[1] + ")", true
		}
		duck, ok := variantTypes[typ]
		if !ok {
			return "", false
		}
		cast := "CAST("
		if try {
			cast = "TRY_CAST("
		}
		return cast + "json_extract(" + a[0] + ", " + a[1] + ") AS " + duck + ")", true
	}
}
