package sqlfront

import (
	"strings"
)

// This file prints the name Spark gives an unaliased select item: the
// item's analysed expression as Spark's toPrettySQL renders it. Literals
// print their value (strings without quotes), operators are parenthesised,
// functions print their pretty name with the default arguments the analyser
// adds, casts their type in Spark's spelling, window functions their
// complete specification. The names were recorded from Apache Spark 4.3.0
// (ANSI on); see sparkname_test.go.

// sparkName returns the name Spark gives the select item e, and false when
// the engine's own name is right (a column reference) or the namer does not
// know the expression.
//
// aliases holds the aliases, in lower case, of the items before e in its
// select list (nil for none): Spark prints a reference to one as
// lateralAliasReference(x) when no column of that name exists, which the
// namer cannot tell, so such items are not named.
func sparkName(e exprNode, aliases map[string]bool) (string, bool) {
	return sparkNameTyped(e, aliases, nil)
}

// sparkNameTyped is sparkName knowing the type text of column references
// and subscripts over them through typeOf ("" when unknown).
func sparkNameTyped(e exprNode, aliases map[string]bool, typeOf func(exprNode) string) (string, bool) {
	switch x := e.(type) {
	case *colExpr:
		return "", false // the engine names a column after itself
	case *castExpr:
		// A CAST of a column keeps the column's name.
		if c, ok := x.x.(*colExpr); ok && !x.try {
			return c.parts[len(c.parts)-1], true
		}
	}
	n := namer{aliases: aliases, typeOf: typeOf}
	n.print(e)
	if n.unknown {
		return "", false
	}
	return n.b.String(), true
}

// namer prints one expression; unknown is set on any form it cannot name.
type namer struct {
	b       strings.Builder
	unknown bool
	aliases map[string]bool
	// typeOf, when set, tells the type text of a column reference (see
	// rewriter.exprTypeText).
	typeOf func(exprNode) string
	// lambdaVars are the parameters of the lambdas around the expression
	// printed, innermost last: Spark prints them namedlambdavariable().
	lambdaVars [][]string
}

// isLambdaVar tells whether name is a parameter of an enclosing lambda.
func (n *namer) isLambdaVar(name string) bool {
	name = strings.ToLower(name)
	for _, ps := range n.lambdaVars {
		for _, p := range ps {
			if p == name {
				return true
			}
		}
	}
	return false
}

func (n *namer) w(s string) { n.b.WriteString(s) }

func (n *namer) print(e exprNode) {
	if n.unknown {
		return
	}
	switch x := e.(type) {
	case *litExpr:
		n.w(x.pretty)
	case *colExpr:
		if len(x.parts) == 1 && n.isLambdaVar(x.parts[0]) {
			n.w("namedlambdavariable()")
			return
		}
		if len(x.parts) > 1 {
			// t.a prints as a, s.f (a struct field) as s.f: which one
			// it is depends on the FROM clause.
			n.unknown = true
			return
		}
		if n.aliases[strings.ToLower(x.parts[0])] {
			n.unknown = true
			return
		}
		n.w(x.parts[0])
	case *lambdaExpr:
		n.lambdaVars = append(n.lambdaVars, x.params)
		n.w("lambdafunction(")
		n.print(x.body)
		n.lambdaVars = n.lambdaVars[:len(n.lambdaVars)-1]
		for range x.params {
			n.w(", namedlambdavariable()")
		}
		n.w(")")
	case *unaryExpr:
		n.unary(x)
	case *binaryExpr:
		n.binary(x)
	case *callExpr:
		n.call(x)
	case *castExpr:
		if x.typ == "" {
			// A cast to a complex type prints as its operand.
			n.print(x.x)
			return
		}
		if x.try {
			n.w("TRY_CAST(")
		} else {
			n.w("CAST(")
		}
		n.print(x.x)
		n.w(" AS " + x.typ + ")")
	case *caseExpr:
		n.caseExpr(x)
	case *inExpr:
		n.in(x)
	case *betweenExpr:
		n.not(x.not, func() { n.fn("between", x.x, x.lo, x.hi) })
	case *likeExpr:
		n.like(x)
	case *isExpr:
		n.is(x)
	case *indexExpr:
		// s['f'] is a struct field (printed s.f) or a map key (m[f]):
		// which one depends on the column's type.
		if l, ok := x.idx.(*litExpr); ok && l.kind == litString {
			c, ok := x.x.(*callExpr)
			isMap := ok && c.name == "map" ||
				n.typeOf != nil && strings.HasPrefix(strings.ToUpper(n.typeOf(x.x)), "MAP<")
			if !isMap {
				n.unknown = true
				return
			}
		}
		n.print(x.x)
		n.w("[")
		n.print(x.idx)
		n.w("]")
	case *fieldExpr:
		n.print(x.x)
		n.w("." + x.name)
	case *seqExpr:
		for _, part := range x.parts {
			if s, ok := part.(string); ok {
				n.w(s)
			} else {
				n.print(part.(exprNode))
			}
		}
	case *subqueryExpr:
		if x.exists {
			n.w("exists()")
		} else {
			n.w("scalarsubquery()")
		}
	default:
		n.unknown = true
	}
}

