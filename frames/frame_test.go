package frames_test

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/plan"
)

func schemaString(f *frames.Frame) string { return plan.SchemaString(f.Schema()) }

// assertNeverRuns checks that every terminal operation of a failed frame
// returns its build error and that the engine ran nothing.
func assertNeverRuns(t *testing.T, e *recEngine, f *frames.Frame) {
	t.Helper()
	ctx := context.Background()
	want := f.Err()
	if want == nil {
		t.Fatal("frame has no error")
	}
	if r, err := f.Stream(ctx); r != nil || !errors.Is(err, want) {
		t.Errorf("Stream = %v, %v; want the build error", r, err)
	}
	if _, err := f.ToArrow(ctx); !errors.Is(err, want) {
		t.Errorf("ToArrow error %v", err)
	}
	if _, err := f.Records(ctx); !errors.Is(err, want) {
		t.Errorf("Records error %v", err)
	}
	if _, err := f.Count(ctx); !errors.Is(err, want) {
		t.Errorf("Count error %v", err)
	}
	if _, err := frames.Collect[struct{ ID int64 }](ctx, f); !errors.Is(err, want) {
		t.Errorf("Collect error %v", err)
	}
	path := filepath.Join(t.TempDir(), "out.parquet")
	for _, w := range []func(context.Context, *frames.Frame, string, ...frames.Option) error{
		frames.WriteParquet, frames.WriteCSV, frames.WriteIPC, frames.WriteNDJSON,
	} {
		if err := w(ctx, f, path); !errors.Is(err, want) {
			t.Errorf("Write error %v", err)
		}
	}
	if n := e.execs.Load(); n != 0 {
		t.Errorf("engine executed %d times", n)
	}
}

func TestResolutionErrorIsStickyAndNothingRuns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	e := newRec("rec")
	src := peopleOn(t, e)
	if err := src.Err(); err != nil {
		t.Fatal(err)
	}
	bad := src.Filter(frames.Col("agee").Gt(30))
	err := bad.Err()
	if !errors.Is(err, frames.ErrColumnNotFound) || err.Error() != `frames: column "agee" not found (have: id, name, age, score, dept)` {
		t.Fatalf("err = %v", err)
	}
	later := bad.Select("id").Sort("id").Head(1)
	if later.Err() != err { //nolint:errorlint // the very same error value, not a wrapped one
		t.Fatalf("later transforms changed the error: %v", later.Err())
	}
	if later.Schema() != nil || later.Plan() != nil {
		t.Fatal("a failed frame has no schema or plan")
	}
	assertNeverRuns(t, e, later)

	typeErr := src.Filter(frames.Col("name").Eq(frames.Col("age")))
	if !errors.Is(typeErr.Err(), frames.ErrType) || !strings.Contains(typeErr.Err().Error(), `cannot compare string "name" with int32 "age"`) {
		t.Fatalf("type error = %v", typeErr.Err())
	}
	assertNeverRuns(t, e, typeErr)
}

