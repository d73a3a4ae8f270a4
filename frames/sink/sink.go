// Package sink writes Arrow record streams to files — Parquet, CSV, Arrow
// IPC and NDJSON — one batch at a time, never holding the whole stream.
//
// Every write is atomic: the data goes to a temporary file in the target's
// directory (".<name>.tmp-*"), which is synced and renamed over the target
// only when the whole stream was written. On any error — a bad option, a
// reader error mid-stream, a cancelled context (checked between batches) —
// the temporary file is removed and an existing target is left untouched.
//
// The writers do not release the reader; the caller does.
package sink

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Write streams r to path in format.
func Write(ctx context.Context, r array.RecordReader, format plan.Format, path string, opts engine.SinkOptions) error {
	switch format {
	case plan.FormatParquet:
		return WriteParquet(ctx, r, path, opts)
	case plan.FormatCSV:
		return WriteCSV(ctx, r, path, opts)
	case plan.FormatIPC:
		return WriteIPC(ctx, r, path, opts)
	case plan.FormatNDJSON:
		return WriteNDJSON(ctx, r, path, opts)
	}
	return fmt.Errorf("frames/sink: unknown format %q", format)
}

// Validate checks opts for format without touching the file system or
// running anything: the compression is one the format takes, the row group
// size is not negative and the CSV delimiter is allowed. Every Write
// function makes the same checks before it creates a file; callers that run
// a query first call Validate before it.
func Validate(format plan.Format, opts engine.SinkOptions) error {
	var err error
	switch format {
	case plan.FormatParquet:
		if _, err = parquetCodec(opts.Compression); err == nil {
			err = checkRowGroupRows(opts.RowGroupRows)
		}
	case plan.FormatIPC:
		_, err = ipcCompression(opts.Compression)
	case plan.FormatCSV:
		if _, err = textCompression("csv", opts.Compression); err == nil {
			_, err = csvDelimiter(opts.CSVDelimiter)
		}
	case plan.FormatNDJSON:
		_, err = textCompression("ndjson", opts.Compression)
	default:
		err = fmt.Errorf("frames/sink: unknown format %q", format)
	}
	return err
}

// batchWriter is one format's encoder over an open file.
type batchWriter interface {
	write(rec arrow.RecordBatch) error
	// close flushes and finishes the format (footer, gzip trailer); it does
	// not close the file.
	close() error
}

// writeAtomic creates the temporary file, lets open build the format's
// writer on it, feeds it every batch of r, and renames the file to path on
// success.
func writeAtomic(ctx context.Context, r array.RecordReader, path string, open func(w io.Writer) (batchWriter, error)) (err error) {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	buf := bufio.NewWriterSize(f, 1<<20)
	bw, err := open(struct{ io.Writer }{buf}) // hide Close from writers that would close the file
	if err != nil {
		return err
	}
	for r.Next() {
		if err = ctx.Err(); err != nil {
			_ = bw.close()
			return fmt.Errorf("frames/sink: %s: %w", path, err)
		}
		if err = bw.write(r.RecordBatch()); err != nil {
			_ = bw.close()
			return fmt.Errorf("frames/sink: %s: %w", path, err)
		}
	}
	if err = r.Err(); err != nil {
		_ = bw.close()
		return fmt.Errorf("frames/sink: %s: reading the stream: %w", path, err)
	}
	if err = ctx.Err(); err != nil {
		_ = bw.close()
		return fmt.Errorf("frames/sink: %s: %w", path, err)
	}
	if err = bw.close(); err != nil {
		return fmt.Errorf("frames/sink: %s: %w", path, err)
	}
	if err = buf.Flush(); err != nil {
		return fmt.Errorf("frames/sink: %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("frames/sink: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
