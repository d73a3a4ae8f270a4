package sqlfront

// emptyCollectionColumns returns the 0-based positions of the select-list
// items that are array() or map() with no arguments, optionally aliased:
// Spark types them ARRAY<VOID> and MAP<VOID,VOID>, DuckDB INTEGER[] and
// MAP(INTEGER, INTEGER) in its Arrow results, so the warehouse relabels
// their element types by position as it does VOID columns (see
// Translation.Void).
func (r *rewriter) emptyCollectionColumns() []int {
	return r.itemColumns(func(start, end int) bool {
		if t := r.sigTok(start); !t.isKeyword("array") && !t.isKeyword("map") ||
			!r.sigTok(start+1).isPunct('(') || !r.sigTok(start+2).isPunct(')') {
			return false
		}
		switch end - start {
		case 3:
			return true
		case 4:
			return r.sigTok(start + 3).isIdent()
		case 5:
			return r.sigTok(start+3).isKeyword("AS") && r.sigTok(start+4).isIdent()
		}
		return false
	})
}

// mergePositions merges two increasing lists of positions into one.
func mergePositions(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
