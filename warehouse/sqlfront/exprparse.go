package sqlfront

import (
	"errors"
	"strings"
)

// This file parses one select-list item of Databricks SQL into an
// expression tree, for sparkName to print the name Spark gives the result
// column. The parser knows the expression forms whose naming is known; any
// other form is errUnknownExpr, and the item keeps the engine's name.

// errUnknownExpr reports an expression the parser or printer does not know.
var errUnknownExpr = errors.New("sqlfront: expression form not known to the namer")

// exprParser reads an expression from the significant tokens start up to
// (not including) end of a rewriter's input.
type exprParser struct {
	r          *rewriter
	start, end int
	pos        int // relative to start
	depth      int
	// rv, when not nil, receives the significant tokens [from, to) of
	// each node parsed (its nodeInfo's span), for the resolver and the
	// generator.
	rv *resolver
	// markers tells that parameter markers are operands (markerExpr);
	// otherwise they end the parse, as the namer cannot name them. Only
	// an item holding an operator of sparkOperators needs them: the
	// resolver types no marker, so nothing else the generator writes
	// stands on one.
	markers bool
}

// span records that e was parsed from the token at relative position from
// up to the cursor; an enclosing parse of the same node (a parenthesised
// one) widens it.
func (p *exprParser) span(e exprNode, from int) {
	if p.rv != nil && e != nil {
		p.rv.node(e).span = [2]int{p.start + from, p.start + p.pos}
	}
}

// maxExprDepth bounds the nesting the namer follows; deeper items keep the
// engine's name (and the parser's stack stays small).
const maxExprDepth = 200

// parseSelectItem parses the select-list item made of the significant
// tokens start to end (excluded) of r. It returns the expression and whether
// the item carries an alias; errUnknownExpr when the item is not an
// expression the namer knows.
func parseSelectItem(r *rewriter, start, end int) (exprNode, bool, error) {
	return parseItem(r, start, end, nil)
}

// parseItem is parseSelectItem recording the nodes' spans in rv (when
// not nil).
func parseItem(r *rewriter, start, end int, rv *resolver) (exprNode, bool, error) {
	p := &exprParser{r: r, start: start, end: end, rv: rv, markers: rv != nil && r.hasSparkOperator(start, end)}
	e, err := p.expr()
	if err != nil {
		return nil, false, err
	}
	switch {
	case p.atEnd():
		return e, false, nil
	case p.at(0).isKeyword("AS") || (p.start+p.pos == p.end-1 && p.at(0).isIdent()):
		return e, true, nil
	}
	return nil, false, errUnknownExpr
}

func (p *exprParser) atEnd() bool { return p.start+p.pos >= p.end }

// at returns the token n places ahead, or a zero token past the end.
func (p *exprParser) at(n int) token {
	if i := p.start + p.pos + n; i < p.end {
		return p.r.sigTok(i)
	}
	return token{kind: tokSpace}
}

// op returns the operator made of the punctuation bytes written together
// at the cursor (up to three: <=>), and how many tokens it spans.
func (p *exprParser) op() (string, int) {
	t := p.at(0)
	if t.kind != tokPunct {
		return "", 0
	}
	s, n := t.text, 1
	for n < 3 {
		u := p.at(n)
		if u.kind != tokPunct || u.pos != t.pos+len(s) || !strings.Contains("<>=!|:&", u.text) {
			break
		}
		s += u.text
		n++
	}
	// The longest operator Spark knows that s starts with.
	for _, o := range []string{"<=>", ">>>", "<>", "<=", ">=", "!=", "==", "||", "::", "<<", ">>"} {
		if strings.HasPrefix(s, o) {
			return o, len(o)
		}
	}
	return s[:1], 1
}

