package adbcdriver

import (
	"context"
	"log/slog"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Statement option keys, set with Statement.SetOption (every key is also
// accepted with an "adbc." prefix). Database options — uri, host,
// http_path, token, CloudFetch, retries, TLS, proxy … — are the kernel's:
// see the Option* constants of adbcdriver/options, applied by
// options.Apply.
const (
	// OptionStatementRowLimit caps the rows a query returns: a non-negative
	// integer, 0 meaning no rows (the manifest says truncated), as
	// kernel.WithRowLimit(0). Unset (the default, or set to "") means no
	// cap; GetOption then answers adbc.StatusNotFound.
	OptionStatementRowLimit = "databricks.statement.row_limit"
	// OptionStatementQueryTags tags the statements executed from now on, as
	// "key:value,key2:value2,key3" (key3 is a key-only tag; "\" escapes
	// ",", ":" and "\"). An empty value removes the tags.
	OptionStatementQueryTags = "databricks.statement.query_tags"
)

// NewDriver returns the sealane ADBC driver. alloc allocates what the
// driver builds itself (GetInfo and GetTableTypes results); query results
// are allocated by the kernel. A nil alloc is memory.DefaultAllocator.
func NewDriver(alloc memory.Allocator) adbc.Driver {
	if alloc == nil {
		alloc = memory.DefaultAllocator
	}
	return &driver{alloc: alloc}
}

// driver creates databases; it holds no state but the allocator.
type driver struct{ alloc memory.Allocator }

var (
	_ adbc.Driver            = (*driver)(nil)
	_ adbc.DriverWithContext = (*driver)(nil)
)

// NewDatabase validates opts and returns a Database; nothing is dialed
// before Open.
func (d *driver) NewDatabase(opts map[string]string) (adbc.Database, error) {
	return d.NewDatabaseWithContext(context.Background(), opts)
}

// NewDatabaseWithContext is NewDatabase; ctx is unused since nothing is dialed.
func (d *driver) NewDatabaseWithContext(_ context.Context, opts map[string]string) (adbc.Database, error) {
	db := &database{alloc: d.alloc, opts: map[string]string{}, logger: slog.New(slog.DiscardHandler)}
	db.optionBase = optionBase{get: db.GetOption, set: db.SetOption}
	if err := db.SetOptions(opts); err != nil {
		return nil, err
	}
	return db, nil
}
