package sqlfront

// voidCallColumns returns the 0-based positions of the select-list
// items that are array() or map() with no arguments, optionally aliased:
// Spark types them ARRAY<VOID> and MAP<VOID,VOID>, DuckDB INTEGER[] and
// MAP(INTEGER, INTEGER) in its Arrow results, so the warehouse relabels
// their element types by position as it does VOID columns (see
// Translation.Void). Calls of assert_true and raise_error, VOID in Spark
// (DuckDB: INTEGER), are listed too.
func (r *rewriter) voidCallColumns() []int {
	return r.itemColumns(func(start, end int) bool {
		var k int // past the call
		switch t := r.sigTok(start); {
		case !r.sigTok(start + 1).isPunct('('):
			return false
		case t.isKeyword("assert_true") || t.isKeyword("raise_error"):
			// VOID too: NULL, or an error.
			if k = r.matchClose(start+1) + 1; k <= start {
				return false
			}
		case !t.isKeyword("array") && !t.isKeyword("map") || !r.sigTok(start+2).isPunct(')'):
			return false
		default:
			k = start + 3
		}
		switch end - k {
		case 0:
			return true
		case 1:
			return r.sigTok(k).isIdent()
		case 2:
			return r.sigTok(k).isKeyword("AS") && r.sigTok(k+1).isIdent()
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
