package sqlfront

import "strings"

// listagg and string_agg with WITHIN GROUP (ORDER BY …): Spark's ordered
// concatenation, DuckDB's string_agg(x, sep ORDER BY …) (DuckDB takes
// WITHIN GROUP only for its ordered-set aggregates).

func init() {
	withinGroupFuncs["listagg"] = true
	withinGroupFuncs["string_agg"] = true
}

// rewriteOrderedListagg moves the ORDER BY of listagg(…) WITHIN GROUP
// (ORDER BY …) and of string_agg into the call, from the final text of
// both (the catalog has written the call as string_agg(x, sep)). A call
// that already orders (DISTINCT does) is left as it is.
func (r *rewriter) rewriteOrderedListagg() {
	for k := 0; k+5 < len(r.sig); k++ {
		if t := r.sigTok(k); !t.isKeyword("listagg") && !t.isKeyword("string_agg") ||
			!r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') || r.dropped[r.si(k)] {
			continue
		}
		closing := r.matchClose(k + 1)
		if closing < 0 || !r.sigTok(closing+1).isKeyword("WITHIN") || !r.sigTok(closing+2).isKeyword("GROUP") ||
			!r.sigTok(closing+3).isPunct('(') || !r.sigTok(closing+4).isKeyword("ORDER") || !r.sigTok(closing+5).isKeyword("BY") {
			continue
		}
		end := r.matchClose(closing + 3)
		if end <= closing+6 {
			continue
		}
		call, order := r.text(k, closing), r.text(closing+6, end-1)
		if !strings.HasSuffix(call, ")") || strings.Contains(strings.ToUpper(call), " ORDER BY ") {
			continue
		}
		first, last := r.si(k), r.si(end)
		for i := first; i <= last; i++ {
			r.dropped[i] = true
			if i != first {
				delete(r.pre, i)
			}
			if i != last {
				delete(r.post, i)
			}
		}
		r.dropped[first] = false
		r.out[first] = call[:len(call)-1] + " ORDER BY " + order + ")"
		k = end
	}
}
