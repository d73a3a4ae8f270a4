package sqlfront

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// sparkTypeNames maps the primitive type names Databricks SQL accepts to
// the spelling of Spark's DataType.sql, which names a CAST. Character types
// are read as STRING (Spark 4.3, spark.sql.preserveCharVarcharTypeInfo off).
var sparkTypeNames = map[string]string{
	"tinyint": "TINYINT", "byte": "TINYINT",
	"smallint": "SMALLINT", "short": "SMALLINT",
	"int": "INT", "integer": "INT",
	"bigint": "BIGINT", "long": "BIGINT",
	"float": "FLOAT", "real": "FLOAT",
	"double": "DOUBLE",
	"string": "STRING", "varchar": "STRING", "char": "STRING", "character": "STRING",
	"boolean":   "BOOLEAN",
	"binary":    "BINARY",
	"date":      "DATE",
	"timestamp": "TIMESTAMP", "timestamp_ltz": "TIMESTAMP",
	"timestamp_ntz": "TIMESTAMP_NTZ",
	"decimal":       "DECIMAL", "dec": "DECIMAL", "numeric": "DECIMAL",
}

// dataType parses a primitive type and returns its Spark spelling; complex
// and interval types are not known to the namer.
func (p *exprParser) dataType() (string, error) {
	t := p.at(0)
	if t.kind != tokWord {
		return "", errUnknownExpr
	}
	if (t.isKeyword("ARRAY") || t.isKeyword("MAP") || t.isKeyword("STRUCT")) && p.at(1).isPunct('<') {
		return "", p.skipAngles()
	}
	name, ok := lookupLower(sparkTypeNames, t.text)
	if !ok {
		return "", errUnknownExpr
	}
	p.pos++
	var args []string
	if p.acceptPunct('(') {
		for {
			n := p.at(0)
			if n.kind != tokNumber || !allDigits(n.text) {
				return "", errUnknownExpr
			}
			args = append(args, strings.TrimLeft(n.text, "0"))
			p.pos++
			if !p.acceptPunct(',') {
				break
			}
		}
		if err := p.expectPunct(')'); err != nil {
			return "", err
		}
	}
	switch {
	case name == "DECIMAL":
		prec, scale := "10", "0"
		switch len(args) {
		case 0:
		case 1:
			prec = args[0]
		case 2:
			prec, scale = args[0], args[1]
		default:
			return "", errUnknownExpr
		}
		if prec == "" || scale == "" {
			scale = "0" // DECIMAL(0) is an error, DECIMAL(p, 0) is "0"
			if prec == "" {
				return "", errUnknownExpr
			}
		}
		return "DECIMAL(" + prec + "," + scale + ")", nil
	case name == "STRING" && len(args) <= 1 && !t.isKeyword("STRING"):
		return name, nil // VARCHAR(n), CHAR(n)
	case len(args) > 0:
		return "", errUnknownExpr
	}
	return name, nil
}

// numberLiteral builds the literal of a number token (negated when neg, for
// a minus written before it) with the text Spark prints: the value's Java
// toString (Int, Long, BigDecimal, Double or Float by the literal's form).
func numberLiteral(text string, neg bool) (exprNode, error) {
	lower := strings.ToLower(text)
	body, suffix := lower, ""
	for _, s := range []string{"bd", "l", "s", "y", "d", "f"} {
		if strings.HasSuffix(lower, s) {
			body, suffix = lower[:len(lower)-len(s)], s
			break
		}
	}
	if body == "" || !isDigit(body[0]) && body[0] != '.' {
		return nil, errUnknownExpr
	}
	exp := strings.ContainsRune(body, 'e')
	point := strings.ContainsRune(body, '.')
	var pretty string
	var ok bool
	switch {
	case suffix == "d" || (suffix == "" && exp):
		pretty, ok = javaFloat(body, neg, 64)
	case suffix == "f":
		pretty, ok = javaFloat(body, neg, 32)
	case suffix == "bd" && exp:
		pretty, ok = plainDecimal(body, neg)
	case suffix == "bd" || (suffix == "" && point):
		pretty, ok = javaDecimal(body, neg)
	case suffix == "" && !exp:
		pretty, ok = javaDecimal(body, neg) // Int, Long or a wider decimal
	default: // L, S, Y
		pretty, ok = javaIntegral(body, neg, map[string]int{"l": 64, "s": 16, "y": 8}[suffix])
	}
	if !ok {
		return nil, errUnknownExpr
	}
	if neg {
		text = "-" + text
	}
	return &litExpr{kind: litNumber, pretty: pretty, text: text}, nil
}

