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
	var void []int
	var it selectItem // the item being read; only its shape is kept
	items, depth, ended := 0, 0, false
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
		case t.kind == tokWord && isKeywordIn(selectListEnd, t.text):
			ended = true
		case t.isPunct(',') && !ended:
			if it.star {
				return nil
			}
			if it.isVoid() {
				void = append(void, items)
			}
			items++
			it = selectItem{}
			continue
		}
		if !ended {
			it.add(t)
		}
	}
	if it.star {
		return nil
	}
	if it.isVoid() {
		void = append(void, items)
	}
	return void
}

// selectItem is the shape of one select-list item: its length in
// significant tokens, its first three and whether it ends in a star.
type selectItem struct {
	n     int
	first [3]token
	star  bool
}

func (it *selectItem) add(t token) {
	if it.n < len(it.first) {
		it.first[it.n] = t
	}
	it.n++
	it.star = t.isPunct('*')
}

// isVoid reports whether the item is a bare NULL, optionally aliased.
func (it *selectItem) isVoid() bool {
	f := it.first
	switch {
	case it.n == 1 && f[0].isKeyword("NULL"),
		it.n == 2 && f[0].isKeyword("NULL") && f[1].isIdent(),
		it.n == 3 && f[0].isKeyword("NULL") && f[1].isKeyword("AS") && f[2].isIdent():
		return true
	}
	return false
}
