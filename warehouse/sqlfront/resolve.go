package sqlfront

import (
	"math/big"
	"strconv"
	"strings"
)

// This file is the front end's second stage: the resolver gives the nodes
// of an expression tree (parsed by exprparse.go) their Spark data types,
// following Spark's analyser — literal typing, implicit casts of strings
// in arithmetic, DecimalPrecision for + - * / % and pmod (precision capped
// at 38, the scale reduced to no less than 6), integral division, and the
// result types of the functions in typedCalls. A node whose type Spark
// derives from something the resolver cannot see (a column, a function it
// does not know) stays unknownType, and so does every node above it: the
// generator (generate.go) leaves those to the engine.
//
// Adding a typing rule: give the node's type in resolver.resolve (an
// operator) or an entry of typedCalls (a function), then teach the
// generator to emit DuckDB SQL that computes exactly that type.

// nodeInfo is what the resolver knows of a node.
type nodeInfo struct {
	t sparkType
	// span is the node's significant tokens [span[0], span[1]) in the
	// rewriter's input (set by the parser).
	span [2]int
	// own tells that the generator writes the node itself; a node that is
	// not owned is copied from the engine-bound text of its tokens.
	own bool
	// minLit is, for an integral literal, the narrowest decimal that holds
	// it (DecimalType.fromLiteral), used when it meets a decimal.
	minLit sparkType
	// standalone marks an owned node the generator writes even inside a
	// node it does not own: one DuckDB has no form of at all (a string
	// function of BINARY values), so its text cannot change how the
	// engine types the node around it.
	standalone bool
}

// resolver types the nodes of one tree.
type resolver struct {
	info map[exprNode]*nodeInfo
	// err is the first analysis error found (a SparkError), reported as
	// Spark reports it.
	err error
	// pos is the byte offset of the item, for errors.
	pos int
	// columns are the columns whose types the text tells (see
	// inlineTableScope); nil for none.
	columns scope
	// tableColumn, when set, types a column reference from the tables
	// the statement's FROM and JOIN clauses name (see tableColumnType);
	// asked for names columns does not hold and no lambda binds.
	tableColumn func(parts []string) sparkType
	// bound counts the lambda parameters in scope by name.
	bound map[string]int
}

func (rv *resolver) node(e exprNode) *nodeInfo {
	in := rv.info[e]
	if in == nil {
		in = &nodeInfo{}
		rv.info[e] = in
	}
	return in
}

// typeOf returns the resolved type of e.
func (rv *resolver) typeOf(e exprNode) sparkType {
	if in := rv.info[e]; in != nil {
		return in.t
	}
	return unknownType
}

// resolve types e and its children, bottom up, and returns e's type. A
// typed node is owned by the generator when one of its operands is, or
// when DuckDB would compute or type it differently from Spark (see
// needsGenerator).
func (rv *resolver) resolve(e exprNode) sparkType {
	in := rv.node(e)
	switch x := e.(type) {
	case *litExpr:
		in.t, in.own, in.minLit = literalType(x)
		if suffixed(x) || x.kind == litBinary {
			// DuckDB has no suffixed or X'…' literals: the generator
			// writes each, wherever it stands.
			in.own, in.standalone = in.t.known(), in.t.known()
		}
	case *colExpr:
		if len(x.parts) == 1 && rv.columns != nil {
			if t, ok := rv.columns[strings.ToLower(x.parts[0])]; ok {
				in.t = t
			}
		} else if rv.tableColumn != nil && rv.bound[strings.ToLower(x.parts[0])] == 0 {
			in.t = rv.tableColumn(x.parts)
		}
	case *unaryExpr:
		t := rv.resolve(x.x)
		if (x.op == "-" || x.op == "+") && t.isNumeric() {
			in.t, in.own = t, rv.owned(x.x)
		}
	case *binaryExpr:
		rv.resolve(x.l)
		rv.resolve(x.r)
		if sparkOperators[x.op] {
			// DuckDB has none of them (or reads them otherwise): the
			// generator writes each, whatever its operands.
			in.t, in.own, in.standalone = rv.operatorType(x), true, true
			break
		}
		in.t = rv.arithmetic(x.op, x.l, x.r)
		in.own = in.t.known() && (rv.owned(x.l, x.r) || rv.arithNeedsGenerator(x.op, x.l, x.r, in.t))
		// DuckDB has no arithmetic on strings at all.
		in.standalone = in.own && (rv.typeOf(x.l).kind == tString || rv.typeOf(x.r).kind == tString)
	case *castExpr:
		from := rv.resolve(x.x)
		in.t = parseSparkType(x.typ)
		in.own = in.t.known() && castOwned(from, in.t, x.x) && (rv.owned(x.x) || castNeedsGenerator(from, in.t, x.x))
	case *callExpr:
		for _, a := range x.args {
			rv.resolve(a)
		}
		rv.resolveDecorations(x)
		if x.within != nil {
			rv.resolve(x.within.x)
		}
		if x.over == nil && x.filter == nil && (x.within == nil || retypedCalls[x.name]) && !x.star {
			if rule, ok := typedCalls[x.name]; ok {
				in.t = rule(rv, x)
				in.own = in.t.known() && (rv.owned(x.args...) || rv.callNeedsGenerator(x, in.t))
				// DuckDB has no ceil or floor at a scale at all.
				in.standalone = in.own && (binaryCalls[x.name] || len(x.args) == 2 && ceilFloor[x.name])
			}
		}
	default:
		rv.resolveChildren(e)
	}
	return in.t
}

