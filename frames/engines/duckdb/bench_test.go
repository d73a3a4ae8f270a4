//go:build duckdb_arrow

package duckdb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/frames/engines/duckdb"
	"github.com/sealane/sealane/frames/plan"
)

// BenchmarkFilterProject runs filter + with_columns over 1M in-memory rows
// (int64, float64, string), including the copy of the record source into
// DuckDB, and drains the result.
func BenchmarkFilterProject(b *testing.B) {
	const n = 1 << 20
	e := must(duckdb.New(context.Background()))
	defer e.Close()
	sc := arrow.NewSchema([]arrow.Field{{Name: "id", Type: i64}, {Name: "x", Type: f64}, {Name: "s", Type: str}}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	var recs []arrow.RecordBatch
	for i := 0; i < n; i++ {
		bld.Field(0).(*array.Int64Builder).Append(int64(i))
		bld.Field(1).(*array.Float64Builder).Append(float64(i%1000) / 10)
		bld.Field(2).(*array.StringBuilder).Append(fmt.Sprintf("s%d", i%97))
		if (i+1)%65536 == 0 {
			recs = append(recs, bld.NewRecordBatch())
		}
	}
	src := must(plan.NewSource(&plan.Source{Kind: plan.SourceRecords, Records: recs, Out: sc}))
	flt := must(plan.NewFilter(src, call(plan.FnGt, col("x"), lit(50.0))))
	var p plan.Node = must(plan.NewProject(flt, plan.OpWithColumns, []plan.NamedExpr{
		ne("id", col("id")), ne("x", col("x")), ne("s", col("s")), ne("y", call(plan.FnMul, col("x"), lit(2.0))),
	}))
	if testing.Short() {
		p = must(plan.NewSlice(src, 0, 1))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rdr, err := e.Execute(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for rdr.Next() {
			rows += int(rdr.RecordBatch().NumRows())
		}
		if err := rdr.Err(); err != nil {
			b.Fatal(err)
		}
		rdr.Release()
		if rows == 0 {
			b.Fatal("no rows")
		}
	}
}
