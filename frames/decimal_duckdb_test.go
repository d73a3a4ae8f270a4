package frames_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/frames"
)

// TestDuckDBDecimalWithWideLiteral: comparing and adding a decimal(5,2)
// column with an integer literal wider than it builds and runs.
func TestDuckDBDecimalWithWideLiteral(t *testing.T) {
	type row struct {
		K int64 `frame:"k"`
	}
	src := frames.FromRows([]row{{1}, {999}})
	defer src.Release()
	d52 := &arrow.Decimal128Type{Precision: 5, Scale: 2}
	f := src.Select(frames.Col("k").Cast(d52).Alias("price")).
		Filter(frames.Col("price").Lt(100_000)).
		Select(frames.Col("price").Add(1_000_000).Alias("p"))
	tb, err := f.ToArrow(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Release()
	if got := frames.Must(f).Schema().Field(0).Type; !arrow.TypeEqual(got, &arrow.Decimal128Type{Precision: 10, Scale: 2}) {
		t.Fatalf("type %s", got)
	}
	col := tb.Column(0).Data().Chunks()[0].(*array.Decimal128)
	if tb.NumRows() != 2 || col.Value(0).ToString(2) != "1000001.00" || col.Value(1).ToString(2) != "1000999.00" {
		t.Fatalf("rows %d: %v", tb.NumRows(), col)
	}
}
