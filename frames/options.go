package frames

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/rows"
)

// Option configures a source (FromArrow, FromReader, ScanParquet …, Table),
// a materialisation (ToArrow) or a sink (WriteParquet …). Each function
// documents the options it reads; others are ignored.
type Option func(*options)

type options struct {
	engine    engine.Engine
	schema    *arrow.Schema
	mem       memory.Allocator
	csvHeader *bool
	csvDelim  rune
	compress  string
	rowGroup  int64
	coerce    bool
	drop      bool
	report    *rows.Report
}

func newOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.mem == nil {
		o.mem = memory.DefaultAllocator
	}
	return o
}

// engineOr returns the engine given with On, else the default engine.
func (o *options) engineOr() (engine.Engine, error) {
	if o.engine != nil {
		return o.engine, nil
	}
	return Default()
}

// On runs the frame built by a source on e instead of the default engine.
func On(e engine.Engine) Option { return func(o *options) { o.engine = e } }

// WithSchema gives a scan or table source its schema instead of asking the
// engine (engine.SchemaInferrer) for it.
func WithSchema(s *arrow.Schema) Option { return func(o *options) { o.schema = s } }

// WithAllocator sets the allocator for memory frames allocate themselves
// (FromReader copies nothing; ToArrow builds its table with it).
func WithAllocator(mem memory.Allocator) Option { return func(o *options) { o.mem = mem } }

// WithCSVHeader says whether CSV files have (scan) or get (sink) a header
// line; the default is true.
func WithCSVHeader(header bool) Option { return func(o *options) { o.csvHeader = &header } }

// WithCSVDelimiter sets the CSV field delimiter (default ',').
func WithCSVDelimiter(r rune) Option { return func(o *options) { o.csvDelim = r } }

// WithCompression sets a sink's compression: for Parquet "snappy"
// (default), "zstd", "gzip", "lz4", "uncompressed"; for Arrow IPC "lz4",
// "zstd" or "" (none); for CSV and NDJSON "gzip" or "" (none).
func WithCompression(c string) Option { return func(o *options) { o.compress = c } }

// WithRowGroupRows caps the rows per Parquet row group.
func WithRowGroupRows(n int64) Option { return func(o *options) { o.rowGroup = n } }

func (o *options) header() bool { return o.csvHeader == nil || *o.csvHeader }

func (o *options) delimiter() rune {
	if o.csvDelim == 0 {
		return ','
	}
	return o.csvDelim
}

// WithCoerce lets typed ingest (FromColumns, FromArrowAs) convert column
// types (integer widening, numbers and text …; see rows.WithCoerce)
// instead of failing on a type mismatch.
func WithCoerce() Option { return func(o *options) { o.coerce = true } }

// WithDropInvalid makes typed ingest drop rows with per-row problems (a
// NULL in a non-nullable column, a value coercion cannot convert) instead
// of failing; the report counts them.
func WithDropInvalid() Option { return func(o *options) { o.drop = true } }

// WithReport stores typed ingest's validation report in *r (also when the
// ingest fails: then the frame's error is a rows validation error carrying
// the same report).
func WithReport(r *rows.Report) Option { return func(o *options) { o.report = r } }

func (o *options) rowsOptions() []rows.Option {
	out := []rows.Option{rows.WithAllocator(o.mem)}
	if o.coerce {
		out = append(out, rows.WithCoerce())
	}
	if o.drop {
		out = append(out, rows.WithDropInvalid())
	}
	return out
}
