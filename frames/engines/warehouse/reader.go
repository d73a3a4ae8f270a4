package warehouse

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
)

// classify makes errors caused by the end of ctx match ctx's error.
func classify(ctx context.Context, err error) error { return engine.ContextError(ctx, Name, err) }

// normalise maps the warehouse's Arrow types onto the frames type set.
func normalise(sc *arrow.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, sc.NumFields())
	for i, f := range sc.Fields() {
		t, err := normaliseType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("frames/engines/warehouse: column %q: %w", f.Name, err)
		}
		fields[i] = arrow.Field{Name: f.Name, Type: t, Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

func normaliseType(t arrow.DataType) (arrow.DataType, error) {
	switch t := t.(type) {
	case *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Float32Type, *arrow.Float64Type, *arrow.StringType, *arrow.BinaryType, *arrow.Date32Type,
		*arrow.Decimal128Type:
		return t, nil
	case *arrow.LargeStringType, *arrow.StringViewType:
		return arrow.BinaryTypes.String, nil
	case *arrow.LargeBinaryType, *arrow.BinaryViewType:
		return arrow.BinaryTypes.Binary, nil
	case *arrow.TimestampType:
		tz := ""
		if t.TimeZone != "" {
			tz = "UTC"
		}
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz}, nil
	case *arrow.ListType:
		e, err := normaliseType(t.Elem())
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(e), nil
	}
	return nil, fmt.Errorf("type %s is not supported by frames", t)
}
