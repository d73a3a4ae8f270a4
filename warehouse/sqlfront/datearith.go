package sqlfront

import "strings"

// Date arithmetic Spark types by the operands' types, where DuckDB's answer
// differs: a DATE and a day interval (DATE '…' + INTERVAL 1 DAY) is Spark's
// date_add, a DATE, where DuckDB's is a TIMESTAMP, and so is a DATE and a
// year-month interval (also in try_add and try_subtract) and a sequence of
// dates; a DATE minus a DATE is an INTERVAL DAY, where DuckDB's is a BIGINT
// of days. Only the forms whose operand types the text shows are
// rewritten: DATE '…' literals, calls of the functions returning a DATE
// (dateFuncs) and interval literals, standing alone between delimiters that
// bind more loosely than + and -. It runs after the other rewrites, around
// their text.

// rewriteDateArithmetic casts DATE ± day interval to DATE and writes
// DATE - DATE as a day interval.
func (r *rewriter) rewriteDateArithmetic() {
	for k := 1; k+2 < len(r.sig); k++ {
		op := r.sigTok(k)
		if !op.isPunct('+') && !op.isPunct('-') || r.si(k)+1 < len(r.toks) && r.tok(r.si(k)+1).isPunct('>') {
			continue
		}
		ls, ok := r.dateOperandStart(k - 1)
		if !ok {
			continue
		}
		if p := r.sigTok(ls - 1); (p.kind != tokPunct || !strings.Contains("(,=<>!", p.text)) &&
			(p.kind != tokWord || !isKeywordIn(nullSafeLeftOK, p.text)) {
			continue
		}
		var re int
		dateMinusDate := false
		if iv, n, ok := parseInterval(func(j int) token { return r.sigTok(k + 1 + j) }); ok {
			if !keepsDate(iv) {
				continue
			}
			re = k + n
		} else if e, ok := r.dateOperandEnd(k + 1); ok && op.isPunct('-') {
			re, dateMinusDate = e, true
		} else {
			continue
		}
		if n := r.sigTok(re + 1); re+1 < len(r.sig) && !rightDelimiter(n) {
			continue
		}
		if dateMinusDate {
			r.pre[r.si(ls)] = "to_days(CAST((" + r.pre[r.si(ls)]
			r.post[r.si(re)] += ") AS INTEGER))"
		} else {
			r.pre[r.si(ls)] = "CAST((" + r.pre[r.si(ls)]
			r.post[r.si(re)] += ") AS DATE)"
		}
		k = re
	}
	r.rewriteTryDateArithmetic()
	r.rewriteDateSequences()
}

// keepsDate tells whether a DATE plus or minus the interval iv is a DATE in
// Spark: iv is a year-month interval or one of whole days.
func keepsDate(iv interval) bool {
	return iv.ym || iv.start == ivDay && iv.end == ivDay
}

// rewriteTryDateArithmetic casts try_add(DATE '…', interval) and
// try_subtract(DATE '…', interval) to DATE when the interval keeps a date
// (see keepsDate).
func (r *rewriter) rewriteTryDateArithmetic() {
	for k := 0; k+3 < len(r.sig); k++ {
		if t := r.sigTok(k); !t.isKeyword("try_add") && !t.isKeyword("try_subtract") ||
			!r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') {
			continue
		}
		closing := r.matchClose(k + 1)
		e, ok := r.dateOperandEnd(k + 2)
		if closing < 0 || !ok || !r.sigTok(e+1).isPunct(',') {
			continue
		}
		iv, n, ok := parseInterval(func(j int) token { return r.sigTok(e + 2 + j) })
		if !ok || e+2+n != closing || !keepsDate(iv) {
			continue
		}
		r.pre[r.si(k)] = "CAST((" + r.pre[r.si(k)]
		r.post[r.si(closing)] += ") AS DATE)"
	}
}

