package sink

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/csv"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

func readParquet(t *testing.T, path string) ([]arrow.RecordBatch, *arrow.Schema, int) {
	pf, err := file.OpenParquetFile(path, false)
	require.NoError(t, err)
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1000}, memory.DefaultAllocator)
	require.NoError(t, err)
	tbl, err := fr.ReadTable(context.Background())
	require.NoError(t, err)
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1000)
	defer tr.Release()
	var recs []arrow.RecordBatch
	for tr.Next() {
		rec := tr.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	return recs, tbl.Schema(), pf.NumRowGroups()
}

func readIPC(t *testing.T, path string) ([]arrow.RecordBatch, *arrow.Schema) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	require.NoError(t, err)
	defer r.Close()
	var recs []arrow.RecordBatch
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		require.NoError(t, err)
		rec.Retain()
		recs = append(recs, rec)
	}
	return recs, r.Schema()
}

// sameFields compares names, types and nullability (not metadata or list
// element names, which Parquet rewrites).
func sameFields(t *testing.T, want, got *arrow.Schema) {
	t.Helper()
	require.Equal(t, want.NumFields(), got.NumFields())
	for i, f := range want.Fields() {
		g := got.Field(i)
		require.Equal(t, f.Name, g.Name)
		require.Equal(t, f.Nullable, g.Nullable, f.Name)
		require.True(t, arrow.TypeEqual(f.Type, g.Type), "%s: %s vs %s", f.Name, f.Type, g.Type)
	}
}

func release(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

func TestParquetRoundTripEveryCompression(t *testing.T) {
	want := expectedRows(t, 7, 300, true)
	for _, c := range []string{"", "snappy", "zstd", "gzip", "lz4", "uncompressed"} {
		t.Run("compression="+c, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir, path := targetIn(t, "out.parquet")
			r := newLazy(mem, 7, 300, true)
			defer r.Release()
			require.NoError(t, Write(context.Background(), r, plan.FormatParquet, path, engine.SinkOptions{Compression: c, RowGroupRows: 1000}))
			recs, schema, groups := readParquet(t, path)
			defer release(recs)
			sameFields(t, testSchema(true), schema)
			require.Equal(t, want, allRows(recs))
			require.Equal(t, 3, groups, "2100 rows in row groups of 1000")
			require.Equal(t, []string{"out.parquet"}, dirEntries(t, dir))
		})
	}
}

func TestIPCRoundTripEveryCompression(t *testing.T) {
	want := expectedRows(t, 5, 200, true)
	for _, c := range []string{"", "lz4", "zstd"} {
		t.Run("compression="+c, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			_, path := targetIn(t, "out.arrow")
			r := newLazy(mem, 5, 200, true)
			defer r.Release()
			require.NoError(t, Write(context.Background(), r, plan.FormatIPC, path, engine.SinkOptions{Compression: c}))
			recs, schema := readIPC(t, path)
			defer release(recs)
			require.True(t, schema.Equal(testSchema(true)))
			require.Len(t, recs, 5, "one IPC batch per input batch")
			require.Equal(t, want, allRows(recs))
		})
	}
}

func TestCSVRoundTrip(t *testing.T) {
	want := expectedRows(t, 4, 250, false)
	for _, tc := range []struct {
		name  string
		delim rune
		gzip  bool
	}{{"comma", 0, false}, {"semicolon-gzip", ';', true}, {"tab", '\t', false}} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			_, path := targetIn(t, "out.csv")
			r := newLazy(mem, 4, 250, false)
			defer r.Release()
			opts := engine.SinkOptions{CSVHeader: true, CSVDelimiter: tc.delim}
			if tc.gzip {
				opts.Compression = "gzip"
			}
			require.NoError(t, Write(context.Background(), r, plan.FormatCSV, path, opts))
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			var in io.Reader = f
			if tc.gzip {
				gz, err := gzip.NewReader(f)
				require.NoError(t, err, "file is gzip")
				in = gz
			}
			delim := tc.delim
			if delim == 0 {
				delim = ','
			}
			cr := csv.NewReader(in, testSchema(false), csv.WithHeader(true), csv.WithComma(delim),
				csv.WithNullReader(true, ""), csv.WithChunk(100))
			defer cr.Release()
			var recs []arrow.RecordBatch
			for cr.Next() {
				rec := cr.RecordBatch()
				rec.Retain()
				recs = append(recs, rec)
			}
			require.NoError(t, cr.Err())
			defer release(recs)
			require.Equal(t, want, allRows(recs))
		})
	}
}

