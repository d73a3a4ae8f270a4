package sqlfront

import "strings"

// rewriteOperators gives Spark's arithmetic and logical operators their
// Databricks (ANSI) meaning where DuckDB's differ:
//
//   - a / b and a % b fail with DIVIDE_BY_ZERO on a zero divisor: the right
//     operand becomes sl_nonzero(b) (DuckDB answers infinity or NULL);
//   - a DIV b, Spark's integral division, becomes sl_div(a, b) (a BIGINT,
//     truncated toward zero; DuckDB has no DIV);
//   - ! x becomes NOT x (DuckDB has no prefix !; != is left alone);
//   - a LIKE p gets ESCAPE '\', Spark's default escape character;
//   - array(…)[i] is 0-based and fails with INVALID_ARRAY_INDEX out of
//     bounds (DuckDB's subscript is 1-based and gives NULL); only where the
//     text shows the subscripted value is an array — a column may be a map,
//     whose subscript is a key.
//
// An operand must be a primary expression (see primaryStart and
// primaryEnd); the left operand of DIV extends over the *, /, % and DIV
// before it, which bind as tightly. When an operand cannot be told the
// operator is left as it is.
func (r *rewriter) rewriteOperators() {
	for k := 0; k < len(r.sig); k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('!'):
			if n := r.sigTok(k + 1); (n.isPunct('=') || n.isPunct('~')) && r.si(k+1) == r.si(k)+1 {
				continue
			}
			r.out[r.si(k)] = " NOT "
		case t.isPunct('/'), t.isPunct('%'):
			if !r.operandEndsAt(k-1) || r.claimedOp(k) {
				continue
			}
			if n := r.sigTok(k + 1); n.kind == tokNumber && nonzeroNumber(n.text) {
				continue // a literal divisor other than 0 needs no check
			}
			if e, ok := r.primaryEnd(k + 1); ok {
				check := "sl_nonzero("
				if t.isPunct('%') {
					check = "sl_nonzero_rem("
				}
				r.pre[r.si(k+1)] = check + r.pre[r.si(k+1)]
				r.post[r.si(e)] += ")"
			}
		case t.isPunct('['):
			r.rewriteArraySubscript(k)
		case t.isKeyword("LIKE") || t.isKeyword("ILIKE"):
			// Spark's LIKE escapes with a backslash by default; DuckDB's
			// has no escape character unless told. like(a, b), the
			// function, is the catalog's.
			notLike := r.sigTok(k-1).isKeyword("NOT") && r.operandEndsAt(k-2)
			if r.sigTok(k+1).isPunct('(') && !r.operandEndsAt(k-1) && !notLike {
				continue
			}
			if e, ok := r.primaryEnd(k + 1); ok && !r.sigTok(e+1).isKeyword("ESCAPE") {
				r.post[r.si(e)] += ` ESCAPE '\'`
			}
		case t.isKeyword("DIV"):
			if !r.operandEndsAt(k-1) || r.claimedOp(k) {
				continue
			}
			s, ok := r.termStart(k - 1)
			if !ok {
				continue
			}
			e, ok := r.primaryEnd(k + 1)
			if !ok {
				continue
			}
			r.pre[r.si(s)] = "sl_div(" + r.pre[r.si(s)]
			r.out[r.si(k)] = ","
			if i := r.si(k) - 1; r.toks[i].kind == tokSpace {
				r.dropped[i] = true
			}
			r.post[r.si(e)] += ")"
		}
	}
}

// operandEndsAt reports whether significant token k can end an operand, so
// that an operator after it is binary.
func (r *rewriter) operandEndsAt(k int) bool {
	t := r.sigTok(k)
	switch {
	case t.isPunct(')'), t.isPunct(']'), t.isKeyword("END"):
		return true
	case t.kind == tokWord:
		return !isKeywordIn(reservedWords, t.text)
	}
	return t.isIdent() || t.isStringLit() || t.kind == tokNumber || t.kind == tokPositional || t.kind == tokNamed
}

// termStart returns the significant index where the multiplicative term
// ending at significant index e starts: primaries joined by *, /, % and
// DIV, with their unary signs.
func (r *rewriter) termStart(e int) (int, bool) {
	for {
		s, ok := r.primaryStart(e)
		if !ok {
			return 0, false
		}
		for p := r.sigTok(s - 1); (p.isPunct('-') || p.isPunct('+') || p.isPunct('~')) && !r.operandEndsAt(s-2); p = r.sigTok(s - 1) {
			s--
		}
		p := r.sigTok(s - 1)
		if !p.isPunct('*') && !p.isPunct('/') && !p.isPunct('%') && !p.isKeyword("DIV") {
			return s, true
		}
		e = s - 2
	}
}

// nonzeroNumber reports whether a numeric literal has a non-zero digit
// before any exponent (1, 0.5, 2L, 1e3; not 0, 0.0, 0e5).
func nonzeroNumber(lit string) bool {
	for i := 0; i < len(lit); i++ {
		switch c := lit[i]; {
		case c >= '1' && c <= '9':
			return true
		case c == 'e' || c == 'E':
			return false
		}
	}
	return false
}

// rewriteArraySubscript rewrites array(…)[i], the '[' at significant index
// k, into sl_array_at(array(…), i).
func (r *rewriter) rewriteArraySubscript(k int) {
	if !r.sigTok(k - 1).isPunct(')') {
		r.rewriteColumnSubscript(k)
		return
	}
	open := r.matchOpen(k - 1)
	if open < 1 || !r.sigTok(open-1).isKeyword("ARRAY") || r.sigTok(open-2).isPunct('.') {
		return
	}
	closing := r.matchClose(k)
	if closing < 0 {
		return
	}
	r.pre[r.si(open-1)] = "sl_array_at(" + r.pre[r.si(open-1)]
	r.out[r.si(k)] = ", "
	r.out[r.si(closing)] = ")"
}

// rewriteColumnSubscript makes the subscript at significant index k of a
// column reference (or a subscript or field of one) whose type the
// catalog tells is an ARRAY, or of a named_struct(…) field holding an
// array(…), 0-based and checked, as that of array(…).
func (r *rewriter) rewriteColumnSubscript(k int) {
	if !r.sigTok(k-1).isIdent() && !r.sigTok(k-1).isPunct(']') {
		return
	}
	if r.opts.Columns == nil && (!r.sigTok(k-2).isPunct('.') || !r.sigTok(k-3).isPunct(')')) {
		return // no column types: only a field of a call's result is told
	}
	s, ok := r.primaryStart(k - 1)
	if !ok || s >= k {
		return
	}
	base, _, err := parseItem(r, s, k, nil)
	if err != nil || !strings.HasPrefix(strings.ToUpper(r.exprTypeText(base)), "ARRAY<") {
		return
	}
	closing := r.matchClose(k)
	if closing < 0 {
		return
	}
	r.pre[r.si(s)] = "(sl_array_at(" + r.pre[r.si(s)]
	r.out[r.si(k)] = ", "
	r.out[r.si(closing)] = "))"
}
