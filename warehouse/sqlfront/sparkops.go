package sqlfront

import (
	"fmt"
	"strings"
)

// This file holds Spark's operators DuckDB lacks or reads otherwise:
// null-safe equality a <=> b (a vector distance in DuckDB), bitwise XOR
// a ^ b (a power in DuckDB) and the unsigned shift a >>> b (none in
// DuckDB). The parser reads them at Spark's precedence, the resolver owns
// every such node and the generator writes it, whatever its operands.

// sparkOperators are the operators the generator always writes.
var sparkOperators = map[string]bool{"<=>": true, "^": true, ">>>": true}

// operatorType is the Spark type of a node of sparkOperators, unknown when
// its operands' types are.
func (rv *resolver) operatorType(x *binaryExpr) sparkType {
	lt, rt := rv.typeOf(x.l), rv.typeOf(x.r)
	switch x.op {
	case "<=>":
		return booleanType
	case "^":
		if lt.isIntegral() && rt.isIntegral() {
			return wider(lt, rt)
		}
	case ">>>":
		if lt.isIntegral() {
			return lt
		}
	}
	return unknownType
}

// operator writes a node of sparkOperators.
func (g *sqlGen) operator(x *binaryExpr) string {
	l, r := g.gen(x.l), g.gen(x.r)
	switch x.op {
	case "<=>":
		return "(" + l + " IS NOT DISTINCT FROM " + r + ")"
	case "^":
		return "xor(" + l + ", " + r + ")"
	}
	// >>>: the Go function of shiftrightunsigned, INT or BIGINT by l's type.
	return "sl_shiftrightunsigned(" + l + ", CAST(" + r + " AS INTEGER))"
}

// sparkOperatorAt returns the operator of sparkOperators written at
// significant index k and how many tokens it spans, or "" for none.
func (r *rewriter) sparkOperatorAt(k int) (string, int) {
	t := r.sigTok(k)
	if t.isPunct('^') {
		return "^", 1
	}
	if !t.isPunct('<') && !t.isPunct('>') || k+2 >= len(r.sig) {
		return "", 0
	}
	i := r.si(k)
	if r.si(k+1) != i+1 || r.si(k+2) != i+2 {
		return "", 0
	}
	switch s := t.text + r.tok(i+1).text + r.tok(i+2).text; s {
	case "<=>", ">>>":
		return s, 3
	}
	return "", 0
}

// hasSparkOperator tells whether the significant tokens [start, end) hold
// an operator of sparkOperators.
func (r *rewriter) hasSparkOperator(start, end int) bool {
	for k := start; k < end; k++ {
		if op, _ := r.sparkOperatorAt(k); op != "" {
			return true
		}
	}
	return false
}

// checkSparkOperators writes the literals the generator did not reach —
// a suffixed number (2L, 1.5BD) or a binary literal X'…' where the parser
// does not go (DDL DEFAULT values, LIMIT 2L) — as the generator writes them
// (a literal means the same wherever it stands), and fails with
// ErrUnsupported on an operator of sparkOperators the generator did not
// write — one in an expression the parser does not know — rather than
// letting DuckDB compute something else. A >>> that closes nested type
// brackets (MAP<K, ARRAY<T>>>), which the type rewrites replaced, is not
// one.
func (r *rewriter) checkSparkOperators(written []bool) error {
	for k := 0; k < len(r.sig); k++ {
		unwritten := k >= len(written) || !written[k]
		if unwritten {
			if err := r.writeBinaryLiteral(k); err != nil {
				return err
			}
		}
		if t := r.sigTok(k); suffixedToken(t) && unwritten && !r.rewritten(r.si(k), r.si(k)) {
			x := &litExpr{kind: litNumber, text: t.text}
			typ, _, _ := literalType(x)
			r.out[r.si(k)] = leadOf(r.outText(r.si(k))) + genNumber(x, typ)
		}
		op, n := r.sparkOperatorAt(k)
		if op == "" || !unwritten {
			continue
		}
		if op == ">>>" && r.rewritten(r.si(k), r.si(k+2)) {
			k += n - 1
			continue
		}
		return fmt.Errorf("%w: %s at offset %d: an expression form the front end does not parse",
			ErrUnsupported, op, r.sigTok(k).pos)
	}
	return nil
}

// leadOf returns the blank a token's output text starts with, if any.
func leadOf(text string) string {
	if strings.HasPrefix(text, " ") {
		return " "
	}
	return ""
}
