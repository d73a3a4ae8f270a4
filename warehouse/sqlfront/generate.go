package sqlfront

import (
	"regexp"
	"strconv"
	"strings"
)

// This file is the front end's third stage: the generator writes DuckDB
// SQL for the nodes the resolver typed and owns, so that DuckDB computes
// each of them as Spark does and types it with the DuckDB type of its
// Spark type (types.go): literals with Spark's types, casts of the result
// of decimal arithmetic to the precision and scale DecimalPrecision gives,
// operands converted as Spark's implicit casts convert them, truncation
// before integer casts, and the checks that raise Databricks' error
// classes (DIVIDE_BY_ZERO, REMAINDER_BY_ZERO, CAST_INVALID_INPUT). Nodes it
// does not own are copied from the text the token rewrites made of them.

// sqlGen writes one typed tree.
type sqlGen struct {
	r  *rewriter
	rv *resolver
	// dry is set while the generator only checks that it can write a tree
	// (before the token rewrites of the nodes it does not own are done).
	dry bool
	ok  bool
}

// gen returns the DuckDB text of e, whose DuckDB type is that of e's
// Spark type when e is typed.
func (g *sqlGen) gen(e exprNode) string {
	in := g.rv.info[e]
	if in == nil {
		g.ok = false
		return ""
	}
	if !in.own {
		if g.dry {
			return "?"
		}
		text := g.r.spanText(in.span[0], in.span[1])
		if in.span[1]-in.span[0] == 1 || isCallText(text) || stripParens(text) != text {
			return text // a name, a call or already in parentheses
		}
		return "(" + text + ")"
	}
	switch x := e.(type) {
	case *litExpr:
		if x.kind == litBinary {
			return genBinary(x)
		}
		return genNumber(x, in.t)
	case *unaryExpr:
		if x.op == "+" {
			return g.gen(x.x)
		}
		return "(- " + g.gen(x.x) + ")"
	case *binaryExpr:
		if sparkOperators[x.op] {
			return g.operator(x)
		}
		return g.arith(x.op, x.l, x.r, in.t, "")
	case *castExpr:
		return g.cast(x, in.t)
	case *callExpr:
		return g.call(x, in.t)
	}
	g.ok = false
	return ""
}

// as returns e's text converted to type t.
func (g *sqlGen) as(e exprNode, t sparkType) string {
	s := g.gen(e)
	if from := g.rv.typeOf(e); from == t || from.isIntegral() && t.isIntegral() && from.kind <= t.kind {
		return s // the same, or an integer DuckDB widens as Spark does
	}
	return "CAST(" + s + " AS " + t.duck() + ")"
}

// castText wraps s in CAST (or TRY_CAST when try) to t.
func castText(s string, t sparkType, try bool) string {
	if try {
		return "TRY_CAST(" + s + " AS " + t.duck() + ")"
	}
	return "CAST(" + s + " AS " + t.duck() + ")"
}

// genNumber writes a number literal as a value of its Spark type.
func genNumber(x *litExpr, t sparkType) string {
	body := x.text
	if m := numberSuffix.FindStringSubmatch(strings.TrimPrefix(body, "-")); m != nil {
		body = body[:len(body)-len(m[4])]
	}
	switch t.kind {
	case tInt:
		if v, err := strconv.ParseInt(body, 10, 64); err == nil && v >= 0 {
			return body
		} else if err == nil && v > -1<<31 {
			return "(" + body + ")"
		}
	case tDecimal:
		return castText("'"+body+"'", t, false)
	case tDouble:
		if strings.ContainsAny(body, "eE") && !strings.HasSuffix(strings.ToLower(x.text), "d") {
			return "(" + body + ")"
		}
	}
	return castText(body, t, false)
}

