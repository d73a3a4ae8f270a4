package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// factPath and dimPath name the generated inputs inside the data directory.
func factPath(dir string) string { return filepath.Join(dir, "fact.parquet") }
func dimPath(dir string) string  { return filepath.Join(dir, "dim.parquet") }

// generate writes fact.parquet (rows rows: id, g, k, x, s, ts) and
// dim.parquet (dimRows rows: k, name, w) with deterministic pseudo-random
// values computed in DuckDB SQL, unless both already exist with the same
// sizes (recorded in a marker file).
func generate(ctx context.Context, db *sql.DB, dir string, rows, dimRows int64) error {
	marker := filepath.Join(dir, fmt.Sprintf(".generated-%d-%d", rows, dimRows))
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fact := fmt.Sprintf(`COPY (
		SELECT range AS id,
		       CAST((range * 7919) %% 1000 AS BIGINT) AS g,
		       CAST(hash(range) %% %d AS BIGINT) AS k,
		       CAST(hash(range + 1) %% 1000000 AS DOUBLE) / 1e6 AS x,
		       's' || CAST(hash(range + 2) %% 100000 AS VARCHAR) AS s,
		       TIMESTAMP '2024-01-01' + to_seconds(CAST((range * 37) %% 31536000 AS BIGINT)) AS ts
		FROM range(%d)) TO '%s' (FORMAT parquet)`, dimRows, rows, sqlString(factPath(dir)))
	dim := fmt.Sprintf(`COPY (
		SELECT range AS k, 'name_' || CAST(range %% 5000 AS VARCHAR) AS name,
		       CAST(hash(range + 3) %% 1000 AS DOUBLE) / 10 AS w
		FROM range(%d)) TO '%s' (FORMAT parquet)`, dimRows, sqlString(dimPath(dir)))
	for _, q := range []string{fact, dim} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
	}
	return os.WriteFile(marker, nil, 0o644)
}

func sqlString(s string) string { return strings.ReplaceAll(s, "'", "''") }
