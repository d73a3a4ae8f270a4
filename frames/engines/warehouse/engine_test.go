package warehouse_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/engines/warehouse"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/kernel"
	localwh "github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

const token = "dapi-frames-test"

var (
	i64 = arrow.PrimitiveTypes.Int64
	f64 = arrow.PrimitiveTypes.Float64
	str = arrow.BinaryTypes.String
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func col(n string) plan.Expr { return plan.ColumnRef{Name: n} }

func ne(name string, e plan.Expr) plan.NamedExpr { return plan.NamedExpr{Name: name, Expr: e} }

// env is a local warehouse (Databricks SQL over DuckDB) served in-process,
// a kernel connection to it and the engine on that connection.
type env struct {
	conn  *kernel.Conn
	e     *warehouse.Engine
	alloc *memory.CheckedAllocator
}

func newEnv(t *testing.T, opts ...warehouse.Option) *env {
	t.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	srv := localwh.New(eng, localwh.Config{Tokens: []string{token}})
	ts := httptest.NewServer(srv.Handler())
	cfg := kernel.NewConfig(kernel.WithHost(ts.URL), kernel.WithHTTPPath(srv.Config().HTTPPath()), kernel.WithAccessToken(token))
	cfg.Retry.MinWait = 10 * time.Millisecond
	cfg.Retry.MaxWait = time.Second
	conn, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	en := &env{conn: conn, e: warehouse.New(conn, opts...), alloc: memory.NewCheckedAllocator(memory.NewGoAllocator())}
	t.Cleanup(func() {
		require.NoError(t, conn.Close())
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
		en.alloc.AssertSize(t, 0)
	})
	en.exec(t, `CREATE TABLE main.default.trips AS SELECT CAST(id AS BIGINT) AS id, g, CAST(x AS DOUBLE) AS x FROM (VALUES
		(1, 'a', 1.5), (2, 'b', 2.0), (3, 'a', NULL), (4, NULL, 4.0), (5, 'b', 5.0), (6, 'a', 0.5)) AS t(id, g, x)`)
	return en
}

func (en *env) exec(t *testing.T, sql string) {
	t.Helper()
	rdr, err := en.conn.Query(context.Background(), sql)
	require.NoError(t, err, sql)
	rdr.Release()
}

func (en *env) trips() *plan.Source {
	return must(plan.NewSource(&plan.Source{Kind: plan.SourceTable, Table: "main.default.trips", Out: arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: i64, Nullable: true}, {Name: "g", Type: str, Nullable: true}, {Name: "x", Type: f64, Nullable: true},
	}, nil)}))
}

func (en *env) rows(t *testing.T, root plan.Node) []string {
	t.Helper()
	rdr, err := en.e.Execute(context.Background(), root)
	require.NoError(t, err)
	defer rdr.Release()
	var out []string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		require.True(t, rec.Schema().Equal(root.Schema()), "%s", rec.Schema())
		for i := 0; i < int(rec.NumRows()); i++ {
			vals := make([]string, rec.NumCols())
			for j, c := range rec.Columns() {
				vals[j] = strings.Clone(c.ValueStr(i))
			}
			out = append(out, strings.Join(vals, "|"))
		}
	}
	require.NoError(t, rdr.Err())
	return out
}

func TestTablePipeline(t *testing.T) {
	en := newEnv(t)
	src := en.trips()
	flt := must(plan.NewFilter(src, plan.Call{Fn: plan.FnNe, Args: []plan.Expr{col("g"), plan.Literal{Value: "b", Type: str}}}))
	srt := must(plan.NewSort(flt, []plan.SortKey{{Expr: col("x"), Desc: true}}, true))
	sl := must(plan.NewSlice(srt, 1, 2))
	require.Equal(t, []string{"6|a|0.5", "3|a|(null)"}, en.rows(t, sl))
	// Input order survives a slice before a filter.
	require.Equal(t, []string{"1|a|1.5", "3|a|(null)"}, en.rows(t, must(plan.NewFilter(must(plan.NewSlice(src, 0, 3)),
		plan.Call{Fn: plan.FnEq, Args: []plan.Expr{col("g"), plan.Literal{Value: "a", Type: str}}}))))

	agg := must(plan.NewAggregate(src, []plan.NamedExpr{ne("g", col("g"))}, []plan.NamedExpr{
		ne("n", plan.Agg{Fn: plan.AggCount}), ne("s", plan.Agg{Fn: plan.AggSum, Input: col("id")}),
		ne("m", plan.Agg{Fn: plan.AggMean, Input: col("x")}), ne("first", plan.Agg{Fn: plan.AggFirst, Input: col("id")}),
	}))
	got := en.rows(t, agg)
	sort.Strings(got)
	require.Equal(t, []string{"(null)|1|4|4|4", "a|3|10|1|1", "b|2|7|3.5|2"}, got)
}

