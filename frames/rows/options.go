package rows

import (
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DefaultBatchRows is the default number of rows per record batch built by
// Encode and FromColumns.
const DefaultBatchRows = 64 * 1024

// DefaultMaxReportErrors is the default cap on errors kept in a Report.
const DefaultMaxReportErrors = 1000

// Option configures Encode, Validate, ValidateReader, FromColumns and
// FromMap. Options a function does not use are ignored.
type Option func(*config)

type config struct {
	mem       memory.Allocator
	batchRows int
	coerce    bool
	drop      bool
	maxErrors int
}

func newConfig(opts []Option) config {
	c := config{mem: memory.DefaultAllocator, batchRows: DefaultBatchRows, maxErrors: DefaultMaxReportErrors}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithAllocator sets the allocator for the Arrow memory built (default
// memory.DefaultAllocator).
func WithAllocator(mem memory.Allocator) Option {
	return func(c *config) {
		if mem != nil {
			c.mem = mem
		}
	}
}

// WithBatchRows caps the rows per record batch built by Encode and
// FromColumns (default DefaultBatchRows). Validate keeps its input batches.
func WithBatchRows(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.batchRows = n
		}
	}
}

// WithCoerce turns on coercion in validation: integer widening and
// narrowing (range-checked), integer ↔ float (no fractional loss),
// numeric strings → numbers, "true"/"false"/"1"/"0" → bool, RFC 3339
// strings → timestamps, YYYY-MM-DD → dates, timestamps ↔ dates, and
// anything → string. Values that fail to convert are per-row errors.
func WithCoerce() Option { return func(c *config) { c.coerce = true } }

// WithDropInvalid drops rows with per-row errors (NULL in a non-nullable
// column, failed coercion) and lists them in the Report instead of failing.
// Column-level errors (unknown, missing or mistyped column) still fail.
func WithDropInvalid() Option { return func(c *config) { c.drop = true } }

// WithMaxReportErrors caps the errors kept in a Report (default
// DefaultMaxReportErrors; Report.Total still counts all of them).
func WithMaxReportErrors(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxErrors = n
		}
	}
}
