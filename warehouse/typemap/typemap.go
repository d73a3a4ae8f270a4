package typemap

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/sea"
)

// Column is the Databricks description of one result column plus the Arrow
// type its values are sent as.
type Column struct {
	// TypeName is the public type_name enum (LONG, DECIMAL, ARRAY, …).
	TypeName string
	// TypeText is the SQL spelling (BIGINT, DECIMAL(10,2), ARRAY<INT>, …).
	TypeText string
	// Precision and Scale are set for DECIMAL.
	Precision, Scale int
	// IntervalType is set for INTERVAL ("YEAR TO MONTH" or "DAY TO SECOND").
	IntervalType string
	// Arrow is the Arrow type Databricks sends for this column.
	Arrow arrow.DataType
}

// ColumnInfo renders c as a manifest column entry.
func (c Column) ColumnInfo(name string, position int) sea.ColumnInfo {
	info := sea.ColumnInfo{Name: name, TypeName: c.TypeName, TypeText: c.TypeText, Position: position, TypeIntervalType: c.IntervalType}
	if c.TypeName == "DECIMAL" {
		info.TypePrecision = sea.IntPtr(c.Precision)
		info.TypeScale = sea.IntPtr(c.Scale)
	}
	return info
}

var (
	microsNTZ = &arrow.TimestampType{Unit: arrow.Microsecond}
	durMicros = &arrow.DurationType{Unit: arrow.Microsecond}
)

// FromArrow maps an engine Arrow type to its Databricks column. tz is the
// session time zone given to zoned timestamps ("Etc/UTC" when empty).
func FromArrow(dt arrow.DataType, tz string) (Column, error) {
	if tz == "" {
		tz = "Etc/UTC"
	}
	simple := func(name, text string, a arrow.DataType) (Column, error) {
		return Column{TypeName: name, TypeText: text, Arrow: a}, nil
	}
	switch t := dt.(type) {
	case *arrow.NullType:
		return simple("NULL", "VOID", arrow.Null)
	case *arrow.BooleanType:
		return simple("BOOLEAN", "BOOLEAN", arrow.FixedWidthTypes.Boolean)
	case *arrow.Int8Type:
		return simple("BYTE", "TINYINT", arrow.PrimitiveTypes.Int8)
	case *arrow.Int16Type:
		return simple("SHORT", "SMALLINT", arrow.PrimitiveTypes.Int16)
	case *arrow.Int32Type:
		return simple("INT", "INT", arrow.PrimitiveTypes.Int32)
	case *arrow.Int64Type:
		return simple("LONG", "BIGINT", arrow.PrimitiveTypes.Int64)
	case *arrow.Uint8Type:
		return simple("SHORT", "SMALLINT", arrow.PrimitiveTypes.Int16)
	case *arrow.Uint16Type:
		return simple("INT", "INT", arrow.PrimitiveTypes.Int32)
	case *arrow.Uint32Type:
		return simple("LONG", "BIGINT", arrow.PrimitiveTypes.Int64)
	case *arrow.Uint64Type:
		return decimal(20, 0), nil
	case *arrow.Float16Type, *arrow.Float32Type:
		return simple("FLOAT", "FLOAT", arrow.PrimitiveTypes.Float32)
	case *arrow.Float64Type:
		return simple("DOUBLE", "DOUBLE", arrow.PrimitiveTypes.Float64)
	case arrow.DecimalType:
		if t.GetPrecision() > 38 {
			return Column{}, fmt.Errorf("typemap: DECIMAL(%d,%d) exceeds Databricks' maximum precision 38", t.GetPrecision(), t.GetScale())
		}
		return decimal(int(t.GetPrecision()), int(t.GetScale())), nil
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType,
		*arrow.Time32Type, *arrow.Time64Type:
		return simple("STRING", "STRING", arrow.BinaryTypes.String)
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType, *arrow.FixedSizeBinaryType:
		return simple("BINARY", "BINARY", arrow.BinaryTypes.Binary)
	case *arrow.Date32Type, *arrow.Date64Type:
		return simple("DATE", "DATE", arrow.FixedWidthTypes.Date32)
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return simple("TIMESTAMP_NTZ", "TIMESTAMP_NTZ", microsNTZ)
		}
		return simple("TIMESTAMP", "TIMESTAMP", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz})
	case *arrow.MonthIntervalType:
		return Column{TypeName: "INTERVAL", TypeText: "INTERVAL YEAR TO MONTH", IntervalType: "YEAR TO MONTH", Arrow: arrow.FixedWidthTypes.MonthInterval}, nil
	case *arrow.MonthDayNanoIntervalType, *arrow.DayTimeIntervalType, *arrow.DurationType:
		return Column{TypeName: "INTERVAL", TypeText: "INTERVAL DAY TO SECOND", IntervalType: "DAY TO SECOND", Arrow: durMicros}, nil
	case arrow.ListLikeType:
		elem, err := FromArrow(t.Elem(), tz)
		if err != nil {
			return Column{}, err
		}
		if m, ok := dt.(*arrow.MapType); ok {
			key, err := FromArrow(m.KeyType(), tz)
			if err != nil {
				return Column{}, err
			}
			item, err := FromArrow(m.ItemType(), tz)
			if err != nil {
				return Column{}, err
			}
			return Column{TypeName: "MAP", TypeText: "MAP<" + key.TypeText + ", " + item.TypeText + ">",
				Arrow: arrow.MapOf(key.Arrow, item.Arrow)}, nil
		}
		return Column{TypeName: "ARRAY", TypeText: "ARRAY<" + elem.TypeText + ">", Arrow: arrow.ListOf(elem.Arrow)}, nil
	case *arrow.StructType:
		parts := make([]string, t.NumFields())
		fields := make([]arrow.Field, t.NumFields())
		for i, f := range t.Fields() {
			c, err := FromArrow(f.Type, tz)
			if err != nil {
				return Column{}, err
			}
			parts[i] = f.Name + ": " + c.TypeText
			fields[i] = arrow.Field{Name: f.Name, Type: c.Arrow, Nullable: true}
		}
		return Column{TypeName: "STRUCT", TypeText: "STRUCT<" + strings.Join(parts, ", ") + ">", Arrow: arrow.StructOf(fields...)}, nil
	case *arrow.DictionaryType:
		return FromArrow(t.ValueType, tz)
	case arrow.ExtensionType:
		return FromArrow(t.StorageType(), tz)
	}
	return Column{}, fmt.Errorf("typemap: no Databricks type for Arrow %s", dt)
}

func decimal(p, s int) Column {
	return Column{TypeName: "DECIMAL", TypeText: fmt.Sprintf("DECIMAL(%d,%d)", p, s), Precision: p, Scale: s,
		Arrow: &arrow.Decimal128Type{Precision: int32(p), Scale: int32(s)}}
}