func TestCapabilityErrorAtBuildTime(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	e := newRec("limited")
	delete(e.caps.Ops, plan.OpJoinFull)
	delete(e.caps.Aggs, plan.AggMedian)
	delete(e.caps.Ranks, plan.RankDense)
	delete(e.caps.Funcs, plan.FnWeekday)
	src := peopleOn(t, e)
	cases := []struct {
		f    *frames.Frame
		what string
	}{
		{src.Join(src.Select("id", "dept"), []string{"id"}, frames.Full), "op join_full"},
		{src.GroupBy("dept").Agg(frames.Col("age").Median()), "aggregate median"},
		{src.WithColumns(frames.DenseRank(frames.Desc("score")).Over("dept").Alias("r")), "window dense_rank"},
		{src.WithColumns(frames.Lit(arrowDate(2024, 1, 1)).Dt().Weekday().Alias("wd")), "func weekday"},
	}
	for _, tc := range cases {
		err := tc.f.Err()
		if !errors.Is(err, frames.ErrUnsupported) || !strings.Contains(err.Error(), `engine "limited" does not support `+tc.what) {
			t.Errorf("err = %v, want unsupported %s", err, tc.what)
			continue
		}
		out, xerr := tc.f.Explain()
		if xerr != err || !strings.Contains(out, "✗ unsupported: "+tc.what) || !strings.Contains(out, "[limited ✓]") { //nolint:errorlint // the very same error value
			t.Errorf("Explain = %q, %v", out, xerr)
		}
		assertNeverRuns(t, e, tc.f)
	}
	// The same plan moved to a capable engine works; moving a capable
	// plan to the limited engine checks every node.
	full := newRec("full")
	fullSrc := peopleOn(t, full)
	ok := fullSrc.GroupBy("dept").Agg(frames.Col("age").Median())
	if ok.Err() != nil {
		t.Fatal(ok.Err())
	}
	moved := ok.WithEngine(e)
	if !errors.Is(moved.Err(), frames.ErrUnsupported) || moved.Engine() != e {
		t.Fatalf("WithEngine: %v", moved.Err())
	}
	if back := ok.WithEngine(full); back.Err() != nil || back.Engine() != full {
		t.Fatalf("WithEngine(full): %v", back.Err())
	}
}

func arrowDate(y, m, d int) arrow.Date32 {
	return arrow.Date32(int32((y-1970)*365 + (y-1969)/4 + []int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}[m-1] + d - 1))
}

