package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func src(t *testing.T, fields ...arrow.Field) *Source {
	t.Helper()
	s, err := NewSource(&Source{Kind: SourceTable, Table: "t", Out: arrow.NewSchema(fields, nil)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fld(name string, dt arrow.DataType, nullable bool) arrow.Field {
	return arrow.Field{Name: name, Type: dt, Nullable: nullable}
}

var (
	i64T  = arrow.PrimitiveTypes.Int64
	i32T  = arrow.PrimitiveTypes.Int32
	f64T  = arrow.PrimitiveTypes.Float64
	strT  = arrow.BinaryTypes.String
	boolT = arrow.FixedWidthTypes.Boolean
)

// wantErr asserts err matches kind and contains msg.
func wantErr(t *testing.T, err, kind error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v containing %q", kind, msg)
	}
	if !errors.Is(err, kind) || !strings.Contains(err.Error(), msg) {
		t.Fatalf("error %q, want %v containing %q", err, kind, msg)
	}
}

func wantSchema(t *testing.T, n Node, want string) {
	t.Helper()
	if got := SchemaString(n.Schema()); got != want {
		t.Fatalf("schema [%s], want [%s]", got, want)
	}
}

func TestNewSource(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{fld("a", i64T, false)}, nil)
	b := array.NewRecordBuilder(mem, schema)
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	rec := b.NewRecordBatch()
	b.Release()
	s, err := NewSource(&Source{Kind: SourceRecords, Records: []arrow.RecordBatch{rec}, Out: schema})
	if err != nil {
		t.Fatal(err)
	}
	rec.Release() // the source holds its own reference
	if s.ID == "" || s.Op() != OpScanRecords || s.Records[0].NumRows() != 2 {
		t.Fatalf("source = %+v", s)
	}
	s.Release()
	s.Release() // idempotent

	other := arrow.NewSchema([]arrow.Field{fld("b", i64T, false)}, nil)
	b = array.NewRecordBuilder(mem, other)
	rec = b.NewRecordBatch()
	b.Release()
	_, err = NewSource(&Source{Kind: SourceRecords, Records: []arrow.RecordBatch{rec}, Out: schema})
	rec.Release()
	wantErr(t, err, ErrType, "record batch 0: column 0 is b int64, want a int64")

	_, err = NewSource(&Source{Kind: SourceTable, Table: "t", Out: arrow.NewSchema([]arrow.Field{fld("u", arrow.PrimitiveTypes.Uint64, false)}, nil)})
	wantErr(t, err, ErrType, `column "u" has unsupported type uint64`)
	_, err = NewSource(&Source{Kind: SourceTable, Table: "t", Out: arrow.NewSchema([]arrow.Field{fld("a", i64T, false), fld("a", i64T, false)}, nil)})
	wantErr(t, err, ErrInvalid, `duplicate column name "a"`)
	_, err = NewSource(&Source{Kind: SourceFile, Format: FormatParquet, Out: schema})
	wantErr(t, err, ErrInvalid, "parquet scan without paths")
	_, err = NewSource(&Source{Kind: SourceFile, Format: "xlsx", Paths: []string{"x"}, Out: schema})
	wantErr(t, err, ErrInvalid, `unknown file format "xlsx"`)
	_, err = NewSource(&Source{Kind: SourceTable, Out: schema})
	wantErr(t, err, ErrInvalid, "without a table name")
	f, err := NewSource(&Source{Kind: SourceFile, Format: FormatCSV, Paths: []string{"a.csv"}, Out: schema})
	if err != nil || f.Op() != OpScanCSV {
		t.Fatalf("csv source: %v %v", f, err)
	}
}

func TestNewProject(t *testing.T) {
	in := src(t, fld("a", i32T, false), fld("b", strT, true), fld("g", strT, false))
	p, err := NewProject(in, OpSelect, []NamedExpr{
		{Name: "a", Expr: c("a")},
		{Name: "a2", Expr: fn(FnMul, c("a"), ulit(int64(2)))},
		{Name: "up", Expr: fn(FnUpper, c("b"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, p, "a: int32, a2: int32, up: string?")
	if p.Op() != OpSelect {
		t.Fatalf("op %s", p.Op())
	}
	w, err := NewProject(in, OpWithColumns, []NamedExpr{{Name: "rn", Expr: Window{Rank: RankRowNumber, PartitionBy: []Expr{c("g")}}}})
	if err != nil || w.Op() != OpWindow {
		t.Fatalf("window projection: op %v err %v", w, err)
	}
	_, err = NewProject(in, OpSelect, []NamedExpr{{Name: "a", Expr: c("a")}, {Name: "a", Expr: c("b")}})
	wantErr(t, err, ErrInvalid, `duplicate output column "a"`)
	_, err = NewProject(in, OpSelect, []NamedExpr{{Name: "s", Expr: Agg{Fn: AggSum, Input: c("a")}}})
	wantErr(t, err, ErrInvalid, "aggregate in sum(a) outside group_by")
	_, err = NewProject(in, OpSelect, []NamedExpr{{Name: "x", Expr: null()}})
	wantErr(t, err, ErrType, `column "x" is an untyped NULL`)
	_, err = NewProject(in, OpSelect, []NamedExpr{{Name: "x", Expr: c("zz")}})
	wantErr(t, err, ErrColumnNotFound, `column "zz" not found (have: a, b, g)`)
	_, err = NewProject(in, OpFilter, nil)
	wantErr(t, err, ErrInvalid, "not a projection")
}

func TestNewFilterSortDistinctSlice(t *testing.T) {
	in := src(t, fld("a", i32T, false), fld("b", strT, true), fld("l", arrow.ListOf(i64T), true))
	if _, err := NewFilter(in, fn(FnGt, c("a"), ulit(int64(1)))); err != nil {
		t.Fatal(err)
	}
	_, err := NewFilter(in, c("a"))
	wantErr(t, err, ErrType, "filter needs a bool predicate, got int32 a")
	_, err = NewFilter(in, fn(FnGt, Agg{Fn: AggCount}, ulit(int64(1))))
	wantErr(t, err, ErrInvalid, "compute it with WithColumns first")

	s, err := NewSort(in, []SortKey{{Expr: c("b"), Desc: true, NullsFirst: true}}, true)
	if err != nil || !s.Stable || !s.Keys[0].Desc {
		t.Fatalf("sort %+v %v", s, err)
	}
	_, err = NewSort(in, nil, false)
	wantErr(t, err, ErrInvalid, "sort without keys")
	_, err = NewSort(in, []SortKey{{Expr: c("l")}}, false)
	wantErr(t, err, ErrType, "cannot order by list<int64> l")

	d, err := NewDistinct(in, []string{"a"}, "")
	if err != nil || d.Keep != KeepAny {
		t.Fatalf("distinct %+v %v", d, err)
	}
	_, err = NewDistinct(in, []string{"q"}, KeepFirst)
	wantErr(t, err, ErrColumnNotFound, `"q" not found`)
	_, err = NewDistinct(in, nil, "most")
	wantErr(t, err, ErrInvalid, `unknown keep "most"`)

	sl, err := NewSlice(in, -3, 3)
	if err != nil || sl.Offset != -3 {
		t.Fatal(err)
	}
	dn, err := NewDropNulls(in, []string{"b"})
	if err != nil || dn.Subset[0] != "b" {
		t.Fatal(err)
	}
	_, err = NewDropNulls(in, []string{"b", "b"})
	wantErr(t, err, ErrInvalid, `column "b" listed twice`)
}

func TestNewFillNull(t *testing.T) {
	in := src(t, fld("a", i32T, true), fld("x", f64T, true), fld("s", strT, true))
	zero := Literal{Value: int64(0), Type: i64T, Untyped: true}
	f, err := NewFillNull(in, FillValue, &zero, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Columns, ",") != "a,x" || f.Value.Untyped {
		t.Fatalf("columns %v value %+v", f.Columns, f.Value)
	}
	wantSchema(t, f, "a: int32?, x: float64?, s: string?")
	txt := Literal{Value: "?", Type: strT}
	f, err = NewFillNull(in, FillValue, &txt, nil)
	if err != nil || strings.Join(f.Columns, ",") != "s" {
		t.Fatalf("string fill: %v %v", f, err)
	}
	_, err = NewFillNull(in, FillValue, &txt, []string{"a"})
	wantErr(t, err, ErrType, `fill_null: value "?" does not fit int32 "a"`)
	f, err = NewFillNull(in, FillForward, nil, nil)
	if err != nil || len(f.Columns) != 3 {
		t.Fatalf("forward: %v %v", f, err)
	}
	_, err = NewFillNull(in, FillMean, nil, []string{"s"})
	wantErr(t, err, ErrType, `mean does not fit string "s"`)
	_, err = NewFillNull(in, FillValue, nil, nil)
	wantErr(t, err, ErrInvalid, "needs a non-NULL value")
	_, err = NewFillNull(in, "guess", nil, nil)
	wantErr(t, err, ErrInvalid, "unknown strategy")
	half := Literal{Value: 0.5, Type: f64T, Untyped: true}
	f, err = NewFillNull(in, FillValue, &half, nil)
	if err != nil || strings.Join(f.Columns, ",") != "x" {
		t.Fatalf("untyped float fills only floats: %v %v", f, err)
	}
}

func TestNewJoin(t *testing.T) {
	l := src(t, fld("id", i64T, false), fld("name", strT, false), fld("v", i64T, false))
	r := src(t, fld("id", i32T, false), fld("v", f64T, false), fld("w", strT, true))
	cases := []struct {
		kind JoinKind
		want string
	}{
		{JoinInner, "id: int64, name: string, v: int64, v_right: float64, w: string?"},
		{JoinLeft, "id: int64, name: string, v: int64, v_right: float64?, w: string?"},
		{JoinRight, "id: int64, name: string?, v: int64?, v_right: float64, w: string?"},
		{JoinFull, "id: int64, name: string?, v: int64?, v_right: float64?, w: string?"},
		{JoinSemi, "id: int64, name: string, v: int64"},
		{JoinAnti, "id: int64, name: string, v: int64"},
	}
	for _, tc := range cases {
		j, err := NewJoin(l, r, tc.kind, []string{"id"}, []string{"id"}, "", false)
		if err != nil {
			t.Fatalf("%s: %v", tc.kind, err)
		}
		if j.Op() != Op("join_"+string(tc.kind)) {
			t.Fatalf("op %s", j.Op())
		}
		wantSchema(t, j, tc.want)
	}
	x, err := NewJoin(l, r, JoinCross, nil, nil, "_r", false)
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, x, "id: int64, name: string, v: int64, id_r: int32, v_r: float64, w: string?")

	_, err = NewJoin(l, r, JoinInner, []string{"name"}, []string{"id"}, "", false)
	wantErr(t, err, ErrType, `join: cannot compare string "name" with int32 "id"`)
	_, err = NewJoin(l, r, JoinInner, []string{"nope"}, []string{"id"}, "", false)
	wantErr(t, err, ErrColumnNotFound, "(left side of the join)")
	_, err = NewJoin(l, r, JoinLeft, []string{"id"}, []string{"nope"}, "", false)
	wantErr(t, err, ErrColumnNotFound, "(right side of the join)")
	_, err = NewJoin(l, r, JoinInner, []string{"id"}, nil, "", false)
	wantErr(t, err, ErrInvalid, "as many left keys as right keys")
	_, err = NewJoin(l, r, JoinCross, []string{"id"}, []string{"id"}, "", false)
	wantErr(t, err, ErrInvalid, "cross join takes no keys")
	l2 := src(t, fld("id", i64T, false), fld("v", i64T, false), fld("v_right", i64T, false))
	_, err = NewJoin(l2, r, JoinInner, []string{"id"}, []string{"id"}, "", false)
	wantErr(t, err, ErrInvalid, `column "v_right" exists on both sides`)
}

func TestNewAggregate(t *testing.T) {
	in := src(t, fld("g", strT, true), fld("x", i32T, true), fld("y", f64T, false))
	a, err := NewAggregate(in, []NamedExpr{{Name: "g", Expr: c("g")}}, []NamedExpr{
		{Name: "n", Expr: Agg{Fn: AggCount}},
		{Name: "sx", Expr: Agg{Fn: AggSum, Input: c("x")}},
		{Name: "range", Expr: fn(FnSub, Agg{Fn: AggMax, Input: c("y")}, Agg{Fn: AggMin, Input: c("y")})},
		{Name: "m", Expr: Agg{Fn: AggMean, Input: c("y")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, a, "g: string?, n: int64, sx: int64?, range: float64?, m: float64?")
	_, err = NewAggregate(in, nil, []NamedExpr{{Name: "x", Expr: c("x")}})
	wantErr(t, err, ErrInvalid, `"x" (x) has no aggregate`)
	_, err = NewAggregate(in, nil, []NamedExpr{{Name: "z", Expr: fn(FnAdd, Agg{Fn: AggSum, Input: c("x")}, c("x"))}})
	wantErr(t, err, ErrInvalid, `column "x" is used outside an aggregate`)
	_, err = NewAggregate(in, []NamedExpr{{Name: "k", Expr: Agg{Fn: AggCount}}}, nil)
	wantErr(t, err, ErrInvalid, `key "k" is an aggregate`)
	_, err = NewAggregate(in, []NamedExpr{{Name: "g", Expr: c("g")}}, []NamedExpr{{Name: "g", Expr: Agg{Fn: AggCount}}})
	wantErr(t, err, ErrInvalid, `duplicate output column "g"`)
	_, err = NewAggregate(in, nil, []NamedExpr{{Name: "s", Expr: Agg{Fn: AggSum, Input: c("g")}}})
	wantErr(t, err, ErrType, "sum needs numbers")
	_, err = NewAggregate(in, nil, nil)
	wantErr(t, err, ErrInvalid, "without keys or aggregates")
	if _, err := NewAggregate(in, nil, []NamedExpr{{Name: "n", Expr: Agg{Fn: AggCount}}}); err != nil {
		t.Fatalf("global aggregate: %v", err)
	}
}

func TestNewPivotMeltExplode(t *testing.T) {
	in := src(t, fld("id", i64T, false), fld("k", strT, false), fld("n", i32T, true), fld("v", f64T, true), fld("l", arrow.ListOf(strT), true))
	p, err := NewPivot(in, []string{"id"}, "k", []Literal{{Value: "a", Type: strT}, {Value: "b", Type: strT}}, "v", AggSum)
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, p, "id: int64, a: float64?, b: float64?")
	p, err = NewPivot(in, []string{"id"}, "n", []Literal{{Value: int64(1), Type: i64T, Untyped: true}, {Value: int64(2), Type: i64T}}, "v", AggCount)
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, p, "id: int64, 1: int64, 2: int64")
	if p.Values[0].Type.ID() != arrow.INT32 {
		t.Fatalf("pivot values not retyped to the on column: %s", TypeName(p.Values[0].Type))
	}
	_, err = NewPivot(in, []string{"id"}, "k", []Literal{{Value: int64(1), Type: i64T}}, "v", AggSum)
	wantErr(t, err, ErrType, `pivot: value int64 1 does not match string "k"`)
	_, err = NewPivot(in, []string{"id"}, "k", []Literal{{Value: "a", Type: strT}, {Value: "a", Type: strT}}, "v", AggSum)
	wantErr(t, err, ErrInvalid, `output column "a" appears twice`)
	_, err = NewPivot(in, []string{"id"}, "k", nil, "v", AggSum)
	wantErr(t, err, ErrInvalid, "no values")
	_, err = NewPivot(in, []string{"id"}, "n", []Literal{{Value: int64(1), Type: i64T, Untyped: true}}, "k", AggMean)
	wantErr(t, err, ErrType, "mean needs numbers")

	m, err := NewMelt(in, []string{"id"}, []string{"n", "v"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, m, "id: int64, variable: string, value: float64?")
	_, err = NewMelt(in, []string{"id"}, []string{"k", "v"}, "", "")
	wantErr(t, err, ErrType, "melt: value columns have no common type")
	_, err = NewMelt(in, []string{"id"}, []string{"id"}, "", "")
	wantErr(t, err, ErrInvalid, `column "id" is both an id and a value column`)
	_, err = NewMelt(in, []string{"id"}, []string{"n"}, "id", "")
	wantErr(t, err, ErrInvalid, "must differ")

	e, err := NewExplode(in, "l")
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, e, "id: int64, k: string, n: int32?, v: float64?, l: string?")
	_, err = NewExplode(in, "k")
	wantErr(t, err, ErrType, `explode needs a list column, got string "k"`)
}

func TestNewConcatSetOp(t *testing.T) {
	a := src(t, fld("x", i64T, false), fld("y", strT, false))
	b := src(t, fld("x", i64T, true), fld("y", strT, false))
	c := src(t, fld("y", strT, false), fld("x", i64T, false))
	d := src(t, fld("z", boolT, false))
	v, err := NewConcat([]Node{a, b}, ConcatVertical)
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, v, "x: int64?, y: string")
	_, err = NewConcat([]Node{a, c}, ConcatVertical)
	wantErr(t, err, ErrType, "concat: input 1: column 0 is y string, want x int64")
	h, err := NewConcat([]Node{a, d}, ConcatHorizontal)
	if err != nil {
		t.Fatal(err)
	}
	wantSchema(t, h, "x: int64?, y: string?, z: bool?")
	_, err = NewConcat([]Node{a, b}, ConcatHorizontal)
	wantErr(t, err, ErrInvalid, `column "x" appears in more than one input`)
	_, err = NewConcat(nil, ConcatVertical)
	wantErr(t, err, ErrInvalid, "concat of nothing")

	s, err := NewSetOp(a, b, SetExcept, false)
	if err != nil || s.Op() != OpExcept {
		t.Fatalf("%v %v", s, err)
	}
	_, err = NewSetOp(a, d, SetUnion, true)
	wantErr(t, err, ErrType, "union: right input schema has 1 columns")
}

func TestRender(t *testing.T) {
	in := src(t, fld("g", strT, false), fld("x", i64T, true))
	f, _ := NewFilter(in, fn(FnGt, c("x"), ulit(int64(0))))
	a, _ := NewAggregate(f, []NamedExpr{{Name: "g", Expr: c("g")}}, []NamedExpr{{Name: "total", Expr: Agg{Fn: AggSum, Input: c("x")}}})
	got := RenderAnnotated(a, func(n Node) string { return "<" + string(n.Op()) + ">" })
	want := "group_by keys=[g] aggs=[sum(x) AS total] → [g: string, total: int64?]  <group_by>\n" +
		"  filter (x > 0) → [g: string, x: int64?]  <filter>\n" +
		"    scan_table t → [g: string, x: int64?]  <scan_table>\n"
	if got != want {
		t.Fatalf("render:\n%s\nwant:\n%s", got, want)
	}
	w := Window{Rank: RankRank, PartitionBy: []Expr{c("g")}, OrderBy: []SortKey{{Expr: c("x"), Desc: true}}}
	if s := ExprString(w); s != "rank() OVER (PARTITION BY g ORDER BY x DESC NULLS LAST)" {
		t.Fatalf("window string %q", s)
	}
}
