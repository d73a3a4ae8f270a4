//go:build duckdb_arrow

package duckdb_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// bigSource is a table source over a generated table large enough that a
// cross join of it with itself runs for minutes.
func bigSource(t *testing.T, f *fixture) *plan.Source {
	_, err := f.e.DB().Exec("CREATE OR REPLACE TABLE big AS SELECT range AS k FROM range(200000)")
	require.NoError(t, err)
	return must(plan.NewSource(&plan.Source{Kind: plan.SourceTable, Table: "big",
		Out: arrow.NewSchema([]arrow.Field{{Name: "k", Type: i64, Nullable: true}}, nil)}))
}

func TestCancelLongQuery(t *testing.T) {
	f := newFixture(t)
	big := bigSource(t, f)
	j := must(plan.NewJoin(big, big, plan.JoinCross, nil, nil, "_r", false))
	agg := must(plan.NewAggregate(j, nil, []plan.NamedExpr{ne("s", plan.Agg{Fn: plan.AggSum, Input: call(plan.FnAdd, col("k"), col("k_r"))})}))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	rdr, err := f.e.Execute(ctx, agg)
	if err == nil {
		for rdr.Next() {
		}
		err = rdr.Err()
		rdr.Release()
	}
	require.Error(t, err)
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	require.Less(t, time.Since(start), 3*time.Second)

	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel2() }()
	_, err = f.e.Execute(ctx2, agg)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
	// The engine stays usable.
	require.Len(t, f.rows(f.base()), 6)
}

// TestWriteFileFormats: the engine writes Parquet itself with COPY
// (compression, row groups) when every column is nullable; text formats
// and plans with a NOT NULL column are declined before anything is written
// (frames streams them through its canonical writers instead).
func TestWriteFileFormats(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	nullable := must(plan.NewProject(b, plan.OpSelect, []plan.NamedExpr{ne("g", col("g")), ne("x", col("x")), ne("n", col("n"))}))
	for _, fld := range nullable.Schema().Fields() {
		require.True(t, fld.Nullable, fld.Name)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "a.parquet")
	require.NoError(t, f.e.WriteFile(context.Background(), nullable, plan.FormatParquet, path, engine.SinkOptions{Compression: "zstd", RowGroupRows: 2}))
	src := &plan.Source{Kind: plan.SourceFile, Format: plan.FormatParquet, Paths: []string{path}}
	sc, err := f.e.InferSchema(context.Background(), src)
	require.NoError(t, err)
	require.Equal(t, []string{"g", "x", "n"}, fieldNames(sc))
	src.Out = nullable.Schema()
	require.Equal(t, f.rows(nullable), f.rows(must(plan.NewSource(src))))

	declined := []struct {
		name   string
		root   plan.Node
		format plan.Format
	}{
		{"b.parquet", b, plan.FormatParquet}, // id is NOT NULL
		{"b.csv", nullable, plan.FormatCSV},
		{"b.json", nullable, plan.FormatNDJSON},
	}
	for _, c := range declined {
		err := f.e.WriteFile(context.Background(), c.root, c.format, filepath.Join(dir, c.name), engine.SinkOptions{CSVHeader: true})
		require.ErrorIs(t, err, engine.ErrUnsupported, c.name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "declined writes create nothing, and no temporary files are left")
}

func fieldNames(sc *arrow.Schema) []string {
	var out []string
	for _, f := range sc.Fields() {
		out = append(out, f.Name)
	}
	return out
}

func TestWriteFileAtomic(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "out.parquet")
	// A query that fails while running: the cast of "x" to an integer.
	bad := must(plan.NewProject(f.base(), plan.OpSelect, []plan.NamedExpr{ne("v", plan.Cast{Input: col("g"), To: i64})}))
	err := f.e.WriteFile(context.Background(), bad, plan.FormatParquet, path, engine.SinkOptions{})
	require.Error(t, err)
	// A cancelled write.
	big := bigSource(t, f)
	j := must(plan.NewJoin(big, big, plan.JoinCross, nil, nil, "_r", false))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = f.e.WriteFile(ctx, j, plan.FormatParquet, path, engine.SinkOptions{})
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "neither the file nor a temporary file exists")
	// IPC and unknown compressions are unsupported before anything happens.
	err = f.e.WriteFile(context.Background(), f.base(), plan.FormatIPC, path, engine.SinkOptions{})
	require.True(t, errors.Is(err, engine.ErrUnsupported), "%v", err)
	err = f.e.WriteFile(context.Background(), f.base(), plan.FormatParquet, path, engine.SinkOptions{Compression: "brotli9"})
	require.True(t, errors.Is(err, engine.ErrUnsupported), "%v", err)
}

