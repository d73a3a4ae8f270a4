package mongo

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sealane/sealane/frames"
)

// DefaultSampleSize is how many documents SampleSchema reads.
const DefaultSampleSize = 100

// Collection is a frame over collection name of e's database, run as a
// pipeline on the server. Its schema is the one given with
// frames.WithSchema (see [SchemaOf]) or sampled from the collection's
// first documents ([SampleSchema]).
func Collection(ctx context.Context, e *Engine, name string, opts ...frames.Option) *frames.Frame {
	return frames.Table(ctx, name, append(opts, frames.On(e))...)
}

// SchemaOf is the schema of documents decoded into T, a struct: one
// nullable column per exported field, named by its bson tag (or the
// lower-cased field name, as the driver does). Fields of type bool,
// integers, floats, string, []byte and time.Time (a timestamp in UTC) map
// to columns, pointers to them too; a field tagged bson:"-" or of another
// type is an error.
func SchemaOf[T any]() (*arrow.Schema, error) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("frames/engines/mongo: SchemaOf needs a struct, not %s", t)
	}
	var fields []arrow.Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := strings.ToLower(sf.Name)
		if tag, ok := sf.Tag.Lookup("bson"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		dt, ok := goType(ft)
		if !ok {
			return nil, fmt.Errorf("frames/engines/mongo: field %s of type %s has no column type", sf.Name, sf.Type)
		}
		fields = append(fields, arrow.Field{Name: name, Type: dt, Nullable: true})
	}
	return arrow.NewSchema(fields, nil), nil
}

func goType(t reflect.Type) (arrow.DataType, bool) {
	switch t {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[bson.DateTime]():
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, true
	case reflect.TypeFor[bson.ObjectID]():
		return arrow.BinaryTypes.String, true
	}
	switch t.Kind() {
	case reflect.Bool:
		return arrow.FixedWidthTypes.Boolean, true
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return arrow.PrimitiveTypes.Int32, true
	case reflect.Int, reflect.Int64:
		return arrow.PrimitiveTypes.Int64, true
	case reflect.Float32, reflect.Float64:
		return arrow.PrimitiveTypes.Float64, true
	case reflect.String:
		return arrow.BinaryTypes.String, true
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return arrow.BinaryTypes.Binary, true
		}
	}
	return nil, false
}

// SampleSchema infers a schema from the first n documents of coll: one
// nullable column per top-level field seen, in order of first appearance,
// typed by its values (int32 and int64 widen to int64, integers and doubles
// to float64; dates are UTC timestamps; ObjectIDs are strings). Fields
// holding documents, arrays or values of differing kinds are left out; so
// is a field only ever null. An empty collection is an error: give the
// schema with frames.WithSchema.
func SampleSchema(ctx context.Context, coll *mongo.Collection, n int) (*arrow.Schema, error) {
	cur, err := coll.Find(ctx, bson.D{}, options.Find().SetLimit(int64(n)))
	if err != nil {
		return nil, fmt.Errorf("frames/engines/mongo: sample %s: %w", coll.Name(), err)
	}
	defer func() { _ = cur.Close(context.Background()) }()
	kinds := map[string]string{}
	bad := map[string]bool{}
	order := map[string]int{}
	docs := 0
	for cur.Next(ctx) {
		docs++
		elems, err := cur.Current.Elements()
		if err != nil {
			return nil, fmt.Errorf("frames/engines/mongo: sample %s: %w", coll.Name(), err)
		}
		for _, el := range elems {
			k := el.Key()
			if _, ok := order[k]; !ok {
				order[k] = len(order)
			}
			kind := sampleKind(el.Value().Type)
			switch {
			case kind == "null":
			case kind == "":
				bad[k] = true
			case kinds[k] == "" || kinds[k] == kind:
				kinds[k] = kind
			case (kinds[k] == "int" || kinds[k] == "float") && (kind == "int" || kind == "float"):
				kinds[k] = "float"
			default:
				bad[k] = true
			}
		}
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("frames/engines/mongo: sample %s: %w", coll.Name(), err)
	}
	if docs == 0 {
		return nil, fmt.Errorf("frames/engines/mongo: collection %s is empty: give its schema with frames.WithSchema", coll.Name())
	}
	names := make([]string, 0, len(order))
	for k := range order {
		if !bad[k] && kinds[k] != "" {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool { return order[names[i]] < order[names[j]] })
	fields := make([]arrow.Field, len(names))
	for i, k := range names {
		fields[i] = arrow.Field{Name: k, Type: kindType[kinds[k]], Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

var kindType = map[string]arrow.DataType{
	"bool":   arrow.FixedWidthTypes.Boolean,
	"int":    arrow.PrimitiveTypes.Int64,
	"float":  arrow.PrimitiveTypes.Float64,
	"string": arrow.BinaryTypes.String,
	"binary": arrow.BinaryTypes.Binary,
	"date":   &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"},
}

func sampleKind(t bson.Type) string {
	switch t {
	case bson.TypeNull, bson.TypeUndefined:
		return "null"
	case bson.TypeBoolean:
		return "bool"
	case bson.TypeInt32, bson.TypeInt64:
		return "int"
	case bson.TypeDouble:
		return "float"
	case bson.TypeString, bson.TypeObjectID:
		return "string"
	case bson.TypeBinary:
		return "binary"
	case bson.TypeDateTime:
		return "date"
	}
	return ""
}
