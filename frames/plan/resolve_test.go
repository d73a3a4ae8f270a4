package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

var (
	tsNaive = &arrow.TimestampType{Unit: arrow.Microsecond}
	tsUTC   = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	dec102  = &arrow.Decimal128Type{Precision: 10, Scale: 2}
)

func testSchema() *arrow.Schema {
	return arrow.NewSchema([]arrow.Field{
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8},
		{Name: "i32", Type: arrow.PrimitiveTypes.Int32},
		{Name: "i64", Type: arrow.PrimitiveTypes.Int64},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32},
		{Name: "f64", Type: arrow.PrimitiveTypes.Float64},
		{Name: "d", Type: dec102},
		{Name: "s", Type: arrow.BinaryTypes.String},
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "dt", Type: arrow.FixedWidthTypes.Date32},
		{Name: "ts", Type: tsNaive},
		{Name: "tsu", Type: tsUTC},
		{Name: "bin", Type: arrow.BinaryTypes.Binary},
		{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
	}, nil)
}

func c(name string) Expr { return ColumnRef{Name: name} }
func lit(v any) Expr {
	t, _ := LiteralType(v)
	return Literal{Value: v, Type: t}
}
func ulit(v any) Expr {
	t, _ := LiteralType(v)
	return Literal{Value: v, Type: t, Untyped: true}
}
func fn(f Func, args ...Expr) Expr { return Call{Fn: f, Args: args} }
func null() Expr                   { return Literal{Type: arrow.Null} }