// ceilFloor are the names of ceil and floor.
var ceilFloor = map[string]bool{"ceil": true, "ceiling": true, "floor": true}

// owned tells whether any of es is owned by the generator.
func (rv *resolver) owned(es ...exprNode) bool {
	for _, e := range es {
		if in := rv.info[e]; in != nil && in.own {
			return true
		}
	}
	return false
}

// arithNeedsGenerator tells whether DuckDB's l op r differs from Spark's:
// decimal results (DuckDB types literals, integers in decimal arithmetic
// and quotients differently) and strings, which Spark casts implicitly.
func (rv *resolver) arithNeedsGenerator(op string, l, r exprNode, t sparkType) bool {
	if t.isDecimal() {
		return true
	}
	lt, rt := rv.typeOf(l), rv.typeOf(r)
	return lt.kind == tString || rt.kind == tString
}

// castNeedsGenerator tells whether DuckDB's CAST differs from Spark's: a
// fraction becomes an integer by truncation (DuckDB rounds), a string
// literal that is no whole number fails (DuckDB reads 1.5), a decimal of
// no integral digits prints its leading zero.
func castNeedsGenerator(from, to sparkType, x exprNode) bool {
	switch {
	case to.isIntegral() && (from.isDecimal() || from.isFloating()):
		return true
	case to.isIntegral() && from.kind == tString:
		l, ok := x.(*litExpr)
		return ok && !wholeNumberText.MatchString(l.pretty)
	case to.kind == tString && from.isDecimal() && from.p == from.s:
		return true
	case (to.kind == tDate || to.kind == tTimestamp) && from.kind == tString:
		_, lit := x.(*litExpr)
		return lit
	}
	return false
}

// callNeedsGenerator tells whether DuckDB's form of a typed call differs
// from Spark's.
func (rv *resolver) callNeedsGenerator(c *callExpr, t sparkType) bool {
	switch c.name {
	case "ceil", "ceiling", "floor", "round", "bround":
		return true
	case "try_add", "try_subtract", "try_multiply":
		return true
	case "abs", "negative", "positive", "max", "min":
		return false
	case "encode", "unhex", "array", "map":
		return false
	case "sequence":
		return t.elem != tBigint
	case "percentile_disc":
		return true
	case "length", "len", "char_length", "character_length", "octet_length", "bit_length",
		"startswith", "endswith", "contains", "left", "substr", "substring", "lpad", "rpad",
		"reverse", "btrim", "size", "cardinality", "overlay":
		return true // typed only in their BINARY forms (resolve_binary.go)
	case "sum", "try_sum", "avg", "try_avg", "mean":
		// DuckDB types a column of NULLs INTEGER.
		return t.isDecimal() || c.name == "try_sum" || len(c.args) == 1 && rv.typeOf(c.args[0]).kind == tVoid
	}
	return t.isDecimal()
}

// resolveChildren records the children of a node the resolver does not
// type, so that their own spans are known.
func (rv *resolver) resolveChildren(e exprNode) {
	switch x := e.(type) {
	case *caseExpr:
		if x.operand != nil {
			rv.resolve(x.operand)
		}
		for _, w := range x.whens {
			rv.resolve(w[0])
			rv.resolve(w[1])
		}
		if x.els != nil {
			rv.resolve(x.els)
		}
	case *inExpr:
		rv.resolve(x.x)
		for _, a := range x.list {
			rv.resolve(a)
		}
	case *betweenExpr:
		rv.resolve(x.x)
		rv.resolve(x.lo)
		rv.resolve(x.hi)
	case *isExpr:
		rv.resolve(x.x)
		if x.other != nil {
			rv.resolve(x.other)
		}
	case *likeExpr:
		rv.resolve(x.x)
		rv.resolve(x.pat)
	case *indexExpr:
		rv.resolve(x.x)
		rv.resolve(x.idx)
	case *fieldExpr:
		rv.resolve(x.x)
	case *lambdaExpr:
		if rv.bound == nil {
			rv.bound = map[string]int{}
		}
		for _, p := range x.params {
			rv.bound[p]++
		}
		rv.resolve(x.body)
		for _, p := range x.params {
			rv.bound[p]--
		}
	}
}

