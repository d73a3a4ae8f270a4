package sqlfront

import (
	"fmt"
	"strings"
)

// rewriteShiftRightUnsigned rewrites Spark's a >>> b, which DuckDB does not
// have, into the Go function of shiftrightunsigned (INT or BIGINT by a's
// type), when its operands are primary expressions and nothing next to
// them binds more tightly than a shift in Spark (arithmetic does); other
// forms fail with ErrUnsupported rather than being computed differently:
// parenthesise the operands.
func (r *rewriter) rewriteShiftRightUnsigned() error {
	for k := 1; k+3 < len(r.sig); k++ {
		i := r.si(k)
		if !r.tok(i).isPunct('>') || r.si(k+1) != i+1 || r.si(k+2) != i+2 ||
			!r.tok(i+1).isPunct('>') || !r.tok(i+2).isPunct('>') || r.rewritten(i, i+2) {
			continue // not >>>, or the end of a nested type (MAP<K, ARRAY<T>>>)
		}
		pos := r.tok(i).pos
		unsupported := func(why string) error {
			return fmt.Errorf("%w: >>> at offset %d: %s; parenthesise its operands", ErrUnsupported, pos, why)
		}
		ls, ok := r.primaryStart(k - 1)
		if !ok {
			return unsupported("the left operand is not a primary expression")
		}
		if p := r.sigTok(ls - 1); ls > 0 && !p.isPunct('(') && !p.isPunct(',') && !p.isPunct(';') &&
			!p.isPunct('=') && !p.isPunct('<') && !p.isPunct('>') && !p.isPunct('|') && !p.isPunct('&') &&
			(p.kind != tokWord || !isKeywordIn(nullSafeLeftOK, p.text)) {
			return unsupported(fmt.Sprintf("%q before the left operand binds more tightly", p.text))
		}
		re, ok := r.primaryEnd(k + 3)
		if !ok {
			return unsupported("the right operand is not a primary expression")
		}
		if n := r.sigTok(re + 1); re+1 < len(r.sig) && (!rightDelimiter(n) && !n.isPunct('|') && !n.isPunct('&') ||
			n.kind == tokPunct && strings.Contains("<>", n.text) && re+2 < len(r.sig) && r.si(re+2) == r.si(re+1)+1 &&
				r.sigTok(re+2).isPunct(n.text[0])) {
			return unsupported(fmt.Sprintf("%q after the right operand binds more tightly", n.text))
		}
		r.pre[r.si(ls)] = "sl_shiftrightunsigned(" + r.pre[r.si(ls)]
		r.out[i] = ","
		r.dropped[i+1], r.dropped[i+2] = true, true
		r.pre[r.si(k+3)] = "CAST(" + r.pre[r.si(k+3)]
		r.post[r.si(re)] += " AS INTEGER))"
		k += 2
	}
	return nil
}

// rewritten reports whether an earlier rewrite dropped or replaced any of
// the tokens i through j.
func (r *rewriter) rewritten(i, j int) bool {
	for m := i; m <= j; m++ {
		if _, ok := r.out[m]; ok || r.dropped[m] {
			return true
		}
	}
	return false
}
