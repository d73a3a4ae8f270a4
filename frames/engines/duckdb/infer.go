//go:build duckdb_arrow

package duckdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// InferSchema implements engine.SchemaInferrer: the schema DuckDB reads from
// files (Parquet, CSV with the source's header and delimiter, NDJSON, Arrow
// IPC) or from a table, with types normalised to the frames type set
// (timestamps in microseconds, zone "" or UTC; view and large strings as
// strings). Types outside the set are an error naming the column.
func (e *Engine) InferSchema(ctx context.Context, src *plan.Source) (*arrow.Schema, error) {
	var from string
	d := sqlgen.DuckDB
	switch {
	case src.Kind == plan.SourceRecords:
		if len(src.Records) > 0 {
			return src.Records[0].Schema(), nil
		}
		if src.Out != nil {
			return src.Out, nil
		}
		return nil, fmt.Errorf("frames/engines/duckdb: records source %q has no records", src.ID)
	case src.Kind == plan.SourceTable:
		from = d.QuoteQualified(src.Table)
	case src.Format == plan.FormatIPC:
		r, err := openIPC(src.Paths)
		if err != nil {
			return nil, fmt.Errorf("frames/engines/duckdb: %w", err)
		}
		defer r.Release()
		return normalise(r.Schema())
	default:
		if len(src.Paths) == 0 {
			return nil, fmt.Errorf("frames/engines/duckdb: file source %q has no paths", src.ID)
		}
		lits := make([]string, len(src.Paths))
		for i, p := range src.Paths {
			lits[i] = d.StringLit(p)
		}
		paths := "[" + strings.Join(lits, ", ") + "]"
		switch src.Format {
		case plan.FormatParquet:
			from = "read_parquet(" + paths + ")"
		case plan.FormatCSV:
			delim := src.CSVDelimiter
			if delim == 0 {
				delim = ','
			}
			from = fmt.Sprintf("read_csv(%s, header = %t, delim = %s)", paths, src.CSVHeader, d.StringLit(string(delim)))
		case plan.FormatNDJSON:
			from = "read_json(" + paths + ", format = 'newline_delimited')"
		default:
			return nil, fmt.Errorf("frames/engines/duckdb: unknown format %q", src.Format)
		}
	}
	s, err := e.newSession(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = s.close() }()
	rdr, err := s.arrow.QueryContext(ctx, "SELECT * FROM "+from+" LIMIT 0")
	if err != nil {
		return nil, classify(ctx, err)
	}
	defer rdr.Release()
	return normalise(rdr.Schema())
}

// normalise maps DuckDB's Arrow types onto the frames type set.
func normalise(sc *arrow.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, sc.NumFields())
	for i, f := range sc.Fields() {
		t, err := normaliseType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("frames/engines/duckdb: column %q: %w", f.Name, err)
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
	case *arrow.StringViewType, *arrow.LargeStringType:
		return arrow.BinaryTypes.String, nil
	case *arrow.BinaryViewType, *arrow.LargeBinaryType:
		return arrow.BinaryTypes.Binary, nil
	case *arrow.Uint8Type:
		return arrow.PrimitiveTypes.Int16, nil
	case *arrow.Uint16Type:
		return arrow.PrimitiveTypes.Int32, nil
	case *arrow.Uint32Type:
		return arrow.PrimitiveTypes.Int64, nil
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
	case *arrow.LargeListType:
		e, err := normaliseType(t.Elem())
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(e), nil
	}
	return nil, fmt.Errorf("type %s is not supported by frames", t)
}
