package plan

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// Type classification and the supertype rules shared by resolution and the
// constructors. The supported types are bool, int8…int64, float32/64, utf8,
// binary, date32, timestamp[us] (zone "" or "UTC"), decimal128 and lists of
// those (for Explode).

// IsSupportedType reports whether dt is one of the types plans carry.
func IsSupportedType(dt arrow.DataType) bool {
	switch t := dt.(type) {
	case *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Float32Type, *arrow.Float64Type, *arrow.StringType, *arrow.BinaryType,
		*arrow.Date32Type, *arrow.Decimal128Type:
		return true
	case *arrow.TimestampType:
		return t.Unit == arrow.Microsecond && (t.TimeZone == "" || t.TimeZone == "UTC")
	case *arrow.ListType:
		return IsSupportedType(t.Elem())
	}
	return false
}

// IsInteger reports whether dt is a signed integer type.
func IsInteger(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64:
		return true
	}
	return false
}

// IsFloat reports whether dt is float32 or float64.
func IsFloat(dt arrow.DataType) bool {
	return dt.ID() == arrow.FLOAT32 || dt.ID() == arrow.FLOAT64
}

// IsNumeric reports whether dt is an integer, float or decimal type.
func IsNumeric(dt arrow.DataType) bool {
	return IsInteger(dt) || IsFloat(dt) || dt.ID() == arrow.DECIMAL128
}

// IsTemporal reports whether dt is date32 or a timestamp.
func IsTemporal(dt arrow.DataType) bool {
	return dt.ID() == arrow.DATE32 || dt.ID() == arrow.TIMESTAMP
}

func isNullType(dt arrow.DataType) bool { return dt.ID() == arrow.NULL }

// IsOrderable reports whether values of dt can be sorted and compared with
// < and > (and so used by min, max and sort keys).
func IsOrderable(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.BOOL, arrow.STRING, arrow.BINARY, arrow.NULL:
		return true
	}
	return IsNumeric(dt) || IsTemporal(dt)
}

// intDigits is the number of decimal digits an integer type needs.
func intDigits(dt arrow.DataType) int32 {
	switch dt.ID() {
	case arrow.INT8:
		return 3
	case arrow.INT16:
		return 5
	case arrow.INT32:
		return 10
	}
	return 19
}

func intWidth(dt arrow.DataType) int {
	switch dt.ID() {
	case arrow.INT8:
		return 1
	case arrow.INT16:
		return 2
	case arrow.INT32:
		return 4
	}
	return 8
}

func decimal(p, s int32) arrow.DataType {
	if p > 38 {
		p = 38
	}
	if s > p {
		s = p
	}
	return &arrow.Decimal128Type{Precision: p, Scale: s}
}

// NumericSupertype is the type two numeric types combine to: the wider
// integer; float64 for an integer with a float (float32 with float32 stays
// float32); a decimal wide enough for both for a decimal with an integer or
// decimal; float64 for a decimal with a float. ok is false when either is
// not numeric.
func NumericSupertype(a, b arrow.DataType) (arrow.DataType, bool) {
	switch {
	case !IsNumeric(a) || !IsNumeric(b):
		return nil, false
	case arrow.TypeEqual(a, b):
		return a, true
	case IsInteger(a) && IsInteger(b):
		if intWidth(a) >= intWidth(b) {
			return a, true
		}
		return b, true
	case IsFloat(a) || IsFloat(b):
		return arrow.PrimitiveTypes.Float64, true
	}
	// At least one decimal, the other decimal or integer.
	da, sa := decDigits(a)
	db, sb := decDigits(b)
	s := max(sa, sb)
	return decimal(max(da, db)+s, s), true
}

// decDigits returns integer digits and scale of a decimal or integer type.
func decDigits(dt arrow.DataType) (int32, int32) {
	if d, ok := dt.(*arrow.Decimal128Type); ok {
		return d.Precision - d.Scale, d.Scale
	}
	return intDigits(dt), 0
}

// Supertype is the common type of two values that must agree (CASE
// branches, COALESCE, IN lists, join keys, comparisons): equal types, the
// [NumericSupertype], date with timestamp → the timestamp, or the other
// type when one side is the NULL type.
func Supertype(a, b arrow.DataType) (arrow.DataType, bool) {
	switch {
	case isNullType(a):
		return b, true
	case isNullType(b):
		return a, true
	case arrow.TypeEqual(a, b):
		return a, true
	case IsNumeric(a) && IsNumeric(b):
		return NumericSupertype(a, b)
	case a.ID() == arrow.DATE32 && b.ID() == arrow.TIMESTAMP:
		return b, true
	case a.ID() == arrow.TIMESTAMP && b.ID() == arrow.DATE32:
		return a, true
	}
	return nil, false
}

// CanCast reports whether values of from can be cast to to: between numeric
// types, bool and numbers, anything and strings, string and binary, dates
// and timestamps, and any type to itself. NULL casts to anything.
func CanCast(from, to arrow.DataType) bool {
	if !IsSupportedType(to) && !isNullType(to) {
		return false
	}
	switch {
	case isNullType(from), arrow.TypeEqual(from, to):
		return true
	case to.ID() == arrow.LIST || from.ID() == arrow.LIST:
		return false
	case to.ID() == arrow.STRING:
		return true
	case from.ID() == arrow.STRING:
		return true
	case IsNumeric(from) && IsNumeric(to):
		return true
	case from.ID() == arrow.BOOL && IsNumeric(to), IsNumeric(from) && to.ID() == arrow.BOOL:
		return true
	case IsTemporal(from) && IsTemporal(to):
		return true
	case from.ID() == arrow.BINARY && to.ID() == arrow.STRING:
		return true
	}
	return false
}

// TypeName renders a type for error messages and Explain: int64, float64,
// string, binary, bool, date, timestamp, timestamp[UTC], decimal(p,s),
// list<T>.
func TypeName(dt arrow.DataType) string {
	switch t := dt.(type) {
	case nil:
		return "<nil>"
	case *arrow.StringType:
		return "string"
	case *arrow.Date32Type:
		return "date"
	case *arrow.TimestampType:
		if t.Unit != arrow.Microsecond {
			return t.String()
		}
		if t.TimeZone == "" {
			return "timestamp"
		}
		return "timestamp[" + t.TimeZone + "]"
	case *arrow.Decimal128Type:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case *arrow.ListType:
		return "list<" + TypeName(t.Elem()) + ">"
	case *arrow.NullType:
		return "null"
	}
	return dt.String()
}