// not wraps what body prints in (NOT …) when neg.
func (n *namer) not(neg bool, body func()) {
	if neg {
		n.w("(NOT ")
	}
	body()
	if neg {
		n.w(")")
	}
}

// fn prints name(args…).
func (n *namer) fn(name string, args ...exprNode) {
	n.w(name + "(")
	for i, a := range args {
		if i > 0 {
			n.w(", ")
		}
		n.print(a)
	}
	n.w(")")
}

func (n *namer) unary(x *unaryExpr) {
	switch x.op {
	case "NOT", "-", "+":
		n.w("(" + x.op + " ")
		n.print(x.x)
		n.w(")")
	case "~":
		n.w("~")
		n.print(x.x)
	default:
		n.unknown = true
	}
}

// litOf returns e's literal and whether it is one of kind.
func litOf(e exprNode, kind litKind) (*litExpr, bool) {
	l, ok := e.(*litExpr)
	return l, ok && l.kind == kind
}

// isIntegral reports whether e is an integral number literal.
func isIntegral(e exprNode) bool {
	l, ok := litOf(e, litNumber)
	return ok && !strings.ContainsAny(l.pretty, ".E")
}

// isDecimal reports whether e is a number literal with a fraction.
func isDecimal(e exprNode) bool {
	l, ok := litOf(e, litNumber)
	return ok && strings.Contains(l.pretty, ".")
}

// datetimeArithmetic handles + and - with a date or timestamp literal,
// which Spark resolves by type, and reports whether it did: DATE 'd' + n is
// date_add(DATE 'd', n); the difference of two literals of one kind prints
// as written; other forms are not named.
func (n *namer) datetimeArithmetic(x *binaryExpr) bool {
	l, lok := litOf(x.l, litDatetime)
	r, rok := litOf(x.r, litDatetime)
	switch {
	case x.op == "+" && (returnsDate(x.l) || returnsDate(x.r)):
		if returnsDate(x.l) && isIntegral(x.r) {
			n.fn("date_add", x.l, x.r)
			return true
		}
		n.unknown = true
		return true
	case x.op == "-" && (returnsDate(x.l) || returnsDate(x.r)):
		n.unknown = true
		return true
	case !lok && !rok:
		return false
	case x.op == "+" && lok && strings.HasPrefix(l.pretty, "DATE ") && isIntegral(x.r):
		n.fn("date_add", x.l, x.r)
	case x.op == "+" && lok && rok && strings.HasPrefix(l.pretty, "DATE ") && isDayInterval(r.pretty):
		// Spark's date_add of the interval's days (see rewriteDateArithmetic).
		n.w("date_add(" + l.pretty + ", extractansiintervaldays(" + r.pretty + "))")
	case lok && rok && isTimestampLiteral(l.pretty) && strings.HasPrefix(r.pretty, "INTERVAL "):
		// TIMESTAMP '…' ± INTERVAL … prints without parentheses.
		n.w(l.pretty + " " + x.op + " " + r.pretty)
	case x.op == "-" && lok && rok && strings.Fields(l.pretty)[0] == strings.Fields(r.pretty)[0]:
		return false
	default:
		n.unknown = true
	}
	return true
}

