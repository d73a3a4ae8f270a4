package rows

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// benchRow is the benchmark struct: ints, floats, strings, timestamps.
type benchRow struct {
	ID    int64     `frame:"id"`
	Qty   int32     `frame:"qty"`
	Price float64   `frame:"price"`
	Name  string    `frame:"name"`
	At    time.Time `frame:"at"`
	Note  *string   `frame:"note"`
}

const benchRows = 10_000_000

func benchData(n int) []benchRow {
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("customer-%04d", i)
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]benchRow, n)
	for i := range out {
		out[i] = benchRow{ID: int64(i), Qty: int32(i % 100), Price: float64(i) * 0.01, Name: names[i%len(names)], At: base.Add(time.Duration(i) * time.Millisecond)}
		if i%3 == 0 {
			out[i].Note = &names[i%7]
		}
	}
	return out
}

// BenchmarkEncode10M encodes 10M structs into record batches.
func BenchmarkEncode10M(b *testing.B) {
	data := benchData(benchRows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, err := Encode(data)
		if err != nil {
			b.Fatal(err)
		}
		releaseAll(recs)
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// untyped re-labels batches with an all-nullable schema in another column
// order, as a file or FromArrow source would give them.
func untyped(recs []arrow.RecordBatch) []arrow.RecordBatch {
	s := recs[0].Schema()
	order := []int{4, 3, 2, 1, 0, 5}
	fs := make([]arrow.Field, len(order))
	for i, j := range order {
		fs[i] = s.Field(j)
		fs[i].Nullable = true
	}
	loose := arrow.NewSchema(fs, nil)
	out := make([]arrow.RecordBatch, len(recs))
	for k, r := range recs {
		cols := make([]arrow.Array, len(order))
		for i, j := range order {
			cols[i] = r.Column(j)
		}
		out[k] = array.NewRecordBatch(loose, cols, r.NumRows())
	}
	return out
}

// BenchmarkValidate10MStrict validates 10M untyped rows that fit T.
func BenchmarkValidate10MStrict(b *testing.B) {
	recs, err := Encode(benchData(benchRows))
	if err != nil {
		b.Fatal(err)
	}
	in := untyped(recs)
	target, _ := SchemaOf[benchRow]()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, _, err := Validate(target, in)
		if err != nil {
			b.Fatal(err)
		}
		releaseAll(out)
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkValidate10MCoerce validates 10M rows whose qty column is text
// and whose id column is int32, in coercion mode.
func BenchmarkValidate10MCoerce(b *testing.B) {
	recs, err := Encode(benchData(benchRows))
	if err != nil {
		b.Fatal(err)
	}
	mem := memory.DefaultAllocator
	in := untyped(recs)
	for k, r := range in {
		qty := r.Column(3).(*array.Int32)
		sb := array.NewStringBuilder(mem)
		for i := 0; i < qty.Len(); i++ {
			sb.Append(fmt.Sprint(qty.Value(i)))
		}
		cols := append([]arrow.Array(nil), r.Columns()...)
		cols[3] = sb.NewArray()
		fs := append([]arrow.Field(nil), r.Schema().Fields()...)
		fs[3].Type = arrow.BinaryTypes.String
		in[k] = array.NewRecordBatch(arrow.NewSchema(fs, nil), cols, r.NumRows())
	}
	target, _ := SchemaOf[benchRow]()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, rep, err := Validate(target, in, WithCoerce())
		if err != nil {
			b.Fatal(err, rep)
		}
		releaseAll(out)
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkDecode10M decodes 10M rows into structs through Decode.
func BenchmarkDecode10M(b *testing.B) {
	recs, err := Encode(benchData(benchRows))
	if err != nil {
		b.Fatal(err)
	}
	schema, _ := SchemaOf[benchRow]()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := array.NewRecordReader(schema, recs)
		if err != nil {
			b.Fatal(err)
		}
		out, err := Decode[benchRow](context.Background(), r)
		if err != nil || len(out) != benchRows {
			b.Fatal(err, len(out))
		}
		r.Release()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