func TestInlineRecordsAndJoin(t *testing.T) {
	en := newEnv(t)
	sc := arrow.NewSchema([]arrow.Field{{Name: "g", Type: str, Nullable: true}, {Name: "label", Type: str, Nullable: true}}, nil)
	rec, _, err := array.RecordFromJSON(en.alloc, sc, strings.NewReader(`[{"g": "a", "label": "it's A"}, {"g": "b", "label": "back\\slash"}]`))
	require.NoError(t, err)
	src := must(plan.NewSource(&plan.Source{Kind: plan.SourceRecords, Records: []arrow.RecordBatch{rec}, Out: sc}))
	rec.Release()
	defer src.Release()
	require.Equal(t, []string{`a|it's A`, `b|back\slash`}, en.rows(t, src))
	j := must(plan.NewJoin(en.trips(), src, plan.JoinInner, []string{"g"}, []string{"g"}, "_r", false))
	got := en.rows(t, j)
	sort.Strings(got)
	require.Equal(t, []string{"1|a|1.5|it's A", "2|b|2|back\\slash", "3|a|(null)|it's A", "5|b|5|back\\slash", "6|a|0.5|it's A"}, got)

	small := newEnv(t, warehouse.WithInlineRows(1))
	_, err = small.e.Execute(context.Background(), src)
	require.True(t, errors.Is(err, engine.ErrUnsupported), "%v", err)
	require.ErrorContains(t, err, "write it to a table")
	none := warehouse.New(small.conn, warehouse.WithInlineRows(0))
	require.False(t, none.Capabilities().SupportsOp(plan.OpScanRecords))
}

// TestInlineLimitIsABuildTimeCapability: an in-memory source larger than
// the engine's inline limit is refused when the frame is built (its Err),
// like every other capability, not when it runs.
func TestInlineLimitIsABuildTimeCapability(t *testing.T) {
	en := newEnv(t, warehouse.WithInlineRows(2))
	sc := arrow.NewSchema([]arrow.Field{{Name: "n", Type: i64}}, nil)
	source := func(json string) []arrow.RecordBatch {
		rec, _, err := array.RecordFromJSON(en.alloc, sc, strings.NewReader(json))
		require.NoError(t, err)
		t.Cleanup(rec.Release)
		return []arrow.RecordBatch{rec}
	}
	big := frames.FromArrow(sc, source(`[{"n": 1}, {"n": 2}, {"n": 3}]`), frames.On(en.e))
	defer big.Release()
	require.ErrorIs(t, big.Err(), engine.ErrUnsupported)
	require.ErrorContains(t, big.Err(), "source of 3 rows is over this engine's 2")
	require.EqualValues(t, 2, en.e.Capabilities().MaxRecordRows)

	fits := frames.FromArrow(sc, source(`[{"n": 1}, {"n": 2}]`), frames.On(en.e))
	defer fits.Release()
	require.NoError(t, fits.Err())
	n, err := fits.Count(context.Background())
	require.NoError(t, err)
	require.EqualValues(t, 2, n)
}

func TestExplainInferAndUnsupported(t *testing.T) {
	en := newEnv(t)
	sql, err := en.e.Explain(en.trips())
	require.NoError(t, err)
	require.Contains(t, sql, "FROM `main`.`default`.`trips`")
	sc, err := en.e.InferSchema(context.Background(), &plan.Source{Kind: plan.SourceTable, Table: "main.default.trips"})
	require.NoError(t, err)
	require.Equal(t, "id", sc.Field(0).Name)
	require.True(t, arrow.TypeEqual(i64, sc.Field(0).Type), "%s", sc.Field(0).Type)
	require.True(t, arrow.TypeEqual(str, sc.Field(1).Type), "%s", sc.Field(1).Type)
	require.False(t, en.e.Capabilities().SupportsOp(plan.OpScanIPC))
	ipcSrc := must(plan.NewSource(&plan.Source{Kind: plan.SourceFile, Format: plan.FormatIPC, Paths: []string{"/x.arrow"},
		Out: arrow.NewSchema([]arrow.Field{{Name: "k", Type: i64}}, nil)}))
	_, err = en.e.Execute(context.Background(), ipcSrc)
	require.True(t, errors.Is(err, engine.ErrUnsupported), "%v", err)
}

func TestCancel(t *testing.T) {
	en := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := en.e.Execute(ctx, en.trips())
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}
