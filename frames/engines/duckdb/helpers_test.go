//go:build duckdb_arrow

package duckdb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engines/duckdb"
	"github.com/sealane/sealane/frames/plan"
)

var (
	i64 = arrow.PrimitiveTypes.Int64
	f64 = arrow.PrimitiveTypes.Float64
	str = arrow.BinaryTypes.String
)

// must returns v, panicking on err (plan construction in tests).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func col(n string) plan.Expr { return plan.ColumnRef{Name: n} }

func lit(v any) plan.Expr {
	t, err := plan.LiteralType(v)
	if err != nil {
		panic(err)
	}
	return plan.Literal{Value: v, Type: t}
}

func call(fn plan.Func, args ...plan.Expr) plan.Expr { return plan.Call{Fn: fn, Args: args} }

func ne(name string, e plan.Expr) plan.NamedExpr { return plan.NamedExpr{Name: name, Expr: e} }

// fixture holds an engine and a checked allocator whose records are all
// released when the test ends.
type fixture struct {
	t     *testing.T
	e     *duckdb.Engine
	alloc *memory.CheckedAllocator
	srcs  []*plan.Source
}

var shared *duckdb.Engine

func newFixture(t *testing.T) *fixture {
	if shared == nil {
		shared = must(duckdb.New(context.Background(), duckdb.WithThreads(2)))
	}
	f := &fixture{t: t, e: shared, alloc: memory.NewCheckedAllocator(memory.NewGoAllocator())}
	t.Cleanup(func() {
		for _, s := range f.srcs {
			s.Release()
		}
		f.alloc.AssertSize(t, 0)
	})
	return f
}

// records builds a records source from JSON rows.
func (f *fixture) records(sc *arrow.Schema, jsonRows string) *plan.Source {
	rec, _, err := array.RecordFromJSON(f.alloc, sc, strings.NewReader(jsonRows))
	require.NoError(f.t, err)
	src := must(plan.NewSource(&plan.Source{Kind: plan.SourceRecords, Records: []arrow.RecordBatch{rec}, Out: sc}))
	rec.Release()
	f.srcs = append(f.srcs, src)
	return src
}

// base: id, g, x, n with NULLs in g, x and n.
func (f *fixture) base() *plan.Source {
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: i64}, {Name: "g", Type: str, Nullable: true},
		{Name: "x", Type: f64, Nullable: true}, {Name: "n", Type: i64, Nullable: true},
	}, nil)
	return f.records(sc, `[
		{"id": 1, "g": "a", "x": 1.5, "n": 10},
		{"id": 2, "g": "b", "x": 2, "n": null},
		{"id": 3, "g": "a", "x": null, "n": 30},
		{"id": 4, "g": null, "x": 4, "n": null},
		{"id": 5, "g": "b", "x": 5, "n": 50},
		{"id": 6, "g": "a", "x": 0.5, "n": 60}
	]`)
}

// rows runs root and renders every row as "v1|v2|…" (NULL as "(null)").
func (f *fixture) rows(root plan.Node) []string {
	f.t.Helper()
	rdr, err := f.e.Execute(context.Background(), root)
	require.NoError(f.t, err)
	defer rdr.Release()
	require.True(f.t, rdr.Schema().Equal(root.Schema()), "schema %s, want %s", rdr.Schema(), root.Schema())
	var out []string
	for rdr.Next() {
		rec := rdr.RecordBatch()
		require.True(f.t, rec.Schema().Equal(root.Schema()))
		for i := 0; i < int(rec.NumRows()); i++ {
			vals := make([]string, rec.NumCols())
			for j, c := range rec.Columns() {
				vals[j] = strings.Clone(c.ValueStr(i)) // Value aliases the batch's memory
			}
			out = append(out, strings.Join(vals, "|"))
		}
	}
	require.NoError(f.t, rdr.Err())
	return out
}