func TestResolveTypes(t *testing.T) {
	in := testSchema()
	i64, f64, boolT, str := arrow.PrimitiveTypes.Int64, arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean, arrow.BinaryTypes.String
	cases := []struct {
		name string
		e    Expr
		want arrow.DataType
		null bool
	}{
		{"column", c("i32"), arrow.PrimitiveTypes.Int32, false},
		{"nullable column", c("n"), i64, true},
		{"int widen", fn(FnAdd, c("i8"), c("i32")), arrow.PrimitiveTypes.Int32, false},
		{"int+float", fn(FnAdd, c("i32"), c("f32")), f64, false},
		{"float32+float32", fn(FnMul, c("f32"), c("f32")), arrow.PrimitiveTypes.Float32, false},
		{"decimal+int32", fn(FnAdd, c("d"), c("i32")), &arrow.Decimal128Type{Precision: 13, Scale: 2}, false},
		{"decimal*decimal", fn(FnMul, c("d"), c("d")), &arrow.Decimal128Type{Precision: 20, Scale: 4}, false},
		{"decimal+float", fn(FnAdd, c("d"), c("f32")), f64, false},
		{"untyped int adopts int8", fn(FnAdd, c("i8"), ulit(int64(1))), arrow.PrimitiveTypes.Int8, false},
		{"untyped int adopts float32", fn(FnSub, c("f32"), ulit(int64(1))), arrow.PrimitiveTypes.Float32, false},
		{"untyped float with int is float64", fn(FnAdd, c("i32"), ulit(1.5)), f64, false},
		{"untyped int adopts decimal", fn(FnAdd, c("d"), ulit(int64(3))), &arrow.Decimal128Type{Precision: 11, Scale: 2}, false},
		{"typed int64 literal widens", fn(FnAdd, c("i8"), lit(int64(1))), i64, false},
		{"div is float64 and nullable", fn(FnDiv, c("i32"), c("i32")), f64, true},
		{"mod nullable", fn(FnMod, c("i64"), ulit(int64(3))), i64, true},
		{"neg", fn(FnNeg, c("d")), dec102, false},
		{"nullable propagates", fn(FnAdd, c("n"), c("i64")), i64, true},
		{"null literal adopts", fn(FnAdd, c("i32"), null()), arrow.PrimitiveTypes.Int32, true},
		{"compare", fn(FnLt, c("i8"), c("f64")), boolT, false},
		{"compare date with timestamp", fn(FnGe, c("dt"), c("ts")), boolT, false},
		{"eq null safe never null", fn(FnEqNullSafe, c("n"), null()), boolT, false},
		{"and", fn(FnAnd, c("b"), fn(FnIsNull, c("n"))), boolT, false},
		{"is null not nullable", fn(FnIsNull, c("n")), boolT, false},
		{"in", fn(FnIn, c("i32"), ulit(int64(1)), ulit(int64(2))), boolT, false},
		{"in with null", fn(FnIn, c("s"), lit("a"), null()), boolT, true},
		{"coalesce non-null if any", fn(FnCoalesce, c("n"), ulit(int64(0))), i64, false},
		{"coalesce nullable", fn(FnCoalesce, c("n"), null()), i64, true},
		{"lower", fn(FnLower, c("s")), str, false},
		{"contains", fn(FnContains, c("s"), lit("x")), boolT, false},
		{"replace", fn(FnReplace, c("s"), lit("a"), lit("b")), str, false},
		{"length", fn(FnLength, c("s")), i64, false},
		{"substr", fn(FnSubstr, c("s"), ulit(int64(2)), ulit(int64(3))), str, false},
		{"concat_str", fn(FnConcatStr, c("s"), lit("-"), c("s")), str, false},
		{"year of date", fn(FnYear, c("dt")), i64, false},
		{"weekday of timestamp", fn(FnWeekday, c("tsu")), i64, false},
		{"date_trunc keeps type", fn(FnDateTrunc, lit("month"), c("tsu")), tsUTC, false},
		{"cast", Cast{Input: c("s"), To: i64}, i64, false},
		{"try cast nullable", Cast{Input: c("s"), To: i64, Try: true}, i64, true},
		{"case unify", Case{Whens: []WhenThen{{When: c("b"), Then: c("i8")}}, Else: ulit(int64(0))}, arrow.PrimitiveTypes.Int8, false},
		{"case without else nullable", Case{Whens: []WhenThen{{When: c("b"), Then: lit("x")}}}, str, true},
		{"case int and float", Case{Whens: []WhenThen{{When: c("b"), Then: c("i32")}}, Else: c("f64")}, f64, false},
		{"count(*)", Agg{Fn: AggCount}, i64, false},
		{"count", Agg{Fn: AggCount, Input: c("s")}, i64, false},
		{"sum int", Agg{Fn: AggSum, Input: c("i8")}, i64, true},
		{"sum float", Agg{Fn: AggSum, Input: c("f32")}, f64, true},
		{"sum decimal", Agg{Fn: AggSum, Input: c("d")}, &arrow.Decimal128Type{Precision: 38, Scale: 2}, true},
		{"mean", Agg{Fn: AggMean, Input: c("i32")}, f64, true},
		{"median", Agg{Fn: AggMedian, Input: c("d")}, f64, true},
		{"min string", Agg{Fn: AggMin, Input: c("s")}, str, true},
		{"first", Agg{Fn: AggFirst, Input: c("l")}, arrow.ListOf(i64), true},
		{"n_unique", Agg{Fn: AggNUnique, Input: c("s")}, i64, false},
		{"agg arithmetic", fn(FnSub, Agg{Fn: AggMax, Input: c("i32")}, Agg{Fn: AggMin, Input: c("i32")}), arrow.PrimitiveTypes.Int32, true},
		{"row_number", Window{Rank: RankRowNumber}, i64, false},
		{"rank", Window{Rank: RankRank, PartitionBy: []Expr{c("s")}, OrderBy: []SortKey{{Expr: c("f64"), Desc: true}}}, i64, false},
		{"lag", Window{Rank: RankLag, Args: []Expr{c("i32"), lit(int64(1))}, OrderBy: []SortKey{{Expr: c("ts")}}}, arrow.PrimitiveTypes.Int32, true},
		{"lead with default", Window{Rank: RankLead, Args: []Expr{c("i32"), lit(int64(2)), ulit(int64(0))}, OrderBy: []SortKey{{Expr: c("ts")}}}, arrow.PrimitiveTypes.Int32, true},
		{"running sum", Window{Agg: &Agg{Fn: AggSum, Input: c("i32")}, Frame: FrameRunning, OrderBy: []SortKey{{Expr: c("ts")}}}, i64, true},
		{"window count", Window{Agg: &Agg{Fn: AggCount, Input: c("s")}, PartitionBy: []Expr{c("b")}}, i64, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, null, err := Resolve(tc.e, in)
			if err != nil {
				t.Fatalf("Resolve(%s): %v", ExprString(tc.e), err)
			}
			if !arrow.TypeEqual(got, tc.want) || null != tc.null {
				t.Fatalf("Resolve(%s) = %s nullable=%v, want %s nullable=%v", ExprString(tc.e), TypeName(got), null, TypeName(tc.want), tc.null)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	in := testSchema()
	cases := []struct {
		name string
		e    Expr
		kind error
		msg  string
	}{
		{"missing column", c("x"), ErrColumnNotFound, `frames: column "x" not found (have: i8, i32, i64`},
		{"missing inside call", fn(FnAdd, c("i8"), c("nope")), ErrColumnNotFound, `"nope" not found`},
		{"compare string with int", fn(FnEq, c("s"), c("i64")), ErrType, `frames: cannot compare string "s" with int64 "i64"`},
		{"compare string with literal", fn(FnLt, c("s"), ulit(int64(5))), ErrType, `cannot compare string "s" with int64 5`},
		{"order lists", fn(FnLt, c("l"), c("l")), ErrType, "cannot compare"},
		{"add strings", fn(FnAdd, c("s"), c("s")), ErrType, `cannot add string "s" and string "s"`},
		{"div bool", fn(FnDiv, c("b"), c("i8")), ErrType, "cannot divide"},
		{"and non-bool", fn(FnAnd, c("b"), c("i8")), ErrType, `and needs bool, got int8 "i8"`},
		{"not string", fn(FnNot, c("s")), ErrType, "not needs bool"},
		{"lower int", fn(FnLower, c("i8")), ErrType, `lower needs a string, got int8 "i8"`},
		{"contains int arg", fn(FnContains, c("s"), ulit(int64(1))), ErrType, "contains needs a string"},
		{"year of string", fn(FnYear, c("s")), ErrType, `year needs a date or timestamp, got string "s"`},
		{"date_trunc bad unit", fn(FnDateTrunc, lit("fortnight"), c("ts")), ErrType, "date_trunc: the unit must be"},
		{"date_trunc unit column", fn(FnDateTrunc, c("s"), c("ts")), ErrType, "date_trunc: the unit must be"},
		{"in incomparable", fn(FnIn, c("i32"), ulit(int64(1)), lit("a")), ErrType, `in: cannot compare int32 "i32" with string "a"`},
		{"coalesce mixed", fn(FnCoalesce, c("s"), c("i8")), ErrType, "coalesce"},
		{"case branches", Case{Whens: []WhenThen{{When: c("b"), Then: c("s")}}, Else: c("i8")}, ErrType, "no common type"},
		{"case non-bool when", Case{Whens: []WhenThen{{When: c("i8"), Then: c("s")}}}, ErrType, "when needs bool"},
		{"case empty", Case{}, ErrInvalid, "at least one when"},
		{"cast binary to int", Cast{Input: c("bin"), To: arrow.PrimitiveTypes.Int64}, ErrType, `cannot cast binary "bin" to int64`},
		{"cast to unsupported", Cast{Input: c("i8"), To: arrow.PrimitiveTypes.Uint32}, ErrType, "cannot cast"},
		{"sum string", Agg{Fn: AggSum, Input: c("s")}, ErrType, `sum needs numbers, got string (string "s")`},
		{"mean date", Agg{Fn: AggMean, Input: c("dt")}, ErrType, "mean needs numbers"},
		{"max list", Agg{Fn: AggMax, Input: c("l")}, ErrType, "max needs an orderable type"},
		{"nested agg", Agg{Fn: AggSum, Input: Agg{Fn: AggMax, Input: c("i8")}}, ErrInvalid, "inside another aggregate"},
		{"sum without input", Agg{Fn: AggSum}, ErrInvalid, "needs an input"},
		{"rank without order", Window{Rank: RankRank}, ErrInvalid, "rank needs an order"},
		{"lag without order", Window{Rank: RankLag, Args: []Expr{c("i8")}}, ErrInvalid, "lag needs an order"},
		{"lag bad offset", Window{Rank: RankLag, Args: []Expr{c("i8"), c("i8")}, OrderBy: []SortKey{{Expr: c("i8")}}}, ErrInvalid, "offset must be"},
		{"lag bad default", Window{Rank: RankLag, Args: []Expr{c("i8"), lit(int64(1)), lit("x")}, OrderBy: []SortKey{{Expr: c("i8")}}}, ErrType, "the default"},
		{"running without order", Window{Agg: &Agg{Fn: AggSum, Input: c("i8")}, Frame: FrameRunning}, ErrInvalid, "running sum needs an order"},
		{"window in window", Window{Agg: &Agg{Fn: AggSum, Input: Window{Rank: RankRowNumber}}}, ErrInvalid, "inside another window"},
		{"window in agg", Agg{Fn: AggSum, Input: Window{Rank: RankRowNumber}}, ErrInvalid, "inside an aggregate"},
		{"agg in partition", Window{Rank: RankRowNumber, PartitionBy: []Expr{Agg{Fn: AggCount}}}, ErrInvalid, "not allowed here"},
		{"both rank and agg", Window{Rank: RankRank, Agg: &Agg{Fn: AggCount}}, ErrInvalid, "exactly one"},
		{"arity", fn(FnAdd, c("i8")), ErrInvalid, "add takes 2 argument(s), got 1"},
		{"unknown func", fn(Func("soundex"), c("s")), ErrInvalid, `unknown function "soundex"`},
		{"literal overflow", fn(FnAdd, c("i8"), ulit(int64(300))), ErrType, "literal 300 overflows int8"},
		{"literal value/type mismatch", Literal{Value: "x", Type: arrow.PrimitiveTypes.Int64}, ErrType, "does not fit type int64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Resolve(tc.e, in)
			if err == nil {
				t.Fatalf("Resolve(%s) succeeded, want %v", ExprString(tc.e), tc.kind)
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %q does not match %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestResolveExprRewritesLiterals(t *testing.T) {
	in := testSchema()
	e, _, _, err := ResolveExpr(&Call{Fn: FnAdd, Args: []Expr{c("d"), ulit(int64(3))}}, in)
	if err != nil {
		t.Fatal(err)
	}
	call, ok := e.(Call)
	if !ok {
		t.Fatalf("pointer call not canonicalised: %T", e)
	}
	l := call.Args[1].(Literal)
	if l.Untyped || !arrow.TypeEqual(l.Type, dec102) || l.Value.(decimal128.Num) != decimal128.FromI64(300) {
		t.Fatalf("literal = %#v, want decimal(10,2) 3.00 (unscaled 300)", l)
	}
	e, _, _, err = ResolveExpr(fn(FnLt, c("f32"), ulit(int64(2))), in)
	if err != nil {
		t.Fatal(err)
	}
	if l := e.(Call).Args[1].(Literal); l.Value != 2.0 || l.Type.ID() != arrow.FLOAT32 {
		t.Fatalf("literal = %#v, want float32 2", l)
	}
	e, _, _, err = ResolveExpr(ulit(int64(7)), in)
	if err != nil || e.(Literal).Untyped {
		t.Fatalf("top-level untyped literal not settled: %#v %v", e, err)
	}
	e, _, _, err = ResolveExpr(Case{Whens: []WhenThen{{When: c("b"), Then: null()}}, Else: c("s")}, in)
	if err != nil {
		t.Fatal(err)
	}
	if l := e.(Case).Whens[0].Then.(Literal); l.Type.ID() != arrow.STRING {
		t.Fatalf("NULL branch type = %s, want string", TypeName(l.Type))
	}
	e, _, _, err = ResolveExpr(Window{Rank: RankLag, Args: []Expr{c("i8")}, OrderBy: []SortKey{{Expr: c("i8")}}}, in)
	if err != nil {
		t.Fatal(err)
	}
	if w := e.(Window); len(w.Args) != 2 || w.Args[1].(Literal).Value != int64(1) {
		t.Fatalf("lag offset not defaulted: %#v", w.Args)
	}
}

func TestWalkAndContains(t *testing.T) {
	e := fn(FnAdd, Agg{Fn: AggSum, Input: c("a")}, Window{Agg: &Agg{Fn: AggMax, Input: c("b")}, PartitionBy: []Expr{c("g")}})
	var cols []string
	WalkExpr(e, func(x Expr) bool {
		if cr, ok := x.(ColumnRef); ok {
			cols = append(cols, cr.Name)
		}
		return true
	})
	if strings.Join(cols, ",") != "a,b,g" {
		t.Fatalf("walk visited %v", cols)
	}
	if !ContainsAgg(e) || !ContainsWindow(e) {
		t.Fatal("ContainsAgg/ContainsWindow missed")
	}
	if ContainsAgg(Window{Agg: &Agg{Fn: AggMax, Input: c("b")}}) {
		t.Fatal("an aggregate inside a window counts as outside")
	}
	skipped := 0
	WalkExpr(e, func(x Expr) bool { skipped++; return false })
	if skipped != 1 {
		t.Fatalf("returning false should skip children, visited %d", skipped)
	}
}

func TestSupertypeAndCast(t *testing.T) {
	if s, ok := Supertype(arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int64); !ok || s.ID() != arrow.INT64 {
		t.Fatal("int16/int64")
	}
	if _, ok := Supertype(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64); ok {
		t.Fatal("string/int64 must have no supertype")
	}
	if _, ok := Supertype(tsNaive, tsUTC); ok {
		t.Fatal("naive and UTC timestamps must not unify")
	}
	if s, _ := NumericSupertype(&arrow.Decimal128Type{Precision: 38, Scale: 10}, arrow.PrimitiveTypes.Int64); s.(*arrow.Decimal128Type).Precision != 38 {
		t.Fatal("decimal precision must cap at 38")
	}
	for _, tc := range []struct {
		from, to arrow.DataType
		ok       bool
	}{
		{arrow.BinaryTypes.String, arrow.FixedWidthTypes.Date32, true},
		{arrow.FixedWidthTypes.Boolean, arrow.PrimitiveTypes.Int8, true},
		{arrow.FixedWidthTypes.Date32, tsUTC, true},
		{arrow.FixedWidthTypes.Date32, arrow.PrimitiveTypes.Int64, false},
		{arrow.ListOf(arrow.PrimitiveTypes.Int64), arrow.BinaryTypes.String, false},
	} {
		if got := CanCast(tc.from, tc.to); got != tc.ok {
			t.Errorf("CanCast(%s, %s) = %v", TypeName(tc.from), TypeName(tc.to), got)
		}
	}
}