func TestSchemasDerivedAtBuildTime(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	e := newRec("rec")
	src := peopleOn(t, e)
	C := frames.Col
	cases := []struct {
		name string
		f    *frames.Frame
		want string
	}{
		{"select names and exprs", src.Select("id", C("age").Add(1), C("score").Mul(2).Alias("s2")), "id: int64, age: int32, s2: float64?"},
		{"with_columns replaces in place", src.WithColumns(C("age").Cast(arrow.PrimitiveTypes.Int64), C("id").Div(2).Alias("half")),
			"id: int64, name: string?, age: int64, score: float64?, dept: string, half: float64?"},
		{"exclude", src.SelectExclude("name", "score"), "id: int64, age: int32, dept: string"},
		{"drop", src.Drop("dept"), "id: int64, name: string?, age: int32, score: float64?"},
		{"rename", src.Rename(map[string]string{"name": "who", "id": "key"}), "key: int64, who: string?, age: int32, score: float64?, dept: string"},
		{"cast", src.CastColumns(map[string]arrow.DataType{"age": arrow.BinaryTypes.String}), "id: int64, name: string?, age: string, score: float64?, dept: string"},
		{"group_by", src.GroupBy("dept").Agg(frames.CountAll().Alias("n"), C("score").Mean(), C("age").Sum().Alias("years"), C("name").NUnique()),
			"dept: string, n: int64, score: float64?, years: int64?, name: int64"},
		{"global agg", src.Agg(C("age").Max().Sub(C("age").Min()).Alias("span")), "span: int32?"},
		{"when", src.Select(frames.When(C("age").Gt(40)).Then("senior").Otherwise("junior").Alias("band")), "band: string"},
		{"when without otherwise", src.Select(frames.When(C("age").Gt(40)).Then(1).Alias("x")), "x: int64?"},
		{"windows", src.Select("id", frames.RowNumber(frames.Asc("id")).Over("dept").Alias("rn"),
			frames.Lag("score", 1).Over("dept").OrderBy("id").Alias("prev"), C("age").CumSum().Over("dept").OrderBy("id").Alias("run"),
			C("score").Max().Over("dept").Alias("best")), "id: int64, rn: int64, prev: float64?, run: int64?, best: float64?"},
		{"string and date funcs", src.Select(C("name").Str().Upper(), C("dept").Str().Len().Alias("n"), C("name").Str().Slice(1, 2).Alias("s")),
			"name: string?, n: int64, s: string?"},
		{"fill null", src.FillNull(0), "id: int64, name: string?, age: int32, score: float64?, dept: string"},
		{"join", src.Join(src.Select("id", "dept"), []string{"id"}, frames.Left, frames.Suffix("_2")),
			"id: int64, name: string?, age: int32, score: float64?, dept: string, dept_2: string?"},
		{"semi", src.Join(src.Select("id"), []string{"id"}, frames.Semi), "id: int64, name: string?, age: int32, score: float64?, dept: string"},
		{"cross", src.Select("id").CrossJoin(src.Select("id")), "id: int64, id_right: int64"},
		{"pivot", src.Pivot([]string{"dept"}, "age", []any{45, 31}, "score", frames.AggMax), "dept: string, 45: float64?, 31: float64?"},
		{"melt", src.Melt([]string{"id"}, []string{"name", "dept"}, "", ""), "id: int64, variable: string, value: string?"},
		{"concat", frames.ConcatVertical(src, src, src), "id: int64, name: string?, age: int32, score: float64?, dept: string"},
		{"hconcat", frames.ConcatHorizontal(src.Select("id"), src.Select("dept")), "id: int64?, dept: string?"},
		{"union", src.Select("dept").Union(src.Select("dept")), "dept: string"},
		{"unique tail", src.Unique(frames.KeepFirst, "dept").Tail(1), "id: int64, name: string?, age: int32, score: float64?, dept: string"},
	}
	for _, tc := range cases {
		if err := tc.f.Err(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := schemaString(tc.f); got != tc.want {
			t.Errorf("%s: schema [%s], want [%s]", tc.name, got, tc.want)
		}
	}
	if n := e.execs.Load(); n != 0 {
		t.Fatalf("building ran the engine %d times", n)
	}
}

func TestBuildErrors(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	e := newRec("rec")
	src := peopleOn(t, e)
	C := frames.Col
	cases := []struct {
		name string
		f    *frames.Frame
		kind error
		msg  string
	}{
		{"duplicate output", src.Select(C("age"), C("age").Add(1)), frames.ErrInvalid, `duplicate output column "age"`},
		{"aggregate in select", src.Select(C("age").Sum()), frames.ErrInvalid, "outside group_by"},
		{"bare column in agg", src.GroupBy("dept").Agg(C("age")), frames.ErrInvalid, `"age" (age) has no aggregate`},
		{"bad literal", src.Filter(C("age").Gt(struct{}{})), frames.ErrType, "Lit: unsupported Go value"},
		{"drop missing", src.Drop("nope"), frames.ErrColumnNotFound, `column "nope" not found`},
		{"rename missing", src.Rename(map[string]string{"nope": "x"}), frames.ErrColumnNotFound, `"nope" not found`},
		{"rename clash", src.Rename(map[string]string{"name": "id"}), frames.ErrInvalid, `duplicate output column "id"`},
		{"over non-aggregate", src.Select(C("age").Over("dept")), frames.ErrInvalid, "Over applies to aggregates and window functions"},
		{"running without order", src.Select(C("age").CumSum().Over("dept")), frames.ErrInvalid, "running sum needs an order"},
		{"join key types", src.Join(src.Select(C("id").Cast(arrow.BinaryTypes.String)), []string{"id"}, frames.Inner), frames.ErrType, `join: cannot compare int64 "id" with string "id"`},
		{"set op schemas", src.Union(src.Select("id")), frames.ErrType, "union: right input"},
		{"explode non-list", src.Explode("dept"), frames.ErrType, "explode needs a list column"},
		{"fill null no fit", src.Select("dept").FillNull(1.5), frames.ErrType, "fits no column"},
		{"date_trunc unit", src.Select(C("age").Dt().Truncate("day")), frames.ErrType, "date_trunc needs a date or timestamp"},
		{"string func on int", src.Select(C("age").Str().Lower()), frames.ErrType, `lower needs a string, got int32 "age"`},
		{"error in right input", src.Join(src.Filter(C("x").Eq(1)), []string{"id"}, frames.Inner), frames.ErrColumnNotFound, `"x" not found`},
	}
	for _, tc := range cases {
		err := tc.f.Err()
		if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: err = %v, want %v containing %q", tc.name, err, tc.kind, tc.msg)
		}
	}
	if n := e.execs.Load(); n != 0 {
		t.Fatalf("engine executed %d times", n)
	}
}

