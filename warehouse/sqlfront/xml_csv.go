package sqlfront

import (
	"strconv"
	"strings"
)

// concat_ws takes arrays among its arguments, and CSV rows with a DDL
// schema are split and cast by position (from_csv). The XML functions other
// than XPath fail with UNSUPPORTED_FEATURE (see unsupported_funcs.go).

func init() {
	higherOrder["from_csv"] = fromCSV
	higherOrder["concat_ws"] = concatWS
}

// concatWS writes concat_ws(sep, x, …) with each argument through sl_cws,
// so that an array argument contributes its elements, as in Spark (DuckDB
// would print the array).
func concatWS(r *rewriter, args [][2]int) (string, bool) {
	if len(args) < 2 {
		return "", false
	}
	a := r.argText(args)
	var b strings.Builder
	b.WriteString("concat_ws(" + a[0])
	for _, x := range a[1:] {
		b.WriteString(", sl_cws(" + x + ", " + a[0] + ")")
	}
	b.WriteString(")")
	return b.String(), true
}

// fromCSV writes from_csv(text, schema) for a literal schema of primitive
// fields as a struct of each comma-separated field cast to its type (NULL
// where it does not parse, as in Spark's PERMISSIVE mode). Options (a third
// argument) are left to DuckDB, which has no from_csv.
func fromCSV(r *rewriter, args [][2]int) (string, bool) {
	if len(args) != 2 {
		return "", false
	}
	schema, ok := r.stringArg(args[1])
	if !ok {
		return "", false
	}
	src := r.argText(args[:1])[0]
	var b strings.Builder
	b.WriteString("CASE WHEN (" + src + ") IS NULL THEN NULL ELSE {")
	for i, field := range strings.Split(schema, ",") {
		name, typ, ok := strings.Cut(strings.TrimSpace(field), " ")
		duck, known := duckTypeNames[strings.ToLower(strings.TrimSpace(typ))]
		if !ok || !known || name == "" || strings.ContainsAny(name, "'\"`") {
			return "", false
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("'" + name + "': TRY_CAST(trim(string_split(" + src + ", ',')[" + strconv.Itoa(i+1) + "]) AS " + duck + ")")
	}
	b.WriteString("} END")
	return b.String(), true
}
