// Package sqldriver is sealane's database/sql driver, registered as
// "sealane" (not "databricks", which databricks-sql-go registers: a program
// importing both would panic).
//
//	db, err := sql.Open("sealane", "token:dapi…@adb-1.azuredatabricks.net:443/sql/1.0/warehouses/abc?catalog=main")
//	db, err := sql.Open("sealane", "adb-1.azuredatabricks.net:443/sql/1.0/warehouses/abc?authType=OauthM2M&clientID=…&clientSecret=…")
//
// (the DSN forms of kernel.ParseDSN; the connections of a pool share one
// OAuth token cache).
//
// or, with typed options, sql.OpenDB(sqldriver.NewConnector(kernel.WithHost(…), …)).
// Values scan into natural Go types: integers, floats, bool, string,
// []byte, time.Time for DATE and TIMESTAMP, DECIMAL as an exact decimal
// string, and ARRAY/MAP/STRUCT as JSON text. QueryArrow gives raw Arrow
// batches to callers that want them.
package sqldriver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
)

// DriverName is the name the driver registers under.
const DriverName = "sealane"

func init() { sql.Register(DriverName, Driver{}) }

// Driver opens connections from DSNs (see kernel.ParseDSN).
type Driver struct{}

// Open opens one connection from a DSN; with OAuth it owns its token
// cache (database/sql uses OpenConnector, whose connections share one).
func (d Driver) Open(dsn string) (driver.Conn, error) {
	cfg, err := kernel.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	kc, err := kernel.Connect(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	return &conn{kc: kc}, nil
}

// OpenConnector parses the DSN once for a pool.
func (Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := kernel.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return &Connector{cfg: cfg}, nil
}

// Connector creates connections (sessions) from one configuration. With an
// OAuth auth type (and no Config.Auth) its connections share one token
// cache (kernel.NewAuthenticator), built on the first Connect: one token
// request, or one browser login, serves the whole pool. Close releases it;
// sql.DB.Close calls it.
type Connector struct {
	cfg kernel.Config

	authOnce sync.Once
	shared   *auth.TokenAuthenticator
	authErr  error
}

var _ io.Closer = (*Connector)(nil)

// sharedAuth returns the pool's authenticator, nil when the configuration
// needs none (a PAT, or a caller's Authenticator).
func (c *Connector) sharedAuth() (*auth.TokenAuthenticator, error) {
	c.authOnce.Do(func() {
		typ, err := kernel.AuthTypeOf(c.cfg)
		if err != nil || typ == "" || typ == auth.TypePAT {
			return // Connect reports a bad configuration itself
		}
		c.shared, c.authErr = kernel.NewAuthenticator(c.cfg)
	})
	return c.shared, c.authErr
}

// Close releases the shared token cache, if any (stopping a background
// refresh). Connections still open keep working until their token expires.
func (c *Connector) Close() error {
	c.authOnce.Do(func() {}) // no Connect may build one after Close
	if c.shared != nil {
		return c.shared.Close()
	}
	return nil
}

// NewConnector builds a connector from kernel options.
func NewConnector(opts ...kernel.Option) *Connector {
	return &Connector{cfg: kernel.NewConfig(opts...)}
}

// NewConnectorFromConfig builds a connector from a typed configuration.
func NewConnectorFromConfig(cfg kernel.Config) *Connector { return &Connector{cfg: cfg} }

// Connect opens a session.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	cfg := c.cfg
	auth, err := c.sharedAuth()
	if err != nil {
		return nil, err
	}
	if auth != nil {
		cfg.Auth = auth
	}
	kc, err := kernel.Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &conn{kc: kc}, nil
}

// Driver returns the driver.
func (c *Connector) Driver() driver.Driver { return Driver{} }

// QueryArrow runs a query on a pooled connection and returns its result as
// Arrow batches, bypassing row-by-row scanning. The reader must be released.
func QueryArrow(ctx context.Context, db *sql.DB, query string, args ...any) (array.RecordReader, error) {
	return withKernel(ctx, db, "QueryArrow", func(kc *kernel.Conn) (array.RecordReader, error) {
		return kc.Query(ctx, query, args...)
	})
}

// conn adapts a kernel session to database/sql.
type conn struct{ kc *kernel.Conn }

var (
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
)

// IsValid tells the pool to drop a connection whose session the server
// said is gone, or that was closed.
func (c *conn) IsValid() bool { return !c.kc.Lost() && !c.kc.Closed() }

// ResetSession refuses to hand out again a connection whose session is
// known to be gone (driver.ErrBadConn: the pool opens a new one). It costs
// no round trip: a session that expired silently is found by the next
// statement, which then fails with ErrBadConn too.
func (c *conn) ResetSession(context.Context) error {
	if !c.IsValid() {
		return driver.ErrBadConn
	}
	return nil
}

// badConn turns a statement that failed because the session is gone into
// driver.ErrBadConn, so that database/sql retries it on a fresh session:
// nothing ran on the server, and the session held no state the retry
// would miss beyond what the DSN sets again (a SET or USE run earlier on
// the lost session is lost with it). The kernel error stays in the chain.
func badConn(err error) error {
	if errors.Is(err, kernel.ErrSessionLost) {
		return fmt.Errorf("%w: %w", driver.ErrBadConn, err)
	}
	return err
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return newStmt(c, query), nil
}

func (c *conn) Close() error { return c.kc.Close() }

// Begin is refused: Databricks SQL statements auto-commit.
func (c *conn) Begin() (driver.Tx, error) {
	return nil, fmt.Errorf("%w: transactions are not supported; statements auto-commit", kernel.ErrInvalidArgument)
}

// CheckNamedValue accepts every value; the kernel converts or rejects it.
func (c *conn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c *conn) Ping(ctx context.Context) error {
	rdr, err := c.kc.Query(ctx, "SELECT 1")
	if err != nil {
		return badConn(err)
	}
	rdr.Release()
	return nil
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rdr, err := c.kc.Query(ctx, query, kernelArgs(args)...)
	if err != nil {
		return nil, badConn(err)
	}
	return newRows(rdr), nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	rdr, err := c.kc.Query(ctx, query, kernelArgs(args)...)
	if err != nil {
		return nil, badConn(err)
	}
	defer rdr.Release()
	affected := int64(-1)
	idx := rdr.Schema().FieldIndices("num_affected_rows")
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if len(idx) == 1 && rec.NumRows() > 0 {
			if col, ok := rec.Column(idx[0]).(*array.Int64); ok {
				affected = max(affected, 0) + col.Value(0)
			}
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, err
	}
	return result(affected), nil
}

// kernelArgs turns database/sql arguments into kernel parameters.
func kernelArgs(args []driver.NamedValue) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if a.Name != "" {
			out[i] = sql.Named(a.Name, a.Value)
		} else {
			out[i] = a.Value
		}
	}
	return out
}

// result reports affected rows when the service did (-1 otherwise).
type result int64

func (r result) LastInsertId() (int64, error) {
	return 0, errors.New("sqldriver: LastInsertId is not supported by Databricks SQL")
}

func (r result) RowsAffected() (int64, error) {
	if r < 0 {
		return 0, errors.New("sqldriver: the statement reported no affected-row count")
	}
	return int64(r), nil
}