func TestIPCScanAndExplain(t *testing.T) {
	f := newFixture(t)
	b := f.base()
	path := filepath.Join(t.TempDir(), "a.arrow")
	file, err := os.Create(path)
	require.NoError(t, err)
	w, err := ipc.NewFileWriter(file, ipc.WithSchema(b.Out), ipc.WithAllocator(f.alloc))
	require.NoError(t, err)
	require.NoError(t, w.Write(b.Records[0]))
	require.NoError(t, w.Close())
	require.NoError(t, file.Close())
	src := &plan.Source{Kind: plan.SourceFile, Format: plan.FormatIPC, Paths: []string{path}}
	sc, err := f.e.InferSchema(context.Background(), src)
	require.NoError(t, err)
	require.Equal(t, []string{"id", "g", "x", "n"}, fieldNames(sc))
	src.Out = b.Out
	ipcSrc := must(plan.NewSource(src))
	require.Equal(t, f.rows(b), f.rows(ipcSrc))
	sql, err := f.e.Explain(must(plan.NewFilter(ipcSrc, call(plan.FnGt, col("id"), lit(int64(2))))))
	require.NoError(t, err)
	require.Contains(t, sql, `WHERE ("id" > CAST(2 AS BIGINT))`)
}

func TestTypesRoundTrip(t *testing.T) {
	f := newFixture(t)
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
		{Name: "i32", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
		{Name: "bin", Type: arrow.BinaryTypes.Binary, Nullable: true},
		{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "tn", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
		{Name: "dec", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "l", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, nil)
	src := f.records(sc, `[
		{"b": true, "i8": -3, "i32": 70000, "f32": 1.5, "bin": "3q0=", "d": "2024-03-04", "ts": "2024-03-04T05:06:07.123456Z", "tn": "2024-03-04T05:06:07", "dec": "123.45", "l": ["x", null]},
		{"b": null, "i8": null, "i32": null, "f32": null, "bin": null, "d": null, "ts": null, "tn": null, "dec": null, "l": null}
	]`)
	rdr, err := f.e.Execute(context.Background(), src)
	require.NoError(t, err)
	defer rdr.Release()
	require.True(t, rdr.Next())
	rec := rdr.RecordBatch()
	require.True(t, rec.Schema().Equal(sc), "%s", rec.Schema())
	want, _, err := array.RecordFromJSON(f.alloc, sc, strings.NewReader(`[
		{"b": true, "i8": -3, "i32": 70000, "f32": 1.5, "bin": "3q0=", "d": "2024-03-04", "ts": "2024-03-04T05:06:07.123456Z", "tn": "2024-03-04T05:06:07", "dec": "123.45", "l": ["x", null]},
		{"b": null, "i8": null, "i32": null, "f32": null, "bin": null, "d": null, "ts": null, "tn": null, "dec": null, "l": null}
	]`))
	require.NoError(t, err)
	defer want.Release()
	require.True(t, array.RecordEqual(want, rec), "got %v", rec)
	require.False(t, rdr.Next())
	require.NoError(t, rdr.Err())
}
