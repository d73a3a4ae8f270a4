package frames_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealane/sealane/frames"
)

// TestDuckDBSinkOptionsCheckedFirst: bad sink options fail before the
// engine runs the query and before any file is created.
func TestDuckDBSinkOptionsCheckedFirst(t *testing.T) {
	ctx := context.Background()
	c := &counting{Engine: duck(t)}
	src := frames.FromRows(team(), frames.On(c))
	defer src.Release()
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		write func(path string) error
		msg   string
	}{
		{"parquet", func(p string) error { return frames.WriteParquet(ctx, src, p, frames.WithCompression("brotli")) }, `parquet compression "brotli"`},
		{"rowgroup", func(p string) error { return frames.WriteParquet(ctx, src, p, frames.WithRowGroupRows(-1)) }, "row group rows -1"},
		{"ipc", func(p string) error { return frames.WriteIPC(ctx, src, p, frames.WithCompression("gzip")) }, `ipc compression "gzip"`},
		{"csv", func(p string) error { return frames.WriteCSV(ctx, src, p, frames.WithCompression("zstd")) }, `csv compression "zstd"`},
		{"delim", func(p string) error { return frames.WriteCSV(ctx, src, p, frames.WithCSVDelimiter('\n')) }, "csv delimiter"},
		{"ndjson", func(p string) error { return frames.WriteNDJSON(ctx, src, p, frames.WithCompression("lz4")) }, `ndjson compression "lz4"`},
	} {
		path := filepath.Join(dir, tc.name)
		err := tc.write(path)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Fatalf("%s: %v, want %q", tc.name, err, tc.msg)
		}
		if n := c.execs.Load(); n != 0 {
			t.Fatalf("%s: the engine ran %d queries before the options were checked", tc.name, n)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("files created: %v", ents)
	}
}
