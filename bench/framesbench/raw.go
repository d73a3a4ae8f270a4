package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// openRaw opens a DuckDB database with the native engine's settings, for
// the hand-written SQL side of the comparison.
func openRaw(ctx context.Context) (*sql.DB, error) {
	ext := filepath.Join(os.TempDir(), "sealane-duckdb-extensions")
	connector, err := duckdb.NewConnector("", func(execer driver.ExecerContext) error {
		for _, s := range []string{
			"SET autoinstall_known_extensions = false",
			"SET autoload_known_extensions = true",
			"SET extension_directory = '" + sqlString(ext) + "'",
		} {
			if _, err := execer.ExecContext(ctx, s, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

// rawSQL is each query written by hand in DuckDB SQL.
func rawSQL(dir, name string) string {
	fact := "read_parquet('" + sqlString(factPath(dir)) + "')"
	dim := "read_parquet('" + sqlString(dimPath(dir)) + "')"
	filtered := "SELECT *, x * 2.0 + 1.0 AS y, upper(s) AS s_upper FROM " + fact + " WHERE x > 0.5 AND g <> 7"
	switch name {
	case "filter_with_columns", "parquet_write":
		return filtered
	case "group_by_3aggs":
		return "SELECT g, sum(x) AS sx, avg(x) AS mx, max(ts) AS mts FROM " + fact + " GROUP BY g"
	case "join":
		return "SELECT f.*, d.name, d.w FROM " + fact + " f JOIN " + dim + " d ON f.k = d.k"
	case "sort":
		return "SELECT * FROM " + fact + " ORDER BY x DESC"
	}
	panic("unknown query " + name)
}

// runRaw runs a query in DuckDB SQL and drains the Arrow result (or writes
// the Parquet file), returning the row count.
func runRaw(ctx context.Context, db *sql.DB, dir, name, out string) (int64, error) {
	q := rawSQL(dir, name)
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer func() { _ = conn.Close() }()
	if name == "parquet_write" {
		var n int64
		err := conn.QueryRowContext(ctx, "COPY ("+q+") TO '"+sqlString(out)+"' (FORMAT parquet)").Scan(&n)
		return n, err
	}
	var rows int64
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for rdr.Next() {
			rows += rdr.RecordBatch().NumRows()
		}
		return rdr.Err()
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}
