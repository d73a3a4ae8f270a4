package sqlfront

import (
	"fmt"
)

// fromClauseEnd lists the keywords that end a FROM clause at the current
// parenthesis depth.
var fromClauseEnd = map[string]bool{
	"WHERE": true, "GROUP": true, "HAVING": true, "ORDER": true, "LIMIT": true,
	"QUALIFY": true, "WINDOW": true, "UNION": true, "INTERSECT": true,
	"EXCEPT": true, "MINUS": true, "SELECT": true, "OFFSET": true,
	"CLUSTER": true, "DISTRIBUTE": true, "SORT": true,
}

// rangeSpanFrom is what replaces the word range in table position; the
// closing parenthesis of its argument list gets one more ')'.
const rangeSpanFrom = "(SELECT range AS id FROM "

// rewriteRange rewrites Spark's range table function, whose column is named
// id, into a subquery over DuckDB's, whose column is named range.
//
// range is in table position when the significant token before it is FROM,
// JOIN, LATERAL, or a comma of a FROM clause. A FROM clause lasts, at its
// parenthesis depth, until one of fromClauseEnd, a ')' or a ';'.
func (r *rewriter) rewriteRange() error {
	inFrom := []bool{false} // per open parenthesis, outermost first
	for k := 0; k < len(r.sig); k++ {
		t := r.sigTok(k)
		top := len(inFrom) - 1
		switch {
		case t.isPunct('('):
			inFrom = append(inFrom, false)
		case t.isPunct(')'):
			if top == 0 {
				inFrom[0] = false // unbalanced: tolerate
			} else {
				inFrom = inFrom[:top]
			}
		case t.isPunct(';'):
			inFrom = []bool{false}
		case t.isKeyword("FROM"):
			inFrom[top] = true
		case t.kind == tokWord && isKeywordIn(fromClauseEnd, t.text):
			inFrom[top] = false
		case t.isKeyword("range") && r.sigTok(k+1).isPunct('(') && r.tablePosition(k, inFrom[top]):
			if err := r.rewriteRangeCall(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// tablePosition reports whether the k-th significant token stands where a
// table reference goes.
func (r *rewriter) tablePosition(k int, inFrom bool) bool {
	prev := r.sigTok(k - 1)
	return prev.isKeyword("FROM") || prev.isKeyword("JOIN") || prev.isKeyword("LATERAL") ||
		(prev.isPunct(',') && inFrom)
}

// rewriteRangeCall rewrites the range call whose name is the k-th significant
// token. A call without a closing parenthesis is left alone.
func (r *rewriter) rewriteRangeCall(k int) error {
	depth := 0
	var commas []int // significant indices of the top-level commas
	closing := -1
	for j := k + 1; j < len(r.sig) && closing < 0; j++ {
		t := r.sigTok(j)
		switch {
		case t.isPunct('('):
			depth++
		case t.isPunct(')'):
			depth--
			if depth == 0 {
				closing = j
			}
		case t.isPunct(',') && depth == 1:
			commas = append(commas, j)
		}
	}
	if closing < 0 {
		return nil
	}
	if len(commas) == 3 {
		// range(start, end, step, numPartitions): DuckDB has no fourth argument.
		for i := r.si(commas[2]); i < r.si(closing); i++ {
			if t := r.tok(i); t.kind == tokPositional || t.kind == tokNamed {
				return fmt.Errorf("%w: parameter marker %s at offset %d in the numPartitions argument of range()",
					ErrUnsupported, t.text, t.pos)
			}
			r.dropped[i] = true
		}
	}
	r.castRangeArgs(k+1, commas, closing)
	r.out[r.si(k)] = rangeSpanFrom + r.outText(r.si(k))
	r.out[r.si(closing)] = r.outText(r.si(closing)) + ")"
	return nil
}

// castRangeArgs casts each of range()'s first three arguments that is a
// non-integer number literal to BIGINT as Spark does, truncating:
// range(12500000.0) counts to 12500000 (DuckDB's range takes no DECIMAL).
// Other arguments are left to the engine: an expression of DECIMAL type
// still fails there. open is the significant index
// of the call's '(', commas those of its top-level commas, closing of its
// ')'.
func (r *rewriter) castRangeArgs(open int, commas []int, closing int) {
	bounds := append([]int{open}, commas...)
	bounds = append(bounds, closing)
	for a := 0; a+1 < len(bounds) && a < 3; a++ {
		first, last := bounds[a]+1, bounds[a+1]-1
		if first > last {
			continue
		}
		if t := r.sigTok(first); first != last || t.kind != tokNumber || allDigits(t.text) {
			continue
		}
		r.out[r.si(first)] = "CAST(trunc(" + r.outText(r.si(first))
		r.out[r.si(last)] = r.outText(r.si(last)) + ") AS BIGINT)"
	}
}
