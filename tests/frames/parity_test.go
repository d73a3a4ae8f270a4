package frames_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/duckdb"
	sqlengine "github.com/sealane/sealane/frames/engines/sql"
	"github.com/sealane/sealane/frames/engines/stub"
	whengine "github.com/sealane/sealane/frames/engines/warehouse"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// engines returns every engine that runs frames in-process or against a
// local server, by name.
func engines(t *testing.T) map[string]engine.Engine {
	t.Helper()
	ctx := context.Background()
	native, err := duckdb.New(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = native.Close() })

	lite, err := sqlengine.OpenSQLite(ctx, filepath.Join(t.TempDir(), "parity.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = lite.Close() })

	eng, err := duckengine.Open(ctx, duckengine.Config{})
	require.NoError(t, err)
	const token = "dapi-parity"
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{token}})
	ts := httptest.NewServer(srv.Handler())
	conn, err := kernel.Connect(ctx, kernel.NewConfig(kernel.WithHost(ts.URL), kernel.WithHTTPPath(srv.Config().HTTPPath()), kernel.WithAccessToken(token)))
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = conn.Close()
		ts.Close()
		_ = srv.Close()
		_ = eng.Close()
	})
	return map[string]engine.Engine{
		"duckdb":    native,
		"stub":      stub.New(),
		"sqlite":    lite,
		"warehouse": whengine.New(conn),
	}
}

// source is the frame every engine runs: the types whose text differs
// most between writers — whole and fractional floats, NaN-free doubles,
// exact decimals, UTC timestamps, dates, strings that need quoting, NULLs
// — and a NOT NULL key.
func source(t *testing.T) (*arrow.Schema, []arrow.RecordBatch) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "ok", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "day", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, schema, strings.NewReader(`[
		{"id": 1, "score": 6.0, "name": "plain", "ok": true, "day": "2020-01-05", "at": "2020-01-05T10:00:00Z"},
		{"id": 2, "score": 2.5, "name": "comma, \"quote\"", "ok": false, "day": "1999-12-31", "at": "1999-12-31T23:59:59.123456Z"},
		{"id": 3, "score": null, "name": null, "ok": null, "day": null, "at": null},
		{"id": 4, "score": -0.125, "name": "line\nbreak", "ok": true, "day": "2024-02-29", "at": "2024-02-29T00:00:00Z"}
	]`))
	require.NoError(t, err)
	t.Cleanup(rec.Release)
	return schema, []arrow.RecordBatch{rec}
}

// TestSinksWriteTheSameBytesOnEveryEngine writes one frame (sorted, so the
// row order is defined) with every sink on every engine and compares the
// files: CSV and NDJSON byte for byte; Parquet and Arrow IPC by the schema
// read back (names, types, nullability) and the rows. It runs twice: with
// a NOT NULL key, and with only nullable columns (where the native engine
// writes Parquet with DuckDB's own COPY).
func TestSinksWriteTheSameBytesOnEveryEngine(t *testing.T) {
	ctx := context.Background()
	schema, recs := source(t)
	all := engines(t)
	shapes := map[string]func(*frames.Frame) *frames.Frame{
		"with a NOT NULL key": func(f *frames.Frame) *frames.Frame { return f.Sort(frames.Asc("id")) },
		"nullable columns only": func(f *frames.Frame) *frames.Frame {
			return f.Sort(frames.Asc("id")).Drop("id")
		},
	}
	for shapeName, shape := range shapes {
		t.Run(shapeName, func(t *testing.T) {
			dir := t.TempDir()
			type written struct{ csv, ndjson, parquet, ipc string }
			got := map[string]written{}
			for name, e := range all {
				f := shape(frames.FromArrow(schema, recs, frames.On(e)))
				require.NoError(t, f.Err(), name)
				w := written{}
				for _, s := range []struct {
					ext   string
					write func(context.Context, *frames.Frame, string, ...frames.Option) error
					into  *string
				}{
					{"csv", frames.WriteCSV, &w.csv},
					{"ndjson", frames.WriteNDJSON, &w.ndjson},
					{"parquet", frames.WriteParquet, &w.parquet},
					{"arrow", frames.WriteIPC, &w.ipc},
				} {
					path := filepath.Join(dir, name+"."+s.ext)
					require.NoError(t, s.write(ctx, f, path), "%s %s", name, s.ext)
					*s.into = path
				}
				got[name] = w
				f.Release()
			}
			ref := got["stub"]
			refCSV, refNDJSON := read(t, ref.csv), read(t, ref.ndjson)
			refParquet, refIPC := parquetTable(t, ref.parquet), ipcTable(t, ref.ipc)
			for name, w := range got {
				assert.Equal(t, refCSV, read(t, w.csv), "CSV of %s", name)
				assert.Equal(t, refNDJSON, read(t, w.ndjson), "NDJSON of %s", name)
				assert.Equal(t, refParquet, parquetTable(t, w.parquet), "Parquet of %s", name)
				assert.Equal(t, refIPC, ipcTable(t, w.ipc), "Arrow IPC of %s", name)
			}
			assert.Equal(t, refParquet, refIPC, "Parquet and IPC carry the same schema and rows")
		})
	}
}