func (p *exprParser) acceptPunct(c byte) bool {
	if p.at(0).isPunct(c) {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) expectPunct(c byte) error {
	if !p.acceptPunct(c) {
		return errUnknownExpr
	}
	return nil
}

func (p *exprParser) acceptKeyword(kws ...string) bool {
	for i, kw := range kws {
		if !p.at(i).isKeyword(kw) {
			return false
		}
	}
	p.pos += len(kws)
	return true
}

// expr parses an expression: OR of ANDs of NOT … of predicates.
func (p *exprParser) expr() (exprNode, error) {
	if p.depth++; p.depth > maxExprDepth {
		return nil, errUnknownExpr
	}
	defer func() { p.depth-- }()
	from := p.pos
	e, err := p.binaryLevel(0)
	p.span(e, from)
	return e, err
}

// boolOps are the boolean operator levels, loosest first.
var boolOps = []string{"OR", "AND"}

func (p *exprParser) binaryLevel(level int) (exprNode, error) {
	if level == len(boolOps) {
		return p.not()
	}
	l, err := p.binaryLevel(level + 1)
	if err != nil {
		return nil, err
	}
	for p.acceptKeyword(boolOps[level]) {
		r, err := p.binaryLevel(level + 1)
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{op: boolOps[level], l: l, r: r}
	}
	return l, nil
}

func (p *exprParser) not() (exprNode, error) {
	if p.acceptKeyword("NOT") || (p.at(0).isPunct('!') && !p.at(1).isPunct('=')) && p.skip(1) {
		if p.depth++; p.depth > maxExprDepth {
			return nil, errUnknownExpr
		}
		defer func() { p.depth-- }()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &unaryExpr{op: "NOT", x: x}, nil
	}
	existsCall := p.at(1).isPunct('(') && !p.at(2).isKeyword("SELECT") && !p.at(2).isKeyword("WITH") // exists(array, lambda)
	if p.at(0).isKeyword("EXISTS") && !existsCall && p.acceptKeyword("EXISTS") {
		if err := p.skipSubquery(); err != nil {
			return nil, err
		}
		return &subqueryExpr{exists: true}, nil
	}
	x, err := p.value(0)
	if err != nil {
		return nil, err
	}
	return p.predicate(x)
}

func (p *exprParser) skip(n int) bool {
	p.pos += n
	return true
}

// predicate parses an optional predicate after x: BETWEEN, IN, LIKE, IS.
func (p *exprParser) predicate(x exprNode) (exprNode, error) {
	if p.acceptKeyword("IS") {
		e := &isExpr{x: x, not: p.acceptKeyword("NOT")}
		switch {
		case p.acceptKeyword("NULL"):
			e.what = "NULL"
		case p.acceptKeyword("TRUE"):
			e.what = "TRUE"
		case p.acceptKeyword("FALSE"):
			e.what = "FALSE"
		case p.acceptKeyword("DISTINCT", "FROM"):
			e.what = "DISTINCT FROM"
			y, err := p.value(0)
			if err != nil {
				return nil, err
			}
			e.other = y
		default:
			return nil, errUnknownExpr
		}
		return e, nil
	}
	not := p.acceptKeyword("NOT")
	switch {
	case p.acceptKeyword("BETWEEN"):
		lo, err := p.value(0)
		if err != nil {
			return nil, err
		}
		if !p.acceptKeyword("AND") {
			return nil, errUnknownExpr
		}
		hi, err := p.value(0)
		if err != nil {
			return nil, err
		}
		return &betweenExpr{x: x, lo: lo, hi: hi, not: not}, nil
	case p.acceptKeyword("IN"):
		e := &inExpr{x: x, not: not}
		if p.at(1).isKeyword("SELECT") || p.at(1).isKeyword("WITH") {
			e.subquery = true
			return e, p.skipSubquery()
		}
		list, err := p.parenList()
		if err != nil {
			return nil, err
		}
		e.list = list
		return e, nil
	case p.at(0).isKeyword("LIKE") || p.at(0).isKeyword("ILIKE") || p.at(0).isKeyword("RLIKE") || p.at(0).isKeyword("REGEXP"):
		op := strings.ToUpper(p.at(0).text)
		p.pos++
		if p.at(0).isKeyword("ANY") || p.at(0).isKeyword("ALL") || p.at(0).isKeyword("SOME") {
			return nil, errUnknownExpr
		}
		pat, err := p.value(0)
		if err != nil {
			return nil, err
		}
		e := &likeExpr{op: op, x: x, pat: pat, not: not}
		if p.acceptKeyword("ESCAPE") {
			esc := p.at(0)
			if esc.kind != tokString || len(esc.value()) != 1 {
				return nil, errUnknownExpr
			}
			if e.escape = esc.value(); e.escape == `\` {
				e.escape = "" // the default, not printed
			}
			p.pos++
		}
		return e, nil
	case not:
		return nil, errUnknownExpr
	}
	return x, nil
}

// valueOps are the binary operators of value expressions by binding power.
var valueOps = map[string]int{
	"=": 1, "==": 1, "<>": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "<=>": 1,
	"|": 2, "^": 3, "&": 4, "<<": 5, ">>": 5, ">>>": 5,
	"+": 6, "-": 6, "||": 6,
	"*": 7, "/": 7, "%": 7, "DIV": 7,
}

// value parses a value expression whose binary operators bind tighter than
// min (precedence climbing; all of them are left-associative).
func (p *exprParser) value(min int) (exprNode, error) {
	if p.depth++; p.depth > maxExprDepth {
		return nil, errUnknownExpr
	}
	defer func() { p.depth-- }()
	from := p.pos
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op, n := p.op()
		if p.at(0).isKeyword("DIV") {
			op, n = "DIV", 1
		}
		bp, ok := valueOps[op]
		if !ok || bp <= min {
			return l, nil
		}
		p.pos += n
		r, err := p.value(bp)
		if err != nil {
			return nil, err
		}
		l = &binaryExpr{op: op, l: l, r: r}
		p.span(l, from)
	}
}

// unary parses -x, +x, ~x and a postfixed primary. A minus written before
// a number is part of the literal, as in Spark's grammar.
func (p *exprParser) unary() (exprNode, error) {
	from := p.pos
	e, err := p.unaryNode()
	p.span(e, from)
	return e, err
}

func (p *exprParser) unaryNode() (exprNode, error) {
	t := p.at(0)
	if t.isPunct('-') || t.isPunct('+') || t.isPunct('~') {
		if t.isPunct('-') && p.at(1).kind == tokNumber {
			lit, err := numberLiteral(p.at(1).text, true)
			if err != nil {
				return nil, err
			}
			p.pos += 2
			return p.postfix(lit)
		}
		p.pos++
		if p.depth++; p.depth > maxExprDepth {
			return nil, errUnknownExpr
		}
		defer func() { p.depth-- }()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &unaryExpr{op: t.text, x: x}, nil
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	return p.postfix(x)
}

// postfix parses subscripts, field accesses and :: casts after x.
func (p *exprParser) postfix(x exprNode) (exprNode, error) {
	for {
		switch op, n := p.op(); {
		case p.at(0).isPunct('['):
			p.pos++
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expectPunct(']'); err != nil {
				return nil, err
			}
			x = &indexExpr{x: x, idx: idx}
		case p.at(0).isPunct('.') && p.at(1).isIdent():
			name := p.at(1).value()
			p.pos += 2
			if c, ok := x.(*colExpr); ok {
				c.parts = append(c.parts, name)
				continue
			}
			x = &fieldExpr{x: x, name: name}
		case op == "::":
			p.pos += n
			typ, err := p.dataType()
			if err != nil {
				return nil, err
			}
			x = &castExpr{x: x, typ: typ}
		default:
			return x, nil
		}
	}
}

// parenList parses ( e, e, … ).
func (p *exprParser) parenList() ([]exprNode, error) {
	if err := p.expectPunct('('); err != nil {
		return nil, err
	}
	var list []exprNode
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		if !p.acceptPunct(',') {
			break
		}
	}
	return list, p.expectPunct(')')
}

// skipSubquery skips a parenthesised subquery.
func (p *exprParser) skipSubquery() error {
	if !p.at(0).isPunct('(') || !p.at(1).isKeyword("SELECT") && !p.at(1).isKeyword("WITH") {
		return errUnknownExpr
	}
	depth := 0
	for ; !p.atEnd(); p.pos++ {
		switch t := p.at(0); {
		case t.isPunct('('):
			depth++
		case t.isPunct(')'):
			if depth--; depth == 0 {
				p.pos++
				return nil
			}
		}
	}
	return errUnknownExpr
}
