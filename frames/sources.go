package frames

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// sourceFrame builds a frame over a source, on the engine opts choose.
func sourceFrame(src *plan.Source, o options) *Frame {
	e, err := o.engineOr()
	if err != nil {
		return failed(nil, err)
	}
	s, err := plan.NewSource(src)
	return newFrame(e, s, err)
}

// FromArrow is a frame over in-memory record batches whose columns match
// schema by name and type. The frame retains the batches (the caller may
// release its own references); [Frame.Release] releases them early,
// otherwise they live as long as the frame. Options: On.
func FromArrow(schema *arrow.Schema, records []arrow.RecordBatch, opts ...Option) *Frame {
	return sourceFrame(&plan.Source{Kind: plan.SourceRecords, Records: records, Out: schema}, newOptions(opts))
}

// FromReader drains r into retained record batches (so the frame can run
// any number of times) and returns a frame over them; it does not release
// r. Options: On.
func FromReader(ctx context.Context, r array.RecordReader, opts ...Option) *Frame {
	var recs []arrow.RecordBatch
	defer func() {
		for _, rec := range recs {
			rec.Release()
		}
	}()
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return failed(nil, fmt.Errorf("frames: FromReader: %w", err))
		}
		rec := r.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := r.Err(); err != nil {
		return failed(nil, fmt.Errorf("frames: FromReader: %w", err))
	}
	return FromArrow(r.Schema(), recs, opts...)
}

// Release releases the record batches held by a frame made by FromArrow,
// FromReader, FromRows or FromColumns. Frames derived from it must not run
// afterwards. On other frames it does nothing.
func (f *Frame) Release() {
	if f == nil {
		return
	}
	if s, ok := f.node.(*plan.Source); ok {
		s.Release()
	}
}

func scan(ctx context.Context, format plan.Format, paths []string, opts []Option) *Frame {
	o := newOptions(opts)
	src := &plan.Source{Kind: plan.SourceFile, Format: format, Paths: paths, Out: o.schema}
	if format == plan.FormatCSV {
		src.CSVHeader = o.header()
		src.CSVDelimiter = o.delimiter()
	}
	return inferredSource(ctx, src, o)
}

func inferredSource(ctx context.Context, src *plan.Source, o options) *Frame {
	e, err := o.engineOr()
	if err != nil {
		return failed(nil, err)
	}
	if src.Out == nil {
		inf, ok := e.(engine.SchemaInferrer)
		if !ok {
			return failed(e, fmt.Errorf("%w: frames: engine %q cannot infer schemas; pass frames.WithSchema",
				engine.ErrUnsupported, e.Name()))
		}
		if err := engine.CheckNode(e, src); err != nil {
			return failed(e, err)
		}
		s, err := inf.InferSchema(ctx, src)
		if err != nil {
			return failed(e, fmt.Errorf("frames: schema of %s: %w", describeSource(src), err))
		}
		src.Out = s
	}
	o.engine = e
	return sourceFrame(src, o)
}

func describeSource(s *plan.Source) string {
	if s.Kind == plan.SourceTable {
		return "table " + s.Table
	}
	return fmt.Sprintf("%s %v", s.Format, s.Paths)
}

// ScanParquet is a frame over Parquet files, read when the frame runs. The
// schema comes from the engine (engine.SchemaInferrer) unless given with
// WithSchema. Options: On, WithSchema.
func ScanParquet(ctx context.Context, paths []string, opts ...Option) *Frame {
	return scan(ctx, plan.FormatParquet, paths, opts)
}

// ScanCSV is a frame over CSV files. Options: On, WithSchema,
// WithCSVHeader (default true), WithCSVDelimiter (default ',').
func ScanCSV(ctx context.Context, paths []string, opts ...Option) *Frame {
	return scan(ctx, plan.FormatCSV, paths, opts)
}

// ScanNDJSON is a frame over newline-delimited JSON files. Options: On,
// WithSchema.
func ScanNDJSON(ctx context.Context, paths []string, opts ...Option) *Frame {
	return scan(ctx, plan.FormatNDJSON, paths, opts)
}

// ScanIPC is a frame over Arrow IPC files or streams. Options: On,
// WithSchema.
func ScanIPC(ctx context.Context, paths []string, opts ...Option) *Frame {
	return scan(ctx, plan.FormatIPC, paths, opts)
}

// Table is a frame over a table the engine knows by name (possibly
// qualified). Options: On, WithSchema.
func Table(ctx context.Context, name string, opts ...Option) *Frame {
	o := newOptions(opts)
	return inferredSource(ctx, &plan.Source{Kind: plan.SourceTable, Table: name, Out: o.schema}, o)
}