func (n *namer) binary(x *binaryExpr) {
	switch x.op {
	case "||":
		n.fn("concat", x.l, x.r)
		return
	case "<>", "!=":
		n.not(true, func() { n.binary(&binaryExpr{op: "=", l: x.l, r: x.r}) })
		return
	case "+", "-":
		if n.datetimeArithmetic(x) {
			return
		}
	case "=", "==", "<", "<=", ">", ">=", "<=>":
		// Spark names 2 > 1.1 "(2 > 1)": an integral and a decimal
		// literal compared are not named.
		if isIntegral(x.l) && isDecimal(x.r) || isDecimal(x.l) && isIntegral(x.r) {
			n.unknown = true
			return
		}
	}
	op := x.op
	switch op {
	case "==":
		op = "="
	case "DIV":
		op = "div"
	}
	n.w("(")
	n.print(x.l)
	n.w(" " + op + " ")
	n.print(x.r)
	n.w(")")
}

func (n *namer) caseExpr(x *caseExpr) {
	n.w("CASE")
	for _, wt := range x.whens {
		n.w(" WHEN ")
		if x.operand != nil {
			n.print(&binaryExpr{op: "=", l: x.operand, r: wt[0]})
		} else {
			n.print(wt[0])
		}
		n.w(" THEN ")
		n.print(wt[1])
	}
	if x.els != nil {
		n.w(" ELSE ")
		n.print(x.els)
	}
	n.w(" END")
}

func (n *namer) in(x *inExpr) {
	n.not(x.not, func() {
		n.w("(")
		n.print(x.x)
		n.w(" IN (")
		if x.subquery {
			n.w("listquery()")
		}
		for i, a := range x.list {
			if i > 0 {
				n.w(", ")
			}
			n.print(a)
		}
		n.w("))")
	})
}

func (n *namer) like(x *likeExpr) {
	n.not(x.not, func() {
		switch x.op {
		case "LIKE":
			n.print(x.x)
			n.w(" LIKE ")
			n.print(x.pat)
			if x.escape != "" {
				n.w(" ESCAPE " + quoteString(x.escape))
			}
		case "ILIKE":
			n.fn("ilike", x.x, x.pat)
		case "RLIKE", "REGEXP":
			n.fn("RLIKE", x.x, x.pat)
		default:
			n.unknown = true
		}
	})
}

func (n *namer) is(x *isExpr) {
	switch x.what {
	case "NULL":
		n.w("(")
		n.print(x.x)
		if x.not {
			n.w(" IS NOT NULL)")
		} else {
			n.w(" IS NULL)")
		}
	case "TRUE", "FALSE":
		// x IS [NOT] TRUE is [NOT] (x <=> true).
		v := &litExpr{kind: litBool, pretty: strings.ToLower(x.what)}
		n.not(x.not, func() { n.binary(&binaryExpr{op: "<=>", l: x.x, r: v}) })
	case "DISTINCT FROM":
		// x IS DISTINCT FROM y is NOT (x <=> y).
		n.not(!x.not, func() { n.binary(&binaryExpr{op: "<=>", l: x.x, r: x.other}) })
	default:
		n.unknown = true
	}
}

// isDayInterval tells whether an interval literal, as Spark prints it, is
// of days only (INTERVAL '3' DAY).
func isDayInterval(pretty string) bool {
	return strings.HasPrefix(pretty, "INTERVAL '") && strings.HasSuffix(pretty, "' DAY")
}

// isTimestampLiteral tells whether a literal, as Spark prints it, is a
// TIMESTAMP or TIMESTAMP_NTZ.
func isTimestampLiteral(pretty string) bool {
	return strings.HasPrefix(pretty, "TIMESTAMP '") || strings.HasPrefix(pretty, "TIMESTAMP_NTZ '")
}

// dateFuncs are functions whose result is a DATE.
var dateFuncs = map[string]bool{
	"date_add": true, "date_sub": true, "to_date": true, "current_date": true, "make_date": true,
	"add_months": true, "last_day": true, "next_day": true, "date_from_unix_date": true,
}

// returnsDate reports whether e is a call of a function returning a DATE.
func returnsDate(e exprNode) bool {
	c, ok := e.(*callExpr)
	return ok && c.over == nil && dateFuncs[c.name]
}
