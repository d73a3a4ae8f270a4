package sql

import (
	"context"
	dbsql "database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	// The drivers this engine speaks to; archtest keeps them here.
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// Names of the engine per dialect, in errors and Explain output.
const (
	PostgresName = "postgres"
	SQLiteName   = "sqlite"
)

// DefaultBatchRows is the most rows per Arrow batch of a result.
const DefaultBatchRows = 4096

// Option configures [New].
type Option func(*Engine)

// WithAllocator sets the allocator of result batches.
func WithAllocator(mem memory.Allocator) Option { return func(e *Engine) { e.mem = mem } }

// WithBatchRows sets the most rows per result batch.
func WithBatchRows(n int) Option {
	return func(e *Engine) {
		if n > 0 {
			e.batchRows = n
		}
	}
}

// Engine runs plans on one database. It is safe for concurrent use; every
// execution holds its own connection until its reader is released.
type Engine struct {
	db        *dbsql.DB
	d         *sqlgen.Dialect
	name      string
	caps      *engine.Capabilities
	mem       memory.Allocator
	batchRows int
	ownDB     bool

	mu      sync.Mutex
	queries map[string]string
}

var (
	_ engine.Engine         = (*Engine)(nil)
	_ engine.Explainer      = (*Engine)(nil)
	_ engine.SchemaInferrer = (*Engine)(nil)
	_ engine.Closer         = (*Engine)(nil)
)

// New returns an engine running plans on db in dialect d (sqlgen.Postgres
// or sqlgen.SQLite). The caller keeps ownership of db.
func New(db *dbsql.DB, d *sqlgen.Dialect, opts ...Option) (*Engine, error) {
	if db == nil {
		return nil, errors.New("frames/engines/sql: nil database")
	}
	var name string
	switch d {
	case sqlgen.Postgres:
		name = PostgresName
	case sqlgen.SQLite:
		name = SQLiteName
	default:
		return nil, fmt.Errorf("frames/engines/sql: dialect %v is not supported (postgres, sqlite)", d)
	}
	e := &Engine{db: db, d: d, name: name, mem: memory.DefaultAllocator, batchRows: DefaultBatchRows, queries: map[string]string{}}
	for _, o := range opts {
		o(e)
	}
	e.caps = sqlgen.Capabilities(d)
	return e, nil
}

// OpenPostgres opens a PostgreSQL database through the pgx driver (dsn as
// pgx reads it, e.g. postgres://user@host:5432/db?sslmode=disable) and
// returns an engine that closes it on Close.
//
// Its connections answer a cancelled context with a cancel request to the
// server, so the server stops the query at once (pgx's default only closes
// the socket, and the server runs on until it next writes to it); use
// [PostgresConfig] to get the same when opening a database yourself.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*Engine, error) {
	cfg, err := PostgresConfig(dsn)
	if err != nil {
		return nil, err
	}
	return openDB(ctx, stdlib.OpenDB(*cfg), sqlgen.Postgres, opts)
}

// PostgresConfig parses dsn into a pgx configuration whose connections
// send the server a cancel request when a query's context ends (and close
// the socket 2 s later if the server does not answer). Open it with
// stdlib.OpenDB.
func PostgresConfig(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("frames/engines/sql: %w", err)
	}
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 2 * time.Second}
	}
	return cfg, nil
}

// OpenSQLite opens an SQLite database (a file name or modernc.org/sqlite
// DSN) and returns an engine that closes it on Close. In-memory databases
// are per connection in SQLite; use a file.
func OpenSQLite(ctx context.Context, dsn string, opts ...Option) (*Engine, error) {
	return open(ctx, "sqlite", dsn, sqlgen.SQLite, opts)
}

func open(ctx context.Context, driver, dsn string, d *sqlgen.Dialect, opts []Option) (*Engine, error) {
	db, err := dbsql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("frames/engines/sql: open: %w", err)
	}
	return openDB(ctx, db, d, opts)
}