// TestCanonicalText pins the canonical text of the sinks (documented in
// docs/ENGINES.md): floats in their shortest round-trip form, timestamps
// in UTC with Z, dates ISO, NULL as an empty CSV field or JSON null.
func TestCanonicalText(t *testing.T) {
	schema, recs := source(t)
	f := frames.FromArrow(schema, recs, frames.On(stub.New())).Sort(frames.Asc("id"))
	defer f.Release()
	dir := t.TempDir()
	csvPath, jsonPath := filepath.Join(dir, "t.csv"), filepath.Join(dir, "t.ndjson")
	require.NoError(t, frames.WriteCSV(context.Background(), f, csvPath))
	require.NoError(t, frames.WriteNDJSON(context.Background(), f, jsonPath))
	assert.Equal(t, "id,score,name,ok,day,at\n"+
		"1,6,plain,true,2020-01-05,2020-01-05 10:00:00Z\n"+
		"2,2.5,\"comma, \"\"quote\"\"\",false,1999-12-31,1999-12-31 23:59:59.123456Z\n"+
		"3,,,,,\n"+
		"4,-0.125,\"line\nbreak\",true,2024-02-29,2024-02-29 00:00:00Z\n", read(t, csvPath))
	assert.Equal(t, `{"id":1,"score":6,"name":"plain","ok":true,"day":"2020-01-05","at":"2020-01-05T10:00:00Z"}`+"\n"+
		`{"id":2,"score":2.5,"name":"comma, \"quote\"","ok":false,"day":"1999-12-31","at":"1999-12-31T23:59:59.123456Z"}`+"\n"+
		`{"id":3,"score":null,"name":null,"ok":null,"day":null,"at":null}`+"\n"+
		`{"id":4,"score":-0.125,"name":"line\nbreak","ok":true,"day":"2024-02-29","at":"2024-02-29T00:00:00Z"}`+"\n", read(t, jsonPath))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// parquetTable is a Parquet file's schema and rows as text.
func parquetTable(t *testing.T, path string) string {
	t.Helper()
	f, err := file.OpenParquetFile(path, false)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	r, err := pqarrow.NewFileReader(f, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	require.NoError(t, err)
	tbl, err := r.ReadTable(context.Background())
	require.NoError(t, err)
	defer tbl.Release()
	return tableText(tbl.Schema(), array.NewTableReader(tbl, 1024))
}

// ipcTable is an Arrow IPC file's schema and rows as text.
func ipcTable(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	r, err := ipc.NewFileReader(f)
	require.NoError(t, err)
	defer func() { _ = r.Close() }()
	var recs []arrow.RecordBatch
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		require.NoError(t, err)
		recs = append(recs, rec)
	}
	tbl := array.NewTableFromRecords(r.Schema(), recs)
	defer tbl.Release()
	return tableText(r.Schema(), array.NewTableReader(tbl, 1024))
}

func tableText(schema *arrow.Schema, rr *array.TableReader) string {
	defer rr.Release()
	var b bytes.Buffer
	for i, f := range schema.Fields() { // field metadata (Parquet field ids) left out
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", f.Name, f.Type)
		if !f.Nullable {
			b.WriteString(" NOT NULL")
		}
	}
	for rr.Next() {
		rec := rr.RecordBatch()
		for row := range int(rec.NumRows()) {
			b.WriteString("\n")
			for c := range int(rec.NumCols()) {
				if c > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(rec.Column(c).ValueStr(row))
			}
		}
	}
	return b.String()
}
