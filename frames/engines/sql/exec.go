package sql

import (
	"context"
	dbsql "database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// execution is one query's connection and open transaction.
type execution struct {
	e    *Engine
	conn *dbsql.Conn
	once sync.Once
}

// begin takes a connection and opens a transaction on it. Statements go
// through the connection directly (BEGIN … ROLLBACK) so that pgx's COPY
// can run on the same session.
func (e *Engine) begin(ctx context.Context) (*execution, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, e.classify(ctx, err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		_ = conn.Close()
		return nil, e.classify(ctx, err)
	}
	return &execution{e: e, conn: conn}, nil
}

// end rolls the transaction back (dropping the temporary tables) and
// returns the connection; a connection that cannot roll back is discarded.
func (x *execution) end() {
	x.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := x.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			_ = x.conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = x.conn.Close()
	})
}

// load creates the temporary table name holding s's rows and a row-order
// column, and copies the rows in.
func (x *execution) load(ctx context.Context, name string, s *plan.Source) error {
	d := x.e.d
	cols := make([]string, 0, s.Out.NumFields()+1)
	defs := make([]string, 0, s.Out.NumFields()+1)
	for _, f := range s.Out.Fields() {
		typ, err := d.TypeName(f.Type)
		if err != nil {
			return err
		}
		if _, ok := f.Type.(*arrow.ListType); ok && d == sqlgen.SQLite {
			return fmt.Errorf("column %q: SQLite has no list type", f.Name)
		}
		cols = append(cols, d.QuoteIdent(f.Name))
		defs = append(defs, d.QuoteIdent(f.Name)+" "+typ)
	}
	cols = append(cols, d.QuoteIdent(keyColumn))
	defs = append(defs, d.QuoteIdent(keyColumn)+" BIGINT")
	if _, err := x.conn.ExecContext(ctx, "CREATE TEMPORARY TABLE "+d.QuoteIdent(name)+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return err
	}
	if d == sqlgen.Postgres {
		return x.copyPostgres(ctx, name, s)
	}
	return x.insertSQLite(ctx, name, cols, s)
}

// copyPostgres streams the rows with COPY FROM STDIN (binary) through the
// connection's pgx session.
func (x *execution) copyPostgres(ctx context.Context, name string, s *plan.Source) error {
	names := make([]string, 0, s.Out.NumFields()+1)
	for _, f := range s.Out.Fields() {
		names = append(names, f.Name)
	}
	names = append(names, keyColumn)
	return x.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("the PostgreSQL engine needs the pgx driver, got %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{name}, names, newRecordRows(s, pgValue))
		return err
	})
}

// insertSQLite inserts the rows with multi-row INSERTs of bound parameters.
func (x *execution) insertSQLite(ctx context.Context, name string, cols []string, s *plan.Source) error {
	per := max(1, min(500, 30000/len(cols)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + x.e.d.QuoteIdent(name) + " (" + strings.Join(cols, ", ") + ") VALUES "
	src := newRecordRows(s, sqliteValue)
	args := make([]any, 0, per*len(cols))
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
		_, err := x.conn.ExecContext(ctx, q, args...)
		args, n = args[:0], 0
		return err
	}
	for src.Next() {
		vals, err := src.Values()
		if err != nil {
			return err
		}
		args = append(args, vals...)
		if n++; n == per {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := src.Err(); err != nil {
		return err
	}
	return flush()
}
