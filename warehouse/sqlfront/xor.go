package sqlfront

import (
	"fmt"
	"strings"
)

// rewriteXor rewrites Spark's bitwise XOR a ^ b, which DuckDB reads as a
// power, into xor(a, b) when its operands are primary expressions and
// nothing next to them binds more tightly than ^ in Spark (arithmetic and
// & do); other forms fail with ErrUnsupported rather than being computed
// differently: parenthesise the operands.
func (r *rewriter) rewriteXor() error {
	for k := 1; k+1 < len(r.sig); k++ {
		t := r.sigTok(k)
		if !t.isPunct('^') {
			continue
		}
		unsupported := func(why string) error {
			return fmt.Errorf("%w: ^ at offset %d: %s; parenthesise its operands", ErrUnsupported, t.pos, why)
		}
		ls, ok := r.primaryStart(k - 1)
		if !ok {
			return unsupported("the left operand is not a primary expression")
		}
		if p := r.sigTok(ls - 1); ls > 0 && !p.isPunct('(') && !p.isPunct(',') && !p.isPunct(';') &&
			!p.isPunct('=') && !p.isPunct('<') && !p.isPunct('>') && !p.isPunct('|') &&
			(p.kind != tokWord || !isKeywordIn(nullSafeLeftOK, p.text)) {
			return unsupported(fmt.Sprintf("%q before the left operand binds more tightly", p.text))
		}
		re, ok := r.primaryEnd(k + 1)
		if !ok {
			return unsupported("the right operand is not a primary expression")
		}
		if n := r.sigTok(re + 1); re+1 < len(r.sig) && (!rightDelimiter(n) && !n.isPunct('|') ||
			n.kind == tokPunct && strings.Contains("^&", n.text)) {
			return unsupported(fmt.Sprintf("%q after the right operand binds more tightly", n.text))
		}
		r.pre[r.si(ls)] = "xor(" + r.pre[r.si(ls)]
		r.out[r.si(k)] = ","
		r.post[r.si(re)] += ")"
	}
	return nil
}
