package frames

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/rows"
)

// FromRows is a frame over Go structs: one column per exported field (see
// package rows for the mapping, tags and nullability). The rows are
// encoded to Arrow column by column when the frame is built. Options: On,
// WithAllocator.
func FromRows[T any](rs []T, opts ...Option) *Frame {
	o := newOptions(opts)
	schema, err := rows.SchemaOf[T]()
	if err != nil {
		return failed(nil, fmt.Errorf("frames: FromRows: %w", err))
	}
	recs, err := rows.Encode(rs, rows.WithAllocator(o.mem))
	if err != nil {
		return failed(nil, fmt.Errorf("frames: FromRows: %w", err))
	}
	defer releaseAll(recs)
	return FromArrow(schema, recs, opts...)
}

// FromColumns is a frame over Go slices (one per column) validated against
// target: strict by default (unknown column, missing non-nullable column,
// NULL in a non-nullable column, wrong type), WithCoerce converts types,
// WithDropInvalid drops bad rows, WithReport returns the per-row report.
// A failed validation is the frame's error (rows.IsValidation gives the
// report). Options: On, WithAllocator, WithCoerce, WithDropInvalid,
// WithReport.
func FromColumns(cols []rows.Column, target *arrow.Schema, opts ...Option) *Frame {
	o := newOptions(opts)
	recs, rep, err := rows.FromColumns(cols, target, o.rowsOptions()...)
	return validated(target, recs, rep, err, o, opts)
}

// FromArrowAs is a frame over untyped record batches validated against
// the schema of T (rows.SchemaOf): the ingest validation of FromColumns,
// vectorised (valid columns pass through without copying). Options: as
// FromColumns.
func FromArrowAs[T any](records []arrow.RecordBatch, opts ...Option) *Frame {
	o := newOptions(opts)
	target, err := rows.SchemaOf[T]()
	if err != nil {
		return failed(nil, fmt.Errorf("frames: FromArrowAs: %w", err))
	}
	recs, rep, err := rows.Validate(target, records, o.rowsOptions()...)
	return validated(target, recs, rep, err, o, opts)
}

func validated(target *arrow.Schema, recs []arrow.RecordBatch, rep *rows.Report, err error, o options, opts []Option) *Frame {
	defer releaseAll(recs)
	if o.report != nil && rep != nil {
		*o.report = *rep
	}
	if err != nil {
		return failed(o.engine, fmt.Errorf("frames: %w", err))
	}
	return FromArrow(target, recs, opts...)
}

// Collect runs f and decodes its rows into []T. It checks that f's schema
// fits T (names, types, nullability; see rows.Check) before running
// anything.
func Collect[T any](ctx context.Context, f *Frame) ([]T, error) {
	if err := f.ready(); err != nil {
		return nil, err
	}
	if err := rows.Check[T](f.node.Schema()); err != nil {
		return nil, fmt.Errorf("frames: Collect: %w", err)
	}
	r, err := f.Stream(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	return rows.Decode[T](ctx, r)
}
