package frames

import (
	"context"
	"errors"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sink"
)

// WriteParquet runs f and writes its rows to a Parquet file at path. Writes
// are atomic (a temporary file renamed into place) and streamed: engines
// that write Parquet themselves (engine.SinkWriter, Capabilities().Sinks)
// do so; otherwise batches are streamed from the engine to the file one at
// a time. Options: WithCompression, WithRowGroupRows. Bad options fail
// before anything runs or any file is created.
func WriteParquet(ctx context.Context, f *Frame, path string, opts ...Option) error {
	return write(ctx, f, plan.FormatParquet, path, opts)
}

// WriteCSV writes f's rows to a CSV file. Options: WithCSVHeader (default
// true), WithCSVDelimiter, WithCompression ("gzip").
func WriteCSV(ctx context.Context, f *Frame, path string, opts ...Option) error {
	return write(ctx, f, plan.FormatCSV, path, opts)
}

// WriteIPC writes f's rows to an Arrow IPC file. Options: WithCompression
// ("lz4", "zstd").
func WriteIPC(ctx context.Context, f *Frame, path string, opts ...Option) error {
	return write(ctx, f, plan.FormatIPC, path, opts)
}

// WriteNDJSON writes f's rows to a newline-delimited JSON file. Options:
// WithCompression ("gzip").
func WriteNDJSON(ctx context.Context, f *Frame, path string, opts ...Option) error {
	return write(ctx, f, plan.FormatNDJSON, path, opts)
}

func write(ctx context.Context, f *Frame, format plan.Format, path string, opts []Option) error {
	if err := f.ready(); err != nil {
		return err
	}
	o := newOptions(opts)
	so := engine.SinkOptions{Compression: o.compress, CSVHeader: o.header(), CSVDelimiter: o.delimiter(), RowGroupRows: o.rowGroup}
	if err := sink.Validate(format, so); err != nil {
		// Before the engine runs anything or a file is created.
		return err
	}
	if sw, ok := f.engine.(engine.SinkWriter); ok && f.engine.Capabilities().SupportsSink(format) {
		err := sw.WriteFile(ctx, f.node, format, path, so)
		if !errors.Is(err, engine.ErrUnsupported) {
			return err
		}
		// The engine declined these options before writing: stream instead.
	}
	r, err := f.Stream(ctx)
	if err != nil {
		return err
	}
	defer r.Release()
	return sink.Write(ctx, r, format, path, so)
}
