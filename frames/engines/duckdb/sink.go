//go:build duckdb_arrow

package duckdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

// WriteFile implements engine.SinkWriter with DuckDB's COPY … TO, for
// Parquet only (compression snappy, zstd, gzip, lz4 or uncompressed; row
// group size). Text formats are not written here: DuckDB prints doubles
// and timestamps its own way (6.0, 2020-01-05 10:00:00+00), and frames
// streams them through its canonical writers so every engine writes the
// same bytes. COPY also writes every Parquet column as optional, so a plan
// with a NOT NULL column is declined too (frames writes it with the exact
// schema). Declining happens before anything is written. The file is written to a temporary
// name in path's directory and renamed into place when complete; on error
// or cancellation the temporary file is removed and path is untouched.
func (e *Engine) WriteFile(ctx context.Context, root plan.Node, format plan.Format, path string, opts engine.SinkOptions) error {
	copyOpts, err := copyOptions(format, opts)
	if err != nil {
		return err
	}
	for _, f := range root.Schema().Fields() {
		if !f.Nullable {
			return engine.Unsupported(Name, "parquet sink", fmt.Sprintf("column %q is NOT NULL and COPY would write it optional; frames streams it instead", f.Name))
		}
	}
	if err := engine.Check(e, root); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("frames/engines/duckdb: sink: %w", err)
	}
	tmpName := tmp.Name()
	_ = tmp.Close()
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(tmpName)
			_ = os.Remove(filepath.Join(dir, "tmp_"+filepath.Base(tmpName)))
		}
	}()
	s, err := e.newSession(ctx)
	if err != nil {
		return err
	}
	query, err := s.compile(root)
	if err != nil {
		_ = s.close()
		return e.wrap(err)
	}
	// USE_TMP_FILE false: the temporary file is ours; DuckDB's own
	// (tmp_<name>) would be left behind when the COPY fails.
	stmt := "COPY (" + query + ") TO " + sqlgen.DuckDB.StringLit(tmpName) + " (" + copyOpts + ", USE_TMP_FILE false)"
	_, err = s.conn.ExecContext(ctx, stmt)
	if cerr := s.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return classify(ctx, err)
	}
	if err := ctx.Err(); err != nil {
		return classify(ctx, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("frames/engines/duckdb: sink: %w", err)
	}
	ok = true
	return nil
}

// copyOptions is the option list of COPY for format and opts.
func copyOptions(format plan.Format, opts engine.SinkOptions) (string, error) {
	comp := strings.ToLower(opts.Compression)
	bad := func(what string) error {
		return engine.Unsupported(Name, fmt.Sprintf("%s sink %s", format, what), "frames streams it instead")
	}
	switch format {
	case plan.FormatParquet:
		switch comp {
		case "":
			comp = "snappy"
		case "snappy", "zstd", "gzip", "lz4", "uncompressed":
		default:
			return "", bad("compression " + opts.Compression)
		}
		o := "FORMAT parquet, COMPRESSION " + comp
		if opts.RowGroupRows > 0 {
			o += fmt.Sprintf(", ROW_GROUP_SIZE %d", opts.RowGroupRows)
		}
		return o, nil
	}
	return "", bad("format")
}
