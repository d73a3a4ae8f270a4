package contract

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// bigRows is the size of the input of the streaming checks: several
// batches for any reasonable batch size.
const bigRows = 50_000

// runSeam checks the engine seam itself, independent of any operation.
func runSeam(t *testing.T, newEngine func(t *testing.T) engine.Engine) {
	t.Run("identity", func(t *testing.T) {
		eng, _ := newEngineFor(t, newEngine)
		assert.NotEmpty(t, eng.Name(), "Name")
		caps := eng.Capabilities()
		require.NotNil(t, caps, "Capabilities")
		assert.Contains(t, []string{"native", "stub", "sql", "custom"}, caps.Backend, "Capabilities.Backend")
		for _, op := range engine.Sorted(caps.Ops) {
			assert.Contains(t, engine.AllOps, op, "declared op is not a plan op")
		}
		for _, fn := range engine.Sorted(caps.Funcs) {
			assert.Contains(t, engine.AllFuncs, fn, "declared func is not a plan func")
		}
	})
	t.Run("unknown_node_is_unsupported", func(t *testing.T) {
		eng, mem := newEngineFor(t, newEngine)
		src := bigSource(t, mem, 10)
		node := &alienNode{in: src}
		checkRejected(t, eng, executeErr(context.Background(), eng, node),
			[]need{{"op", string(node.Op())}}, "Execute of an unknown node kind")
	})
	t.Run("cancel_before_execute", func(t *testing.T) {
		eng, mem := newEngineFor(t, newEngine)
		requireScan(t, eng)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := executeErr(ctx, eng, bigSource(t, mem, bigRows))
		require.Error(t, err, "Execute with a cancelled context must fail (in Execute or the reader)")
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("cancel_while_reading", func(t *testing.T) {
		eng, mem := newEngineFor(t, newEngine)
		requireScan(t, eng)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rdr, err := eng.Execute(ctx, bigSource(t, mem, bigRows))
		require.NoError(t, err)
		defer rdr.Release()
		require.True(t, rdr.Next(), "first batch: %v", rdr.Err())
		read := rdr.RecordBatch().NumRows()
		cancel()
		for rdr.Next() {
			read += rdr.RecordBatch().NumRows()
		}
		if read < bigRows {
			assert.ErrorIs(t, rdr.Err(), context.Canceled,
				"the stream stopped after %d of %d rows without reporting the cancellation", read, bigRows)
		} else {
			assert.True(t, rdr.Err() == nil || errors.Is(rdr.Err(), context.Canceled), "Err: %v", rdr.Err())
		}
	})
	t.Run("release_undrained_leaks_no_goroutines", func(t *testing.T) {
		eng, mem := newEngineFor(t, newEngine)
		requireScan(t, eng)
		src := bigSource(t, mem, bigRows)
		drain(t, eng, src) // warm up: lazily started pools are not leaks
		before := goGoroutines()
		for range 5 {
			rdr, err := eng.Execute(context.Background(), src)
			require.NoError(t, err)
			require.True(t, rdr.Next(), "first batch: %v", rdr.Err())
			rdr.Release()
		}
		after := goGoroutines()
		for deadline := time.Now().Add(3 * time.Second); after > before && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			after = goGoroutines()
		}
		if !assert.LessOrEqual(t, after, before, "goroutines after releasing 5 undrained streams") {
			buf := make([]byte, 1<<20)
			t.Logf("goroutines:\n%s", buf[:runtime.Stack(buf, true)])
		}
	})
}

// requireScan skips checks that need record sources on engines without
// them.
func requireScan(t *testing.T, eng engine.Engine) {
	if !eng.Capabilities().SupportsOp(plan.OpScanRecords) {
		t.Skipf("engine %q does not declare op %s", eng.Name(), plan.OpScanRecords)
	}
}

// drain runs root and reads it to its end.
func drain(t *testing.T, eng engine.Engine, root plan.Node) {
	t.Helper()
	require.NoError(t, executeErr(context.Background(), eng, root))
}

// bigSource is a record source of n rows (id int64, s string) in batches
// of 4096 rows.
func bigSource(t *testing.T, mem memory.Allocator, n int) *plan.Source {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	var recs []arrow.RecordBatch
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for start := 0; start < n; start += 4096 {
		for i := start; i < min(start+4096, n); i++ {
			b.Field(0).(*array.Int64Builder).Append(int64(i))
			b.Field(1).(*array.StringBuilder).Append("row")
		}
		rec := b.NewRecordBatch()
		t.Cleanup(rec.Release)
		recs = append(recs, rec)
	}
	return &plan.Source{Kind: plan.SourceRecords, ID: "contract-big-" + t.Name(), Records: recs, Out: schema}
}

// alienNode is a node kind no engine knows; engines must reject it.
type alienNode struct{ in plan.Node }

func (*alienNode) Op() plan.Op             { return "contract_alien" }
func (a *alienNode) Schema() *arrow.Schema { return a.in.Schema() }
func (a *alienNode) Inputs() []plan.Node   { return []plan.Node{a.in} }

// goGoroutines counts the goroutines Go code started. It leaves out the
// goroutines that stand for C threads which once called into Go (cgo
// callbacks, e.g. a database's worker threads reading an exported Arrow
// stream): the runtime keeps those parked "[syscall, locked to thread]"
// with no Go frames, and they come and go with the C thread pool, not with
// the engine's streams.
func goGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.TrimSpace(g) == "" {
			continue
		}
		lines := strings.Split(strings.TrimSpace(g), "\n")
		if strings.Contains(lines[0], "locked to thread") && len(lines) <= 3 && strings.HasPrefix(lines[1], "runtime.goexit") {
			continue
		}
		count++
	}
	return count
}
