package sqlgen_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
	"github.com/sealane/sealane/frames/sqlgen"
)

var update = flag.Bool("update", false, "rewrite testdata/*.sql from the generated SQL")

var (
	i64  = arrow.PrimitiveTypes.Int64
	f64  = arrow.PrimitiveTypes.Float64
	str  = arrow.BinaryTypes.String
	tsTZ = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	tsNT = &arrow.TimestampType{Unit: arrow.Microsecond}
	dec  = &arrow.Decimal128Type{Precision: 10, Scale: 2}
)

func schema(fs ...arrow.Field) *arrow.Schema { return arrow.NewSchema(fs, nil) }

func fld(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

// base is a records source with one column of each supported type.
func base() *plan.Source {
	return &plan.Source{Kind: plan.SourceRecords, ID: "base", Out: schema(
		fld("id", i64), fld("g", str), fld("x", f64), fld("n", i64),
		fld("d", arrow.FixedWidthTypes.Date32), fld("ts", tsTZ), fld("tn", tsNT),
		fld("dec", dec), fld("b", arrow.BinaryTypes.Binary), fld("l", arrow.ListOf(i64)),
	)}
}

func small(id string) *plan.Source {
	return &plan.Source{Kind: plan.SourceRecords, ID: id, Out: schema(fld("k", i64), fld("v", str))}
}

func col(n string) plan.Expr { return plan.ColumnRef{Name: n} }

func lit(v any, t arrow.DataType) plan.Expr { return plan.Literal{Value: v, Type: t} }

func call(fn plan.Func, args ...plan.Expr) plan.Expr { return plan.Call{Fn: fn, Args: args} }

func ne(name string, e plan.Expr) plan.NamedExpr { return plan.NamedExpr{Name: name, Expr: e} }

func proj(in plan.Node, out *arrow.Schema, exprs ...plan.NamedExpr) *plan.Project {
	op := plan.OpSelect
	for _, e := range exprs {
		if _, ok := e.Expr.(plan.Window); ok {
			op = plan.OpWindow
		}
	}
	return &plan.Project{Input: in, OpKind: op, Exprs: exprs, Out: out}
}

func cases() map[string]plan.Node {
	b := base()
	ts := time.Date(2024, 3, 4, 5, 6, 7, 890000000, time.UTC)
	bool_ := arrow.FixedWidthTypes.Boolean
	m := map[string]plan.Node{}
	m["source_records"] = b
	m["source_parquet"] = &plan.Source{Kind: plan.SourceFile, Format: plan.FormatParquet, Paths: []string{"/data/a.parquet", "/data/it's.parquet"}, Out: schema(fld("k", i64), fld("v", str))}
	m["source_csv"] = &plan.Source{Kind: plan.SourceFile, Format: plan.FormatCSV, Paths: []string{"/data/a.csv"}, CSVHeader: true, CSVDelimiter: ';', Out: schema(fld("k", i64), fld("v", str))}
	m["source_ndjson"] = &plan.Source{Kind: plan.SourceFile, Format: plan.FormatNDJSON, Paths: []string{"/data/a.json"}, Out: schema(fld("k", i64), fld("v", str))}
	m["source_table"] = &plan.Source{Kind: plan.SourceTable, Table: "main.default.trips", Out: schema(fld("k", i64), fld("v", str))}
	m["literals"] = proj(b, schema(fld("i", i64), fld("f", f64), fld("nan", f64), fld("s", str), fld("bin", arrow.BinaryTypes.Binary),
		fld("day", arrow.FixedWidthTypes.Date32), fld("t", tsTZ), fld("tn", tsNT), fld("dc", dec), fld("nul", i64), fld("t1", bool_)),
		ne("i", lit(int64(-7), i64)), ne("f", lit(1.5, f64)), ne("nan", lit(nanValue(), f64)),
		ne("s", lit(`it's a \ back`, str)), ne("bin", lit([]byte{0xde, 0xad}, arrow.BinaryTypes.Binary)),
		ne("day", lit(arrow.Date32FromTime(ts), arrow.FixedWidthTypes.Date32)), ne("t", lit(ts, tsTZ)), ne("tn", lit(ts, tsNT)),
		ne("dc", lit(decimal128.FromI64(12345), dec)), ne("nul", lit(nil, i64)), ne("t1", lit(true, bool_)))
	funcs := []plan.NamedExpr{
		ne("add", call(plan.FnAdd, col("id"), col("n"))), ne("sub", call(plan.FnSub, col("id"), col("n"))),
		ne("mul", call(plan.FnMul, col("id"), col("n"))), ne("div", call(plan.FnDiv, col("id"), col("n"))),
		ne("mod", call(plan.FnMod, col("id"), col("n"))), ne("neg", call(plan.FnNeg, col("x"))),
		ne("eq", call(plan.FnEq, col("id"), col("n"))), ne("ne", call(plan.FnNe, col("id"), col("n"))),
		ne("lt", call(plan.FnLt, col("id"), col("n"))), ne("le", call(plan.FnLe, col("id"), col("n"))),
		ne("gt", call(plan.FnGt, col("id"), col("n"))), ne("ge", call(plan.FnGe, col("id"), col("n"))),
		ne("eqns", call(plan.FnEqNullSafe, col("id"), col("n"))),
		ne("and", call(plan.FnAnd, call(plan.FnIsNull, col("n")), call(plan.FnIsNotNull, col("x")))),
		ne("or", call(plan.FnOr, call(plan.FnNot, call(plan.FnIsNull, col("n"))), lit(false, bool_))),
		ne("in", call(plan.FnIn, col("id"), lit(int64(1), i64), lit(int64(2), i64))),
		ne("coalesce", call(plan.FnCoalesce, col("n"), col("id"))),
		ne("lower", call(plan.FnLower, col("g"))), ne("upper", call(plan.FnUpper, col("g"))),
		ne("contains", call(plan.FnContains, col("g"), lit("a", str))),
		ne("starts", call(plan.FnStartsWith, col("g"), lit("a", str))),
		ne("ends", call(plan.FnEndsWith, col("g"), lit("a", str))),
		ne("replace", call(plan.FnReplace, col("g"), lit("a", str), lit("b", str))),
		ne("length", call(plan.FnLength, col("g"))),
		ne("substr", call(plan.FnSubstr, col("g"), lit(int64(2), i64), lit(int64(3), i64))),
		ne("concat", call(plan.FnConcatStr, col("g"), lit("-", str), col("g"))),
		ne("year", call(plan.FnYear, col("d"))), ne("month", call(plan.FnMonth, col("ts"))),
		ne("day", call(plan.FnDay, col("tn"))), ne("hour", call(plan.FnHour, col("ts"))),
		ne("minute", call(plan.FnMinute, col("ts"))), ne("second", call(plan.FnSecond, col("ts"))),
		ne("weekday", call(plan.FnWeekday, col("d"))),
		ne("trunc", call(plan.FnDateTrunc, lit("month", str), col("ts"))),
		ne("cast", plan.Cast{Input: col("g"), To: i64, Try: true}),
		ne("case", plan.Case{Whens: []plan.WhenThen{{When: call(plan.FnGt, col("x"), lit(0.0, f64)), Then: lit("pos", str)}}, Else: lit("neg", str)}),
	}
	var fs []arrow.Field
	for _, f := range funcs {
		fs = append(fs, fld(f.Name, i64)) // types are irrelevant to the SQL text but for the casts
	}
	m["functions"] = proj(b, schema(fs...), funcs...)
	m["filter_sort_slice"] = &plan.Slice{Input: &plan.Sort{Input: &plan.Filter{Input: b, Pred: call(plan.FnGt, col("x"), lit(1.0, f64))},
		Keys: []plan.SortKey{{Expr: col("g"), Desc: true, NullsFirst: true}, {Expr: col("x")}}, Stable: true}, Offset: 2, Length: 5}
	m["slice_before_filter"] = &plan.Filter{Input: &plan.Slice{Input: b, Offset: 0, Length: 10}, Pred: call(plan.FnGt, col("x"), lit(1.0, f64))}
	m["tail"] = &plan.Slice{Input: b, Offset: -3, Length: -1}
	for _, k := range []plan.Keep{plan.KeepAny, plan.KeepFirst, plan.KeepLast, plan.KeepNone} {
		m["distinct_"+string(k)] = &plan.Distinct{Input: b, Subset: []string{"g"}, Keep: k}
	}
	m["distinct_all"] = &plan.Distinct{Input: b, Keep: plan.KeepAny}
	for _, s := range []plan.FillStrategy{plan.FillValue, plan.FillForward, plan.FillBackward, plan.FillMin, plan.FillMax, plan.FillMean, plan.FillZero, plan.FillOne} {
		f := &plan.FillNull{Input: b, Columns: []string{"n", "x"}, Strategy: s, Out: b.Out}
		if s == plan.FillValue {
			f.Value = &plan.Literal{Value: int64(0), Type: i64}
		}
		m["fill_"+string(s)] = f
	}
	m["drop_nulls"] = &plan.DropNulls{Input: b, Subset: []string{"n", "x"}}
	for _, k := range []plan.JoinKind{plan.JoinInner, plan.JoinLeft, plan.JoinRight, plan.JoinFull, plan.JoinSemi, plan.JoinAnti, plan.JoinCross} {
		out := schema(fld("k", i64), fld("v", str), fld("v_right", str))
		if k == plan.JoinSemi || k == plan.JoinAnti {
			out = schema(fld("k", i64), fld("v", str))
		}
		if k == plan.JoinCross {
			out = schema(fld("k", i64), fld("v", str), fld("k_right", i64), fld("v_right", str))
		}
		m["join_"+string(k)] = &plan.Join{Left: small("l"), Right: small("r"), Kind: k, LeftOn: []string{"k"}, RightOn: []string{"k"},
			Suffix: "_right", NullsEqual: k == plan.JoinFull, Out: out}
	}
	self := small("self")
	m["self_join"] = &plan.Join{Left: self, Right: self, Kind: plan.JoinInner, LeftOn: []string{"k"}, RightOn: []string{"k"}, Suffix: "_r",
		Out: schema(fld("k", i64), fld("v", str), fld("v_r", str))}
	var aggs []plan.NamedExpr
	var aggFields = []arrow.Field{fld("g", str)}
	for _, a := range engine.AllAggs {
		aggs = append(aggs, ne(string(a), plan.Agg{Fn: a, Input: col("x")}))
		aggFields = append(aggFields, fld(string(a), f64))
	}
	aggs = append(aggs, ne("rows", plan.Agg{Fn: plan.AggCount}), ne("ratio", call(plan.FnDiv, plan.Agg{Fn: plan.AggSum, Input: col("x")}, plan.Agg{Fn: plan.AggCount})))
	aggFields = append(aggFields, fld("rows", i64), fld("ratio", f64))
	m["aggregate"] = &plan.Aggregate{Input: b, Keys: []plan.NamedExpr{ne("g", col("g"))}, Aggs: aggs, Out: schema(aggFields...)}
	m["aggregate_global"] = &plan.Aggregate{Input: b, Aggs: []plan.NamedExpr{ne("s", plan.Agg{Fn: plan.AggSum, Input: col("id"), Distinct: true})}, Out: schema(fld("s", i64))}
	part := []plan.Expr{col("g")}
	order := []plan.SortKey{{Expr: col("x")}}
	m["window"] = proj(b, schema(fld("id", i64), fld("rn", i64), fld("rk", i64), fld("dr", i64), fld("lag", f64), fld("lead", f64),
		fld("run", f64), fld("tot", f64), fld("first", f64)),
		ne("id", col("id")),
		ne("rn", plan.Window{Rank: plan.RankRowNumber, PartitionBy: part, OrderBy: order}),
		ne("rk", plan.Window{Rank: plan.RankRank, PartitionBy: part, OrderBy: order}),
		ne("dr", plan.Window{Rank: plan.RankDense, OrderBy: order}),
		ne("lag", plan.Window{Rank: plan.RankLag, Args: []plan.Expr{col("x"), lit(int64(1), i64)}, PartitionBy: part, OrderBy: order}),
		ne("lead", plan.Window{Rank: plan.RankLead, Args: []plan.Expr{col("x"), lit(int64(2), i64), lit(0.0, f64)}, OrderBy: order}),
		ne("run", plan.Window{Agg: &plan.Agg{Fn: plan.AggSum, Input: col("x")}, PartitionBy: part, OrderBy: order, Frame: plan.FrameRunning}),
		ne("tot", plan.Window{Agg: &plan.Agg{Fn: plan.AggMean, Input: col("x")}, PartitionBy: part}),
		ne("first", plan.Window{Agg: &plan.Agg{Fn: plan.AggFirst, Input: col("x")}, PartitionBy: part}))
	m["pivot"] = &plan.Pivot{Input: b, Index: []string{"id"}, On: "g", ValueCol: "x", Agg: plan.AggFirst,
		Values: []plan.Literal{{Value: "a", Type: str}, {Value: nil, Type: str}}, Out: schema(fld("id", i64), fld("a", f64), fld("null", f64))}
	m["melt"] = &plan.Melt{Input: b, IDVars: []string{"id"}, ValueVars: []string{"x", "n"}, VariableName: "variable", ValueName: "value",
		Out: schema(fld("id", i64), fld("variable", str), fld("value", f64))}
	m["explode"] = &plan.Explode{Input: &plan.Sort{Input: small("e"), Keys: []plan.SortKey{{Expr: col("v")}}}, Column: "l",
		Out: schema(fld("k", i64), fld("l", i64))}
	m["explode"].(*plan.Explode).Input.(*plan.Sort).Input = &plan.Source{Kind: plan.SourceRecords, ID: "e", Out: schema(fld("k", i64), fld("l", arrow.ListOf(i64)))}
	m["explode"].(*plan.Explode).Input.(*plan.Sort).Keys = []plan.SortKey{{Expr: col("k")}}
	m["concat_vertical"] = &plan.Concat{Items: []plan.Node{small("a"), &plan.Sort{Input: small("b"), Keys: []plan.SortKey{{Expr: col("k")}}}}, How: plan.ConcatVertical, Out: small("a").Out}
	m["concat_horizontal"] = &plan.Concat{Items: []plan.Node{small("a"), &plan.Source{Kind: plan.SourceRecords, ID: "c", Out: schema(fld("w", f64))}},
		How: plan.ConcatHorizontal, Out: schema(fld("k", i64), fld("v", str), fld("w", f64))}
	for _, k := range []plan.SetOpKind{plan.SetUnion, plan.SetIntersect, plan.SetExcept} {
		m["set_"+string(k)] = &plan.SetOp{Left: small("a"), Right: small("b"), Kind: k}
		m["set_"+string(k)+"_all"] = &plan.SetOp{Left: small("a"), Right: small("b"), Kind: k, All: true}
	}
	return m
}

func nanValue() float64 { var z float64; return z / z }

func sourceNames() func(*plan.Source) (string, error) {
	n := 0
	return func(s *plan.Source) (string, error) {
		if s.Kind != plan.SourceRecords {
			return "", nil
		}
		n++
		return "rec_" + s.ID + "_" + string(rune('0'+n)), nil
	}
}

func TestGolden(t *testing.T) {
	for name, root := range cases() {
		for _, d := range []*sqlgen.Dialect{sqlgen.DuckDB, sqlgen.Databricks, sqlgen.Postgres, sqlgen.SQLite} {
			t.Run(name+"/"+d.Name(), func(t *testing.T) {
				got, err := sqlgen.Compile(root, d, sourceNames())
				if d == sqlgen.Postgres || d == sqlgen.SQLite {
					// What these dialects cannot write is an unsupported
					// error, recorded in place of the SQL.
					if errors.Is(err, engine.ErrUnsupported) {
						got, err = "-- "+err.Error(), nil
					}
				}
				require.NoError(t, err)
				path := filepath.Join("testdata", name+"."+d.Name()+".sql")
				if *update {
					require.NoError(t, os.WriteFile(path, []byte(got+"\n"), 0o644))
					return
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test -update to create it")
				require.Equal(t, string(want), got+"\n")
			})
		}
	}
}

func TestIPCScanUnsupported(t *testing.T) {
	src := &plan.Source{Kind: plan.SourceFile, Format: plan.FormatIPC, Paths: []string{"/a.arrow"}, Out: schema(fld("k", i64))}
	_, err := sqlgen.Compile(src, sqlgen.DuckDB, nil)
	require.True(t, errors.Is(err, engine.ErrUnsupported), "%v", err)
}

func TestRecordsNeedName(t *testing.T) {
	_, err := sqlgen.Compile(small("a"), sqlgen.DuckDB, nil)
	require.ErrorContains(t, err, "needs a relation name")
}

func TestQuoting(t *testing.T) {
	require.Equal(t, `"a""b"`, sqlgen.DuckDB.QuoteIdent(`a"b`))
	require.Equal(t, "`a``b`", sqlgen.Databricks.QuoteIdent("a`b"))
	require.Equal(t, `'it''s \n'`, sqlgen.DuckDB.StringLit(`it's \n`))
	require.Equal(t, `'it\'s \\n'`, sqlgen.Databricks.StringLit(`it's \n`))
	require.Equal(t, "`c`.`s`.`t`", sqlgen.Databricks.QuoteQualified("c.s.t"))
}

func TestCapabilities(t *testing.T) {
	for _, d := range []*sqlgen.Dialect{sqlgen.DuckDB, sqlgen.Databricks} {
		c := sqlgen.Capabilities(d)
		require.False(t, c.SupportsOp(plan.OpScanIPC))
		for _, op := range engine.AllOps {
			if op != plan.OpScanIPC {
				require.True(t, c.SupportsOp(op), op)
			}
		}
	}
	files := []plan.Op{plan.OpScanIPC, plan.OpScanParquet, plan.OpScanCSV, plan.OpScanNDJSON}
	pg, lite := sqlgen.Capabilities(sqlgen.Postgres), sqlgen.Capabilities(sqlgen.SQLite)
	for _, op := range files {
		require.False(t, pg.SupportsOp(op), op)
		require.False(t, lite.SupportsOp(op), op)
	}
	require.True(t, pg.SupportsOp(plan.OpExplode))
	require.False(t, lite.SupportsOp(plan.OpExplode))
	require.False(t, lite.SupportsFunc(plan.FnLower), "SQLite's lower folds ASCII only")
	require.False(t, lite.SupportsAgg(plan.AggMedian))
}

func TestValues(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	sc := schema(fld("k", i64), fld("s", str), fld("t", tsTZ), fld("l", arrow.ListOf(i64)))
	rec, _, err := array.RecordFromJSON(alloc, sc, strings.NewReader(`[
		{"k": 1, "s": "it's", "t": "2024-01-02T03:04:05Z", "l": [1, 2]},
		{"k": null, "s": null, "t": null, "l": []}
	]`))
	require.NoError(t, err)
	defer rec.Release()
	for _, d := range []*sqlgen.Dialect{sqlgen.DuckDB, sqlgen.Databricks} {
		got, err := sqlgen.Values(d, sc, []arrow.RecordBatch{rec})
		require.NoError(t, err)
		empty, err := sqlgen.Values(d, sc, nil)
		require.NoError(t, err)
		got += "\n" + empty + "\n"
		path := filepath.Join("testdata", "values."+d.Name()+".sql")
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, string(want), got)
	}
}
