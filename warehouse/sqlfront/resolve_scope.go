package sqlfront

import "strings"

// This file gives the resolver the columns a select list can see when
// their types are in the text: an inline table, FROM VALUES (…), (…) AS
// t(a, b), whose column types Spark derives from the rows (the widest
// type of each column's values; VOID when they are all NULL).

// scope maps a column name (lower case) to its type.
type scope map[string]sparkType

// inlineTableScope returns the columns of the inline table the SELECT at
// significant index k reads from, nil when its FROM clause is anything
// else.
func (r *rewriter) inlineTableScope(k int) scope {
	from := r.clauseAfter(k, "FROM")
	if from < 0 || !r.sigTok(from+1).isKeyword("VALUES") {
		return nil
	}
	p := &exprParser{r: r, start: from + 2, end: len(r.sig)}
	var rows [][]exprNode
	for {
		if !p.at(0).isPunct('(') {
			return nil
		}
		row, err := p.parenList()
		if err != nil || len(rows) > 0 && len(row) != len(rows[0]) {
			return nil
		}
		rows = append(rows, row)
		if !p.acceptPunct(',') {
			break
		}
	}
	p.acceptKeyword("AS")
	if !p.at(0).isIdent() || !p.at(1).isPunct('(') {
		return nil
	}
	p.pos += 2
	var names []string
	for p.at(0).isIdent() {
		names = append(names, strings.ToLower(p.at(0).value()))
		p.pos++
		if !p.acceptPunct(',') {
			break
		}
	}
	if !p.acceptPunct(')') || len(names) != len(rows[0]) {
		return nil
	}
	rv := &resolver{info: map[exprNode]*nodeInfo{}}
	sc := scope{}
	for i, name := range names {
		t := voidType
		for _, row := range rows {
			if t = commonType(t, rv.resolve(row[i])); !t.known() {
				break
			}
		}
		sc[name] = t
	}
	return sc
}

// clauseAfter returns the significant index of keyword kw at the depth of
// the SELECT at k, before that SELECT's query ends; -1 when there is none.
func (r *rewriter) clauseAfter(k int, kw string) int {
	depth := 0
	for i := k + 1; i < len(r.sig); i++ {
		switch t := r.sigTok(i); {
		case t.isPunct('(') || t.isPunct('[') || t.isPunct('{'):
			depth++
		case t.isPunct(')') || t.isPunct(']') || t.isPunct('}'):
			if depth--; depth < 0 {
				return -1
			}
		case depth > 0:
		case t.isKeyword(kw):
			return i
		case t.isPunct(';') || t.kind == tokWord && isKeywordIn(setOperators, t.text):
			return -1
		}
	}
	return -1
}

// commonType is the type of a column holding values of types a and b
// (Spark's wider common type, for the types the resolver knows): NULL
// takes the other's type, integers the wider, decimals the one that holds
// both; unknownType otherwise.
func commonType(a, b sparkType) sparkType {
	switch {
	case !a.known() || !b.known():
		return unknownType
	case a.kind == tVoid:
		return b
	case b.kind == tVoid || a == b:
		return a
	case a.isIntegral() && b.isIntegral():
		return wider(a, b)
	case a.isFloating() && b.isNumeric() || b.isFloating() && a.isNumeric():
		return doubleType
	case a.isDecimal() || b.isDecimal():
		if a.isIntegral() {
			a = integralDecimal(a)
		}
		if b.isIntegral() {
			b = integralDecimal(b)
		}
		if !a.isDecimal() || !b.isDecimal() {
			return unknownType
		}
		s := max(a.s, b.s)
		return boundedDecimal(max(a.p-a.s, b.p-b.s)+s, s)
	}
	return unknownType
}
