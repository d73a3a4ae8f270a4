package sqlfront

import "strings"

// rewriteInsertDatetimes gives INSERT INTO t [(cols)] VALUES (…), … Spark's
// cast of a string literal stored into a DATE or TIMESTAMP column (the
// connector's inline TIMESTAMP parameter '2023-09-06 03:14:27.000843 +0000'
// lands there), where DuckDB's implicit cast knows neither the lenient
// forms nor ±hhmm zones. The target columns' types come from
// Options.Columns; a value that is not a lone string literal is left to
// the engine.
func (r *rewriter) rewriteInsertDatetimes() {
	if r.opts.Columns == nil || !r.sigTok(0).isKeyword("INSERT") || !r.sigTok(1).isKeyword("INTO") {
		return
	}
	j := 2
	r.accept(&j, "TABLE")
	var parts []string
	for r.sigTok(j).isIdent() {
		parts = append(parts, r.sigTok(j).value())
		if !r.sigTok(j + 1).isPunct('.') {
			break
		}
		j += 2
	}
	j++
	if len(parts) == 0 || len(parts) > 3 {
		return
	}
	cols := r.columnsOf(&fromTable{parts: parts})
	if len(cols) == 0 {
		return
	}
	types := make([]string, len(cols))
	for i, c := range cols {
		types[i] = strings.ToUpper(c.Type)
	}
	if r.sigTok(j).isPunct('(') {
		types = types[:0]
		for j++; r.sigTok(j).isIdent(); j += 2 {
			types = append(types, strings.ToUpper(findColumn(cols, r.sigTok(j).value())))
			if !r.sigTok(j + 1).isPunct(',') {
				j++
				break
			}
		}
		if !r.sigTok(j).isPunct(')') {
			return
		}
		j++
	}
	if !r.sigTok(j).isKeyword("VALUES") {
		return
	}
	for j++; r.sigTok(j).isPunct('('); j++ {
		for col := 0; ; col++ {
			j++
			if r.sigTok(j).isStringLit() && (r.sigTok(j+1).isPunct(',') || r.sigTok(j+1).isPunct(')')) && col < len(types) {
				r.insertDatetime(j, types[col])
			}
			depth := 0
			for ; j < len(r.sig); j++ {
				t := r.sigTok(j)
				if depth == 0 && (t.isPunct(',') || t.isPunct(')')) {
					break
				}
				if t.isPunct('(') {
					depth++
				} else if t.isPunct(')') {
					depth--
				}
			}
			if j >= len(r.sig) || r.sigTok(j).isPunct(')') {
				break
			}
		}
		j++ // past ')'
		if !r.sigTok(j).isPunct(',') {
			return
		}
	}
}

// insertDatetime rewrites the string literal at significant index k, stored
// into a column of Spark type typ, as Spark's cast of it.
func (r *rewriter) insertDatetime(k int, typ string) {
	var t sparkType
	switch typ {
	case "DATE":
		t = sparkType{kind: tDate}
	case "TIMESTAMP":
		t = sparkType{kind: tTimestamp}
	default:
		return
	}
	i := r.si(k)
	if r.outText(i) != r.tok(i).text {
		return // already rewritten
	}
	r.out[i] = sparkDatetimeCast(quoteString(r.sigTok(k).value()), t, r.opts.ANSIOff)
}

// accept advances *j past the keyword kw when it stands there.
func (r *rewriter) accept(j *int, kw string) {
	if r.sigTok(*j).isKeyword(kw) {
		*j++
	}
}
