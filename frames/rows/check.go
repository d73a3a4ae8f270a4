package rows

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// ErrSchemaMismatch is matched (errors.Is) by Check's errors, and so by
// Decode's when a schema cannot be decoded into T.
var ErrSchemaMismatch = errors.New("frames/rows: schema does not match the struct")

// Check reports whether batches with the given schema can be decoded into
// T: every column of the schema needs a field of T and every field of T a
// column; each column's type must fit its field's type; a nullable column
// needs a nullable field (pointer, Nullable, sql.Null or slice). The error
// lists every mismatch and matches ErrSchemaMismatch.
//
// Besides the exact types of SchemaOf[T], a field accepts narrower signed
// integer columns (int32 into int64), float32 into float64, timestamps of
// any unit and zone into time.Time (naive timestamps are read as UTC), and
// decimal128 of any precision with the field's scale.
func Check[T any](schema *arrow.Schema) error {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	return p.check(schema)
}

func (p *structPlan) check(schema *arrow.Schema) error {
	var problems []string
	seen := make([]bool, len(p.fields))
	for _, col := range schema.Fields() {
		j, ok := p.byName[col.Name]
		if !ok {
			problems = append(problems, fmt.Sprintf("column %q (%s) has no field in %v", col.Name, col.Type, p.typ))
			continue
		}
		seen[j] = true
		f := &p.fields[j]
		if !fits(f, col.Type) {
			problems = append(problems, fmt.Sprintf("column %q is %s but field %s (%v) needs %s", col.Name, col.Type, f.goName, f.typ, f.arrow))
			continue
		}
		if col.Nullable && !f.nullable {
			problems = append(problems, fmt.Sprintf("column %q is nullable but field %s (%v) is not: use *%v or rows.Nullable[%v]", col.Name, f.goName, f.typ, f.typ, f.typ))
		}
	}
	for j, ok := range seen {
		if !ok {
			f := &p.fields[j]
			problems = append(problems, fmt.Sprintf("field %s wants column %q, which the schema lacks", f.goName, f.name))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: cannot decode into %v: %s", ErrSchemaMismatch, p.typ, strings.Join(problems, "; "))
}

// fits reports whether a column of type t decodes into field f.
func fits(f *field, t arrow.DataType) bool {
	if f.wrap == wList {
		lt, ok := t.(*arrow.ListType)
		return ok && scalarFits(f, lt.Elem())
	}
	return scalarFits(f, t)
}

func scalarFits(f *field, t arrow.DataType) bool {
	switch f.kind {
	case kInt8, kInt16, kInt32, kInt64:
		w := intWidth(t.ID())
		return w > 0 && w <= intWidth(arrowTypeOf(f.kind).ID())
	case kFloat64:
		return t.ID() == arrow.FLOAT64 || t.ID() == arrow.FLOAT32
	case kTimestamp:
		return t.ID() == arrow.TIMESTAMP
	case kDecimal:
		dt, ok := t.(*arrow.Decimal128Type)
		want := f.arrow
		if lt, isList := want.(*arrow.ListType); isList {
			want = lt.Elem()
		}
		return ok && dt.Scale == want.(*arrow.Decimal128Type).Scale
	}
	want := arrowTypeOf(f.kind)
	return arrow.TypeEqual(t, want)
}

// intWidth is the byte width of a signed integer type, 0 for others.
func intWidth(id arrow.Type) int {
	switch id {
	case arrow.INT8:
		return 1
	case arrow.INT16:
		return 2
	case arrow.INT32:
		return 4
	case arrow.INT64:
		return 8
	}
	return 0
}
