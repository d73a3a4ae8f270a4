package sqlfront

import "strings"

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