// arith writes l op r of result type t; fn is the function spelling it
// ("" for the operator, pmod, or try_add … which answer NULL on overflow).
func (g *sqlGen) arith(op string, l, r exprNode, t sparkType, fn string) string {
	try := strings.HasPrefix(fn, "try_")
	lt, rt, ok := g.rv.operandTypes(l, r)
	if !ok {
		g.ok = false
		return ""
	}
	switch op {
	case "/":
		// Spark divides doubles, or decimals exactly (see
		// exactQuotient); DuckDB divides integers as doubles.
		a, b := g.as(l, lt), g.as(r, rt) // a string next to an integer: BIGINT
		if !lt.isIntegral() {
			a = g.as(l, doubleType)
		}
		if !rt.isIntegral() {
			b = g.as(r, doubleType)
		}
		if t.isDecimal() && !try {
			if q, ok := g.exactQuotient(l, r, t); ok {
				return q
			}
		}
		q := "(" + a + " / sl_nonzero(" + b + "))"
		if try {
			q = "sl_try_divide(" + a + ", " + b + ")"
		}
		if t.isDecimal() {
			return castText(q, t, try)
		}
		return q
	case "DIV":
		return "sl_div(" + g.as(l, bigintType) + ", " + g.as(r, bigintType) + ")"
	}
	var a, b string
	if t.isDecimal() {
		if lt.isIntegral() {
			lt = g.rv.arithOperand(l)
		}
		if rt.isIntegral() {
			rt = g.rv.arithOperand(r)
		}
		a, b = g.as(l, lt), g.as(r, rt)
		if op == "*" && lt.s+rt.s > maxDecimalPrecision {
			// DuckDB refuses a product of more than 38 digits of scale.
			a, b = castText(a, doubleType, false), castText(b, doubleType, false)
		}
	} else {
		a, b = g.as(l, t), g.as(r, t)
	}
	var v string
	switch {
	case fn == "pmod":
		v = "sl_pmod(" + a + ", " + b + ")"
	case op == "%":
		v = "(" + a + " % sl_nonzero_rem(" + b + "))"
	case try && t.isIntegral():
		// Computed wide, NULL where it leaves the type's range.
		return "TRY_CAST((CAST(" + a + " AS HUGEINT) " + op + " CAST(" + b + " AS HUGEINT)) AS " + t.duck() + ")"
	default:
		v = "(" + a + " " + op + " " + b + ")"
	}
	if t.isDecimal() {
		return castText(v, t, try)
	}
	return v
}

// exactQuotient writes the decimal quotient l / r of type t exactly, as
// Spark computes it (rounded half up at t's scale), where the unscaled
// numerator fits DuckDB's HUGEINT: both operands become unscaled integers,
// the numerator scaled so that their integer quotient is the result's
// unscaled value, divided with sl_div_round and scaled back. DuckDB itself
// divides decimals as doubles (15 to 17 digits).
func (g *sqlGen) exactQuotient(l, r exprNode, t sparkType) (string, bool) {
	lt, rt := g.rv.arithOperand(l), g.rv.arithOperand(r)
	if !lt.isDecimal() || !rt.isDecimal() {
		return "", false
	}
	// The numerator l·10^(t.s+rt.s) has t.p integral digits at most (the
	// result before any precision cap) and lt.s digits of scale.
	shift := t.s + rt.s
	if p := lt.p - lt.s + shift; p+lt.s > maxDecimalPrecision || shift < lt.s {
		return "", false
	}
	a, b := g.as(l, lt), g.as(r, rt)
	num := "CAST(" + a + " * " + pow10(shift) + " AS HUGEINT)"
	den := "CAST(" + b + " * " + pow10(rt.s) + " AS HUGEINT)"
	unit := castText("'"+scaleUnit(t.s)+"'", decimalType(max(t.s, 1), t.s), false)
	return castText("CAST(sl_div_round("+num+", "+den+") AS DECIMAL(38,0)) * "+unit, t, false), true
}

// pow10 writes 10^n as an integer literal.
func pow10(n int) string { return "1" + strings.Repeat("0", n) }

// scaleUnit writes 10^-s as a decimal literal (s > 0).
func scaleUnit(s int) string {
	if s == 0 {
		return "1"
	}
	return "0." + strings.Repeat("0", s-1) + "1"
}

// wholeNumberText matches the strings Spark's ANSI cast reads as an
// integer.
var wholeNumberText = regexp.MustCompile(`^\s*[+-]?[0-9]+\s*$`)

// cast writes CAST(x AS t): fractions truncate toward zero before they
// become integers (DuckDB rounds), a string literal must be a whole number
// to become one (DuckDB reads 1.5 as 2), and a decimal of no integral
// digits keeps its leading zero as text.
func (g *sqlGen) cast(x *castExpr, t sparkType) string {
	from := g.rv.typeOf(x.x)
	switch {
	case t.isIntegral() && (from.isDecimal() || from.isFloating()):
		return castText("trunc("+g.gen(x.x)+")", t, x.try)
	case t.isIntegral() && from.kind == tString:
		lit := x.x.(*litExpr)
		if wholeNumberText.MatchString(lit.pretty) {
			return castText(quoteString(strings.TrimSpace(lit.pretty)), t, x.try)
		}
		if x.try {
			return castText("NULL", t, false)
		}
		return castText(sparkError("CAST_INVALID_INPUT", "22018", "The value "+quoteStringText(lit.pretty)+
			" of the type \"STRING\" cannot be cast to \""+typeWords[t.kind]+"\" because it is malformed. "+
			"Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."), t, false)
	case t.kind == tString && from.isDecimal() && from.p == from.s && from.p < maxDecimalPrecision:
		return castText(castText(g.gen(x.x), decimalType(from.p+1, from.s), false), t, x.try)
	case (t.kind == tDate || t.kind == tTimestamp) && from.kind == tString:
		return sparkDatetimeCast(quoteString(x.x.(*litExpr).pretty), t, x.try || g.r.opts.ANSIOff)
	}
	return castText(g.gen(x.x), t, x.try)
}

