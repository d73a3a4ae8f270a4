package mongo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	mongoengine "github.com/sealane/sealane/frames/engines/mongo"
	"github.com/sealane/sealane/frames/plan"
)

// order is a document of the tests' orders collection; SchemaOf reads its
// bson tags.
type order struct {
	ID       int64     `bson:"id"`
	Customer string    `bson:"customer"`
	Amount   *float64  `bson:"amount"`
	Placed   time.Time `bson:"placed"`
	Express  bool      `bson:"express"`
}

func seedOrders(t *testing.T, db *mongo.Database) {
	t.Helper()
	f := func(x float64) *float64 { return &x }
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	docs := []any{
		order{1, "ann", f(10), at, true},
		order{2, "bob", nil, at.Add(time.Hour), false},
		order{3, "ann", f(30.5), at.Add(2 * time.Hour), false},
		order{4, "cid", f(7), at.Add(3 * time.Hour), true},
	}
	_, err := db.Collection("orders").InsertMany(context.Background(), docs)
	require.NoError(t, err)
}

// rowsOf renders a frame's result as "v1|v2" lines in result order.
func rowsOf(t *testing.T, f *frames.Frame) []string {
	t.Helper()
	recs, err := f.Records(context.Background())
	require.NoError(t, err)
	var out []string
	for _, rec := range recs {
		for i := 0; i < int(rec.NumRows()); i++ {
			cells := make([]string, rec.NumCols())
			for j, c := range rec.Columns() {
				cells[j] = c.ValueStr(i)
			}
			out = append(out, strings.Join(cells, "|"))
		}
		rec.Release()
	}
	return out
}

func TestDetectsFerretDB(t *testing.T) {
	e := newEngine(t)
	s := e.Server()
	assert.Equal(t, "FerretDB", s.Product)
	assert.Contains(t, s.Stages, "$match")
	assert.NotContains(t, s.Stages, "$lookup", "FerretDB 1.24 has no $lookup")
	caps := e.Capabilities()
	assert.True(t, caps.SupportsOp(plan.OpFilter))
	assert.True(t, caps.SupportsOp(plan.OpAggregate))
	assert.False(t, caps.SupportsOp(plan.OpJoinInner), "joins need $lookup")
	assert.False(t, caps.SupportsOp(plan.OpExplode))
	assert.False(t, caps.SupportsAgg(plan.AggSum))
}

func TestServerOptionGatesOperations(t *testing.T) {
	e := newEngine(t, mongoengine.WithServer(mongoengine.Server{Product: "MongoDB", Stages: []string{"$match", "$project"}}))
	assert.True(t, e.Capabilities().SupportsOp(plan.OpFilter))
	assert.False(t, e.Capabilities().SupportsOp(plan.OpSort), "no $sort stage declared")
	assert.False(t, e.Capabilities().SupportsOp(plan.OpAggregate), "no $group stage declared")
}

// TestCollectionStructSchemaFilterProject runs a filter and a projection
// over a collection as one pipeline and checks the rows.
func TestCollectionStructSchemaFilterProject(t *testing.T) {
	e := newEngine(t)
	seedOrders(t, e.Database())
	sc, err := mongoengine.SchemaOf[order]()
	require.NoError(t, err)
	ctx := context.Background()
	f := mongoengine.Collection(ctx, e, "orders", frames.WithSchema(sc)).
		Filter(frames.Col("amount").Gt(8).And(frames.Col("customer").Ne("bob"))).
		Select("id", frames.Col("amount").Alias("total")).
		Sort(frames.Asc("id").NullsFirst()) // MongoDB orders null lowest
	require.NoError(t, f.Err())
	assert.Equal(t, []string{"1|10", "3|30.5"}, rowsOf(t, f))

	ex, err := f.Explain()
	require.NoError(t, err)
	assert.Contains(t, ex, `getCollection("orders").aggregate([`)
	assert.Equal(t, 1, strings.Count(ex, "aggregate("), "one pipeline:\n%s", ex)
	assert.Contains(t, ex, `{"$match":`)
	assert.Contains(t, ex, `{"$project":{"_id":0,"id":1,"amount":1}}`)
}

