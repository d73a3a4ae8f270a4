package sqlfront

import "strings"

// rewriteTimestampTypes gives the Databricks type TIMESTAMP its meaning:
// TIMESTAMP WITH LOCAL TIME ZONE, an instant shown in the session time zone,
// which in DuckDB is TIMESTAMPTZ (DuckDB's TIMESTAMP is zone-less, like
// Databricks' TIMESTAMP_NTZ). The word TIMESTAMP becomes TIMESTAMPTZ
//
//   - before a string literal: TIMESTAMP '2024-01-02 03:04:05', which DuckDB
//     then reads in the session time zone unless the text names a zone;
//   - after the :: cast operator;
//   - after the AS of CAST(... AS TIMESTAMP) and TRY_CAST(... AS TIMESTAMP);
//   - inside ARRAY<...>;
//   - as the type of a column definition in CREATE TABLE t (c TIMESTAMP, ...)
//     and ALTER TABLE t ADD [COLUMN] c TIMESTAMP.
//
// Anywhere else the word is left alone, so a column or alias named
// timestamp keeps working.
//
// It looks at each word once, keeping the open parentheses and the start of
// the current statement as it goes, so that a statement of many TIMESTAMP
// words costs linear time.
func (r *rewriter) rewriteTimestampTypes() {
	var opens []int // significant indices of the '(' still open before k, innermost last
	start := 0      // significant index where k's statement starts
	for k := range r.sig {
		t := r.sigTok(k)
		if t.isKeyword("TIMESTAMP") && r.outText(r.si(k)) == t.text && r.timestampTypePosition(k, opens, start) {
			r.out[r.si(k)] = "TIMESTAMPTZ"
		}
		if t.isKeyword("VARIANT") && r.outText(r.si(k)) == t.text && r.variantColumnPosition(k, opens, start) {
			r.out[r.si(k)] = variantColumnType
		}
		switch {
		case t.isPunct('('):
			opens = append(opens, k)
		case t.isPunct(')'):
			if n := len(opens); n > 0 {
				opens = opens[:n-1]
			}
		case t.isPunct(';'):
			opens, start = opens[:0], k+1
		}
	}
}

// timestampTypePosition reports whether the word at significant index k
// stands where a type (or a typed literal's type) does; opens are the
// parentheses open before k in its statement, which starts at start.
func (r *rewriter) timestampTypePosition(k int, opens []int, start int) bool {
	prev, prev2 := r.sigTok(k-1), r.sigTok(k-2)
	switch {
	case r.sigTok(k + 1).isStringLit():
		return !prev.isPunct('.')
	case prev.isPunct(':') && prev2.isPunct(':'):
		return true
	case prev.isPunct('<'):
		return prev2.isKeyword("ARRAY")
	case prev.isKeyword("AS"):
		open := innermost(opens)
		fn := r.sigTok(open - 1)
		return open > 0 && (fn.isKeyword("CAST") || fn.isKeyword("TRY_CAST"))
	case prev.isIdent() && !isKeywordIn(reservedWords, prev.text):
		// The name at k-1 is no parenthesis: what is open before it is
		// what is open before k.
		return r.columnDefinition(k-1, innermost(opens), start)
	}
	return false
}

// columnDefinition reports whether the name at significant index k starts a
// column definition: it follows '(' or ',' directly inside the parentheses
// after the table name of a CREATE statement, or COLUMN / ADD in an ALTER
// statement. open is the innermost '(' enclosing k (-1 for none) and start
// the significant index where k's statement starts.
func (r *rewriter) columnDefinition(k, open, start int) bool {
	verb := ""
	if t := r.sigTok(start); t.kind == tokWord {
		verb = strings.ToUpper(t.text)
	}
	before := r.sigTok(k - 1)
	if verb == "ALTER" {
		return before.isKeyword("COLUMN") || before.isKeyword("ADD")
	}
	if verb != "CREATE" || (!before.isPunct('(') && !before.isPunct(',')) {
		return false
	}
	return open > 0 && r.sigTok(open-1).isIdent() && !isKeywordIn(reservedWords, r.sigTok(open-1).text)
}

// innermost returns the last of opens, or -1 when there is none.
func innermost(opens []int) int {
	if len(opens) == 0 {
		return -1
	}
	return opens[len(opens)-1]
}
