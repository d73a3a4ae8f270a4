package sqlfront

// The expression tree parseSelectItem builds and sparkName prints.

// exprNode is a node of the expression tree: one of the *…Expr types below.
type exprNode interface{ isExpr() }

// litKind classifies literals; arithmetic with date, time and interval
// literals is typed differently by Spark, so the namer needs to tell them.
type litKind uint8

const (
	litNumber litKind = iota
	litString
	litBool
	litNull
	litDatetime // DATE '…', TIMESTAMP '…', TIMESTAMP_NTZ '…'
	litBinary   // X'…'
)

// litExpr is a literal with the text Spark prints for it.
type litExpr struct {
	kind   litKind
	pretty string
	// text is a number's literal as written, with its minus sign.
	text string
}

// colExpr is a column or struct-field reference a.b.c.
type colExpr struct{ parts []string }

// unaryExpr is -x, +x, ~x or NOT x.
type unaryExpr struct {
	op string
	x  exprNode
}

// binaryExpr is x op y, op in canonical spelling (=, <>, AND, div, ||, …).
type binaryExpr struct {
	op   string
	l, r exprNode
}

// callExpr is a function call, with its aggregate and window decorations.
type callExpr struct {
	name     string // lower case
	args     []exprNode
	star     bool // count(*)
	distinct bool
	filter   exprNode
	over     *windowSpec
	// within is the ORDER BY of WITHIN GROUP (…), for percentile_cont,
	// percentile_disc and mode.
	within *sortItem
}

// castExpr is CAST(x AS t), TRY_CAST(x AS t) or x::t.
type castExpr struct {
	x   exprNode
	typ string // Spark's spelling of the type; "" for a complex type
	try bool
}

// caseExpr is CASE [operand] WHEN … THEN … [ELSE …] END.
type caseExpr struct {
	operand exprNode
	whens   [][2]exprNode
	els     exprNode
}

// inExpr is x [NOT] IN (list) or x [NOT] IN (subquery).
type inExpr struct {
	x        exprNode
	list     []exprNode
	subquery bool
	not      bool
}

// betweenExpr is x [NOT] BETWEEN lo AND hi.
type betweenExpr struct {
	x, lo, hi exprNode
	not       bool
}

// likeExpr is x [NOT] LIKE|ILIKE|RLIKE|REGEXP pattern.
type likeExpr struct {
	op     string
	x, pat exprNode
	not    bool
	escape string // "" for the default, a backslash
}

// isExpr is x IS [NOT] NULL|TRUE|FALSE, or x IS [NOT] DISTINCT FROM y.
type isExpr struct {
	x     exprNode
	what  string
	other exprNode
	not   bool
}

// indexExpr is x[i].
type indexExpr struct{ x, idx exprNode }

// fieldExpr is x.f where x is not a plain column reference.
type fieldExpr struct {
	x    exprNode
	name string
}

// seqExpr prints its parts in order: strings as they are, nodes by their
// names; for the calls Spark prints in their SQL syntax (TRIM(BOTH x FROM
// y), extract(YEAR FROM d)).
type seqExpr struct{ parts []any }

// lambdaExpr is a lambda function argument, x -> body or (x, y) -> body.
type lambdaExpr struct {
	params []string // lower case
	body   exprNode
}

// markerExpr is a parameter marker, ? or :name, at significant index k
// (which also keeps two markers distinct nodes); the namer does not name
// it (Spark names it after its value).
type markerExpr struct{ k int }

// subqueryExpr is a scalar subquery (SELECT …) or EXISTS (SELECT …).
type subqueryExpr struct{ exists bool }

// windowSpec is OVER (PARTITION BY … ORDER BY … frame).
type windowSpec struct {
	partition []exprNode
	order     []sortItem
	frame     *windowFrame
}

// sortItem is one ORDER BY item with Spark's defaults made explicit.
type sortItem struct {
	x          exprNode
	desc       bool
	nullsFirst bool
}

// windowFrame is ROWS|RANGE BETWEEN lower AND upper, bounds as Spark
// prints them ("UNBOUNDED PRECEDING", "CURRENT ROW", "1 PRECEDING", …).
type windowFrame struct {
	kind         string
	lower, upper string
}

func (*litExpr) isExpr()      {}
func (*colExpr) isExpr()      {}
func (*unaryExpr) isExpr()    {}
func (*binaryExpr) isExpr()   {}
func (*callExpr) isExpr()     {}
func (*castExpr) isExpr()     {}
func (*caseExpr) isExpr()     {}
func (*inExpr) isExpr()       {}
func (*betweenExpr) isExpr()  {}
func (*likeExpr) isExpr()     {}
func (*isExpr) isExpr()       {}
func (*indexExpr) isExpr()    {}
func (*fieldExpr) isExpr()    {}
func (*subqueryExpr) isExpr() {}
func (*markerExpr) isExpr()   {}
func (*seqExpr) isExpr()      {}
func (*lambdaExpr) isExpr()   {}