func openDB(ctx context.Context, db *dbsql.DB, d *sqlgen.Dialect, opts []Option) (*Engine, error) {
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("frames/engines/sql: open: %w", err)
	}
	e, err := New(db, d, opts...)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	e.ownDB = true
	return e, nil
}

// Name implements engine.Engine: "postgres" or "sqlite".
func (e *Engine) Name() string { return e.name }

// Capabilities implements engine.Engine (see the package doc).
func (e *Engine) Capabilities() *engine.Capabilities { return e.caps }

// DB is the engine's database.
func (e *Engine) DB() *dbsql.DB { return e.db }

// Close closes the database when the engine opened it.
func (e *Engine) Close() error {
	if e.ownDB {
		return e.db.Close()
	}
	return nil
}

// AddQuery names a query of the database as a source: frames.Table(ctx,
// name, frames.On(e)) then reads the query's rows (its schema inferred
// from the query's result columns).
func (e *Engine) AddQuery(name, query string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.queries[name] = query
}

func (e *Engine) query(name string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q, ok := e.queries[name]
	return q, ok
}

// tempTable names the n-th temporary table of an execution.
func tempTable(n int) string { return fmt.Sprintf("__sl_src_%d", n) }

// keyColumn is the row-order column of temporary tables.
const keyColumn = "__sl_rn"

// compile writes root in the engine's dialect; record sources are read
// from temporary tables, numbered in the order first met (loads lists
// them).
func (e *Engine) compile(root plan.Node) (string, []*plan.Source, error) {
	var loads []*plan.Source
	names := map[*plan.Source]string{}
	q, err := sqlgen.CompileRelations(root, e.d, func(s *plan.Source) (sqlgen.Relation, error) {
		switch s.Kind {
		case plan.SourceRecords:
			name, ok := names[s]
			if !ok {
				name = tempTable(len(loads) + 1)
				names[s] = name
				loads = append(loads, s)
			}
			return sqlgen.Relation{Name: name, Key: keyColumn}, nil
		case plan.SourceTable:
			if q, ok := e.query(s.Table); ok {
				return sqlgen.Relation{SQL: "(" + q + ") AS " + e.d.QuoteIdent("__sl_query")}, nil
			}
		}
		return sqlgen.Relation{}, nil
	})
	if err != nil {
		return "", nil, e.wrap(err)
	}
	return q, loads, nil
}

// Explain implements engine.Explainer: the SQL the plan runs as, with
// in-memory sources as their temporary tables.
func (e *Engine) Explain(root plan.Node) (string, error) {
	q, _, err := e.compile(root)
	return q, err
}

// wrap re-labels unsupported errors with the engine's name and prefixes
// others with the package name.
func (e *Engine) wrap(err error) error {
	if u := (*engine.UnsupportedError)(nil); errors.As(err, &u) {
		return engine.Unsupported(e.name, u.What, u.Detail)
	}
	return fmt.Errorf("frames/engines/sql: %s: %w", e.name, err)
}

// Execute implements engine.Engine. The query runs on a connection of its
// own inside a transaction holding the temporary tables of in-memory
// sources; the reader's last Release rolls it back and returns the
// connection.
func (e *Engine) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	if err := engine.Check(e, root); err != nil {
		return nil, err
	}
	q, loads, err := e.compile(root)
	if err != nil {
		return nil, err
	}
	x, err := e.begin(ctx)
	if err != nil {
		return nil, err
	}
	for i, s := range loads {
		if err := x.load(ctx, tempTable(i+1), s); err != nil {
			x.end()
			return nil, e.classify(ctx, err)
		}
	}
	rows, err := x.conn.QueryContext(ctx, q)
	if err != nil {
		x.end()
		return nil, e.classify(ctx, err)
	}
	rr, err := newRowsReader(rows, root.Schema(), e.mem, e.batchRows, e.d)
	if err != nil {
		_ = rows.Close()
		x.end()
		return nil, e.wrap(err)
	}
	return engine.NewResultReader(ctx, e.name, rr, root.Schema(), x.end), nil
}

