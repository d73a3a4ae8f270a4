package typemap

import "github.com/apache/arrow-go/v18/arrow"

// SQLNameKey is the Arrow field metadata key that names a column's
// Databricks SQL type where the Arrow type cannot tell it (Databricks'
// Thrift results carry it on every field; sea-protocol.md §4.1). The
// warehouse sets it to "VARIANT" on the string columns that hold VARIANT
// values as JSON text.
const SQLNameKey = "Spark:DataType:SqlName"

// variantMeta is the field metadata of a VARIANT column.
var variantMeta = arrow.NewMetadata([]string{SQLNameKey}, []string{"VARIANT"})

// IsVariant reports whether the engine field f is marked as a VARIANT.
func IsVariant(f arrow.Field) bool {
	v, ok := f.Metadata.GetValue(SQLNameKey)
	return ok && v == "VARIANT"
}

// MarkVariant returns f marked as a VARIANT column.
func MarkVariant(f arrow.Field) arrow.Field {
	f.Metadata = variantMeta
	return f
}

// variant is the column of a VARIANT held as JSON text: type_name and
// type_text VARIANT, Arrow utf8 marked with SQLNameKey. The connector's
// SEA backend names a column's type from type_name, and its e2e suite
// (test_variant_type_detection) expects "variant" there, so the service
// sends VARIANT although the public type_name enum lists no such value.
func variant() Column {
	return Column{TypeName: "VARIANT", TypeText: "VARIANT", Arrow: arrow.BinaryTypes.String}
}

// YearMonth is the SQLNameKey value that marks an engine interval column
// as year-month: the engine's interval (months, days and nanoseconds) does
// not say, and would be sent as a day-time interval.
const YearMonth = "INTERVAL YEAR TO MONTH"

// MarkSQLName returns f with SQLNameKey set to name.
func MarkSQLName(f arrow.Field, name string) arrow.Field {
	f.Metadata = arrow.NewMetadata([]string{SQLNameKey}, []string{name})
	return f
}

// isYearMonth reports whether the engine field f is marked year-month.
func isYearMonth(f arrow.Field) bool {
	v, ok := f.Metadata.GetValue(SQLNameKey)
	return ok && v == YearMonth && f.Type.ID() == arrow.INTERVAL_MONTH_DAY_NANO
}
