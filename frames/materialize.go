package frames

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Stream runs the frame on its engine and returns its rows as a stream of
// record batches with the frame's schema. The caller must Release the
// reader; ctx governs the whole stream (cancelling it stops the engine and
// Err reports ctx's error).
func (f *Frame) Stream(ctx context.Context) (array.RecordReader, error) {
	if err := f.ready(); err != nil {
		return nil, err
	}
	return execute(ctx, f.engine, f.node)
}

func execute(ctx context.Context, e engine.Engine, n plan.Node) (array.RecordReader, error) {
	r, err := e.Execute(ctx, n)
	if err != nil {
		return nil, err
	}
	if err := sameColumns(n.Schema(), r.Schema()); err != nil {
		r.Release()
		return nil, fmt.Errorf("frames: engine %q returned the wrong schema: %w", e.Name(), err)
	}
	return r, nil
}

func sameColumns(want, got *arrow.Schema) error {
	if want.NumFields() != got.NumFields() {
		return fmt.Errorf("got [%s], want [%s]", plan.SchemaString(got), plan.SchemaString(want))
	}
	for i, w := range want.Fields() {
		g := got.Field(i)
		if g.Name != w.Name || !arrow.TypeEqual(g.Type, w.Type) {
			return fmt.Errorf("got [%s], want [%s]", plan.SchemaString(got), plan.SchemaString(want))
		}
	}
	return nil
}

// ToArrow runs the frame and collects its rows into an Arrow table (which
// the caller must Release).
func (f *Frame) ToArrow(ctx context.Context) (arrow.Table, error) {
	recs, err := f.Records(ctx)
	if err != nil {
		return nil, err
	}
	defer releaseAll(recs)
	return array.NewTableFromRecords(f.node.Schema(), recs), nil
}

// Records runs the frame and returns its record batches (each to be
// released by the caller).
func (f *Frame) Records(ctx context.Context) ([]arrow.RecordBatch, error) {
	r, err := f.Stream(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	var recs []arrow.RecordBatch
	for r.Next() {
		rec := r.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := r.Err(); err != nil {
		releaseAll(recs)
		return nil, err
	}
	return recs, nil
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// Count runs the frame and returns its number of rows. When the engine
// supports group_by and count it counts in the engine; otherwise it
// streams the rows and counts the batches' lengths.
func (f *Frame) Count(ctx context.Context) (int64, error) {
	if err := f.ready(); err != nil {
		return 0, err
	}
	caps := f.engine.Capabilities()
	if caps.SupportsOp(plan.OpAggregate) && caps.SupportsAgg(plan.AggCount) {
		n, err := plan.NewAggregate(f.node, nil, []plan.NamedExpr{{Name: "count", Expr: plan.Agg{Fn: plan.AggCount}}})
		if err != nil {
			return 0, err
		}
		return countRows(ctx, f.engine, n, true)
	}
	return countRows(ctx, f.engine, f.node, false)
}

func countRows(ctx context.Context, e engine.Engine, n plan.Node, agg bool) (int64, error) {
	r, err := execute(ctx, e, n)
	if err != nil {
		return 0, err
	}
	defer r.Release()
	var total int64
	for r.Next() {
		rec := r.RecordBatch()
		if !agg {
			total += rec.NumRows()
			continue
		}
		if rec.NumRows() > 0 {
			total = rec.Column(0).(*array.Int64).Value(0)
		}
	}
	return total, r.Err()
}