// classify makes errors caused by the end of ctx match ctx's error.
func (e *Engine) classify(ctx context.Context, err error) error {
	if u := (*engine.UnsupportedError)(nil); errors.As(err, &u) {
		return e.wrap(err)
	}
	return engine.ContextError(ctx, e.name, err)
}

// InferSchema implements engine.SchemaInferrer for tables and named
// queries: the result columns of a query returning no rows, mapped onto
// the frames type set.
func (e *Engine) InferSchema(ctx context.Context, src *plan.Source) (*arrow.Schema, error) {
	switch src.Kind {
	case plan.SourceRecords:
		if len(src.Records) > 0 {
			return src.Records[0].Schema(), nil
		}
		return src.Out, nil
	case plan.SourceTable:
	default:
		return nil, engine.Unsupported(e.name, "op "+string(src.Op()), "the database reads no files")
	}
	from := e.d.QuoteQualified(src.Table)
	if q, ok := e.query(src.Table); ok {
		from = "(" + q + ") AS " + e.d.QuoteIdent("__sl_query")
	}
	rows, err := e.db.QueryContext(ctx, "SELECT * FROM "+from+" LIMIT 0")
	if err != nil {
		return nil, e.classify(ctx, err)
	}
	defer func() { _ = rows.Close() }()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, e.wrap(err)
	}
	fields := make([]arrow.Field, len(cts))
	for i, ct := range cts {
		t, err := arrowType(ct)
		if err != nil {
			return nil, engine.Unsupported(e.name, "column type "+ct.DatabaseTypeName(), fmt.Sprintf("column %q: %v", ct.Name(), err))
		}
		nullable, ok := ct.Nullable()
		fields[i] = arrow.Field{Name: ct.Name(), Type: t, Nullable: nullable || !ok}
	}
	return arrow.NewSchema(fields, nil), nil
}

// arrowType maps a result column's database type onto the frames types.
func arrowType(ct *dbsql.ColumnType) (arrow.DataType, error) {
	name := strings.ToUpper(ct.DatabaseTypeName())
	if strings.HasPrefix(name, "_") { // PostgreSQL arrays
		elem, err := scalarType(name[1:], ct)
		if err != nil {
			return nil, err
		}
		return arrow.ListOf(elem), nil
	}
	return scalarType(name, ct)
}

func scalarType(name string, ct *dbsql.ColumnType) (arrow.DataType, error) {
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	switch name {
	case "BOOL", "BOOLEAN":
		return arrow.FixedWidthTypes.Boolean, nil
	case "INT2", "SMALLINT":
		return arrow.PrimitiveTypes.Int16, nil
	case "INT4", "INT", "MEDIUMINT":
		return arrow.PrimitiveTypes.Int32, nil
	case "INT8", "BIGINT", "INTEGER":
		return arrow.PrimitiveTypes.Int64, nil
	case "FLOAT4":
		return arrow.PrimitiveTypes.Float32, nil
	case "FLOAT8", "REAL", "DOUBLE", "FLOAT", "DOUBLE PRECISION":
		return arrow.PrimitiveTypes.Float64, nil
	case "":
		return nil, fmt.Errorf("the column has no declared type (an SQLite expression): give the schema with frames.WithSchema")
	case "TEXT", "VARCHAR", "BPCHAR", "CHAR", "NAME", "CLOB", "UUID", "JSON", "JSONB":
		return arrow.BinaryTypes.String, nil
	case "BYTEA", "BLOB":
		return arrow.BinaryTypes.Binary, nil
	case "DATE":
		return arrow.FixedWidthTypes.Date32, nil
	case "TIMESTAMP", "DATETIME":
		return &arrow.TimestampType{Unit: arrow.Microsecond}, nil
	case "TIMESTAMPTZ":
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
	case "NUMERIC", "DECIMAL":
		if p, s, ok := ct.DecimalSize(); ok && p > 0 && p <= 38 {
			return &arrow.Decimal128Type{Precision: int32(p), Scale: int32(s)}, nil
		}
		return arrow.PrimitiveTypes.Float64, nil
	}
	return nil, fmt.Errorf("no frames type for %s", name)
}
