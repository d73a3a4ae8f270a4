package sqlfront

import (
	"fmt"
	"strings"
)

// reservedWords are keywords that are neither operands nor function names.
var reservedWords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "IS": true, "LIKE": true, "ILIKE": true,
	"RLIKE": true, "REGEXP": true, "BETWEEN": true, "SELECT": true, "WHERE": true, "ON": true,
	"WHEN": true, "THEN": true, "ELSE": true, "HAVING": true, "QUALIFY": true, "BY": true,
	"AS": true, "FROM": true, "JOIN": true, "EXISTS": true, "DISTINCT": true, "ALL": true,
	"ANY": true, "SOME": true, "VALUES": true, "USING": true, "OVER": true, "FILTER": true,
	"DIV": true, "COLLATE": true, "ESCAPE": true, "CASE": true, "END": true, "RETURN": true,
}

// nullSafeLeftOK are the keywords that may stand just before the left
// operand of <=>: all bind more loosely than a comparison.
var nullSafeLeftOK = map[string]bool{
	"SELECT": true, "WHERE": true, "ON": true, "AND": true, "OR": true, "NOT": true,
	"WHEN": true, "THEN": true, "ELSE": true, "HAVING": true, "QUALIFY": true, "BY": true,
	"CASE": true, "DISTINCT": true, "ALL": true, "RETURN": true,
}

// typedLiteralWords may prefix a string literal to type it.
var typedLiteralWords = map[string]bool{
	"DATE": true, "TIMESTAMP": true, "TIMESTAMP_NTZ": true, "TIMESTAMP_LTZ": true, "TIME": true, "X": true,
}

// rewriteNullSafeEq rewrites Spark's null-safe equality a <=> b, which DuckDB
// reads as a vector distance, into ((a) IS NOT DISTINCT FROM (b)).
//
// Each operand must be a primary expression: a name or qualified name, a
// literal, a parameter marker, a parenthesised expression, a function call
// (with OVER or FILTER), a CASE expression, optionally followed by
// subscripts, field accesses and :: casts; the right one may carry a unary
// sign. What stands around the pair must bind more loosely than a
// comparison — a parenthesis, a comma, AND, OR, NOT, a clause keyword and,
// after it, another comparison or a predicate such as IS NULL — so that the
// parenthesised result means what Spark's parse means. Anything else (an
// arithmetic operator next to an operand, a chain a <=> b <=> c) fails
// with ErrUnsupported rather than being computed differently: parenthesise
// the operands.
func (r *rewriter) rewriteNullSafeEq() error {
	for k := 0; k+2 < len(r.sig); k++ {
		i := r.si(k)
		if !r.tok(i).isPunct('<') || r.si(k+1) != i+1 || r.si(k+2) != i+2 ||
			!r.tok(i+1).isPunct('=') || !r.tok(i+2).isPunct('>') {
			continue
		}
		pos := r.tok(i).pos
		unsupported := func(why string) error {
			return fmt.Errorf("%w: <=> at offset %d: %s; parenthesise its operands", ErrUnsupported, pos, why)
		}
		ls, ok := r.primaryStart(k - 1)
		if !ok {
			return unsupported("the left operand is not a primary expression")
		}
		if p := r.sigTok(ls - 1); ls > 0 && !p.isPunct('(') && !p.isPunct(',') && !p.isPunct(';') &&
			(p.kind != tokWord || !isKeywordIn(nullSafeLeftOK, p.text)) {
			return unsupported(fmt.Sprintf("%q before the left operand binds more tightly", p.text))
		}
		re, ok := r.primaryEnd(k + 3)
		if !ok {
			return unsupported("the right operand is not a primary expression")
		}
		if n := r.sigTok(re + 1); re+1 < len(r.sig) && !rightDelimiter(n) {
			return unsupported(fmt.Sprintf("%q after the right operand binds more tightly", n.text))
		}
		r.pre[r.si(ls)] = "((" + r.pre[r.si(ls)]
		r.post[r.si(k-1)] += ")"
		r.out[i] = "IS NOT DISTINCT FROM"
		r.dropped[i+1], r.dropped[i+2] = true, true
		if i > 0 && r.tok(i-1).significant() {
			r.out[i] = " " + r.outText(i)
		}
		if i+3 < len(r.toks) && r.tok(i+3).significant() {
			r.out[i] = r.outText(i) + " "
		}
		r.pre[r.si(k+3)] = "(" + r.pre[r.si(k+3)]
		r.post[r.si(re)] += "))"
		k += 2
	}
	return nil
}

// rightDelimiter reports whether t may follow the right operand of <=>:
// something binding more loosely than a comparison.
func rightDelimiter(t token) bool {
	switch t.kind {
	case tokPunct:
		return strings.Contains("),;=<>!", t.text)
	case tokWord:
		u := strings.ToUpper(t.text)
		return u != "DIV" && u != "COLLATE"
	}
	return true // an alias
}