// quoteStringText is s in single quotes, as Spark's messages show values.
func quoteStringText(s string) string { return "'" + s + "'" }

// call writes the calls of typedCalls.
func (g *sqlGen) call(c *callExpr, t sparkType) string {
	if text, ok := g.binaryCall(c); ok {
		return text
	}
	if retypedCalls[c.name] {
		if g.dry {
			return "?"
		}
		sp := g.rv.info[c].span
		return castText(g.r.spanText(sp[0], sp[1]), t, false)
	}
	arg := func(i int) string { return g.gen(c.args[i]) }
	at := func(i int) sparkType { return g.rv.typeOf(c.args[i]) }
	switch c.name {
	case "ceil", "ceiling", "floor":
		fn := "ceil"
		if c.name == "floor" {
			fn = "floor"
		}
		x := at(0)
		switch {
		case len(c.args) == 2:
			d, _ := intLiteral(c.args[1])
			a := arg(0)
			if x.isIntegral() {
				x = integralDecimal(x)
				a = castText(a, x, false)
			}
			if d >= x.s {
				return castText(a, t, false)
			}
			return castText("sl_"+fn+"_at("+a+", "+strconv.Itoa(d)+")", t, false)
		case x.isDecimal() && x.s == 0:
			return arg(0)
		case x.isIntegral():
			return castText(arg(0), t, false)
		}
		return castText(fn+"("+arg(0)+")", t, false)
	case "round", "bround":
		d := 0
		if len(c.args) == 2 {
			d, _ = intLiteral(c.args[1])
		}
		x := at(0)
		if x.isIntegral() && d >= 0 {
			return arg(0)
		}
		fn := "round"
		if c.name == "bround" {
			fn = "round_even"
		}
		return castText(fn+"("+arg(0)+", "+strconv.Itoa(d)+")", t, false)
	case "abs":
		return "abs(" + arg(0) + ")"
	case "negative":
		return "(- " + arg(0) + ")"
	case "positive":
		return arg(0)
	case "mod":
		return g.arith("%", c.args[0], c.args[1], t, "")
	case "pmod":
		return g.arith("%", c.args[0], c.args[1], t, "pmod")
	case "try_add":
		return g.arith("+", c.args[0], c.args[1], t, c.name)
	case "try_subtract":
		return g.arith("-", c.args[0], c.args[1], t, c.name)
	case "try_multiply":
		return g.arith("*", c.args[0], c.args[1], t, c.name)
	case "try_divide":
		return g.arith("/", c.args[0], c.args[1], t, c.name)
	case "sum", "try_sum", "avg", "try_avg", "mean":
		fn := strings.TrimPrefix(c.name, "try_")
		if fn == "mean" {
			fn = "avg"
		}
		distinct := ""
		if c.distinct {
			distinct = "DISTINCT "
		}
		x := arg(0)
		if at(0).kind == tVoid {
			x = castText(x, t, false) // DuckDB's NULL column is an INTEGER
		}
		return castText(fn+"("+distinct+x+")", t, strings.HasPrefix(c.name, "try_"))
	}
	g.ok = false
	return ""
}

// isCallText tells whether s is one call, name(…), which needs no
// parentheses as an operand.
func isCallText(s string) bool {
	open := strings.IndexByte(s, '(')
	if open < 1 || !strings.HasSuffix(s, ")") {
		return false
	}
	for i := 0; i < open; i++ {
		if !isNameByte(s[i], i > 0) {
			return false
		}
	}
	return stripParens(s[open:]) != s[open:] || s[open:] == "()"
}

// isNameByte tells whether c may stand in a function's name (a digit not
// first).
func isNameByte(c byte, notFirst bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || notFirst && c >= '0' && c <= '9'
}

// spanText returns the engine-bound text of the significant tokens s to e
// (excluded), with what the token rewrites put around and between them.
func (r *rewriter) spanText(s, e int) string {
	var b strings.Builder
	for i := r.si(s); i <= r.si(e-1); i++ {
		b.WriteString(r.pre[i])
		if !r.dropped[i] {
			b.WriteString(r.outText(i))
		}
		b.WriteString(r.post[i])
	}
	return strings.TrimSpace(b.String())
}

// sparkDatetimeCast writes a cast of string s to DATE or TIMESTAMP as
// Spark reads the string (2021, 2021-9-3, '2021-09-30 11', a +0000 zone):
// sqlfuncs normalises it to DuckDB's form, failing with CAST_INVALID_INPUT
// on malformed text, or NULL when lenient (try_cast, ANSI_MODE false).
func sparkDatetimeCast(s string, t sparkType, lenient bool) string {
	fn := "sl_spark_timestamp_text("
	if t.kind == tDate {
		fn = "sl_spark_date_text("
	}
	strict := "true"
	if lenient {
		strict = "false"
	}
	return castText(fn+s+", "+strict+")", t, false)
}
