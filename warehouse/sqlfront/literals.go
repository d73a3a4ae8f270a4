package sqlfront

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// genBinary writes a binary literal X'0A0B' (its digits already even in
// number and upper case, see typedLiteral) as a DuckDB BLOB,
// CAST('\x0A\x0B' AS BLOB).
func genBinary(x *litExpr) string {
	digits := strings.TrimSuffix(strings.TrimPrefix(x.pretty, "X'"), "'")
	var b strings.Builder
	b.WriteString(`CAST('`)
	for j := 0; j+1 < len(digits); j += 2 {
		b.WriteString(`\x`)
		b.WriteString(digits[j : j+2])
	}
	b.WriteString(`' AS BLOB)`)
	return b.String()
}

// writeBinaryLiteral writes the binary literal X'…' at significant index
// k the generator did not write as the generator would (genBinary), or
// fails with ErrSyntax, as on Databricks, when it holds anything but hex
// digits. X 'a*' after a name's keyword (SHOW TABLES IN x 'a*') is no
// literal.
func (r *rewriter) writeBinaryLiteral(k int) error {
	t, lit := r.sigTok(k), r.sigTok(k+1)
	if !t.isKeyword("X") || (lit.kind != tokString && lit.kind != tokQuotedIdent) {
		return nil
	}
	if r.si(k+1) != r.si(k)+1 && !r.valueExpected(k) {
		return nil
	}
	if r.rewritten(r.si(k), r.si(k+1)) {
		return nil
	}
	x, err := typedLiteral(t, lit)
	if err != nil {
		return fmt.Errorf("%w: invalid binary literal %s%s at offset %d: only hexadecimal digits are allowed",
			ErrSyntax, t.text, lit.text, t.pos)
	}
	r.out[r.si(k)] = leadOf(r.outText(r.si(k))) + genBinary(x.(*litExpr))
	r.dropped[r.si(k+1)] = true
	return nil
}

// valueKeywords are keywords after which a value, not a name, comes.
var valueKeywords = keywordSet(strings.Fields(`SELECT WHERE AND OR NOT WHEN THEN ELSE CASE ON HAVING BY VALUES IS`))

// valueExpected tells whether the significant token k starts a value
// (after an operator, a comma, an opening parenthesis or valueKeywords),
// so that X '0A' written with a blank is read as a binary literal only
// where it cannot be a name followed by a string (SHOW TABLES IN x 'a*').
func (r *rewriter) valueExpected(k int) bool {
	if k == 0 {
		return false
	}
	p := r.sigTok(k - 1)
	if p.kind == tokPunct {
		return !p.isPunct(')') && !p.isPunct('.') && !p.isPunct(']')
	}
	return p.kind == tokWord && isKeywordIn(valueKeywords, p.text)
}

// numberSuffix matches a Spark numeric literal with a type suffix: 2L,
// 1.5D, 1e3F, 5E3BD, 10Y, 3S.
var numberSuffix = regexp.MustCompile(`^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?(?i:(bd|l|s|y|d|f))$`)

// suffixed tells whether x is a number literal with a type suffix (2L,
// 1.5BD, -128Y), which the generator writes as a cast of the plain number
// to the suffix's type (see genNumber).
func suffixed(x *litExpr) bool {
	if x.kind != litNumber || x.text == "" || !isLetter(x.text[len(x.text)-1]) {
		return false
	}
	m := numberSuffix.FindStringSubmatch(strings.TrimPrefix(x.text, "-"))
	return m != nil && m[1]+m[2] != ""
}

// suffixedToken tells whether token t is such a literal.
func suffixedToken(t token) bool {
	return t.kind == tokNumber && suffixed(&litExpr{kind: litNumber, text: t.text})
}

// decimalLiteralType returns the precision and scale Spark gives a decimal
// literal of integer digits intPart, fraction digits frac and exponent exp
// (Java's BigDecimal, a negative scale folded into the precision).
func decimalLiteralType(intPart, frac, exp string) (int, int) {
	digits := strings.TrimLeft(intPart+frac, "0")
	prec := max(len(digits), 1)
	scale := len(frac)
	if exp != "" {
		e, _ := strconv.Atoi(exp)
		scale -= e
	}
	if scale < 0 {
		prec -= scale
		scale = 0
	}
	return max(prec, scale), scale
}
