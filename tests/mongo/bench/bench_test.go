//go:build mongobench

// Package bench measures the MongoDB engine's pushdown against reading the
// collection into the native (DuckDB) engine. It needs a server
// (SEALANE_MONGO_URI, e.g. from go run ./cmd/ferretserve) and the build tag
// mongobench; run one test per process so that the peak RSS printed is that
// variant's:
//
//	go test -tags mongobench,duckdb_arrow -run 'TestBench/group_pushdown' -v ./bench
package bench

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engines/duckdb"
	mongoengine "github.com/sealane/sealane/frames/engines/mongo"
)

const docs = 1_000_000

type event struct {
	ID  int64   `bson:"id"`
	Grp int64   `bson:"grp"`
	V   float64 `bson:"v"`
	S   string  `bson:"s"`
}

func seed(t *testing.T, db *mongo.Database) {
	ctx := context.Background()
	coll := db.Collection("events")
	n, err := coll.CountDocuments(ctx, bson.D{})
	require.NoError(t, err)
	if n == docs {
		return
	}
	require.NoError(t, coll.Drop(ctx))
	start := time.Now()
	batch := make([]any, 0, 10_000)
	for i := int64(0); i < docs; i++ {
		batch = append(batch, event{ID: i, Grp: i % 1000, V: float64(i%997) / 997, S: fmt.Sprintf("row-%d", i)})
		if len(batch) == cap(batch) {
			_, err := coll.InsertMany(ctx, batch)
			require.NoError(t, err)
			batch = batch[:0]
		}
	}
	t.Logf("seeded %d documents in %s", docs, time.Since(start).Round(time.Millisecond))
}

// peakRSS is the process's VmHWM.
func peakRSS() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "?"
}

func TestBench(t *testing.T) {
	uri := os.Getenv("SEALANE_MONGO_URI")
	if uri == "" {
		t.Skip("set SEALANE_MONGO_URI")
	}
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	require.NoError(t, err)
	defer func() { _ = client.Disconnect(ctx) }()
	db := client.Database("bench")
	seed(t, db)
	me, err := mongoengine.New(ctx, db)
	require.NoError(t, err)
	sc, err := mongoengine.SchemaOf[event]()
	require.NoError(t, err)
	events := func() *frames.Frame { return mongoengine.Collection(ctx, me, "events", frames.WithSchema(sc)) }
	native := func(t *testing.T) *frames.Frame {
		de, err := duckdb.New(ctx)
		require.NoError(t, err)
		t.Cleanup(func() { _ = de.Close() })
		recs, err := events().Records(ctx) // the whole collection, as Arrow
		require.NoError(t, err)
		return frames.FromArrow(sc, recs, frames.On(de))
	}
	groupBy := func(f *frames.Frame) *frames.Frame {
		return f.GroupBy("grp").Agg(frames.CountAll().Alias("n"))
	}
	filterProject := func(f *frames.Frame) *frames.Frame {
		return f.Filter(frames.Col("v").Gt(0.9).And(frames.Col("grp").Lt(100))).Select("id", "v")
	}
	// run times everything from building the frame (for the native
	// variants: reading the whole collection into Arrow) to the last row.
	run := func(t *testing.T, build func() *frames.Frame, explain bool) {
		start := time.Now()
		f := build()
		if explain {
			ex, err := f.Explain()
			require.NoError(t, err)
			t.Logf("Explain:\n%s", ex)
		}
		recs, err := f.Records(ctx)
		require.NoError(t, err)
		rows := int64(0)
		for _, r := range recs {
			rows += r.NumRows()
			r.Release()
		}
		t.Logf("RESULT %s: %d rows in %s, peak RSS %s", t.Name(), rows, time.Since(start).Round(time.Millisecond), peakRSS())
	}
	t.Run("group_pushdown", func(t *testing.T) { run(t, func() *frames.Frame { return groupBy(events()) }, true) })
	t.Run("group_native", func(t *testing.T) { run(t, func() *frames.Frame { return groupBy(native(t)) }, false) })
	t.Run("filter_project_pushdown", func(t *testing.T) { run(t, func() *frames.Frame { return filterProject(events()) }, true) })
	t.Run("filter_project_native", func(t *testing.T) { run(t, func() *frames.Frame { return filterProject(native(t)) }, false) })
}
