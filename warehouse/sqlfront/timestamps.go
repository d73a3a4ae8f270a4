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
func (r *rewriter) rewriteTimestampTypes() {
	for k := range r.sig {
		t := r.sigTok(k)
		if !t.isKeyword("TIMESTAMP") || r.outText(r.si(k)) != t.text {
			continue
		}
		if r.timestampTypePosition(k) {
			r.out[r.si(k)] = "TIMESTAMPTZ"
		}
	}
}

// timestampTypePosition reports whether the word at significant index k
// stands where a type (or a typed literal's type) does.
func (r *rewriter) timestampTypePosition(k int) bool {
	prev, prev2 := r.sigTok(k-1), r.sigTok(k-2)
	switch {
	case r.sigTok(k + 1).isStringLit():
		return !prev.isPunct('.')
	case prev.isPunct(':') && prev2.isPunct(':'):
		return true
	case prev.isPunct('<'):
		return prev2.isKeyword("ARRAY")
	case prev.isKeyword("AS"):
		open := r.enclosingOpen(k)
		fn := r.sigTok(open - 1)
		return open > 0 && (fn.isKeyword("CAST") || fn.isKeyword("TRY_CAST"))
	case prev.isIdent() && !isKeywordIn(reservedWords, prev.text):
		return r.columnDefinition(k - 1)
	}
	return false
}

// columnDefinition reports whether the name at significant index k starts a
// column definition: it follows '(' or ',' directly inside the parentheses
// after the table name of a CREATE statement, or COLUMN / ADD in an ALTER
// statement.
func (r *rewriter) columnDefinition(k int) bool {
	verb := r.statementVerb(k)
	before := r.sigTok(k - 1)
	if verb == "ALTER" {
		return before.isKeyword("COLUMN") || before.isKeyword("ADD")
	}
	if verb != "CREATE" || (!before.isPunct('(') && !before.isPunct(',')) {
		return false
	}
	open := r.enclosingOpen(k)
	return open > 0 && r.sigTok(open-1).isIdent() && !isKeywordIn(reservedWords, r.sigTok(open-1).text)
}

// enclosingOpen returns the significant index of the innermost '(' that
// encloses significant index k, or -1.
func (r *rewriter) enclosingOpen(k int) int {
	depth := 0
	for j := k - 1; j >= 0; j-- {
		switch t := r.sigTok(j); {
		case t.isPunct(')'):
			depth++
		case t.isPunct('('):
			if depth == 0 {
				return j
			}
			depth--
		case t.isPunct(';'):
			return -1
		}
	}
	return -1
}

// statementVerb returns the first keyword (upper case) of the statement
// holding significant index k.
func (r *rewriter) statementVerb(k int) string {
	j := k
	for j > 0 && !r.sigTok(j-1).isPunct(';') {
		j--
	}
	if t := r.sigTok(j); t.kind == tokWord {
		return strings.ToUpper(t.text)
	}
	return ""
}