// javaDecimal prints an integral or decimal literal as Java's
// BigDecimal.toString does for the plain forms (no exponent, at most 38
// digits, Spark's widest decimal).
func javaDecimal(body string, neg bool) (string, bool) {
	if strings.ContainsRune(body, 'e') {
		return "", false
	}
	whole, frac, _ := strings.Cut(body, ".")
	if !allDigits(whole + frac) {
		return "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole)+len(frac) > 38 {
		return "", false
	}
	if whole == "" {
		whole = "0"
	}
	s := whole
	if frac != "" {
		s += "." + frac
	}
	if neg && strings.Trim(whole+frac, "0") != "" {
		s = "-" + s
	}
	return s, true
}

// plainDecimal prints a BD literal with an exponent (5E3BD) as Spark
// names it: the value without exponent, at the literal's scale (5000).
func plainDecimal(body string, neg bool) (string, bool) {
	mant, exp, _ := strings.Cut(body, "e")
	whole, frac, _ := strings.Cut(mant, ".")
	e, err := strconv.Atoi(exp)
	if err != nil || !allDigits(whole+frac) || e > 38 || e < -38 {
		return "", false
	}
	_, scale := decimalLiteralType(whole, frac, exp)
	v, ok := new(big.Rat).SetString(mant)
	if !ok {
		return "", false
	}
	ten := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil))
	if e >= 0 {
		v.Mul(v, ten)
	} else {
		v.Quo(v, ten)
	}
	if neg {
		v.Neg(v)
	}
	return v.FloatString(scale), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// javaIntegral prints an L, S or Y literal, which must fit its type.
func javaIntegral(body string, neg bool, bits int) (string, bool) {
	if !allDigits(body) {
		return "", false
	}
	v, ok := new(big.Int).SetString(body, 10)
	if !ok {
		return "", false
	}
	if neg {
		v.Neg(v)
	}
	lim := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	if v.Cmp(lim) >= 0 || v.Cmp(new(big.Int).Neg(lim)) < 0 {
		return "", false
	}
	return v.String(), true
}

// javaFloat prints a double (bits 64) or float (32) as Java's
// Double.toString / Float.toString: plain from 10^-3 up to 10^7, otherwise
// computerized scientific notation (1.0E10), always with a fractional digit.
func javaFloat(body string, neg bool, bits int) (string, bool) {
	v, err := strconv.ParseFloat(body, bits)
	if err != nil || math.IsInf(v, 0) {
		return "", false
	}
	if neg {
		v = -v
	}
	abs := math.Abs(v)
	if abs == 0 {
		if neg {
			return "-0.0", true
		}
		return "0.0", true
	}
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(v, 'f', -1, bits)
		if !strings.ContainsRune(s, '.') {
			s += ".0"
		}
		return s, true
	}
	s := strconv.FormatFloat(v, 'e', -1, bits) // -1.2345e+08
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.ContainsRune(mant, '.') {
		mant += ".0"
	}
	e, err := strconv.Atoi(exp)
	if err != nil {
		return "", false
	}
	return mant + "E" + strconv.Itoa(e), true
}

// skipAngles skips a complex type name: a word and its <…>, nested ones
// included.
func (p *exprParser) skipAngles() error {
	p.pos++
	depth := 0
	for ; !p.atEnd(); p.pos++ {
		switch t := p.at(0); {
		case t.isPunct('<'):
			depth++
		case t.isPunct('>'):
			if depth--; depth == 0 {
				p.pos++
				return nil
			}
		case t.isPunct('(') || t.isPunct(')') || t.isPunct(';'):
			return errUnknownExpr
		}
	}
	return errUnknownExpr
}
