package sqlfront

import "strings"

// variantFuncs are the functions whose result is a VARIANT (kept as JSON by
// the engine, which the warehouse would otherwise type STRING); variant_get
// and try_variant_get only without their type argument.
var variantFuncs = map[string]bool{
	"parse_json": true, "try_parse_json": true, "to_variant_object": true,
	"variant_set": true, "try_variant_set": true, "variant_insert": true, "try_variant_insert": true,
	"variant_delete": true, "variant_strip_nulls": true,
	"variant_array_append": true, "try_variant_array_append": true,
	"variant_get": true, "try_variant_get": true,
}

// variantColumns returns the 0-based positions of the select-list items
// that are typed VARIANT on Databricks: a call of a VARIANT function or a
// reference to a VARIANT table column (variantcols_table.go), optionally
// aliased, and the VARIANT columns a star expands to. Like voidColumns it
// reads a single plain SELECT only: with a set operation, a WITH clause or
// several statements it returns nil, and a star it cannot expand ends the
// list.
func (r *rewriter) variantColumns() []int {
	return r.starItemColumns(func(start, end int) bool {
		return r.isVariantItem(start, end) || r.isVariantColumnItem(start, end)
	}, r.starVariantColumns)
}

// itemColumns returns the 0-based positions of the select-list items whose
// significant tokens [start, end) match, for a single plain SELECT (nil
// otherwise, see variantColumns; nil too when the list has a star).
func (r *rewriter) itemColumns(match func(start, end int) bool) []int {
	return r.starItemColumns(match, nil)
}

// starItemColumns is itemColumns where star, when not nil, tells the
// columns a star item [start, end) expands to (true where one matches);
// when it cannot (ok false) the positions before the star are returned.
func (r *rewriter) starItemColumns(match func(start, end int) bool, star func(start, end int) (cols []bool, ok bool)) []int {
	if !r.sigTok(0).isKeyword("SELECT") {
		return nil
	}
	k := 1
	if t := r.sigTok(k); t.isKeyword("DISTINCT") || t.isKeyword("ALL") {
		k++
	}
	var out []int
	items, start, depth := 0, k, 0
	stopped := false
	flush := func(end int) bool {
		if r.sigTok(end - 1).isPunct('*') {
			if star == nil {
				return false
			}
			cols, ok := star(start, end)
			if !ok {
				stopped = true
				return false
			}
			for _, m := range cols {
				if m {
					out = append(out, items)
				}
				items++
			}
			return true
		}
		if match(start, end) {
			out = append(out, items)
		}
		items++
		return true
	}
	for ; k < len(r.sig); k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			depth--
		case depth > 0:
		case t.isPunct(';'):
			if k+1 < len(r.sig) {
				return nil // several statements
			}
			if !flush(k) {
				return r.partial(stopped, out)
			}
			return out
		case t.kind == tokWord && (strings.EqualFold(t.text, "UNION") || strings.EqualFold(t.text, "INTERSECT") ||
			strings.EqualFold(t.text, "EXCEPT") || strings.EqualFold(t.text, "MINUS")):
			return nil
		case t.isKeyword("GROUP") && r.sigTok(k-1).isKeyword("WITHIN"):
			// an ordered-set aggregate's WITHIN GROUP (…)
		case t.kind == tokWord && isKeywordIn(selectListEnd, t.text):
			if !flush(k) {
				return r.partial(stopped, out)
			}
			for k++; k < len(r.sig); k++ { // the rest may not combine queries
				if w := r.sigTok(k); w.kind == tokWord && (strings.EqualFold(w.text, "UNION") ||
					strings.EqualFold(w.text, "INTERSECT") || strings.EqualFold(w.text, "EXCEPT")) {
					return nil
				}
			}
			return out
		case t.isPunct(','):
			if !flush(k) {
				return r.partial(stopped, out)
			}
			start = k + 1
		}
	}
	if !flush(k) {
		return r.partial(stopped, out)
	}
	return out
}

// partial is what starItemColumns returns when a flush fails: the
// positions found so far when a star stopped the walk (the items before it
// are placed right) in a statement that combines no queries and is alone,
// nil otherwise.
func (r *rewriter) partial(stopped bool, out []int) []int {
	if !stopped {
		return nil
	}
	for k := range r.sig {
		t := r.sigTok(k)
		if t.kind == tokWord && (strings.EqualFold(t.text, "UNION") || strings.EqualFold(t.text, "INTERSECT") ||
			strings.EqualFold(t.text, "EXCEPT") || strings.EqualFold(t.text, "MINUS")) ||
			t.isPunct(';') && k+1 < len(r.sig) {
			return nil
		}
	}
	return out
}

// isVariantItem reports whether significant tokens [start, end) are
// name(…) of a VARIANT function, optionally followed by [AS] alias.
func (r *rewriter) isVariantItem(start, end int) bool {
	name := r.sigTok(start)
	if name.kind != tokWord || !variantFuncs[strings.ToLower(name.text)] || !r.sigTok(start+1).isPunct('(') {
		return false
	}
	depth, args, k := 0, 1, start+1
	for ; k < end; k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			depth--
		case depth == 1 && t.isPunct(','):
			args++
		}
		if depth == 0 {
			break
		}
	}
	if k >= end {
		return false
	}
	switch rest := end - k - 1; {
	case rest == 0:
	case rest == 1 && r.sigTok(k+1).isIdent():
	case rest == 2 && r.sigTok(k+1).isKeyword("AS") && r.sigTok(k+2).isIdent():
	default:
		return false
	}
	if lower := strings.ToLower(name.text); lower == "variant_get" || lower == "try_variant_get" {
		return args == 2
	}
	return true
}
