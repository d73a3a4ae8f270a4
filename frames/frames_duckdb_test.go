package frames_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
	_ "github.com/sealane/sealane/frames/engines/duckdb"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/rows"
)

type person struct {
	ID    int64    `frame:"id"`
	Name  *string  `frame:"name"`
	Age   int32    `frame:"age"`
	Score *float64 `frame:"score"`
	Dept  string   `frame:"dept"`
}

func ptr[T any](v T) *T { return &v }

func team() []person {
	return []person{
		{1, ptr("ann"), 31, ptr(8.5), "eng"},
		{2, ptr("bob"), 45, ptr(6.0), "ops"},
		{3, nil, 27, nil, "eng"},
		{4, ptr("dan"), 45, ptr(9.25), "eng"},
		{5, ptr("eve"), 38, ptr(7.0), "ops"},
	}
}

// counting wraps the real DuckDB engine and counts executions.
type counting struct {
	engine.Engine
	execs atomic.Int64
}

func (c *counting) Execute(ctx context.Context, root plan.Node) (array.RecordReader, error) {
	c.execs.Add(1)
	return c.Engine.Execute(ctx, root)
}

func duck(t *testing.T) engine.Engine {
	t.Helper()
	e, err := frames.Default()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDuckDBIsTheDefault(t *testing.T) {
	e := duck(t)
	if e.Name() != "duckdb" {
		t.Fatalf("default engine %q", e.Name())
	}
	if again := duck(t); again != e {
		t.Fatal("Default opened a second engine")
	}
}

func TestDuckDBTypedPipeline(t *testing.T) {
	ctx := context.Background()
	src := frames.FromRows(team())
	defer src.Release()
	type row struct {
		Dept  string   `frame:"dept"`
		N     int64    `frame:"n"`
		Mean  *float64 `frame:"mean_score"`
		Years *int64   `frame:"years"`
	}
	f := src.Filter(frames.Col("age").Ge(30)).
		GroupBy("dept").
		Agg(frames.CountAll().Alias("n"), frames.Col("score").Mean().Alias("mean_score"), frames.Col("age").Sum().Alias("years")).
		Sort("dept")
	got, err := frames.Collect[row](ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Dept != "eng" || got[0].N != 2 || *got[0].Mean != 8.875 || *got[0].Years != 76 ||
		got[1].Dept != "ops" || got[1].N != 2 || *got[1].Mean != 6.5 || *got[1].Years != 83 {
		t.Fatalf("got %+v", got)
	}
}

func TestDuckDBCollectChecksTypeBeforeRunning(t *testing.T) {
	c := &counting{Engine: duck(t)}
	src := frames.FromRows(team(), frames.On(c))
	defer src.Release()
	type wrong struct {
		ID    int64   `frame:"id"`
		Score float64 `frame:"score"` // nullable column into a non-pointer field
	}
	_, err := frames.Collect[wrong](context.Background(), src.Select("id", "score"))
	if err == nil || !strings.Contains(err.Error(), "score") {
		t.Fatalf("Collect into a mismatched struct: %v", err)
	}
	if c.execs.Load() != 0 {
		t.Fatal("Collect ran the plan before checking the type")
	}
	n, err := src.Count(context.Background())
	if err != nil || n != 5 || c.execs.Load() != 1 {
		t.Fatalf("Count = %d, %v (execs %d)", n, err, c.execs.Load())
	}
}

func TestDuckDBExpressionsAndNulls(t *testing.T) {
	ctx := context.Background()
	src := frames.FromRows(team())
	defer src.Release()
	C := frames.Col
	type out struct {
		ID     int64    `frame:"id"`
		Band   string   `frame:"band"`
		Upper  *string  `frame:"upper"`
		Known  string   `frame:"known"`
		InSet  bool     `frame:"in_set"`
		Bonus  *float64 `frame:"bonus"`
		IsNull bool     `frame:"no_score"`
	}
	f := src.Select(
		"id",
		frames.When(C("age").Gt(40)).Then("senior").When(C("age").Gt(30)).Then("mid").Otherwise("junior").Alias("band"),
		C("name").Str().Upper().Alias("upper"),
		frames.Coalesce(C("name"), "?").Alias("known"),
		C("id").In(1, 3, 5).Alias("in_set"),
		C("score").Mul(C("age")).Div(10).Alias("bonus"),
		C("score").IsNull().Alias("no_score"),
	).Sort("id")
	got, err := frames.Collect[out](ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("%d rows", len(got))
	}
	want := []struct {
		band, known string
		in          bool
		bonus       float64 // NaN: NULL
	}{{"mid", "ann", true, 26.35}, {"senior", "bob", false, 27}, {"junior", "?", true, math.NaN()}, {"senior", "dan", false, 41.625}, {"mid", "eve", true, 26.6}}
	for i, w := range want {
		g := got[i]
		if g.Band != w.band || g.Known != w.known || g.InSet != w.in {
			t.Errorf("row %d: %+v", i, g)
		}
		if math.IsNaN(w.bonus) != (g.Bonus == nil) || (g.Bonus != nil && math.Abs(*g.Bonus-w.bonus) > 1e-9) {
			t.Errorf("row %d bonus %v, want %v", i, g.Bonus, w.bonus)
		}
		if g.IsNull != (i == 2) || (g.Upper == nil) != (i == 2) {
			t.Errorf("row %d null handling: %+v", i, g)
		}
	}
}

func TestDuckDBWindowsAndJoins(t *testing.T) {
	ctx := context.Background()
	src := frames.FromRows(team())
	defer src.Release()
	C := frames.Col
	type ranked struct {
		ID   int64  `frame:"id"`
		Rank int64  `frame:"rk"`
		Run  *int64 `frame:"run"`
	}
	w := src.Select("id",
		frames.Rank(frames.Desc("age")).Over("dept").Alias("rk"),
		C("age").CumSum().Over("dept").OrderBy("id").Alias("run"),
	).Sort("id")
	got, err := frames.Collect[ranked](ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	wantRank := []int64{2, 1, 3, 1, 2}
	wantRun := []int64{31, 45, 58, 103, 83}
	for i, g := range got {
		if g.Rank != wantRank[i] || *g.Run != wantRun[i] {
			t.Errorf("row %d: rank %d run %d, want %d %d", i, g.Rank, *g.Run, wantRank[i], wantRun[i])
		}
	}

	depts := frames.FromColumns([]rows.Column{{Name: "dept", Values: []string{"eng", "hr"}}, {Name: "floor", Values: []int64{3, 5}}},
		arrow.NewSchema([]arrow.Field{{Name: "dept", Type: arrow.BinaryTypes.String}, {Name: "floor", Type: arrow.PrimitiveTypes.Int64}}, nil))
	if depts.Err() != nil {
		t.Fatal(depts.Err())
	}
	defer depts.Release()
	j := src.Join(depts, []string{"dept"}, frames.Left).Select("id", "floor").Sort("id")
	type jr struct {
		ID    int64  `frame:"id"`
		Floor *int64 `frame:"floor"`
	}
	jrows, err := frames.Collect[jr](ctx, j)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range jrows {
		eng := r.ID == 1 || r.ID == 3 || r.ID == 4
		if eng != (r.Floor != nil) || (eng && *r.Floor != 3) {
			t.Errorf("left join row %+v", r)
		}
	}
	anti, err := src.Join(depts, []string{"dept"}, frames.Anti).Count(ctx)
	if err != nil || anti != 2 {
		t.Fatalf("anti join count %d, %v", anti, err)
	}
}

func TestDuckDBReaderSourceIsReusable(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	schema, rec := people(t, mem)
	r, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec, rec})
	rec.Release()
	if err != nil {
		t.Fatal(err)
	}
	f := frames.FromReader(ctx, r)
	r.Release()
	defer f.Release()
	for i := 0; i < 3; i++ {
		n, err := f.Filter(frames.Col("dept").Eq("eng")).Count(ctx)
		if err != nil || n != 6 {
			t.Fatalf("run %d: count %d, %v", i, n, err)
		}
	}
	tbl, err := f.Sort(frames.Desc("age"), "id").Head(3).ToArrow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != 3 || !tbl.Schema().Equal(f.Sort("id").Schema()) {
		t.Fatalf("ToArrow: %d rows, schema %v", tbl.NumRows(), tbl.Schema())
	}
}

func TestDuckDBSinksAndScans(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := frames.FromRows(team())
	defer src.Release()
	f := src.WithColumns(frames.Col("age").Mul(2).Alias("twice"))
	pq := filepath.Join(dir, "team.parquet")
	if err := frames.WriteParquet(ctx, f, pq, frames.WithCompression("zstd")); err != nil {
		t.Fatal(err)
	}
	back := frames.ScanParquet(ctx, []string{pq})
	if back.Err() != nil {
		t.Fatal(back.Err())
	}
	if got := plan.SchemaString(back.Schema()); !strings.HasPrefix(got, "id: int64") || !strings.Contains(got, "twice: int32") {
		t.Fatalf("parquet schema [%s]", got)
	}
	if n, err := back.Filter(frames.Col("twice").Gt(80)).Count(ctx); err != nil || n != 2 {
		t.Fatalf("parquet filter count %d, %v", n, err)
	}
	csvPath := filepath.Join(dir, "team.csv")
	if err := frames.WriteCSV(ctx, f.Select("id", "dept"), csvPath); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(csvPath)
	if lines := strings.Split(strings.TrimSpace(string(text)), "\n"); len(lines) != 6 || lines[0] != "id,dept" {
		t.Fatalf("csv:\n%s", text)
	}
	// DuckDB does not write Arrow IPC itself: frames streams it through
	// frames/sink.
	ipcPath := filepath.Join(dir, "team.arrow")
	if err := frames.WriteIPC(ctx, f, ipcPath); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(ipcPath)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	ir, err := ipc.NewFileReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	defer ir.Close()
	total := int64(0)
	for i := 0; i < ir.NumRecords(); i++ {
		rec, err := ir.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		total += rec.NumRows()
	}
	if total != 5 || ir.Schema().Field(5).Name != "twice" {
		t.Fatalf("ipc: %d rows, schema %v", total, ir.Schema())
	}
}

func TestDuckDBExplain(t *testing.T) {
	src := frames.FromRows(team())
	defer src.Release()
	out, err := src.Filter(frames.Col("age").Gt(30)).GroupBy("dept").Agg(frames.Col("score").Max()).Explain()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"group_by keys=[dept] aggs=[max(score) AS score]", "  filter (age > 30)", "[duckdb ✓]", "-- duckdb:", "SELECT"} {
		if !strings.Contains(out, want) {
			t.Errorf("Explain lacks %q:\n%s", want, out)
		}
	}
}

func TestDuckDBCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := frames.FromRows(team())
	defer src.Release()
	_, err := src.Count(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Count with a cancelled context: %v", err)
	}
}