func TestExprNamesAndStrings(t *testing.T) {
	C := frames.Col
	cases := []struct {
		x          frames.Expr
		name, text string
	}{
		{C("a").Add(1), "a", "(a + 1)"},
		{frames.Lit(2).Mul(C("b")), "b", "(2 * b)"},
		{frames.Lit("x"), "literal", `"x"`},
		{frames.CountAll(), "count", "count(*)"},
		{C("v").Sum().Alias("total"), "total", "sum(v) AS total"},
		{frames.RowNumber().Over("g"), "row_number", "row_number() OVER (PARTITION BY g)"},
		{C("a").In(1, 2, nil), "a", "a IN (1, 2, NULL)"},
		{C("s").Str().Contains("x").Not(), "s", `NOT contains(s, "x")`},
		{frames.Coalesce(C("a"), 0), "a", "coalesce(a, 0)"},
		{C("a").IsNull().Or(C("b").EqNullSafe(C("c"))), "a", "(a IS NULL OR (b <=> c))"},
	}
	for _, tc := range cases {
		if tc.x.Name() != tc.name || tc.x.String() != tc.text {
			t.Errorf("Name %q String %q, want %q %q", tc.x.Name(), tc.x.String(), tc.name, tc.text)
		}
	}
}

func TestDefaultEngineAndSources(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	e := newRec("rec")
	frames.SetDefault(e)
	defer frames.SetDefault(nil)
	if d, err := frames.Default(); err != nil || d != e {
		t.Fatalf("Default = %v, %v", d, err)
	}
	schema, rec := people(t, mem)
	defer rec.Release()
	f := frames.FromArrow(schema, []arrow.RecordBatch{rec})
	defer f.Release()
	if f.Engine() != e {
		t.Fatalf("FromArrow used %v, want the default", f.Engine())
	}
	other := newRec("other")
	if g := frames.FromArrow(schema, []arrow.RecordBatch{rec}, frames.On(other)); g.Engine() != other {
		t.Fatal("On ignored")
	} else {
		g.Release()
	}

	ctx := context.Background()
	e.schemas = map[string]*arrow.Schema{"data.parquet": schema, "main.people": schema}
	p := frames.ScanParquet(ctx, []string{"data.parquet"})
	if p.Err() != nil || schemaString(p) != plan.SchemaString(schema) || e.infers.Load() != 1 {
		t.Fatalf("ScanParquet: %v", p.Err())
	}
	tb := frames.Table(ctx, "main.people")
	if tb.Err() != nil || tb.Plan().Op() != plan.OpScanTable {
		t.Fatalf("Table: %v", tb.Err())
	}
	given := frames.ScanCSV(ctx, []string{"x.csv"}, frames.WithSchema(schema), frames.WithCSVDelimiter(';'))
	src := given.Plan().(*plan.Source)
	if given.Err() != nil || e.infers.Load() != 2 || src.CSVDelimiter != ';' || !src.CSVHeader {
		t.Fatalf("ScanCSV with schema: %v (infers %d)", given.Err(), e.infers.Load())
	}
	if missing := frames.ScanNDJSON(ctx, []string{"nope.json"}); !strings.Contains(missing.Err().Error(), "no such source nope.json") {
		t.Fatalf("inference error: %v", missing.Err())
	}
	mismatched := frames.FromArrow(arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.RecordBatch{rec})
	if !errors.Is(mismatched.Err(), frames.ErrType) {
		t.Fatalf("FromArrow with a mismatched schema: %v", mismatched.Err())
	}
	if e.execs.Load() != 0 {
		t.Fatal("sources executed")
	}
}

// TestSeam: the frames package reaches engines only through the engine
// interfaces — it never imports DuckDB or an engine implementation.
func TestSeam(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/sealane/sealane/frames").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "duckdb") || strings.HasPrefix(dep, "github.com/sealane/sealane/frames/engines/") ||
			strings.HasPrefix(dep, "github.com/sealane/sealane/frames/sqlgen") {
			t.Errorf("frames depends on %s", dep)
		}
	}
}
