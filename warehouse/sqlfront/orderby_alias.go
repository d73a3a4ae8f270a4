package sqlfront

import (
	"fmt"
	"strings"
)

// checkOrderByAliases refuses, as Spark's analyser does, an ORDER BY name
// that two or more items of a query without a FROM clause are aliased with
// (SELECT 1 AS a, 2 AS a ORDER BY a): Spark finds no one column by that
// name and fails with UNRESOLVED_COLUMN (42703), where DuckDB sorts by the
// first. Only the statement's outer SELECT is checked, and only without a
// FROM clause, whose table could hold a column of that name.
func (r *rewriter) checkOrderByAliases() error {
	if !r.sigTok(0).isKeyword("SELECT") {
		return nil
	}
	aliases := map[string]int{}
	end := r.selectList(1, func(start, end int) {
		if end-start >= 3 && r.sigTok(end-2).isKeyword("AS") && r.sigTok(end-1).isIdent() {
			aliases[strings.ToLower(r.sigTok(end-1).value())]++
		}
	})
	if k := end + 1; !r.sigTok(k).isKeyword("ORDER") || !r.sigTok(k+1).isKeyword("BY") {
		return nil
	}
	for k := end + 3; k < len(r.sig); k++ {
		t := r.sigTok(k)
		if !t.isIdent() || !r.sigTok(k-1).isPunct(',') && !r.sigTok(k-1).isKeyword("BY") {
			continue
		}
		if next := r.sigTok(k + 1); !orderItemEnd(next) {
			continue // an expression, not a bare name
		}
		if name := t.value(); aliases[strings.ToLower(name)] > 1 {
			return &SparkError{Class: "UNRESOLVED_COLUMN", SQLState: "42703", Pos: t.pos,
				Msg: fmt.Sprintf("A column, variable, or function parameter with name `%s` cannot be resolved.", name)}
		}
	}
	return nil
}

// orderItemEnd tells whether t ends an ORDER BY item that is a bare name
// (a zero token past the statement's end does).
func orderItemEnd(t token) bool {
	switch {
	case t.kind == tokSpace, t.isPunct(','), t.isPunct(';'):
		return true
	}
	for _, kw := range []string{"ASC", "DESC", "NULLS", "LIMIT", "OFFSET"} {
		if t.isKeyword(kw) {
			return true
		}
	}
	return false
}
