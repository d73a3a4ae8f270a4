package rows

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// Nullable is a value that may be NULL: Valid false means NULL and V is
// ignored. database/sql's sql.Null[T] has the same shape and works too.
type Nullable[T any] struct {
	V     T
	Valid bool
}

// Some returns a valid Nullable holding v.
func Some[T any](v T) Nullable[T] { return Nullable[T]{V: v, Valid: true} }

// Date is a civil date (no time zone), stored as date32.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// Date32 converts d to days since the Unix epoch.
func (d Date) Date32() arrow.Date32 { return arrow.Date32FromTime(d.Time()) }

// DateFromDate32 converts days since the Unix epoch to a Date.
func DateFromDate32(v arrow.Date32) Date { return DateOf(v.ToTime()) }

// kind is the scalar kind of a field or list element.
type kind uint8

const (
	kBool kind = iota + 1
	kInt8
	kInt16
	kInt32
	kInt64
	kUint8  // → int16
	kUint16 // → int32
	kUint32 // → int64
	kUint64 // uint, uint64 → int64, range-checked
	kFloat32
	kFloat64
	kString
	kBinary
	kTimestamp // time.Time
	kDate32    // arrow.Date32
	kDate      // rows.Date
	kDecimal   // decimal128.Num
)

// wrap is how a scalar is held by a field.
type wrap uint8

const (
	wPlain    wrap = iota // T
	wPtr                  // *T
	wNullable             // struct{V T; Valid bool}
	wList                 // []T or []*T (elemPtr)
)

// field is the cached plan of one struct field.
type field struct {
	name     string
	goName   string
	index    []int        // reflect index path (embedded structs)
	typ      reflect.Type // the field's Go type
	scalar   reflect.Type // the scalar type inside the wrap
	kind     kind
	wrap     wrap
	elemPtr  bool // wList: elements are pointers
	arrow    arrow.DataType
	nullable bool
}

// structPlan is the cached plan of a struct type.
type structPlan struct {
	typ    reflect.Type
	fields []field
	byName map[string]int
	schema *arrow.Schema
}

var plans sync.Map // reflect.Type → *structPlan or error

var (
	timeType    = reflect.TypeFor[time.Time]()
	date32Type  = reflect.TypeFor[arrow.Date32]()
	dateType    = reflect.TypeFor[Date]()
	decimalType = reflect.TypeFor[decimal128.Num]()
)

// SchemaOf returns the Arrow schema of struct type T (see the package doc
// for the mapping). The result is cached; do not modify it.
func SchemaOf[T any]() (*arrow.Schema, error) {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	return p.schema, nil
}

func planOf(t reflect.Type) (*structPlan, error) {
	if v, ok := plans.Load(t); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*structPlan), nil
	}
	p, err := buildPlan(t)
	if err != nil {
		plans.Store(t, err)
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

func buildPlan(t reflect.Type) (*structPlan, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("frames/rows: %v is not a struct type", t)
	}
	p := &structPlan{typ: t, byName: map[string]int{}}
	if err := collectFields(p, t, nil); err != nil {
		return nil, err
	}
	if len(p.fields) == 0 {
		return nil, fmt.Errorf("frames/rows: %v has no exported fields to map", t)
	}
	fs := make([]arrow.Field, len(p.fields))
	for i, f := range p.fields {
		fs[i] = arrow.Field{Name: f.name, Type: f.arrow, Nullable: f.nullable}
	}
	p.schema = arrow.NewSchema(fs, nil)
	return p, nil
}

func collectFields(p *structPlan, t reflect.Type, prefix []int) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("frame")
		if tag == "-" {
			continue
		}
		if !sf.IsExported() {
			continue // includes unexported embedded structs: reflect cannot read them
		}
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && !hasTag && sf.Type.Kind() == reflect.Struct && !isSpecialStruct(sf.Type) {
			if err := collectFields(p, sf.Type, index); err != nil {
				return err
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		f := field{name: name, goName: sf.Name, index: index, typ: sf.Type}
		if err := classify(&f, opts); err != nil {
			return fmt.Errorf("frames/rows: %v field %s: %w", t, sf.Name, err)
		}
		if prev, dup := p.byName[name]; dup {
			return fmt.Errorf("frames/rows: %v: fields %s and %s both map to column %q", t, p.fields[prev].goName, sf.Name, name)
		}
		p.byName[name] = len(p.fields)
		p.fields = append(p.fields, f)
	}
	return nil
}

func isSpecialStruct(t reflect.Type) bool {
	return t == timeType || t == dateType || t == decimalType || isNullableStruct(t)
}

// isNullableStruct reports whether t is shaped like struct{V T; Valid bool}.
func isNullableStruct(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() == 2 &&
		t.Field(0).Name == "V" && t.Field(1).Name == "Valid" && t.Field(1).Type.Kind() == reflect.Bool
}

