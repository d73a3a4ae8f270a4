//go:build duckdb_arrow

package duckdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/engine"
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
		return engine.NormaliseSchema(r.Schema())
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
	return engine.NormaliseSchema(rdr.Schema())
}
