//go:build duckdb_arrow

package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// Name is the engine's registered name.
const Name = "duckdb"

func init() {
	engine.Register(Name, func() (engine.Engine, error) { return New(context.Background()) }, true)
}

// Option configures [New].
type Option func(*config)

type config struct {
	memoryLimit  string
	threads      int
	tempDir      string
	extensionDir string
}

// WithMemoryLimit sets DuckDB's memory_limit, e.g. "4GB".
func WithMemoryLimit(limit string) Option { return func(c *config) { c.memoryLimit = limit } }

// WithThreads caps DuckDB's worker threads (0: DuckDB's default, one per core).
func WithThreads(n int) Option { return func(c *config) { c.threads = n } }

// WithTempDir sets the directory DuckDB spills to when a query exceeds the
// memory limit.
func WithTempDir(dir string) Option { return func(c *config) { c.tempDir = dir } }

// WithExtensionDir sets DuckDB's extension_directory (default: a directory
// under os.TempDir, so nothing is written to ~/.duckdb). Extensions are
// never downloaded; the statically linked ones (parquet, json, icu) suffice.
func WithExtensionDir(dir string) Option { return func(c *config) { c.extensionDir = dir } }

// Engine runs plans on an in-memory DuckDB database. It is safe for
// concurrent use; every execution has its own connection.
type Engine struct {
	db        *sql.DB
	connector *duckdb.Connector
	caps      *engine.Capabilities
}

var (
	_ engine.Engine         = (*Engine)(nil)
	_ engine.SinkWriter     = (*Engine)(nil)
	_ engine.Explainer      = (*Engine)(nil)
	_ engine.SchemaInferrer = (*Engine)(nil)
	_ engine.Closer         = (*Engine)(nil)
)

// New opens an in-memory DuckDB database.
func New(ctx context.Context, opts ...Option) (*Engine, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.extensionDir == "" {
		cfg.extensionDir = filepath.Join(os.TempDir(), "sealane-duckdb-extensions")
	}
	settings := []string{
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = true",
		"SET extension_directory = " + sqlgen.DuckDB.StringLit(cfg.extensionDir),
		"SET TimeZone = 'UTC'",
		"SET preserve_insertion_order = true",
	}
	if cfg.threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", cfg.threads))
	}
	if cfg.memoryLimit != "" {
		settings = append(settings, "SET memory_limit = "+sqlgen.DuckDB.StringLit(cfg.memoryLimit))
	}
	if cfg.tempDir != "" {
		settings = append(settings, "SET temp_directory = "+sqlgen.DuckDB.StringLit(cfg.tempDir))
	}
	connector, err := duckdb.NewConnector("", func(execer driver.ExecerContext) error {
		for _, s := range settings {
			if _, err := execer.ExecContext(ctx, s, nil); err != nil {
				return fmt.Errorf("frames/engines/duckdb: %s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("frames/engines/duckdb: open: %w", err)
	}
	e := &Engine{db: sql.OpenDB(connector), connector: connector, caps: capabilities()}
	if err := e.db.PingContext(ctx); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("frames/engines/duckdb: open: %w", err)
	}
	return e, nil
}

func capabilities() *engine.Capabilities {
	c := sqlgen.Capabilities(sqlgen.DuckDB)
	c.Backend = "native"
	c.Ops[plan.OpScanIPC] = true // registered as Arrow views
	// Parquet through COPY; text formats stream through frames' canonical
	// writers (see WriteFile).
	c.Sinks = engine.Set(plan.FormatParquet)
	return c
}

// Name implements engine.Engine.
func (e *Engine) Name() string { return Name }

// Capabilities implements engine.Engine: every operation, function and
// aggregate of the plan IR; Parquet, CSV and NDJSON sinks.
func (e *Engine) Capabilities() *engine.Capabilities { return e.caps }

// DB exposes the database, e.g. to create tables that SourceTable plans read.
func (e *Engine) DB() *sql.DB { return e.db }

// Close closes the database.
func (e *Engine) Close() error {
	err := e.db.Close()
	if cerr := e.connector.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// Explain implements engine.Explainer: the DuckDB SQL the plan runs as.
// Record sources show as placeholders named after their IDs.
func (e *Engine) Explain(root plan.Node) (string, error) {
	n := 0
	sql, err := sqlgen.Compile(root, sqlgen.DuckDB, func(s *plan.Source) (string, error) {
		if s.Kind == plan.SourceRecords || (s.Kind == plan.SourceFile && s.Format == plan.FormatIPC) {
			n++
			return fmt.Sprintf("__sl_src_%d_%s", n, strings.ReplaceAll(s.ID, `"`, "")), nil
		}
		return "", nil
	})
	if err != nil {
		return "", e.wrap(err)
	}
	return sql, nil
}

// wrap prefixes errors with the package name, keeping UnsupportedErrors
// (re-labelled with this engine's name) matchable.
func (e *Engine) wrap(err error) error {
	if u := (*engine.UnsupportedError)(nil); errors.As(err, &u) {
		return engine.Unsupported(Name, u.What, u.Detail)
	}
	return fmt.Errorf("frames/engines/duckdb: %w", err)
}
