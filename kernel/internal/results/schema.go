package results

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/sea"
)

// SchemaFromManifest derives the Arrow schema of a result from its manifest
// columns (type_text, or type_name when the text is missing), with the
// mapping the server's Arrow uses: BOOLEAN bool, TINYINT int8, SMALLINT
// int16, INT int32, BIGINT int64, FLOAT float32, DOUBLE float64,
// DECIMAL(p,s) decimal128(p,s), STRING/VARCHAR/CHAR utf8, BINARY binary,
// DATE date32, TIMESTAMP timestamp(us, tz), TIMESTAMP_NTZ timestamp(us),
// INTERVAL YEAR TO MONTH month interval, INTERVAL DAY TO SECOND
// duration(us), VOID null, ARRAY list, MAP map, STRUCT struct (nested type
// text is parsed), anything else utf8. tz is the session time zone,
// "Etc/UTC" when empty. Every field is nullable. Columns are ordered by
// position.
func SchemaFromManifest(m *sea.ResultManifest, tz string) (*arrow.Schema, error) {
	if m == nil {
		return arrow.NewSchema(nil, nil), nil
	}
	if tz == "" {
		tz = DefaultTimeZone
	}
	cols := orderedColumns(m)
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		dt, err := columnType(c, tz)
		if err != nil {
			return nil, fmt.Errorf("%w: column %d %q: %w", ErrProtocol, i, c.Name, err)
		}
		fields[i] = arrow.Field{Name: c.Name, Type: dt, Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

// orderedColumns returns the manifest's columns sorted by position when the
// positions are a permutation of 0..n-1, else as listed.
func orderedColumns(m *sea.ResultManifest) []sea.ColumnInfo {
	cols := append([]sea.ColumnInfo(nil), m.Schema.Columns...)
	seen := make([]bool, len(cols))
	for _, c := range cols {
		if c.Position < 0 || c.Position >= len(cols) || seen[c.Position] {
			return cols
		}
		seen[c.Position] = true
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].Position < cols[j].Position })
	return cols
}

// columnType maps one manifest column.
func columnType(c sea.ColumnInfo, tz string) (arrow.DataType, error) {
	text := strings.TrimSpace(c.TypeText)
	if text == "" {
		text = typeNameText(c)
	}
	p := &typeParser{s: text, tz: tz}
	dt, err := p.parse()
	if err != nil {
		return nil, err
	}
	if !p.eof() {
		return nil, p.errorf("unexpected text")
	}
	// A bare DECIMAL takes the column's precision and scale.
	if d, ok := dt.(*arrow.Decimal128Type); ok && !strings.Contains(text, "(") && c.TypePrecision != nil {
		d.Precision = int32(*c.TypePrecision)
		if c.TypeScale != nil {
			d.Scale = int32(*c.TypeScale)
		}
	}
	return dt, nil
}

// typeNameText turns a type_name enum value into type text, for columns
// without type_text.
func typeNameText(c sea.ColumnInfo) string {
	switch n := strings.ToUpper(c.TypeName); n {
	case "BYTE":
		return "TINYINT"
	case "SHORT":
		return "SMALLINT"
	case "LONG":
		return "BIGINT"
	case "NULL":
		return "VOID"
	case "DECIMAL":
		if c.TypePrecision != nil && c.TypeScale != nil {
			return fmt.Sprintf("DECIMAL(%d,%d)", *c.TypePrecision, *c.TypeScale)
		}
		return n
	case "INTERVAL":
		it := strings.ToUpper(c.TypeIntervalType)
		if strings.Contains(it, "YEAR") || strings.Contains(it, "MONTH") {
			return "INTERVAL YEAR TO MONTH"
		}
		return "INTERVAL DAY TO SECOND"
	case "ARRAY", "MAP", "STRUCT", "":
		return "STRING" // element types unknown
	default:
		return n
	}
}
