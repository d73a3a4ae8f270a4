package mongo

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sealane/sealane/frames/plan"
)

// supportedType reports whether the engine maps t to BSON and back:
// booleans, integers (int32/int64 in BSON), floats (double), strings,
// binary, dates and timestamps (BSON dates: milliseconds since the epoch,
// UTC; dates at midnight), and lists of those (arrays).
func supportedType(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.FLOAT32, arrow.FLOAT64, arrow.STRING, arrow.BINARY, arrow.DATE32:
		return true
	case arrow.TIMESTAMP:
		return true
	case arrow.LIST:
		return supportedType(t.(*arrow.ListType).Elem())
	}
	return false
}

// bsonValue converts a plan literal to the BSON value columns of its type
// are stored as (nil for NULL).
func bsonValue(l plan.Literal) (any, error) {
	switch v := l.Value.(type) {
	case nil:
		return nil, nil
	case bool, string, int32, int64, float64:
		return v, nil
	case int:
		return int64(v), nil
	case int8:
		return int32(v), nil
	case int16:
		return int32(v), nil
	case float32:
		return float64(v), nil
	case []byte:
		return bson.Binary{Data: v}, nil
	case arrow.Date32:
		return bson.NewDateTimeFromTime(v.ToTime()), nil
	case time.Time:
		if v.Nanosecond()%int(time.Millisecond) != 0 {
			return nil, fmt.Errorf("timestamp %s has sub-millisecond digits; BSON dates hold milliseconds", v)
		}
		return bson.NewDateTimeFromTime(v), nil
	}
	return nil, fmt.Errorf("a constant of type %s", plan.TypeName(l.Type))
}

// cellValue is row i of column a as a BSON value (nil for NULL).
func cellValue(a arrow.Array, i int) (any, error) {
	if a.IsNull(i) {
		return nil, nil
	}
	switch c := a.(type) {
	case *array.Boolean:
		return c.Value(i), nil
	case *array.Int8:
		return int32(c.Value(i)), nil
	case *array.Int16:
		return int32(c.Value(i)), nil
	case *array.Int32:
		return c.Value(i), nil
	case *array.Int64:
		return c.Value(i), nil
	case *array.Float32:
		return float64(c.Value(i)), nil
	case *array.Float64:
		return c.Value(i), nil
	case *array.String:
		return c.Value(i), nil
	case *array.Binary:
		return bson.Binary{Data: c.Value(i)}, nil
	case *array.Date32:
		return bson.DateTime(int64(c.Value(i)) * 86_400_000), nil
	case *array.List:
		start, end := c.ValueOffsets(i)
		vals := c.ListValues()
		out := make(bson.A, 0, end-start)
		for j := int(start); j < int(end); j++ {
			v, err := cellValue(vals, j)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *array.Timestamp:
		unit := c.DataType().(*arrow.TimestampType).Unit
		v := int64(c.Value(i))
		switch unit {
		case arrow.Second:
			return bson.DateTime(v * 1000), nil
		case arrow.Millisecond:
			return bson.DateTime(v), nil
		case arrow.Microsecond:
			if v%1000 != 0 {
				return nil, fmt.Errorf("timestamp %d µs has sub-millisecond digits; BSON dates hold milliseconds", v)
			}
			return bson.DateTime(v / 1000), nil
		case arrow.Nanosecond:
			if v%1_000_000 != 0 {
				return nil, fmt.Errorf("timestamp %d ns has sub-millisecond digits; BSON dates hold milliseconds", v)
			}
			return bson.DateTime(v / 1_000_000), nil
		}
	}
	return nil, fmt.Errorf("no BSON mapping for %s", a.DataType())
}

// insertRows inserts the rows of recs into coll in batches. With positional
// the fields are c0, c1, … plus the row-order field (in-memory sources);
// otherwise they are the column names.
func insertRows(ctx context.Context, coll *mongo.Collection, recs []arrow.RecordBatch, positional bool) error {
	var docs []any
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(true))
		docs = docs[:0]
		if err != nil {
			return fmt.Errorf("insert into %s: %w", coll.Name(), err)
		}
		return nil
	}
	var rn int64
	for _, rec := range recs {
		sc := rec.Schema()
		for i := 0; i < int(rec.NumRows()); i++ {
			doc := make(bson.D, 0, rec.NumCols()+1)
			if positional {
				doc = append(doc, bson.E{Key: rowKeyField, Value: rn})
			}
			rn++
			for j, col := range rec.Columns() {
				v, err := cellValue(col, i)
				if err != nil {
					return fmt.Errorf("column %q: %w", sc.Field(j).Name, err)
				}
				key := sc.Field(j).Name
				if positional {
					key = fmt.Sprintf("c%d", j)
				}
				doc = append(doc, bson.E{Key: key, Value: v})
			}
			docs = append(docs, doc)
			if len(docs) == uploadBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}
