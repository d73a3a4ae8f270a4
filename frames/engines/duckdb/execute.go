//go:build duckdb_arrow

package duckdb

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Execute implements engine.Engine. DuckDB computes the whole result before
// the first batch is returned; batches hold up to 2048 rows.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	s, err := e.newSession(ctx)
	if err != nil {
		return nil, err
	}
	query, err := s.compile(root)
	if err != nil {
		_ = s.close()
		return nil, e.wrap(err)
	}
	rdr, err := s.arrow.QueryContext(ctx, query)
	if err != nil {
		_ = s.close()
		return nil, classify(ctx, err)
	}
	// The last Release drops the session's views and returns its connection.
	return engine.NewResultReader(ctx, Name, rdr, root.Schema(), func() { _ = s.close() }), nil
}
