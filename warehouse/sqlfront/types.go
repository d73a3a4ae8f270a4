package sqlfront

import (
	"fmt"
	"strconv"
	"strings"
)

// This file holds the Spark data types the resolver gives expression nodes
// (see resolve.go) and their DuckDB spellings, which the generator uses
// (see generate.go).

// typeKind is the kind of a Spark data type the resolver knows.
type typeKind uint8

const (
	tUnknown typeKind = iota // not resolved: the engine types it
	tVoid                    // the type of NULL
	tBoolean
	tTinyint
	tSmallint
	tInt
	tBigint
	tFloat
	tDouble
	tDecimal
	tString
	tBinary
	tDate
	tTimestamp
	tTimestampNTZ
	tArray // an ARRAY, element type not tracked
	tMap   // a MAP, key and value types not tracked
)

// maxDecimalPrecision is Spark's (and DuckDB's) widest decimal.
const maxDecimalPrecision = 38

// minAdjustedScale is the scale Spark keeps at least when a decimal result
// is too wide (DecimalType.MINIMUM_ADJUSTED_SCALE).
const minAdjustedScale = 6

// sparkType is a Spark data type; p and s are a decimal's precision and
// scale.
type sparkType struct {
	kind typeKind
	p, s int
	// elem is an ARRAY's element kind when known (a primitive one).
	elem typeKind
}

var (
	unknownType = sparkType{}
	voidType    = sparkType{kind: tVoid}
	booleanType = sparkType{kind: tBoolean}
	intType     = sparkType{kind: tInt}
	bigintType  = sparkType{kind: tBigint}
	doubleType  = sparkType{kind: tDouble}
	stringType  = sparkType{kind: tString}
)

// decimalType returns decimal(p,s).
func decimalType(p, s int) sparkType { return sparkType{kind: tDecimal, p: p, s: s} }

func (t sparkType) known() bool      { return t.kind != tUnknown }
func (t sparkType) isDecimal() bool  { return t.kind == tDecimal }
func (t sparkType) isIntegral() bool { return t.kind >= tTinyint && t.kind <= tBigint }
func (t sparkType) isFloating() bool { return t.kind == tFloat || t.kind == tDouble }
func (t sparkType) isNumeric() bool  { return t.isIntegral() || t.isFloating() || t.isDecimal() }

// String returns the type as Databricks names it in type_text.
func (t sparkType) String() string {
	switch t.kind {
	case tDecimal:
		return fmt.Sprintf("decimal(%d,%d)", t.p, t.s)
	case tUnknown:
		return "?"
	case tArray:
		if w, ok := typeWords[t.elem]; ok {
			return "array<" + strings.ToLower(w) + ">"
		}
	}
	return strings.ToLower(typeWords[t.kind])
}

// typeWords are the Spark spellings (DataType.sql) of the kinds.
var typeWords = map[typeKind]string{
	tVoid: "VOID", tBoolean: "BOOLEAN", tTinyint: "TINYINT", tSmallint: "SMALLINT", tInt: "INT",
	tBigint: "BIGINT", tFloat: "FLOAT", tDouble: "DOUBLE", tString: "STRING", tBinary: "BINARY",
	tDate: "DATE", tTimestamp: "TIMESTAMP", tTimestampNTZ: "TIMESTAMP_NTZ", tArray: "ARRAY", tMap: "MAP",
}

// duckTypes are the DuckDB types that hold the kinds' values as Databricks
// types them (a TIMESTAMP carries the session's time zone).
var duckTypes = map[typeKind]string{
	tBoolean: "BOOLEAN", tTinyint: "TINYINT", tSmallint: "SMALLINT", tInt: "INT",
	tBigint: "BIGINT", tFloat: "FLOAT", tDouble: "DOUBLE", tString: "VARCHAR", tBinary: "BLOB",
	tDate: "DATE", tTimestamp: "TIMESTAMPTZ", tTimestampNTZ: "TIMESTAMP",
}

// duck returns the DuckDB type of t, "" for none (void, unknown).
func (t sparkType) duck() string {
	switch {
	case t.kind == tDecimal:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.p, t.s)
	case t.kind == tArray && duckTypes[t.elem] != "":
		return duckTypes[t.elem] + "[]"
	}
	return duckTypes[t.kind]
}

// parseSparkType reads a type as the parser spells it (castExpr.typ:
// "INT", "DECIMAL(10,2)", …); unknownType for other text.
func parseSparkType(s string) sparkType {
	if rest, ok := strings.CutPrefix(s, "DECIMAL("); ok {
		ps, ss, ok := strings.Cut(strings.TrimSuffix(rest, ")"), ",")
		p, err1 := strconv.Atoi(ps)
		sc, err2 := strconv.Atoi(ss)
		if !ok || err1 != nil || err2 != nil || p < 1 || p > maxDecimalPrecision || sc < 0 || sc > p {
			return unknownType
		}
		return decimalType(p, sc)
	}
	for k, w := range typeWords {
		if w == s && k != tVoid {
			return sparkType{kind: k}
		}
	}
	return unknownType
}

// integralDecimal is the decimal that holds every value of an integral
// type (DecimalType.forType).
func integralDecimal(t sparkType) sparkType {
	switch t.kind {
	case tTinyint:
		return decimalType(3, 0)
	case tSmallint:
		return decimalType(5, 0)
	case tInt:
		return decimalType(10, 0)
	case tBigint:
		return decimalType(20, 0)
	}
	return t
}

// adjustDecimal caps a decimal result at precision 38 the way Spark does
// with spark.sql.decimalOperations.allowPrecisionLoss (the default): the
// integral digits are kept and the scale shrinks, to no less than 6 (or
// the scale asked for, when smaller).
func adjustDecimal(p, s int) sparkType {
	if p <= maxDecimalPrecision {
		return decimalType(p, s)
	}
	intDigits := p - s
	minScale := min(s, minAdjustedScale)
	return decimalType(maxDecimalPrecision, max(maxDecimalPrecision-intDigits, minScale))
}

// boundedDecimal is DecimalType.bounded: both capped at 38.
func boundedDecimal(p, s int) sparkType {
	return decimalType(min(p, maxDecimalPrecision), min(s, maxDecimalPrecision))
}

// wider returns the wider of two numeric types of the same family
// (integral or floating), Spark's findWiderTypeForTwo for them.
func wider(a, b sparkType) sparkType {
	if a.kind >= b.kind {
		return a
	}
	return b
}
