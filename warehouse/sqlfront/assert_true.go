package sqlfront

// assert_true(c): Spark's default message is the condition's SQL followed
// by " is not true!", which shows in the name; its result is VOID, NULL
// when the condition holds (see voidCallColumns for the VOID).

// assertTrueName prints assert_true(c) with its default message and
// reports whether it could: the condition must print the same as Spark's
// toPrettySQL and its sql (no string literal, which the one quotes and the
// other does not).
func (n *namer) assertTrueName(c *callExpr) bool {
	if len(c.args) != 1 || c.over != nil || c.filter != nil || c.distinct || !sameAsSQL(c.args[0]) {
		return false
	}
	inner := namer{aliases: n.aliases, lambdaVars: n.lambdaVars}
	inner.print(c.args[0])
	if inner.unknown {
		return false
	}
	cond := inner.b.String()
	n.w("assert_true(" + cond + ", '" + cond + "' is not true!)")
	return true
}

// sameAsSQL tells whether e prints the same in a name and as SQL: numbers,
// booleans, NULL and unqualified columns under operators.
func sameAsSQL(e exprNode) bool {
	switch x := e.(type) {
	case *litExpr:
		return x.kind == litNumber || x.kind == litBool || x.kind == litNull
	case *colExpr:
		return len(x.parts) == 1
	case *binaryExpr:
		return sameAsSQL(x.l) && sameAsSQL(x.r)
	case *unaryExpr:
		return sameAsSQL(x.x)
	case *isExpr:
		return x.what == "NULL" && sameAsSQL(x.x)
	}
	return false
}
