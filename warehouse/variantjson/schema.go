package variantjson

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// vtype is the schema of a VARIANT value as schema_of_variant prints it.
type vtype struct {
	kind   string // VOID, BOOLEAN, BIGINT, DECIMAL, DOUBLE, STRING, OBJECT, ARRAY, VARIANT
	p, s   int    // DECIMAL's precision and scale
	elem   *vtype
	fields map[string]*vtype
}

// Schema is schema_of_variant(v): the SQL type of a VARIANT value, e.g.
// ARRAY<OBJECT<a: BIGINT, b: BOOLEAN>>.
func Schema(v string) (string, error) {
	node, err := decode(v)
	if err != nil {
		return "", err
	}
	return typeOf(node).String(), nil
}

// SchemaAgg is schema_of_variant_agg over the values of a JSON array (the
// list of a group's values): the merged type of all of them.
func SchemaAgg(values string) (string, error) {
	node, err := decode(values)
	if err != nil {
		return "", err
	}
	arr, ok := node.([]any)
	if !ok {
		return "", fmt.Errorf("%w: not an array of values", ErrShape)
	}
	t := &vtype{kind: "VOID"}
	for _, e := range arr {
		t = merge(t, typeOf(e))
	}
	return t.String(), nil
}

func typeOf(node any) *vtype {
	switch n := node.(type) {
	case nil:
		return &vtype{kind: "VOID"}
	case bool:
		return &vtype{kind: "BOOLEAN"}
	case string:
		return &vtype{kind: "STRING"}
	case json.Number:
		return numberType(n.String())
	case []any:
		t := &vtype{kind: "VOID"}
		for _, e := range n {
			t = merge(t, typeOf(e))
		}
		return &vtype{kind: "ARRAY", elem: t}
	case map[string]any:
		t := &vtype{kind: "OBJECT", fields: map[string]*vtype{}}
		for k, c := range n {
			t.fields[k] = typeOf(c)
		}
		return t
	}
	return &vtype{kind: "VARIANT"}
}

// numberType types a JSON number as Spark's parse_json does: an integer
// that fits a long is BIGINT, a plain decimal that fits DECIMAL(38) is
// DECIMAL(p,s), anything else DOUBLE.
func numberType(text string) *vtype {
	t := strings.TrimPrefix(text, "-")
	if strings.ContainsAny(t, "eE") {
		return &vtype{kind: "DOUBLE"}
	}
	whole, frac, dot := strings.Cut(t, ".")
	if !dot {
		if len(whole) < 19 || len(whole) == 19 && whole <= "9223372036854775807" {
			return &vtype{kind: "BIGINT"}
		}
	}
	whole = strings.TrimLeft(whole, "0")
	p, s := len(whole)+len(frac), len(frac)
	if p < s || p == 0 {
		p = s
	}
	if p == 0 {
		p = 1
	}
	if p > 38 {
		return &vtype{kind: "DOUBLE"}
	}
	return &vtype{kind: "DECIMAL", p: p, s: s}
}

// merge is the type that holds values of a and b.
func merge(a, b *vtype) *vtype {
	switch {
	case a.kind == "VOID":
		return b
	case b.kind == "VOID":
		return a
	case a.kind == "DECIMAL" && b.kind == "DECIMAL":
		s := max(a.s, b.s)
		p := max(a.p-a.s, b.p-b.s) + s
		if p > 38 {
			return &vtype{kind: "DOUBLE"}
		}
		return &vtype{kind: "DECIMAL", p: p, s: s}
	case a.kind == "BIGINT" && b.kind == "DECIMAL", a.kind == "DECIMAL" && b.kind == "BIGINT":
		return merge(&vtype{kind: "DECIMAL", p: 19}, &vtype{kind: "DECIMAL", p: max(a.p, b.p), s: max(a.s, b.s)})
	case a.kind != b.kind:
		if numeric(a.kind) && numeric(b.kind) {
			return &vtype{kind: "DOUBLE"}
		}
		return &vtype{kind: "VARIANT"}
	case a.kind == "ARRAY":
		return &vtype{kind: "ARRAY", elem: merge(a.elem, b.elem)}
	case a.kind == "OBJECT":
		t := &vtype{kind: "OBJECT", fields: map[string]*vtype{}}
		for k, f := range a.fields {
			t.fields[k] = f
		}
		for k, f := range b.fields {
			if g, ok := t.fields[k]; ok {
				t.fields[k] = merge(g, f)
			} else {
				t.fields[k] = f
			}
		}
		return t
	}
	return a
}

func numeric(kind string) bool { return kind == "BIGINT" || kind == "DECIMAL" || kind == "DOUBLE" }

// String prints the type as Spark's schema_of_variant does.
func (t *vtype) String() string {
	switch t.kind {
	case "DECIMAL":
		return fmt.Sprintf("DECIMAL(%d,%d)", t.p, t.s)
	case "ARRAY":
		return "ARRAY<" + t.elem.String() + ">"
	case "OBJECT":
		keys := make([]string, 0, len(t.fields))
		for k := range t.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + t.fields[k].String()
		}
		return "OBJECT<" + strings.Join(parts, ", ") + ">"
	}
	return t.kind
}

// SchemaJSON is schema_of_json(json): the type Spark's JSON reader infers,
// e.g. ARRAY<STRUCT<col: BIGINT>>. Unlike a VARIANT's schema, objects are
// STRUCTs, numbers with a fraction or exponent DOUBLE, and a null, or a
// mix that has no common type, STRING.
func SchemaJSON(v string) (string, error) {
	node, err := decode(v)
	if err != nil {
		return "", err
	}
	return jsonString(jsonType(node)), nil
}

func jsonType(node any) *vtype {
	t := typeOf(node)
	return toJSONType(t)
}

// toJSONType turns a VARIANT schema into the JSON reader's.
func toJSONType(t *vtype) *vtype {
	switch t.kind {
	case "DECIMAL":
		return &vtype{kind: "DOUBLE"}
	case "ARRAY":
		return &vtype{kind: "ARRAY", elem: toJSONType(t.elem)}
	case "OBJECT":
		out := &vtype{kind: "OBJECT", fields: map[string]*vtype{}}
		for k, f := range t.fields {
			out.fields[k] = toJSONType(f)
		}
		return out
	}
	return t
}

// jsonString prints a JSON reader's schema: STRUCT for OBJECT, STRING for
// VOID and VARIANT.
func jsonString(t *vtype) string {
	switch t.kind {
	case "VOID", "VARIANT":
		return "STRING"
	case "ARRAY":
		return "ARRAY<" + jsonString(t.elem) + ">"
	case "OBJECT":
		keys := make([]string, 0, len(t.fields))
		for k := range t.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + jsonString(t.fields[k])
		}
		return "STRUCT<" + strings.Join(parts, ", ") + ">"
	}
	return t.String()
}
