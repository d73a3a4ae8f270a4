package sink

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/csv"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/sealane/sealane/frames/engine"
)

// DefaultRowGroupRows is the Parquet row-group size used when
// SinkOptions.RowGroupRows is 0. A row group is buffered (encoded and
// compressed) in memory until it is full.
const DefaultRowGroupRows = 1 << 20

// WriteParquet streams r to a Parquet file. Compression: "snappy" (default),
// "zstd", "gzip", "lz4" (LZ4_RAW), "uncompressed"; RowGroupRows caps the rows
// per row group (default DefaultRowGroupRows). The Arrow schema is stored in
// the file so time zones and types read back exactly.
func WriteParquet(ctx context.Context, r array.RecordReader, path string, opts engine.SinkOptions) error {
	codec, err := parquetCodec(opts.Compression)
	if err != nil {
		return err
	}
	if err := checkRowGroupRows(opts.RowGroupRows); err != nil {
		return err
	}
	rg := opts.RowGroupRows
	if rg <= 0 {
		rg = DefaultRowGroupRows
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(codec), parquet.WithMaxRowGroupLength(rg))
	return writeAtomic(ctx, r, path, func(w io.Writer) (batchWriter, error) {
		fw, err := pqarrow.NewFileWriter(r.Schema(), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
		if err != nil {
			return nil, fmt.Errorf("frames/sink: parquet: %w", err)
		}
		return &parquetWriter{fw}, nil
	})
}

func parquetCodec(c string) (compress.Compression, error) {
	switch strings.ToLower(c) {
	case "", "snappy":
		return compress.Codecs.Snappy, nil
	case "zstd":
		return compress.Codecs.Zstd, nil
	case "gzip":
		return compress.Codecs.Gzip, nil
	case "lz4", "lz4_raw":
		return compress.Codecs.Lz4Raw, nil
	case "uncompressed", "none":
		return compress.Codecs.Uncompressed, nil
	}
	return 0, fmt.Errorf("frames/sink: parquet compression %q: want snappy, zstd, gzip, lz4 or uncompressed", c)
}

func checkRowGroupRows(n int64) error {
	if n < 0 {
		return fmt.Errorf("frames/sink: parquet row group rows %d: want a positive number (0: %d)", n, int64(DefaultRowGroupRows))
	}
	return nil
}

type parquetWriter struct{ fw *pqarrow.FileWriter }

func (p *parquetWriter) write(rec arrow.RecordBatch) error { return p.fw.WriteBuffered(rec) }
func (p *parquetWriter) close() error                      { return p.fw.Close() }

// WriteIPC streams r to an Arrow IPC file. Compression: "" or
// "uncompressed" (none), "lz4" (LZ4 frame) or "zstd" buffer compression.
func WriteIPC(ctx context.Context, r array.RecordReader, path string, opts engine.SinkOptions) error {
	ipcOpts, err := ipcCompression(opts.Compression)
	if err != nil {
		return err
	}
	ipcOpts = append(ipcOpts, ipc.WithSchema(r.Schema()))
	return writeAtomic(ctx, r, path, func(w io.Writer) (batchWriter, error) {
		fw, err := ipc.NewFileWriter(w, ipcOpts...)
		if err != nil {
			return nil, fmt.Errorf("frames/sink: ipc: %w", err)
		}
		return &ipcWriter{fw}, nil
	})
}

func ipcCompression(c string) ([]ipc.Option, error) {
	switch strings.ToLower(c) {
	case "", "uncompressed", "none":
		return nil, nil
	case "lz4":
		return []ipc.Option{ipc.WithLZ4()}, nil
	case "zstd":
		return []ipc.Option{ipc.WithZstd()}, nil
	}
	return nil, fmt.Errorf("frames/sink: ipc compression %q: want lz4, zstd or none", c)
}

type ipcWriter struct{ fw *ipc.FileWriter }

func (p *ipcWriter) write(rec arrow.RecordBatch) error { return p.fw.Write(rec) }
func (p *ipcWriter) close() error                      { return p.fw.Close() }

// textCompression parses the CSV/NDJSON compression option.
func textCompression(format, c string) (gz bool, err error) {
	switch strings.ToLower(c) {
	case "", "none", "uncompressed":
		return false, nil
	case "gzip":
		return true, nil
	}
	return false, fmt.Errorf("frames/sink: %s compression %q: want gzip or none", format, c)
}

// WriteCSV streams r to a CSV file: a header line when opts.CSVHeader,
// fields separated by opts.CSVDelimiter (default ','), NULL as an empty
// field, binary as base64, timestamps as "2006-01-02 15:04:05.999999Z";
// Compression "gzip" compresses the file.
func WriteCSV(ctx context.Context, r array.RecordReader, path string, opts engine.SinkOptions) error {
	gz, err := textCompression("csv", opts.Compression)
	if err != nil {
		return err
	}
	delim, err := csvDelimiter(opts.CSVDelimiter)
	if err != nil {
		return err
	}
	return writeAtomic(ctx, r, path, func(w io.Writer) (batchWriter, error) {
		cw := &csvWriter{schema: r.Schema(), header: opts.CSVHeader}
		if gz {
			cw.gz = gzip.NewWriter(w)
			w = cw.gz
		}
		cw.w = csv.NewWriter(w, r.Schema(), csv.WithHeader(opts.CSVHeader), csv.WithComma(delim), csv.WithNullWriter(""))
		return cw, nil
	})
}

func csvDelimiter(delim rune) (rune, error) {
	if delim == 0 {
		return ',', nil
	}
	if delim == '"' || delim == '\r' || delim == '\n' || delim == utf8.RuneError || !utf8.ValidRune(delim) {
		return 0, fmt.Errorf("frames/sink: csv delimiter %q is not allowed", delim)
	}
	return delim, nil
}

type csvWriter struct {
	w      *csv.Writer
	gz     *gzip.Writer
	schema *arrow.Schema
	header bool
	wrote  bool
}

func (c *csvWriter) write(rec arrow.RecordBatch) error {
	c.wrote = true
	return c.w.Write(rec)
}

func (c *csvWriter) close() error {
	if c.header && !c.wrote { // an empty stream still gets its header line
		cols := make([]arrow.Array, c.schema.NumFields())
		for i, f := range c.schema.Fields() {
			cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, f.Type, 0)
			defer cols[i].Release()
		}
		empty := array.NewRecordBatch(c.schema, cols, 0)
		defer empty.Release()
		if err := c.w.Write(empty); err != nil {
			return err
		}
	}
	_ = c.w.Flush() // Error() below reports what Flush met
	if err := c.w.Error(); err != nil {
		return err
	}
	if c.gz != nil {
		return c.gz.Close()
	}
	return nil
}
