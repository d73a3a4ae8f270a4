package sqldriver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/kernel"
)

// Catalog metadata for database/sql users: each helper takes a pooled
// connection and runs the kernel's metadata call on it (see
// kernel.Conn.Catalogs and the others for the SHOW statements issued).
// Patterns are ADBC/JDBC patterns: '%' any sequence, '_' any one
// character, '\' escapes (kernel.EscapePattern); "" matches everything.

// Catalogs lists the catalogs matching pattern.
func Catalogs(ctx context.Context, db *sql.DB, pattern string) ([]string, error) {
	return withKernel(ctx, db, "Catalogs", func(kc *kernel.Conn) ([]string, error) {
		return kc.Catalogs(ctx, pattern)
	})
}

// Schemas lists the schemas matching schemaPattern in the catalogs matching
// catalogPattern.
func Schemas(ctx context.Context, db *sql.DB, catalogPattern, schemaPattern string) ([]kernel.SchemaInfo, error) {
	return withKernel(ctx, db, "Schemas", func(kc *kernel.Conn) ([]kernel.SchemaInfo, error) {
		return kc.Schemas(ctx, catalogPattern, schemaPattern)
	})
}

// Tables lists the tables and views matching the patterns whose type is one
// of types (none means any).
func Tables(ctx context.Context, db *sql.DB, catalogPattern, schemaPattern, tablePattern string, types ...string) ([]kernel.TableInfo, error) {
	return withKernel(ctx, db, "Tables", func(kc *kernel.Conn) ([]kernel.TableInfo, error) {
		return kc.Tables(ctx, catalogPattern, schemaPattern, tablePattern, types)
	})
}

// Columns lists the columns matching the patterns, in table order.
func Columns(ctx context.Context, db *sql.DB, catalogPattern, schemaPattern, tablePattern, columnPattern string) ([]kernel.ColumnInfo, error) {
	return withKernel(ctx, db, "Columns", func(kc *kernel.Conn) ([]kernel.ColumnInfo, error) {
		return kc.Columns(ctx, catalogPattern, schemaPattern, tablePattern, columnPattern)
	})
}

// TableSchema returns the Arrow schema of a table (names, not patterns; ""
// for the session's current catalog or schema). A missing table is an
// error matching kernel.ErrNotFound.
func TableSchema(ctx context.Context, db *sql.DB, catalog, schema, table string) (*arrow.Schema, error) {
	return withKernel(ctx, db, "TableSchema", func(kc *kernel.Conn) (*arrow.Schema, error) {
		return kc.TableSchema(ctx, catalog, schema, table)
	})
}

// withKernel runs fn on the kernel session of a pooled connection. A
// session found gone on the server costs that connection (the pool drops
// it) and fn is run again on another, as database/sql does for its own
// calls (the same number of tries).
func withKernel[T any](ctx context.Context, db *sql.DB, op string, fn func(*kernel.Conn) (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		out, err := withKernelOnce(ctx, db, op, fn)
		if attempt < badConnRetries && errors.Is(err, driver.ErrBadConn) {
			continue
		}
		return out, err
	}
}

// badConnRetries is how many times a call is retried on another pooled
// connection after driver.ErrBadConn (database/sql's maxBadConnRetries).
const badConnRetries = 2

func withKernelOnce[T any](ctx context.Context, db *sql.DB, op string, fn func(*kernel.Conn) (T, error)) (T, error) {
	var out T
	c, err := db.Conn(ctx)
	if err != nil {
		return out, err
	}
	defer func() { _ = c.Close() }()
	err = c.Raw(func(dc any) error {
		sc, ok := dc.(*conn)
		if !ok {
			return fmt.Errorf("sqldriver: %s needs a %q connection, got %T", op, DriverName, dc)
		}
		var ferr error
		out, ferr = fn(sc.kc)
		return badConn(ferr)
	})
	return out, err
}