// primaryStart returns the significant index where the primary expression
// ending at significant index e starts.
func (r *rewriter) primaryStart(e int) (int, bool) {
	for k := e; k >= 0; {
		t := r.sigTok(k)
		s := k
		switch {
		case t.isPunct(')'):
			if s = r.matchOpen(k); s < 0 {
				return 0, false
			}
			if w := r.sigTok(s - 1); w.isKeyword("OVER") || w.isKeyword("FILTER") {
				k = s - 2 // the call before the window or filter
				continue
			}
			if w := r.sigTok(s - 1); (w.kind == tokWord && !isKeywordIn(reservedWords, w.text)) ||
				w.kind == tokQuotedIdent || w.kind == tokBacktickIdent {
				s-- // a function call
			}
		case t.isPunct(']'):
			if s = r.matchOpen(k); s < 1 {
				return 0, false
			}
			k = s - 1 // a subscript: its base comes before
			continue
		case t.isKeyword("END"):
			if s = r.matchCaseBack(k); s < 0 {
				return 0, false
			}
		case t.isStringLit():
			if w := r.sigTok(k - 1); w.kind == tokWord && isKeywordIn(typedLiteralWords, w.text) {
				s--
			}
		case t.kind == tokWord && isKeywordIn(reservedWords, t.text):
			return 0, false
		case t.isIdent(), t.kind == tokNumber, t.kind == tokPositional, t.kind == tokNamed:
		default:
			return 0, false
		}
		switch {
		case r.sigTok(s - 1).isPunct('.'):
			k = s - 2
		case r.sigTok(s-1).isPunct(':') && r.sigTok(s-2).isPunct(':'):
			k = s - 3
		default:
			return s, true
		}
	}
	return 0, false
}

// primaryEnd returns the significant index where the primary expression
// starting at significant index s (possibly after unary signs) ends.
func (r *rewriter) primaryEnd(s int) (int, bool) {
	k := s
	for r.sigTok(k).isPunct('-') || r.sigTok(k).isPunct('+') || r.sigTok(k).isPunct('~') {
		k++
	}
	t := r.sigTok(k)
	switch {
	case t.isPunct('('):
		k = r.matchClose(k)
	case t.isKeyword("CASE"):
		k = r.matchCaseForward(k)
	case t.kind == tokWord && isKeywordIn(typedLiteralWords, t.text) && r.sigTok(k+1).isStringLit():
		k++
	case t.kind == tokWord && isKeywordIn(reservedWords, t.text):
		return 0, false
	case t.isIdent() && r.sigTok(k+1).isPunct('('):
		if k = r.matchClose(k + 1); k >= 0 && r.sigTok(k+1).isKeyword("FILTER") && r.sigTok(k+2).isPunct('(') {
			k = r.matchClose(k + 2)
		}
		if k >= 0 && r.sigTok(k+1).isKeyword("OVER") {
			if r.sigTok(k + 2).isPunct('(') {
				k = r.matchClose(k + 2)
			} else if r.sigTok(k + 2).isIdent() {
				k += 2 // a named window
			} // else OVER ends the text (FuzzSparkNames e4a5fd7b5e331b5d): the engine's syntax error
		}
	case t.isIdent(), t.isStringLit(), t.kind == tokNumber, t.kind == tokPositional, t.kind == tokNamed:
	default:
		return 0, false
	}
	for k >= 0 {
		switch n := r.sigTok(k + 1); {
		case n.isPunct('.') && (r.sigTok(k + 2).isIdent()):
			k += 2
		case n.isPunct('['):
			k = r.matchClose(k + 1)
		case n.isPunct(':') && r.sigTok(k+2).isPunct(':') && r.sigTok(k+3).kind == tokWord:
			k += 3
			if r.sigTok(k + 1).isPunct('(') {
				k = r.matchClose(k + 1)
			}
		default:
			return k, true
		}
	}
	return 0, false
}

// matchCaseForward returns the significant index of the END closing the CASE
// at significant index k, or -1.
func (r *rewriter) matchCaseForward(k int) int {
	depth := 0
	for j := k; j < len(r.sig); j++ {
		switch t := r.sigTok(j); {
		case t.isKeyword("CASE"):
			depth++
		case t.isKeyword("END"):
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// matchCaseBack returns the significant index of the CASE opened by the END
// at significant index k, or -1.
func (r *rewriter) matchCaseBack(k int) int {
	depth := 0
	for j := k; j >= 0; j-- {
		switch t := r.sigTok(j); {
		case t.isKeyword("END"):
			depth++
		case t.isKeyword("CASE"):
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}
