package sqlfront

import "strings"

// selectListEnd are the keywords that end a select list at depth 0.
var selectListEnd = map[string]bool{
	"FROM": true, "WHERE": true, "GROUP": true, "HAVING": true, "ORDER": true, "LIMIT": true,
	"QUALIFY": true, "WINDOW": true, "OFFSET": true, "SORT": true, "CLUSTER": true, "DISTRIBUTE": true,
}

// voidColumns returns the 0-based positions of the select-list items that
// are a bare NULL literal (optionally aliased), which Databricks types VOID.
// It only looks at a single plain SELECT statement: with a set operation,
// a star in the select list, a WITH clause or several statements it returns
// nil, since positions or types could not be told from the text.
func (r *rewriter) voidColumns() []int {
	if !r.sigTok(0).isKeyword("SELECT") {
		return nil
	}
	k := 1
	if t := r.sigTok(k); t.isKeyword("DISTINCT") || t.isKeyword("ALL") {
		k++
	}
	var items [][]token
	var cur []token
	depth, ended := 0, false
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
			ended = true
		case t.kind == tokWord && (strings.EqualFold(t.text, "UNION") || strings.EqualFold(t.text, "INTERSECT") ||
			strings.EqualFold(t.text, "EXCEPT") || strings.EqualFold(t.text, "MINUS")):
			return nil
		case t.kind == tokWord && selectListEnd[strings.ToUpper(t.text)]:
			ended = true
		case t.isPunct(',') && !ended:
			items = append(items, cur)
			cur = nil
			continue
		}
		if !ended {
			cur = append(cur, t)
		}
	}
	items = append(items, cur)
	var void []int
	for i, item := range items {
		if n := len(item); n > 0 && item[n-1].isPunct('*') {
			return nil
		}
		switch {
		case len(item) == 1 && item[0].isKeyword("NULL"),
			len(item) == 2 && item[0].isKeyword("NULL") && item[1].isIdent(),
			len(item) == 3 && item[0].isKeyword("NULL") && item[1].isKeyword("AS") && item[2].isIdent():
			void = append(void, i)
		}
	}
	return void
}
