package sqlfront

import "strings"

// JSON functions that read a schema written as Spark DDL ('a INT, b
// DOUBLE' or 'STRUCT<…>'): the schema becomes the DuckDB type the JSON is
// cast to.

func init() {
	higherOrder["from_json"] = fromJSON
	higherOrder["get_json_object"] = jsonWildcard
	// The schema Spark's JSON reader infers (options are not read).
	catalog["schema_of_json"] = fn{min: 1, max: 1, to: "sl_schema_of_json($1)"}
}

// fromJSON writes from_json(json, schema) for a literal schema as a cast
// of the parsed JSON to the schema's type: a field whose value does not
// fit is NULL, text that is not JSON gives NULL (Spark's PERMISSIVE mode
// gives a struct of NULLs there). Options (a third argument) are left to
// DuckDB, which refuses them.
func fromJSON(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	schema, ok := r.stringArg(args[1])
	if !ok {
		return "", false
	}
	duck, ok := ddlSchemaType(schema)
	if !ok {
		return "", false
	}
	return "TRY_CAST(sl_try_parse_json(" + r.argText(args[:1])[0] + ") AS " + duck + ")", true
}

// ddlSchemaType renders a Spark DDL schema — a type, or a list of fields
// (name type, …) read as a STRUCT — as a DuckDB type.
func ddlSchemaType(schema string) (string, bool) {
	text := strings.TrimSpace(schema)
	if text == "" {
		return "", false
	}
	upper := strings.ToUpper(text)
	if !strings.HasPrefix(upper, "STRUCT<") && !strings.HasPrefix(upper, "ARRAY<") && !strings.HasPrefix(upper, "MAP<") {
		text = "STRUCT<" + text + ">"
	}
	toks, err := tokenize(text)
	if err != nil {
		return "", false
	}
	p := &typeParse{r: newRewriter(toks, Options{})}
	duck, ok := p.parse()
	if !ok || p.k != len(p.r.sig) {
		return "", false
	}
	return duck, true
}

// jsonWildcard writes get_json_object(json, path) for a literal path with a
// wildcard ($[*].a): Spark answers the matches as one JSON array text,
// DuckDB a list. Other paths are the catalog's.
func jsonWildcard(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	path, ok := r.stringArg(args[1])
	if !ok || !strings.Contains(path, "*") {
		return "", false
	}
	a := r.argText(args)
	return "CAST(to_json(json_extract(" + a[0] + ", " + a[1] + ")) AS VARCHAR)", true
}