// rewriteDateSequences casts sequence(start, stop[, step]) to DATE[] when
// start is a date (a DATE '…' literal or a call of dateFuncs) and step, if
// given, an interval literal that keeps a date: Spark's sequence of dates
// is an ARRAY<DATE>, DuckDB's generate_series of them TIMESTAMP[].
func (r *rewriter) rewriteDateSequences() {
	for k := 0; k+3 < len(r.sig); k++ {
		if !r.sigTok(k).isKeyword("sequence") || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') {
			continue
		}
		closing := r.matchClose(k + 1)
		if closing < 0 {
			continue
		}
		commas := r.topCommas(k+1, closing)
		if len(commas) < 1 || len(commas) > 2 || !r.isDateArg(k+2, commas[0]-1) {
			continue
		}
		if len(commas) == 2 {
			iv, n, ok := parseInterval(func(j int) token { return r.sigTok(commas[1] + 1 + j) })
			if !ok || commas[1]+1+n != closing || !keepsDate(iv) {
				continue
			}
		}
		r.pre[r.si(k)] = "CAST((" + r.pre[r.si(k)]
		r.post[r.si(closing)] += ") AS DATE[])"
	}
}

// isDateArg tells whether significant tokens [s, e] are a DATE operand
// (see dateOperandEnd).
func (r *rewriter) isDateArg(s, e int) bool {
	end, ok := r.dateOperandEnd(s)
	return ok && end == e
}

// dateOperandStart returns where the DATE operand ending at significant
// index e starts: a DATE '…' literal or a call of a function of dateFuncs.
func (r *rewriter) dateOperandStart(e int) (int, bool) {
	if r.sigTok(e).isStringLit() && r.sigTok(e-1).isKeyword("DATE") {
		return e - 1, true
	}
	if s, ok := r.dateColumnStart(e); ok {
		return s, true
	}
	if !r.sigTok(e).isPunct(')') {
		return 0, false
	}
	if open := r.matchOpen(e); open > 0 && r.isDateCall(open-1) {
		return open - 1, true
	}
	return 0, false
}

// dateColumnStart returns the significant index of the first part of the
// column reference (col, t.col, s.t.col) ending at e, when
// the statement's tables type it DATE (see tableColumnType).
func (r *rewriter) dateColumnStart(e int) (int, bool) {
	if r.opts.Columns == nil || !r.sigTok(e).isIdent() || r.sigTok(e+1).isPunct('(') || r.sigTok(e+1).isPunct('.') {
		return 0, false
	}
	s := e
	for s >= 2 && r.sigTok(s-1).isPunct('.') && r.sigTok(s-2).isIdent() {
		s -= 2
	}
	if r.sigTok(s-1).isPunct('.') || !r.isDateColumn(s, e) {
		return 0, false
	}
	return s, true
}

// dateColumnEnd is dateColumnStart for the reference starting at s.
func (r *rewriter) dateColumnEnd(s int) (int, bool) {
	if r.opts.Columns == nil || !r.sigTok(s).isIdent() || r.sigTok(s-1).isPunct('.') {
		return 0, false
	}
	e := s
	for r.sigTok(e+1).isPunct('.') && r.sigTok(e+2).isIdent() {
		e += 2
	}
	if r.sigTok(e+1).isPunct('(') || !r.isDateColumn(s, e) {
		return 0, false
	}
	return e, true
}

// isDateColumn tells whether the name of significant indices s to e (its
// parts between dots) is a column the statement's tables type DATE.
func (r *rewriter) isDateColumn(s, e int) bool {
	var parts []string
	for k := s; k <= e; k += 2 {
		if isKeywordIn(reservedWords, r.sigTok(k).text) && r.sigTok(k).kind == tokWord {
			return false
		}
		parts = append(parts, r.sigTok(k).value())
	}
	return r.tableColumnType(parts).kind == tDate
}

// dateOperandEnd returns where the DATE operand starting at significant
// index s ends (see dateOperandStart).
func (r *rewriter) dateOperandEnd(s int) (int, bool) {
	if r.sigTok(s).isKeyword("DATE") && r.sigTok(s+1).isStringLit() {
		return s + 1, true
	}
	if r.isDateCall(s) {
		if e := r.matchClose(s + 1); e > s {
			return e, true
		}
	}
	if e, ok := r.dateColumnEnd(s); ok {
		return e, true
	}
	return 0, false
}

// isDateCall tells whether significant index k is the name of a call of a
// function of dateFuncs (not a qualified name).
func (r *rewriter) isDateCall(k int) bool {
	t := r.sigTok(k)
	if t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || r.sigTok(k-1).isPunct('.') {
		return false
	}
	_, ok := lookupLower(dateFuncs, t.text)
	return ok
}
