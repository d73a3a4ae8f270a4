package kernel

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/kernel/internal/results"
)

// DescribeQuery returns the result schema of a query without running it,
// through DESCRIBE QUERY: one nullable field per column, typed as Query's
// reader would type it. It applies to queries (SELECT, WITH, VALUES, TABLE)
// only. args are passed through as for Query (QueryOptions, parameters).
func (c *Conn) DescribeQuery(ctx context.Context, sql string, args ...any) (*arrow.Schema, error) {
	q := strings.TrimRight(strings.TrimSpace(sql), "; \t\r\n")
	rdr, err := c.Query(ctx, "DESCRIBE QUERY "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	name, typ := rdr.Schema().FieldIndices("col_name"), rdr.Schema().FieldIndices("data_type")
	if len(name) != 1 || len(typ) != 1 {
		return nil, fmt.Errorf("sealane: DESCRIBE QUERY answered without col_name and data_type columns: %s", rdr.Schema())
	}
	tz := c.timezone()
	if tz == "" {
		tz = results.DefaultTimeZone
	}
	var fields []arrow.Field
	for rdr.Next() {
		rec := rdr.RecordBatch()
		names, types := rec.Column(name[0]), rec.Column(typ[0])
		for r := 0; r < int(rec.NumRows()); r++ {
			text := strings.Clone(types.ValueStr(r))
			dt, err := results.ParseTypeText(text, tz)
			if err != nil {
				return nil, fmt.Errorf("sealane: DESCRIBE QUERY: column %q: %w", names.ValueStr(r), err)
			}
			fields = append(fields, arrow.Field{Name: strings.Clone(names.ValueStr(r)), Type: dt, Nullable: true})
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, err
	}
	return arrow.NewSchema(fields, nil), nil
}
