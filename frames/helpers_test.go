package frames_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// recEngine records every call that would run something. It declares
// capabilities but cannot execute: the build-time tests use it to prove
// that frames check plans, and refuse to run broken ones, without the
// engine running anything.
type recEngine struct {
	name    string
	caps    engine.Capabilities
	execs   atomic.Int64
	infers  atomic.Int64
	schemas map[string]*arrow.Schema // InferSchema answers by table name / first path
}

func newRec(name string) *recEngine {
	return &recEngine{name: name, caps: engine.Capabilities{
		Backend: "custom",
		Ops:     engine.Set(engine.AllOps...), Funcs: engine.Set(engine.AllFuncs...), Aggs: engine.Set(engine.AllAggs...),
		Ranks: engine.Set(engine.AllRanks...), RunningAggs: engine.Set(engine.AllAggs...),
	}}
}

func (e *recEngine) Name() string                       { return e.name }
func (e *recEngine) Capabilities() *engine.Capabilities { return &e.caps }

var errRan = errors.New("recEngine: Execute called")

func (e *recEngine) Execute(context.Context, plan.Node) (array.RecordReader, error) {
	e.execs.Add(1)
	return nil, errRan
}

func (e *recEngine) InferSchema(_ context.Context, src *plan.Source) (*arrow.Schema, error) {
	e.infers.Add(1)
	key := src.Table
	if src.Kind == plan.SourceFile {
		key = src.Paths[0]
	}
	if s, ok := e.schemas[key]; ok {
		return s, nil
	}
	return nil, errors.New("no such source " + key)
}

// people is a small batch: id int64, name string (nullable), age int32,
// score float64 (nullable), dept string.
func people(t *testing.T, mem memory.Allocator) (*arrow.Schema, arrow.RecordBatch) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "age", Type: arrow.PrimitiveTypes.Int32},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "dept", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2, 3, 4, 5}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"ann", "bob", "", "dan", "eve"}, []bool{true, true, false, true, true})
	b.Field(2).(*array.Int32Builder).AppendValues([]int32{31, 45, 27, 45, 38}, nil)
	b.Field(3).(*array.Float64Builder).AppendValues([]float64{8.5, 6, 0, 9.25, 7}, []bool{true, true, false, true, true})
	b.Field(4).(*array.StringBuilder).AppendValues([]string{"eng", "ops", "eng", "eng", "ops"}, nil)
	return schema, b.NewRecordBatch()
}

// peopleOn is a frame over people on engine e, its data from a checked
// allocator: at cleanup the frame and batch are released and the allocator
// must be back to zero.
func peopleOn(t *testing.T, e engine.Engine) *frames.Frame {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	schema, rec := people(t, mem)
	t.Cleanup(rec.Release)
	src := frames.FromArrow(schema, []arrow.RecordBatch{rec}, frames.On(e))
	t.Cleanup(src.Release)
	return src
}