// classify fills kind, wrap, arrow type and nullability from f.typ and the
// tag options.
func classify(f *field, opts string) error {
	var prec, scale int32 = -1, -1
	for _, o := range splitOptions(opts) {
		o = strings.TrimSpace(o)
		switch {
		case o == "":
		case strings.HasPrefix(o, "decimal(") && strings.HasSuffix(o, ")"):
			ps := strings.Split(o[len("decimal("):len(o)-1], ",")
			if len(ps) != 2 {
				return fmt.Errorf("bad tag option %q: want decimal(precision,scale)", o)
			}
			p, err1 := strconv.Atoi(strings.TrimSpace(ps[0]))
			s, err2 := strconv.Atoi(strings.TrimSpace(ps[1]))
			if err1 != nil || err2 != nil || p < 1 || p > 38 || s < 0 || s > p {
				return fmt.Errorf("bad tag option %q: want 1 <= precision <= 38, 0 <= scale <= precision", o)
			}
			prec, scale = int32(p), int32(s)
		default:
			return fmt.Errorf("unknown tag option %q", o)
		}
	}
	t := f.typ
	switch {
	case t.Kind() == reflect.Pointer:
		f.wrap, f.nullable, f.scalar = wPtr, true, t.Elem()
	case isNullableStruct(t):
		f.wrap, f.nullable, f.scalar = wNullable, true, t.Field(0).Type
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		f.wrap, f.nullable, f.scalar = wList, true, t.Elem()
		if f.scalar.Kind() == reflect.Pointer {
			f.elemPtr, f.scalar = true, f.scalar.Elem()
		}
	default:
		f.wrap, f.scalar = wPlain, t
	}
	k, err := scalarKind(f.scalar)
	if err != nil {
		return err
	}
	if k == kBinary && f.wrap == wList {
		return fmt.Errorf("lists of []byte are not supported")
	}
	if k == kBinary && f.wrap == wPlain {
		f.nullable = true // nil []byte is NULL
	}
	f.kind = k
	var at arrow.DataType
	if k == kDecimal {
		if prec < 0 {
			return fmt.Errorf("decimal128.Num needs a tag option decimal(precision,scale)")
		}
		at = &arrow.Decimal128Type{Precision: prec, Scale: scale}
	} else {
		if prec >= 0 {
			return fmt.Errorf("tag option decimal(...) on a non-decimal field")
		}
		at = arrowTypeOf(k)
	}
	if f.wrap == wList {
		at = arrow.ListOf(at)
	}
	f.arrow = at
	return nil
}

func scalarKind(t reflect.Type) (kind, error) {
	switch t {
	case timeType:
		return kTimestamp, nil
	case date32Type:
		return kDate32, nil
	case dateType:
		return kDate, nil
	case decimalType:
		return kDecimal, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return kBool, nil
	case reflect.Int8:
		return kInt8, nil
	case reflect.Int16:
		return kInt16, nil
	case reflect.Int32:
		return kInt32, nil
	case reflect.Int64, reflect.Int:
		return kInt64, nil
	case reflect.Uint8:
		return kUint8, nil
	case reflect.Uint16:
		return kUint16, nil
	case reflect.Uint32:
		return kUint32, nil
	case reflect.Uint64, reflect.Uint:
		return kUint64, nil
	case reflect.Float32:
		return kFloat32, nil
	case reflect.Float64:
		return kFloat64, nil
	case reflect.String:
		return kString, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return kBinary, nil
		}
		return 0, fmt.Errorf("nested lists (%v) are not supported", t)
	}
	return 0, fmt.Errorf("type %v is not supported (see package frames/rows for the mapping)", t)
}

func arrowTypeOf(k kind) arrow.DataType {
	switch k {
	case kBool:
		return arrow.FixedWidthTypes.Boolean
	case kInt8:
		return arrow.PrimitiveTypes.Int8
	case kInt16, kUint8:
		return arrow.PrimitiveTypes.Int16
	case kInt32, kUint16:
		return arrow.PrimitiveTypes.Int32
	case kInt64, kUint32, kUint64:
		return arrow.PrimitiveTypes.Int64
	case kFloat32:
		return arrow.PrimitiveTypes.Float32
	case kFloat64:
		return arrow.PrimitiveTypes.Float64
	case kString:
		return arrow.BinaryTypes.String
	case kBinary:
		return arrow.BinaryTypes.Binary
	case kTimestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case kDate32, kDate:
		return arrow.FixedWidthTypes.Date32
	}
	panic(fmt.Sprintf("frames/rows: no arrow type for kind %d", k))
}

// splitOptions splits tag options at commas outside parentheses.
func splitOptions(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
