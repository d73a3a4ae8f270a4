package sqldriver

import (
	"context"
	"database/sql/driver"

	"github.com/sealane/sealane/kernel"
)

// stmt is a prepared statement: Databricks SQL has no server-side prepare,
// so the text is sent at each execution. Its markers are counted once.
type stmt struct {
	c        *conn
	query    string
	numInput int
}

var (
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// newStmt counts the query's markers: with only ? markers (or none),
// database/sql checks the number of arguments against them.
func newStmt(c *conn, query string) *stmt {
	s := &stmt{c: c, query: query, numInput: -1}
	if p, named, err := kernel.CountMarkers(query); err == nil && len(named) == 0 {
		s.numInput = p
	}
	return s
}

func (s *stmt) Close() error { return nil }

// NumInput is the number of ? markers, or -1 (not checked by database/sql)
// when the statement has :name markers or cannot be tokenized (the server
// then reports the problem).
func (s *stmt) NumInput() int { return s.numInput }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.c.ExecContext(context.Background(), s.query, named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.c.QueryContext(context.Background(), s.query, named(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, args)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}
