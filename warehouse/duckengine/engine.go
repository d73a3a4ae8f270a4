//go:build duckdb_arrow

package duckengine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/warehouse/engine"
)

// DefaultSchema is the schema every session starts in, as on Databricks.
const DefaultSchema = "default"

// Config configures the embedded database.
type Config struct {
	// Path is a DuckDB database file; "" keeps everything in memory.
	Path string
	// ExtensionDir keeps DuckDB from writing to ~/.duckdb; defaults to a
	// directory under os.TempDir.
	ExtensionDir string
	// Threads caps DuckDB's worker threads (0 = DuckDB's default).
	Threads int
	// MemoryLimit is DuckDB's memory_limit setting ("4GB"); "" = default.
	MemoryLimit string
	// TempDir is where DuckDB spills when a query outgrows MemoryLimit;
	// default a directory under os.TempDir.
	TempDir string

	// AllowedDirectories are the host directories SQL may read files in
	// (read_csv, read_parquet, 'file.parquet' …). Nil, the default, opens
	// none: once the engine is open, SQL reaches no host file, attaches no
	// database and installs or loads no extension (DuckDB's
	// enable_external_access is off). Relative paths are taken from the
	// working directory.
	AllowedDirectories []string
	// UnsandboxedFiles leaves DuckDB's external access on, so SQL reaches
	// every file the process can. Only for tests that need it; the
	// in-process one-user paths use AllowedDirectories with the working
	// directory instead.
	UnsandboxedFiles bool
	// Init runs once on the new database before the sandbox closes, with
	// the host's files still reachable: loading tables from files at start.
	Init func(ctx context.Context, db *sql.DB) error
}

// Engine is an embedded DuckDB database.
type Engine struct {
	db        *sql.DB
	connector *duckdb.Connector
	mainName  string
}

// Open opens (or creates) the database and prepares catalog "main" with
// schema "default".
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	extDir := cfg.ExtensionDir
	if extDir == "" {
		extDir = filepath.Join(os.TempDir(), "sealane-duckdb-extensions")
	}
	tempDir := cfg.TempDir
	if tempDir == "" {
		tempDir = filepath.Join(os.TempDir(), "sealane-duckdb-spill")
	}
	connector, err := duckdb.NewConnector(cfg.Path, func(execer driver.ExecerContext) error {
		settings := []string{
			"SET autoinstall_known_extensions = false",
			"SET autoload_known_extensions = true",
			"SET extension_directory = " + quote(extDir),
			"SET TimeZone = 'UTC'",
		}
		if cfg.Threads > 0 {
			settings = append(settings, fmt.Sprintf("SET threads = %d", cfg.Threads))
		}
		if cfg.MemoryLimit != "" {
			settings = append(settings, "SET memory_limit = "+quote(cfg.MemoryLimit))
		}
		for _, s := range settings {
			if _, err := execer.ExecContext(ctx, s, nil); err != nil {
				return fmt.Errorf("duckengine: %s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("duckengine: open %q: %w", cfg.Path, err)
	}
	e := &Engine{db: sql.OpenDB(connector), connector: connector}
	if err := e.db.QueryRowContext(ctx, "SELECT current_database()").Scan(&e.mainName); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("duckengine: %w", err)
	}
	if _, err := e.db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS "default"`); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("duckengine: create schema default: %w", err)
	}
	if err := registerGoFunctions(ctx, e.db); err != nil {
		_ = e.Close()
		return nil, err
	}
	if _, err := e.db.ExecContext(ctx, "SET temp_directory = "+quote(tempDir)); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("duckengine: temp_directory: %w", err)
	}
	if cfg.Init != nil {
		if err := cfg.Init(ctx, e.db); err != nil {
			_ = e.Close()
			return nil, err
		}
	}
	if !cfg.UnsandboxedFiles {
		if err := e.sandbox(ctx, cfg.AllowedDirectories); err != nil {
			_ = e.Close()
			return nil, err
		}
	}
	return e, nil
}

// sandbox closes the host's files to SQL, but for dirs: DuckDB's
// allowed_directories, then enable_external_access = false, which DuckDB
// refuses to turn back on (and refuses to widen allowed_directories) while
// the database runs. Statements that change instance-wide settings are
// refused before they reach DuckDB (package sqlfront).
func (e *Engine) sandbox(ctx context.Context, dirs []string) error {
	abs := make([]string, 0, len(dirs))
	for _, d := range dirs {
		a, err := filepath.Abs(d)
		if err != nil {
			return fmt.Errorf("duckengine: allowed directory %q: %w", d, err)
		}
		if fi, err := os.Stat(a); err != nil || !fi.IsDir() {
			return fmt.Errorf("duckengine: allowed directory %q is not a directory", d)
		}
		abs = append(abs, quote(strings.TrimSuffix(a, string(filepath.Separator))+string(filepath.Separator)))
	}
	for _, q := range []string{
		"SET allowed_directories = [" + strings.Join(abs, ", ") + "]",
		"SET enable_external_access = false",
	} {
		if _, err := e.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("duckengine: sandbox: %w", err)
		}
	}
	return nil
}

// quote is a DuckDB string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// CatalogMap maps Databricks' "main" to DuckDB's default database.
func (e *Engine) CatalogMap() map[string]string { return map[string]string{"main": e.mainName} }

// DB exposes the database for loading data at start-up.
func (e *Engine) DB() *sql.DB { return e.db }

// Close closes the database.
func (e *Engine) Close() error {
	err := e.db.Close()
	if cerr := e.connector.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// NewSession opens a dedicated connection positioned on main.default.
func (e *Engine) NewSession(ctx context.Context) (engine.Session, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("duckengine: connection: %w", err)
	}
	s := &session{conn: conn}
	// The connection may come from the pool with an earlier session's
	// schema and time zone; every session starts at main.default in UTC.
	if _, err := conn.ExecContext(ctx, `USE "`+strings.ReplaceAll(e.mainName, `"`, `""`)+`"."default"`); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("duckengine: use default schema: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "SET TimeZone = 'UTC'"); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("duckengine: reset time zone: %w", err)
	}
	// Spark's NULL order: first when ascending, last when descending.
	if _, err := conn.ExecContext(ctx, "SET SESSION default_null_order = 'nulls_first_on_asc_last_on_desc'"); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("duckengine: null order: %w", err)
	}
	return s, nil
}

type session struct {
	conn *sql.Conn
}

func (s *session) Query(ctx context.Context, query string, args ...any) (array.RecordReader, error) {
	var rdr array.RecordReader
	err := s.conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rdr, err = ar.QueryContext(ctx, query, args...)
		return err
	})
	if err != nil {
		return nil, classify(ctx, err)
	}
	return &checkedReader{RecordReader: rdr, ctx: ctx}, nil
}

// Close ends the session and discards its DuckDB connection rather than
// returning it to the pool: temporary views and tables, macros, variables
// and settings are connection state in DuckDB and session state on
// Databricks, so none of it may reach the next session.
func (s *session) Close() error {
	err := s.conn.Raw(func(any) error { return driver.ErrBadConn }) // database/sql closes the connection
	if errors.Is(err, driver.ErrBadConn) {
		err = nil
	}
	if cerr := s.conn.Close(); cerr != nil && !errors.Is(cerr, sql.ErrConnDone) {
		err = errors.Join(err, cerr)
	}
	return err
}

// checkedReader classifies errors surfacing while batches are read.
type checkedReader struct {
	array.RecordReader
	ctx context.Context
}

func (r *checkedReader) Err() error {
	if err := r.RecordReader.Err(); err != nil {
		return classify(r.ctx, err)
	}
	return nil
}