func TestCSVHeaderOnly(t *testing.T) {
	_, path := targetIn(t, "empty.csv")
	r := newLazy(memory.DefaultAllocator, 0, 10, false)
	require.NoError(t, WriteCSV(context.Background(), r, path, engine.SinkOptions{CSVHeader: true}))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "id,x,name,ok,ts,naive,day,price,small\n", string(b))
}

func TestNDJSONRoundTrip(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run("gzip="+strconv.FormatBool(gz), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			_, path := targetIn(t, "out.ndjson")
			r := newLazy(mem, 3, 100, true)
			defer r.Release()
			opts := engine.SinkOptions{}
			if gz {
				opts.Compression = "gzip"
			}
			require.NoError(t, Write(context.Background(), r, plan.FormatNDJSON, path, opts))
			f, err := os.Open(path)
			require.NoError(t, err)
			defer f.Close()
			var in io.Reader = f
			if gz {
				z, err := gzip.NewReader(f)
				require.NoError(t, err)
				in = z
			}
			sc := bufio.NewScanner(in)
			n := 0
			for sc.Scan() {
				line := sc.Text()
				var obj map[string]any
				dec := json.NewDecoder(strings.NewReader(line))
				dec.UseNumber()
				require.NoError(t, dec.Decode(&obj), "line %d is JSON: %s", n, line)
				id := int64(n)
				require.Equal(t, json.Number(strconv.FormatInt(id, 10)), obj["id"])
				require.Equal(t, id%2 == 0, obj["ok"])
				require.Equal(t, json.Number(strconv.FormatInt(-id, 10)), obj["small"])
				require.Equal(t, arrow.Date32(19000+id).FormattedString(), obj["day"])
				require.True(t, strings.HasPrefix(line, `{"id":`), "keys in column order: %s", line)
				if id%7 == 3 {
					for _, k := range []string{"x", "name", "ts", "price"} {
						v, present := obj[k]
						require.True(t, present)
						require.Nil(t, v, "NULL %s is null", k)
					}
				} else {
					require.Equal(t, names[id%int64(len(names))]+"-"+strconv.FormatInt(id, 10), obj["name"], "escaping round-trips")
					x, err := obj["x"].(json.Number).Float64()
					require.NoError(t, err)
					require.Equal(t, float64(id)*1.5-0.25, x)
					require.Regexp(t, `^2024-0[23]-\d\dT\d\d:\d\d:\d\d\.123456Z$`, obj["ts"])
					require.Equal(t, json.Number(strconv.FormatFloat(float64(id*101-5000)/100, 'f', 2, 64)), obj["price"])
				}
				require.Regexp(t, `^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.123456$`, obj["naive"], "naive timestamp has no offset")
				switch id % 4 {
				case 0:
					require.Nil(t, obj["tags"])
				case 1:
					require.Equal(t, []any{}, obj["tags"])
				default:
					require.Equal(t, []any{json.Number(strconv.FormatInt(id, 10)), nil, json.Number(strconv.FormatInt(-id, 10))}, obj["tags"])
				}
				n++
			}
			require.NoError(t, sc.Err())
			require.Equal(t, 300, n)
		})
	}
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `"`, `\`, "\x00\x1f\x7f", "é日本🎉", "bad\xffutf8", "\u2028\u2029", "</script>&"} {
		got := appendJSONString(nil, s)
		var back string
		require.NoError(t, json.Unmarshal(got, &back), "%q → %s", s, got)
		want, _ := json.Marshal(s)
		var wantBack string
		require.NoError(t, json.Unmarshal(want, &wantBack))
		require.Equal(t, wantBack, back, "%q", s)
	}
}

// failedWriteLeavesNothing runs a failing write against a fresh dir and an
// existing target and checks both outcomes.
func failedWriteLeavesNothing(t *testing.T, format plan.Format, setup func(r *lazyReader) context.Context, wantErr error) {
	t.Helper()
	for _, existing := range []bool{false, true} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		dir, path := targetIn(t, "out."+string(format))
		if existing {
			require.NoError(t, os.WriteFile(path, []byte("previous contents"), 0o644))
		}
		r := newLazy(mem, 10, 100, format != plan.FormatCSV)
		ctx := setup(r)
		err := Write(ctx, r, format, path, engine.SinkOptions{CSVHeader: true})
		require.Error(t, err)
		require.ErrorIs(t, err, wantErr)
		require.Contains(t, err.Error(), "frames/sink")
		if existing {
			require.Equal(t, []string{filepath.Base(path)}, dirEntries(t, dir), "no temp file left")
			b, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			require.Equal(t, "previous contents", string(b), "existing target untouched")
		} else {
			require.Empty(t, dirEntries(t, dir), "neither target nor temp file")
		}
		r.Release()
		mem.AssertSize(t, 0)
	}
}

var allFormats = []plan.Format{plan.FormatParquet, plan.FormatCSV, plan.FormatIPC, plan.FormatNDJSON}

func TestReaderErrorMidStreamLeavesNoFile(t *testing.T) {
	for _, f := range allFormats {
		t.Run(string(f), func(t *testing.T) {
			failedWriteLeavesNothing(t, f, func(r *lazyReader) context.Context {
				r.failAt = 4
				return context.Background()
			}, errBoom)
		})
	}
}

func TestCancelBetweenBatchesLeavesNoFile(t *testing.T) {
	for _, f := range allFormats {
		t.Run(string(f), func(t *testing.T) {
			var created int
			var rp *lazyReader
			failedWriteLeavesNothing(t, f, func(r *lazyReader) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				rp = r
				r.onBatch = func(i int) {
					if i == 2 {
						cancel()
					}
				}
				return ctx
			}, context.Canceled)
			created = rp.created
			require.Equal(t, 3, created, "stopped at the first batch after cancellation")
		})
	}
}

func TestBadOptionsWriteNothing(t *testing.T) {
	for _, tc := range []struct {
		format plan.Format
		opts   engine.SinkOptions
	}{
		{plan.FormatParquet, engine.SinkOptions{Compression: "brotli9"}},
		{plan.FormatIPC, engine.SinkOptions{Compression: "snappy"}},
		{plan.FormatCSV, engine.SinkOptions{Compression: "zstd"}},
		{plan.FormatCSV, engine.SinkOptions{CSVDelimiter: '"'}},
		{plan.FormatNDJSON, engine.SinkOptions{Compression: "lz4"}},
		{plan.Format("xlsx"), engine.SinkOptions{}},
	} {
		dir, path := targetIn(t, "out")
		r := newLazy(memory.DefaultAllocator, 3, 10, false)
		err := Write(context.Background(), r, tc.format, path, tc.opts)
		require.Error(t, err, "%s %+v", tc.format, tc.opts)
		require.Empty(t, dirEntries(t, dir))
		require.Equal(t, 0, r.created, "nothing read")
	}
}

func TestMissingDirectoryFails(t *testing.T) {
	r := newLazy(memory.DefaultAllocator, 1, 1, false)
	err := WriteIPC(context.Background(), r, filepath.Join(t.TempDir(), "no", "such", "x.arrow"), engine.SinkOptions{})
	require.Error(t, err)
	require.True(t, errors.Is(err, os.ErrNotExist), "%v", err)
}

// TestStreamingBoundedMemory writes 200 lazily built batches and checks the
// batches' Arrow memory outstanding never exceeds about two batches: the
// sinks never hold the stream.
func TestStreamingBoundedMemory(t *testing.T) {
	for _, f := range allFormats {
		t.Run(string(f), func(t *testing.T) {
			mem := newPeakAlloc()
			defer mem.AssertSize(t, 0)
			// Size of one batch.
			one := newLazy(mem, 1, 1000, f != plan.FormatCSV)
			require.True(t, one.Next())
			batchBytes := mem.CurrentAlloc()
			one.Release()
			mem.peak = 0

			_, path := targetIn(t, "big."+string(f))
			r := newLazy(mem, 200, 1000, f != plan.FormatCSV)
			defer r.Release()
			require.NoError(t, Write(context.Background(), r, f, path, engine.SinkOptions{CSVHeader: true, RowGroupRows: 100_000}))
			require.Equal(t, 200, r.created)
			require.LessOrEqual(t, mem.peak, 2*batchBytes, "peak %d bytes, one batch %d bytes (200 batches = %d)", mem.peak, batchBytes, 200*batchBytes)
			st, err := os.Stat(path)
			require.NoError(t, err)
			require.Greater(t, st.Size(), int64(0))
		})
	}
}
