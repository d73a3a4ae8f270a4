package sqlfront

// This file finds the expressions of a statement's clauses beyond the
// select lists — WHERE, HAVING, QUALIFY, JOIN … ON, MERGE … ON, the
// conditions of MERGE's WHEN clauses, the items of GROUP BY, ORDER BY,
// SORT BY, CLUSTER BY, DISTRIBUTE BY and PARTITION BY, and the right-hand
// sides of UPDATE … SET and MERGE's UPDATE SET — so that typeSelectItems
// parses, resolves and generates them as it does select items.

// listClauses introduce a comma-separated list of expressions after BY.
var listClauses = map[string]bool{
	"GROUP": true, "ORDER": true, "SORT": true, "CLUSTER": true, "DISTRIBUTE": true, "PARTITION": true,
}

// clauseEnd are the words that end a clause's expression at its depth.
var clauseEnd = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "HAVING": true, "QUALIFY": true,
	"WINDOW": true, "ORDER": true, "SORT": true, "CLUSTER": true, "DISTRIBUTE": true, "LIMIT": true,
	"OFFSET": true, "UNION": true, "INTERSECT": true, "EXCEPT": true, "MINUS": true, "JOIN": true,
	"INNER": true, "LEFT": true, "RIGHT": true, "FULL": true, "CROSS": true, "NATURAL": true,
	"SEMI": true, "ANTI": true, "LATERAL": true, "WHEN": true, "THEN": true, "USING": true,
	"ROWS": true, "RANGE": true, "PIVOT": true, "UNPIVOT": true, "INSERT": true, "UPDATE": true,
	"DELETE": true, "SET": true, "VALUES": true, "RETURNING": true, "WITH": true,
}

// forEachClauseExpr calls item with the significant tokens [start, end) of
// each clause expression of the statement (see the file comment). A
// clause whose expression it cannot delimit is left out: its text is
// copied as the token rewrites leave it.
func (r *rewriter) forEachClauseExpr(item func(start, end int)) {
	for k := 0; k < len(r.sig); k++ {
		t := r.sigTok(k)
		if t.kind != tokWord {
			continue
		}
		switch {
		case t.isKeyword("ON") || t.isKeyword("WHERE") || t.isKeyword("HAVING") || t.isKeyword("QUALIFY"):
			if end := r.clauseExprEnd(k + 1); end > k+1 {
				item(k+1, end)
			}
		case t.isKeyword("WHEN") && r.sigTok(k+1).isKeyword("MATCHED") && r.sigTok(k+2).isKeyword("AND"):
			if end := r.clauseExprEnd(k + 3); end > k+3 {
				item(k+3, end)
			}
		case t.isKeyword("WHEN") && r.sigTok(k+1).isKeyword("NOT") && r.sigTok(k+2).isKeyword("MATCHED"):
			j := k + 3
			if r.sigTok(j).isKeyword("BY") {
				j += 2 // BY SOURCE | BY TARGET
			}
			if r.sigTok(j).isKeyword("AND") {
				if end := r.clauseExprEnd(j + 1); end > j+1 {
					item(j+1, end)
				}
			}
		case isKeywordIn(listClauses, t.text) && r.sigTok(k+1).isKeyword("BY"):
			r.clauseList(k+2, listOrdered, item)
		case t.isKeyword("SET") && r.isUpdateSet(k):
			r.clauseList(k+1, listAssign, item)
		case t.isKeyword("VALUES"):
			r.valuesRows(k+1, item)
		}
	}
}

// isUpdateSet tells whether the SET at significant index k starts the
// assignments of an UPDATE (UPDATE t SET …, MERGE's UPDATE SET …), not a
// SET statement or a table property clause.
func (r *rewriter) isUpdateSet(k int) bool {
	if r.sigTok(k - 1).isKeyword("UPDATE") {
		return true // MERGE … THEN UPDATE SET
	}
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		if t := r.sigTok(j); t.isKeyword("UPDATE") {
			return j == 0 || r.sigTok(j-1).isPunct(';')
		} else if t.kind == tokPunct && !t.isPunct('.') || isKeywordIn(clauseEnd, t.text) {
			return false
		}
	}
	return false
}

// listMode tells what the items of a clause list are.
type listMode uint8

const (
	listPlain   listMode = iota // expressions
	listOrdered                 // sort items
	listAssign                  // col = expr
)

