package sqlfront

// callRule types a call whose arguments are resolved; unknownType leaves
// the call to the engine.
type callRule func(rv *resolver, c *callExpr) sparkType

// typedCalls are the functions whose result types the resolver knows,
// from Spark's expressions (mathExpressions.scala, arithmetic.scala,
// aggregate/Sum.scala, Average.scala, TryEval.scala). Each one needs its
// form in the generator's genCall.
var typedCalls = map[string]callRule{
	"ceil": ceilFloorType, "ceiling": ceilFloorType, "floor": ceilFloorType,
	"round": roundType, "bround": roundType,
	"abs": sameNumericType, "negative": sameNumericType, "positive": sameNumericType,
	"mod":             binaryCallType("%"),
	"pmod":            binaryCallType("%"),
	"try_add":         binaryCallType("+"),
	"try_subtract":    binaryCallType("-"),
	"try_multiply":    binaryCallType("*"),
	"try_divide":      binaryCallType("/"),
	"sum":             sumType,
	"try_sum":         sumType,
	"avg":             avgType,
	"try_avg":         avgType,
	"mean":            avgType,
	"max":             sameType,
	"min":             sameType,
	"sequence":        sequenceType,
	"percentile_disc": percentileDiscType,
}

// ceilFloorType: ceil(x) of a decimal(p,s) is decimal(p-s+1,0), of other
// numbers BIGINT; ceil(x, d) rounds a decimal as round does.
func ceilFloorType(rv *resolver, c *callExpr) sparkType {
	switch len(c.args) {
	case 1:
		t := rv.typeOf(c.args[0])
		switch {
		case t.isDecimal() && t.s == 0:
			return t
		case t.isDecimal():
			return boundedDecimal(t.p-t.s+1, 0)
		case t.isNumeric():
			return bigintType
		}
	case 2:
		t := rv.typeOf(c.args[0])
		d, ok := intLiteral(c.args[1])
		if t.isIntegral() {
			t = integralDecimal(t) // RoundCeil/RoundFloor cast it implicitly
		}
		if !ok || !t.isDecimal() {
			return unknownType
		}
		return roundedDecimal(t, d)
	}
	return unknownType
}

// roundType: round(x[, d]) and bround keep an integral or floating type;
// a decimal's scale becomes d (RoundBase.dataType).
func roundType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) < 1 || len(c.args) > 2 {
		return unknownType
	}
	d := 0
	if len(c.args) == 2 {
		v, ok := intLiteral(c.args[1])
		if !ok {
			return unknownType
		}
		d = v
	}
	t := rv.typeOf(c.args[0])
	switch {
	case t.isDecimal():
		return roundedDecimal(t, d)
	case t.isNumeric():
		return t
	}
	return unknownType
}

// roundedDecimal is the type of a decimal t rounded to scale d: one more
// integral digit, and at least -d+1 of them for a negative d.
func roundedDecimal(t sparkType, d int) sparkType {
	integral := t.p - t.s + 1
	if d < 0 {
		return decimalType(min(max(integral, -d+1), maxDecimalPrecision), 0)
	}
	s := min(t.s, d)
	return decimalType(min(integral+s, maxDecimalPrecision), s)
}

// retypedCalls are the functions whose DuckDB form computes Spark's value
// in another type: the generator casts the engine's text to Spark's type.
var retypedCalls = map[string]bool{"sequence": true, "percentile_disc": true}

// sequenceType: a sequence of INT (or narrower) bounds is ARRAY<INT>, of
// BIGINT ARRAY<BIGINT> (DuckDB's is always BIGINT[]).
func sequenceType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) < 2 || len(c.args) > 3 {
		return unknownType
	}
	elem := tTinyint
	for _, a := range c.args {
		t := rv.typeOf(a)
		if !t.isIntegral() {
			return unknownType // dates and intervals: the engine's
		}
		elem = max(elem, t.kind)
	}
	return sparkType{kind: tArray, elem: max(elem, tInt)}
}

// percentileDiscType: percentile_disc(p) WITHIN GROUP (ORDER BY x) of a
// number is a DOUBLE (DuckDB's is of x's type).
func percentileDiscType(rv *resolver, c *callExpr) sparkType {
	if c.within == nil || len(c.args) != 1 {
		return unknownType
	}
	if rv.typeOf(c.within.x).isNumeric() {
		return doubleType
	}
	return unknownType
}

// sameType: max and min are of their argument's type (VOID for NULLs).
func sameType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) != 1 || c.distinct {
		return unknownType
	}
	return rv.typeOf(c.args[0])
}

func sameNumericType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) != 1 {
		return unknownType
	}
	if t := rv.typeOf(c.args[0]); t.isNumeric() {
		return t
	}
	return unknownType
}

// binaryCallType types a function of two numbers as the operator op.
func binaryCallType(op string) callRule {
	return func(rv *resolver, c *callExpr) sparkType {
		if len(c.args) != 2 {
			return unknownType
		}
		for _, a := range c.args {
			if !rv.typeOf(a).isNumeric() {
				return unknownType // dates, intervals, strings: the engine's
			}
		}
		return rv.arithmetic(op, c.args[0], c.args[1])
	}
}

// sumType: the sum of a decimal(p,s) is decimal(p+10,s), of a floating
// number or of NULLs DOUBLE. Sums of integers are the warehouse's (see its
// bigintSums).
func sumType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) != 1 {
		return unknownType
	}
	switch t := rv.typeOf(c.args[0]); {
	case t.isDecimal():
		return boundedDecimal(t.p+10, t.s)
	case t.isFloating(), t.kind == tVoid:
		return doubleType
	case t.isIntegral() && c.name == "try_sum":
		return bigintType // NULL where it leaves BIGINT's range
	}
	return unknownType
}

// avgType: the average of a decimal(p,s) is decimal(p+4,s+4), of other
// numbers DOUBLE.
func avgType(rv *resolver, c *callExpr) sparkType {
	if len(c.args) != 1 {
		return unknownType
	}
	switch t := rv.typeOf(c.args[0]); {
	case t.isDecimal():
		return boundedDecimal(t.p+4, t.s+4)
	case t.isNumeric():
		return doubleType
	}
	return unknownType
}