func TestSampledSchema(t *testing.T) {
	e := newEngine(t)
	seedOrders(t, e.Database())
	f := mongoengine.Collection(context.Background(), e, "orders")
	require.NoError(t, f.Err())
	got := []string{}
	for _, fd := range f.Schema().Fields() {
		got = append(got, fd.Name+":"+plan.TypeName(fd.Type))
	}
	assert.Equal(t, []string{"_id:string", "id:int64", "customer:string", "amount:float64", "placed:timestamp[UTC]", "express:bool"}, got)
	assert.Len(t, rowsOf(t, f.Filter(frames.Col("express")).Select("id")), 2)
}

// TestGroupCount runs a $group with count(*) and sorts its keys.
func TestGroupCount(t *testing.T) {
	e := newEngine(t)
	seedOrders(t, e.Database())
	sc, err := mongoengine.SchemaOf[order]()
	require.NoError(t, err)
	f := mongoengine.Collection(context.Background(), e, "orders", frames.WithSchema(sc)).
		GroupBy("customer").Agg(frames.CountAll().Alias("n")).Sort(frames.Asc("customer").NullsFirst())
	require.NoError(t, f.Err())
	assert.Equal(t, []string{"ann|2", "bob|1", "cid|1"}, rowsOf(t, f))
}

// TestComputedColumnsRejectedAtBuild: what the pipeline cannot express
// fails when the frame is built, naming the engine and the function.
func TestComputedColumnsRejectedAtBuild(t *testing.T) {
	e := newEngine(t)
	sc, err := mongoengine.SchemaOf[order]()
	require.NoError(t, err)
	src := mongoengine.Collection(context.Background(), e, "orders", frames.WithSchema(sc))
	for name, f := range map[string]*frames.Frame{
		"arithmetic":       src.Select(frames.Col("amount").Mul(2)),
		"comparison value": src.Select(frames.Col("amount").Gt(2).Alias("big")),
		"column vs column": src.Filter(frames.Col("id").Gt(frames.Col("amount"))),
		"sum":              src.GroupBy("customer").Agg(frames.Col("amount").Sum()),
		"global count":     src.Agg(frames.CountAll()),
		"nulls last":       src.Sort("id"),
	} {
		err := f.Err()
		require.Error(t, err, name)
		assert.True(t, errors.Is(err, engine.ErrUnsupported), "%s: %v", name, err)
		assert.Contains(t, err.Error(), `"mongo"`, name)
	}
}

// TestWriteMongoRoundTrip writes an in-memory frame (run on the engine,
// so its rows go through a temporary collection) into a collection, reads
// it back through the engine, and checks on the server that Close dropped
// the temporary collection.
func TestWriteMongoRoundTrip(t *testing.T) {
	e := newEngine(t)
	ctx := context.Background()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "k", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range int64(5) {
		b.Field(0).(*array.Int64Builder).Append(i)
		if i == 2 {
			b.Field(1).AppendNull()
		} else {
			b.Field(1).(*array.StringBuilder).Append(strings.Repeat("x", int(i)))
		}
		b.Field(2).(*array.Date32Builder).Append(arrow.Date32(20_000 + i))
		lb := b.Field(3).(*array.ListBuilder)
		lb.Append(true)
		for j := range i {
			lb.ValueBuilder().(*array.Int64Builder).Append(j)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	in := frames.FromArrow(schema, []arrow.RecordBatch{rec}, frames.On(e)).Filter(frames.Col("k").Ge(1))
	defer in.Release()
	n, err := mongoengine.WriteMongo(ctx, in, e.Database().Collection("out"))
	require.NoError(t, err)
	assert.EqualValues(t, 4, n)

	back := mongoengine.Collection(ctx, e, "out", frames.WithSchema(schema)).Sort(frames.Asc("k").NullsFirst())
	assert.Equal(t, []string{
		"1|x|2024-10-05|[0]",
		"2|(null)|2024-10-06|[0,1]",
		"3|xxx|2024-10-07|[0,1,2]",
		"4|xxxx|2024-10-08|[0,1,2,3]",
	}, rowsOf(t, back))

	temps := func() []string {
		names, err := e.Database().ListCollectionNames(ctx, bson.D{})
		require.NoError(t, err)
		var out []string
		for _, n := range names {
			if strings.HasPrefix(n, "__sl_") {
				out = append(out, n)
			}
		}
		return out
	}
	assert.Len(t, temps(), 1, "the in-memory source is copied once")
	require.NoError(t, e.Close())
	assert.Empty(t, temps(), "Close drops the temporary collections")
}