// resolveDecorations types the FILTER condition and the window of a call.
func (rv *resolver) resolveDecorations(x *callExpr) {
	if x.filter != nil {
		rv.resolve(x.filter)
	}
	if x.over != nil {
		for _, p := range x.over.partition {
			rv.resolve(p)
		}
		for _, o := range x.over.order {
			rv.resolve(o.x)
		}
	}
}

// literalType types a literal as Spark's parser does: an integral number
// is INT, BIGINT or DECIMAL(n,0) by its size; one with a fraction is a
// DECIMAL of its digits; one with an exponent a DOUBLE; a suffix (Y, S, L,
// D, F, BD) names the type. It also tells whether the generator writes the
// literal itself (where DuckDB would type it otherwise), and the narrowest
// decimal of an integral one.
func literalType(x *litExpr) (sparkType, bool, sparkType) {
	switch x.kind {
	case litString:
		return stringType, false, unknownType
	case litBool:
		return booleanType, false, unknownType
	case litNull:
		return voidType, false, unknownType
	case litBinary:
		return sparkType{kind: tBinary}, false, unknownType
	case litNumber:
	default:
		return unknownType, false, unknownType
	}
	m := numberSuffix.FindStringSubmatch(strings.TrimPrefix(x.text, "-"))
	body, suffix := strings.TrimPrefix(x.text, "-"), ""
	if m != nil {
		body, suffix = body[:len(body)-len(m[4])], strings.ToLower(m[4])
	}
	// A suffix names the type (the generator writes it as a cast).
	switch suffix {
	case "y":
		return sparkType{kind: tTinyint}, false, unknownType
	case "s":
		return sparkType{kind: tSmallint}, false, unknownType
	case "l":
		return bigintType, false, unknownType
	case "d":
		return doubleType, false, unknownType
	case "f":
		return sparkType{kind: tFloat}, false, unknownType
	}
	whole, frac, _ := strings.Cut(strings.ToLower(body), ".")
	exp := ""
	if i := strings.IndexByte(frac, 'e'); i >= 0 {
		frac, exp = frac[:i], frac[i+1:]
	} else if i := strings.IndexByte(whole, 'e'); i >= 0 {
		whole, exp = whole[:i], whole[i+1:]
	}
	if exp != "" && suffix == "" {
		return doubleType, false, unknownType
	}
	if suffix == "bd" || frac != "" || strings.Contains(body, ".") {
		p, s := decimalLiteralType(whole, frac, exp)
		if p > maxDecimalPrecision {
			return unknownType, false, unknownType
		}
		// DuckDB counts the integral digits as written (0.1 is its
		// DECIMAL(2,1)); the BD suffix's rewrite types it as Spark.
		duckP := max(len(whole), 1) + len(frac)
		return decimalType(p, s), suffix == "" && duckP != p, unknownType
	}
	v, ok := new(big.Int).SetString(x.text, 10)
	if !ok {
		return unknownType, false, unknownType
	}
	digits := len(strings.TrimLeft(whole, "0"))
	minLit := decimalType(max(digits, 1), 0)
	// DuckDB reads -2147483648 as the negation of a BIGINT.
	switch {
	case v.IsInt64() && v.Int64() >= -1<<31 && v.Int64() < 1<<31:
		return intType, v.Int64() == -1<<31, minLit
	case v.IsInt64():
		return bigintType, v.Int64() == -1<<63, minLit
	case digits <= maxDecimalPrecision:
		return decimalType(digits, 0), true, unknownType
	}
	return unknownType, false, unknownType
}

