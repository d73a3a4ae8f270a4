package adbcdriver

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
)

// optionTimeout bounds the SQL that option getters and setters run (they
// take no context).
const optionTimeout = 2 * time.Minute

// connection is one kernel session.
type connection struct {
	optionBase
	tracing

	db     *database
	alloc  memory.Allocator
	kc     *kernel.Conn
	logger *slog.Logger
	closed atomic.Bool
}

var (
	_ adbc.Connection    = (*connection)(nil)
	_ adbc.GetSetOptions = (*connection)(nil)
	_ adbc.OTelTracing   = (*connection)(nil)
)

func newConnection(db *database, kc *kernel.Conn, logger *slog.Logger) *connection {
	c := &connection{db: db, alloc: db.alloc, kc: kc, logger: logger}
	c.optionBase = optionBase{get: c.GetOption, set: c.SetOption}
	c.SetTraceParent(db.GetTraceParent())
	return c
}

func (c *connection) check() error {
	if c.closed.Load() {
		return errorf(adbc.StatusInvalidState, "the connection is closed")
	}
	return nil
}

// GetInfo reports the driver and vendor (adbc.GetInfoSchema). An empty
// codes asks for all; unknown codes are skipped.
func (c *connection) GetInfo(_ context.Context, codes []adbc.InfoCode) (array.RecordReader, error) {
	rdr, err := infoReader(c.alloc, codes)
	return rdr, toADBC("GetInfo", err)
}

// GetObjects and GetTableSchema are in metadata.go.

// GetTableTypes lists Databricks' table types (adbc.TableTypesSchema).
func (c *connection) GetTableTypes(context.Context) (array.RecordReader, error) {
	rdr, err := tableTypesReader(c.alloc)
	return rdr, toADBC("GetTableTypes", err)
}

// Commit fails with adbc.StatusInvalidState: statements auto-commit.
func (c *connection) Commit(context.Context) error {
	return errorf(adbc.StatusInvalidState, "Commit: %s", reasonAutocommitOnly)
}

// Rollback fails with adbc.StatusInvalidState: statements auto-commit.
func (c *connection) Rollback(context.Context) error {
	return errorf(adbc.StatusInvalidState, "Rollback: %s", reasonAutocommitOnly)
}

// NewStatement returns a statement on this session.
func (c *connection) NewStatement() (adbc.Statement, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return newStatement(c), nil
}

// Close ends the session; readers still open keep working until released.
func (c *connection) Close() error {
	if c.closed.Swap(true) {
		return errorf(adbc.StatusInvalidState, "the connection is already closed")
	}
	c.logger.Debug("sealane adbc: closing session", "session_id", c.kc.SessionID())
	return toADBC("Close", c.kc.Close())
}

// ReadPartition is not implemented: results are streamed, not partitioned.
func (c *connection) ReadPartition(context.Context, []byte) (array.RecordReader, error) {
	return nil, notImplemented("ReadPartition", reasonNoPartitions)
}

// SetOption sets a connection option: adbc.connection.autocommit (only
// "true"), adbc.connection.catalog and adbc.connection.db_schema (run as
// USE CATALOG / USE SCHEMA on the session), adbc.connection.readonly (only
// "false") and adbc.telemetry.trace_parent. Database options cannot change
// on an open connection (adbc.StatusInvalidState).
func (c *connection) SetOption(key, value string) error {
	switch key {
	case adbc.OptionKeyAutoCommit:
		return fixedBool(key, value, true, reasonAutocommitOnly)
	case adbc.OptionKeyReadOnly:
		return fixedBool(key, value, false, "read-only connections are not supported")
	case adbc.OptionKeyIsolationLevel:
		return notImplemented("option "+key, reasonAutocommitOnly)
	case adbc.OptionKeyTelemetryTraceParent:
		c.SetTraceParent(value)
		return nil
	case adbc.OptionKeyCurrentCatalog:
		return c.exec("USE CATALOG " + quoteIdent(value))
	case adbc.OptionKeyCurrentDbSchema:
		return c.exec("USE SCHEMA " + quoteIdent(value))
	}
	if options.Known(key) {
		return errorf(adbc.StatusInvalidState, "option %s must be set on the database, before Open", key)
	}
	return unknownOption("connection", key)
}

// fixedBool accepts only the one value a boolean option can take.
func fixedBool(key, value string, want bool, why string) error {
	switch value {
	case adbc.OptionValueEnabled, adbc.OptionValueDisabled:
		if (value == adbc.OptionValueEnabled) == want {
			return nil
		}
		return notImplemented(key+"="+value, why)
	}
	return errorf(adbc.StatusInvalidArgument, "option %s: %q is not true or false", key, value)
}

// GetOption returns a connection option; the current catalog and schema
// are asked of the session. Other keys fall back to the database's options.
func (c *connection) GetOption(key string) (string, error) {
	switch key {
	case adbc.OptionKeyAutoCommit:
		return adbc.OptionValueEnabled, nil
	case adbc.OptionKeyReadOnly:
		return adbc.OptionValueDisabled, nil
	case adbc.OptionKeyTelemetryTraceParent:
		return c.GetTraceParent(), nil
	case adbc.OptionKeyCurrentCatalog:
		return c.queryString("SELECT current_catalog()")
	case adbc.OptionKeyCurrentDbSchema:
		return c.queryString("SELECT current_schema()")
	}
	return c.db.GetOption(key)
}

// exec runs a statement for its effect.
func (c *connection) exec(sql string) error {
	if err := c.check(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), optionTimeout)
	defer cancel()
	rdr, err := c.kc.Query(ctx, sql)
	if err != nil {
		return toADBC("SetOption", err)
	}
	defer rdr.Release()
	for rdr.Next() {
		// discard the (empty) result
	}
	return toADBC("SetOption", rdr.Err())
}

// queryString runs a query returning one string.
func (c *connection) queryString(sql string) (string, error) {
	if err := c.check(); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), optionTimeout)
	defer cancel()
	rdr, err := c.kc.Query(ctx, sql)
	if err != nil {
		return "", toADBC("GetOption", err)
	}
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if rec.NumRows() == 0 || rec.NumCols() == 0 {
			continue
		}
		col, ok := rec.Column(0).(*array.String)
		if !ok {
			return "", errorf(adbc.StatusInternal, "GetOption: %s returned %s, not a string", sql, rec.Column(0).DataType())
		}
		if col.IsNull(0) {
			return "", errorf(adbc.StatusNotFound, "GetOption: %s returned NULL", sql)
		}
		return col.Value(0), nil
	}
	if err := rdr.Err(); err != nil {
		return "", toADBC("GetOption", err)
	}
	return "", errorf(adbc.StatusInternal, "GetOption: %s returned no row", sql)
}

// quoteIdent quotes a Databricks identifier with backticks.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