// valuesRows calls item with each expression of the rows of VALUES (…),
// (…) starting at significant index k.
func (r *rewriter) valuesRows(k int, item func(start, end int)) {
	for r.sigTok(k).isPunct('(') {
		c := r.matchClose(k)
		if c < 0 {
			return
		}
		if !r.sigTok(k + 1).isKeyword("SELECT") {
			r.clauseList(k+1, listPlain, item)
		}
		if k = c + 1; !r.sigTok(k).isPunct(',') {
			return
		}
		k++
	}
}

// clauseList calls item with each expression of the comma-separated list
// starting at significant index k; ordered lists drop each item's ASC,
// DESC and NULLS FIRST|LAST, assignments (col = expr) pass the right-hand
// side. Sort and grouping items that are a bare number (an ordinal) or a grouping
// construct (ROLLUP, CUBE, GROUPING SETS, ALL) are left out.
func (r *rewriter) clauseList(k int, mode listMode, item func(start, end int)) {
	end := r.clauseExprEnd(k)
	start := k
	for j := k; j <= end; j++ {
		if j < end && (!r.sigTok(j).isPunct(',') || r.depthBetween(start, j) != 0) {
			continue
		}
		s, e := start, j
		start = j + 1
		switch mode {
		case listAssign:
			// col = expr, col a possibly qualified name.
			eq := -1
			for m := s; m < e && eq < 0; m++ {
				if r.sigTok(m).isPunct('=') {
					eq = m
				}
			}
			if eq < 0 {
				continue
			}
			s = eq + 1
		case listOrdered:
			e = r.trimOrdering(s, e)
		}
		switch first := r.sigTok(s); {
		case e <= s:
		case mode == listOrdered && e == s+1 && first.kind == tokNumber && !suffixedToken(first):
		case first.isKeyword("ROLLUP"), first.isKeyword("CUBE"), first.isKeyword("GROUPING"), first.isKeyword("ALL"):
		default:
			item(s, e)
		}
	}
}

// trimOrdering returns e less the trailing ASC, DESC and NULLS FIRST|LAST
// of a sort item [s, e).
func (r *rewriter) trimOrdering(s, e int) int {
	if e-2 >= s && r.sigTok(e-2).isKeyword("NULLS") {
		e -= 2
	}
	if e-1 >= s && (r.sigTok(e-1).isKeyword("ASC") || r.sigTok(e-1).isKeyword("DESC")) {
		e--
	}
	return e
}

// depthBetween returns the bracket depth at significant index j of the
// text starting at s.
func (r *rewriter) depthBetween(s, j int) int {
	depth := 0
	for m := s; m < j; m++ {
		switch t := r.sigTok(m); {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			depth--
		}
	}
	return depth
}

// clauseExprEnd returns the significant index that ends the clause
// expression or list starting at k: a clause word, a closing
// bracket or ';' at its depth (outside CASE … END), or the end of the
// statement.
func (r *rewriter) clauseExprEnd(k int) int {
	depth, cases := 0, 0
	for ; k < len(r.sig); k++ {
		t := r.sigTok(k)
		switch {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			if depth == 0 {
				return k
			}
			depth--
		case depth > 0:
		case t.isPunct(';'):
			return k
		case t.isKeyword("CASE"):
			cases++
		case t.isKeyword("END") && cases > 0:
			cases--
		case cases > 0:
		case t.kind == tokWord && isKeywordIn(clauseEnd, t.text) && !r.sigTok(k+1).isPunct('('):
			return k // not a call such as left(s, 2)
		}
	}
	return k
}

// conjuncts splits the condition of significant tokens [start, end) at its
// top-level AND and OR (not BETWEEN's AND, nor those inside brackets or
// CASE … END).
func (r *rewriter) conjuncts(start, end int) [][2]int {
	var out [][2]int
	depth, cases, between := 0, 0, 0
	from := start
	for k := start; k < end; k++ {
		switch t := r.sigTok(k); {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			depth--
		case depth > 0:
		case t.isKeyword("CASE"):
			cases++
		case t.isKeyword("END") && cases > 0:
			cases--
		case cases > 0:
		case t.isKeyword("BETWEEN"):
			between++
		case t.isKeyword("AND") && between > 0:
			between--
		case t.isKeyword("AND") || t.isKeyword("OR"):
			if k > from {
				out = append(out, [2]int{from, k})
			}
			from = k + 1
		}
	}
	if end > from {
		out = append(out, [2]int{from, end})
	}
	return out
}