// castOwned tells whether the generator writes a cast of from to to
// itself: the casts whose DuckDB form differs from Spark's (fractions to
// integers truncate, strings to integers must be whole numbers) and casts
// of numbers the generator writes. Other casts are the engine's, typed by
// their target.
func castOwned(from, to sparkType, x exprNode) bool {
	switch {
	case !from.known():
		return false
	case to.isNumeric() && (from.isNumeric() || from.kind == tVoid || from.kind == tBoolean):
		return true
	case to.isIntegral() && from.kind == tString:
		_, lit := x.(*litExpr)
		return lit
	case to.kind == tString && (from.isIntegral() || from.isDecimal()):
		return true
	case (to.kind == tDate || to.kind == tTimestamp) && from.kind == tString:
		_, lit := x.(*litExpr)
		return lit // Spark's lenient string forms (sparkDatetimeCast)
	}
	return false
}

// arithOperand returns the type an operand of a decimal operation takes:
// an integral literal its narrowest decimal, another integral the decimal
// of its type.
func (rv *resolver) arithOperand(e exprNode) sparkType {
	t := rv.typeOf(e)
	if t.isIntegral() {
		if in := rv.info[e]; in != nil && in.minLit.known() {
			return in.minLit
		}
		return integralDecimal(t)
	}
	return t
}

// operandTypes returns the types both operands of an arithmetic operator
// are cast to, and the family the operation computes in (an integral, a
// floating or a decimal type); unknownType when Spark's analyser would not
// type it here.
func (rv *resolver) operandTypes(l, r exprNode) (lt, rt sparkType, ok bool) {
	lt, rt = rv.typeOf(l), rv.typeOf(r)
	// NULL takes the other side's type.
	if lt.kind == tVoid {
		lt = rt
	}
	if rt.kind == tVoid {
		rt = lt
	}
	// Strings meet numbers as BIGINT next to integers, as DOUBLE next to
	// fractions (ANSI implicit casts).
	switch {
	case lt.kind == tString && rt.kind == tString:
		rv.fail("DATATYPE_MISMATCH", "42K09", "the binary operator requires numeric operands, not two STRING values")
		return unknownType, unknownType, false
	case lt.kind == tString && rt.isIntegral():
		lt = bigintType
	case rt.kind == tString && lt.isIntegral():
		rt = bigintType
	case lt.kind == tString && rt.isNumeric():
		lt, rt = doubleType, doubleType
	case rt.kind == tString && lt.isNumeric():
		lt, rt = doubleType, doubleType
	}
	if !lt.isNumeric() || !rt.isNumeric() {
		return unknownType, unknownType, false
	}
	return lt, rt, true
}

// arithmetic types l op r.
func (rv *resolver) arithmetic(op string, l, r exprNode) sparkType {
	switch op {
	case "+", "-", "*", "/", "%", "DIV":
	default:
		return unknownType
	}
	lt, rt, ok := rv.operandTypes(l, r)
	if !ok {
		return unknownType
	}
	switch {
	case lt.isFloating() || rt.isFloating():
		switch {
		case op == "DIV":
			return unknownType
		case op == "/" || lt.kind == tDouble || rt.kind == tDouble:
			return doubleType
		}
		return sparkType{kind: tFloat}
	case lt.isIntegral() && rt.isIntegral():
		switch op {
		case "/":
			return doubleType
		case "DIV":
			return bigintType
		}
		return wider(lt, rt)
	}
	// A decimal and a decimal or an integral.
	if op == "DIV" {
		return unknownType
	}
	if lt.isIntegral() {
		lt = rv.arithOperand(l)
	}
	if rt.isIntegral() {
		rt = rv.arithOperand(r)
	}
	return decimalResult(op, lt, rt)
}

// decimalResult is DecimalPrecision's result type of two decimals.
func decimalResult(op string, a, b sparkType) sparkType {
	p1, s1, p2, s2 := a.p, a.s, b.p, b.s
	switch op {
	case "+", "-":
		s := max(s1, s2)
		return adjustDecimal(max(p1-s1, p2-s2)+s+1, s)
	case "*":
		return adjustDecimal(p1+p2+1, s1+s2)
	case "/":
		s := max(minAdjustedScale, s1+p2+1)
		return adjustDecimal(p1-s1+s2+s, s)
	case "%":
		s := max(s1, s2)
		return adjustDecimal(min(p1-s1, p2-s2)+s, s)
	}
	return unknownType
}

// fail records an analysis error.
func (rv *resolver) fail(class, state, msg string) {
	if rv.err == nil {
		rv.err = &SparkError{Class: class, SQLState: state, Msg: msg, Pos: rv.pos}
	}
}

// intLiteral returns the value of an integral literal argument.
func intLiteral(e exprNode) (int, bool) {
	l, ok := e.(*litExpr)
	if !ok || l.kind != litNumber {
		return 0, false
	}
	v, err := strconv.Atoi(l.text)
	return v, err == nil
}
