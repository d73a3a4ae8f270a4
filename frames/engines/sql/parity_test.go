package sql_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/stub"
)

// TestSinksAreByteIdenticalAcrossEngines writes the same frame from
// PostgreSQL, SQLite and the stub engine to every sink format: engines
// that return the plan's exact Arrow (types, nullability, values) get the
// same bytes from frames' own writers — floats, decimals, timestamps and
// NULLs included.
func TestSinksAreByteIdenticalAcrossEngines(t *testing.T) {
	pgEngine := newPostgres(t)
	t.Cleanup(func() { _ = pgEngine.Close() })
	liteEngine := newSQLite(t)
	t.Cleanup(func() { _ = liteEngine.Close() })
	engines := []engine.Engine{pgEngine, liteEngine, stub.New()}

	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "price", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	rec, _, err := array.RecordFromJSON(memory.DefaultAllocator, sc, strings.NewReader(`[
		{"id": 1, "score": 6.0, "price": "12.50", "at": "2020-01-05T10:00:00Z", "name": "ann"},
		{"id": 2, "score": 0.5, "price": "-3.05", "at": "2024-02-29T23:59:59.123456Z", "name": null},
		{"id": 3, "score": null, "price": null, "at": null, "name": "a,\"b\""}
	]`))
	require.NoError(t, err)
	defer rec.Release()

	ctx := context.Background()
	writers := map[string]func(context.Context, *frames.Frame, string, ...frames.Option) error{
		"csv": frames.WriteCSV, "ndjson": frames.WriteNDJSON, "parquet": frames.WriteParquet, "arrow": frames.WriteIPC,
	}
	for format, write := range writers {
		var want []byte
		for _, e := range engines {
			f := frames.FromArrow(sc, []arrow.RecordBatch{rec}, frames.On(e)).
				Filter(frames.Col("id").Gt(0)).Sort("id")
			require.NoError(t, f.Err())
			path := filepath.Join(t.TempDir(), "out."+format)
			require.NoError(t, write(ctx, f, path), "%s on %s", format, e.Name())
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			if want == nil {
				want = got
				continue
			}
			if format == "arrow" && e.Name() == stub.Name {
				// The stub's sort (arrow-go's take) leaves other bytes
				// under NULL slots, which IPC copies as they are: the
				// same batches, not the same bytes.
				assert.True(t, sameIPC(t, want, got), "arrow written from stub differs in content from %s's", engines[0].Name())
				continue
			}
			assert.Equal(t, want, got, "%s written from %s differs from %s's", format, e.Name(), engines[0].Name())
		}
	}
}

// sameIPC reports whether two Arrow IPC files hold equal batches.
func sameIPC(t *testing.T, a, b []byte) bool {
	t.Helper()
	ra, err := ipc.NewFileReader(bytes.NewReader(a))
	require.NoError(t, err)
	defer func() { _ = ra.Close() }()
	rb, err := ipc.NewFileReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer func() { _ = rb.Close() }()
	if !ra.Schema().Equal(rb.Schema()) || ra.NumRecords() != rb.NumRecords() {
		return false
	}
	for i := range ra.NumRecords() {
		x, err := ra.RecordBatch(i)
		require.NoError(t, err)
		y, err := rb.RecordBatch(i)
		require.NoError(t, err)
		if !array.RecordEqual(x, y) {
			return false
		}
	}
	return true
}
