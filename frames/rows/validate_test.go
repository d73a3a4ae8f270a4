package rows

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

type person struct {
	Name  string    `frame:"name"`
	Age   int64     `frame:"age"`
	Score *float64  `frame:"score"`
	Born  time.Time `frame:"born"`
}

func personSchema(t *testing.T) *arrow.Schema {
	s, err := SchemaOf[person]()
	require.NoError(t, err)
	return s
}

func checked(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

func requireValidation(t *testing.T, err error) *Report {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, ErrValidation)
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	rep, ok := IsValidation(err)
	require.True(t, ok)
	require.Same(t, ve.Report, rep)
	return rep
}

func TestValidateStrictPassThroughIsZeroCopy(t *testing.T) {
	mem := checked(t)
	in := []person{{"ann", 30, nil, time.Unix(0, 0).UTC()}, {"bob", 40, ptr(1.5), time.Unix(100, 0).UTC()}}
	recs, err := Encode(in, WithAllocator(mem))
	require.NoError(t, err)
	defer releaseAll(recs)
	// An untyped copy: same columns, every field nullable, different order.
	src := recs[0]
	loose := arrow.NewSchema([]arrow.Field{
		{Name: "born", Type: src.Column(3).DataType(), Nullable: true},
		{Name: "age", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, nil)
	untyped := array.NewRecordBatch(loose, []arrow.Array{src.Column(3), src.Column(1), src.Column(0), src.Column(2)}, 2)
	defer untyped.Release()

	out, rep, err := Validate(personSchema(t), []arrow.RecordBatch{untyped}, WithAllocator(mem))
	require.NoError(t, err)
	defer releaseAll(out)
	require.True(t, rep.OK())
	require.Equal(t, int64(2), rep.Rows)
	require.Equal(t, int64(2), rep.Valid)
	require.True(t, out[0].Schema().Equal(personSchema(t)), "output schema is the target")
	require.Same(t, src.Column(1), out[0].Column(1), "valid columns are passed through")
	back, err := DecodeBatch[person](out[0])
	require.NoError(t, err)
	require.Equal(t, in, back)
}

func ptr[T any](v T) *T { return &v }

// mk builds a batch from Go slices via FromColumns' converter (no validation).
func mk(t *testing.T, mem memory.Allocator, cols ...Column) arrow.RecordBatch {
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	for i, c := range cols {
		a, err := sliceToArray(mem, c.Values, nil)
		require.NoError(t, err)
		arrs[i] = a
		fields[i] = arrow.Field{Name: c.Name, Type: a.DataType(), Nullable: true}
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(arrs[0].Len()))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

func TestValidateStrictErrors(t *testing.T) {
	mem := checked(t)
	target := personSchema(t)
	born := []time.Time{time.Unix(0, 0).UTC(), time.Unix(1, 0).UTC(), time.Unix(2, 0).UTC()}

	t.Run("unknown column", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []string{"a", "b", "c"}}, Column{"age", []int64{1, 2, 3}}, Column{"born", born}, Column{"extra", []int64{1, 2, 3}})
		defer rec.Release()
		out, rep, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem), WithDropInvalid())
		require.Nil(t, out)
		rep2 := requireValidation(t, err)
		require.Same(t, rep, rep2)
		require.Equal(t, []RowError{{Row: -1, Column: "extra", Kind: ErrUnknownColumn, Reason: `the target schema has no column "extra" (it has [name age score born])`}}, rep.Errors)
		require.Contains(t, err.Error(), `column "extra": unknown_column`)
	})
	t.Run("missing non-nullable column", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []string{"a", "b", "c"}}, Column{"born", born})
		defer rec.Release()
		_, _, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem))
		rep := requireValidation(t, err)
		require.Len(t, rep.Errors, 1)
		require.Equal(t, RowError{Row: -1, Column: "age", Kind: ErrMissingColumn, Reason: `non-nullable column "age" (int64) is missing`}, rep.Errors[0])
	})
	t.Run("missing nullable column is filled with NULL", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []string{"a", "b", "c"}}, Column{"age", []int64{1, 2, 3}}, Column{"born", born})
		defer rec.Release()
		out, rep, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem))
		require.NoError(t, err)
		defer releaseAll(out)
		require.True(t, rep.OK())
		require.Equal(t, 3, out[0].Column(2).NullN())
		got, err := DecodeBatch[person](out[0])
		require.NoError(t, err)
		require.Nil(t, got[1].Score)
		require.Equal(t, int64(2), got[1].Age)
	})
	t.Run("NULL in non-nullable column", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []*string{ptr("a"), nil, ptr("c")}}, Column{"age", []*int64{nil, ptr(int64(2)), nil}}, Column{"born", born})
		defer rec.Release()
		_, rep, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem))
		requireValidation(t, err)
		require.Equal(t, []RowError{
			{Row: 1, Column: "name", Value: "NULL", Kind: ErrNullValue, Reason: "NULL in a non-nullable column"},
			{Row: 0, Column: "age", Value: "NULL", Kind: ErrNullValue, Reason: "NULL in a non-nullable column"},
			{Row: 2, Column: "age", Value: "NULL", Kind: ErrNullValue, Reason: "NULL in a non-nullable column"},
		}, rep.Errors)
		require.Equal(t, int64(0), rep.Valid)
	})
	t.Run("wrong type", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []string{"a", "b", "c"}}, Column{"age", []string{"1", "2", "x"}}, Column{"born", born})
		defer rec.Release()
		_, rep, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem))
		requireValidation(t, err)
		require.Equal(t, []RowError{{Row: -1, Column: "age", Kind: ErrWrongType, Reason: "column is utf8, want int64 (WithCoerce converts it)"}}, rep.Errors)
	})
	t.Run("wrong type not coercible", func(t *testing.T) {
		rec := mk(t, mem, Column{"name", []string{"a", "b", "c"}}, Column{"age", []int64{1, 2, 3}}, Column{"born", []bool{true, false, true}})
		defer rec.Release()
		_, rep, err := Validate(target, []arrow.RecordBatch{rec}, WithAllocator(mem), WithCoerce())
		requireValidation(t, err)
		require.Equal(t, []RowError{{Row: -1, Column: "born", Kind: ErrWrongType, Reason: "column is bool, want timestamp[us, tz=UTC]"}}, rep.Errors)
	})
}

func TestValidateFailVersusDrop(t *testing.T) {
	mem := checked(t)
	target := personSchema(t)
	mkBatches := func() []arrow.RecordBatch {
		return []arrow.RecordBatch{
			mk(t, mem, Column{"name", []string{"a", "b"}}, Column{"age", []any{1, "x"}}, Column{"born", []string{"2024-01-02T03:04:05Z", "2024-01-02"}}),
			mk(t, mem, Column{"name", []*string{nil, ptr("d")}}, Column{"age", []any{"40", 41.0}}, Column{"born", []string{"2024-01-02 03:04:05.5", "nope"}}),
		}
	}
	in := mkBatches()
	defer releaseAll(in)

	_, rep, err := Validate(target, in, WithAllocator(mem), WithCoerce())
	requireValidation(t, err)
	want := []RowError{
		{Row: 1, Column: "age", Value: "x", Kind: ErrCoerce, Reason: "not a number"},
		{Row: 2, Column: "name", Value: "NULL", Kind: ErrNullValue, Reason: "NULL in a non-nullable column"},
		{Row: 3, Column: "born", Value: "nope", Kind: ErrCoerce, Reason: "not a timestamp (RFC 3339 or YYYY-MM-DD[ hh:mm:ss])"},
	}
	require.Equal(t, want, rep.Errors)
	require.Equal(t, int64(4), rep.Rows)
	require.Equal(t, int64(1), rep.Valid)
	require.Equal(t, int64(0), rep.Dropped)
	require.Contains(t, rep.Coerced, "age: utf8 → int64")

	out, rep, err := Validate(target, in, WithAllocator(mem), WithCoerce(), WithDropInvalid())
	require.NoError(t, err)
	defer releaseAll(out)
	require.Equal(t, want, rep.Errors)
	require.Equal(t, int64(3), rep.Dropped)
	got := decodeAll[person](t, out)
	require.Equal(t, []person{{Name: "a", Age: 1, Born: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}}, got)
	for _, o := range out {
		require.True(t, o.Schema().Equal(target))
	}
}

func decodeAll[T any](t *testing.T, recs []arrow.RecordBatch) []T {
	var out []T
	var err error
	for _, r := range recs {
		out, err = DecodeAppend(out, r)
		require.NoError(t, err)
	}
	return out
}

func TestCoercions(t *testing.T) {
	type target struct {
		I8  int8
		I32 int32
		I64 int64
		F32 float32
		F64 float64
		B   bool
		S   string
		T   time.Time
		D   Date
		Dec decimal128.Num `frame:",decimal(10,2)"`
		Bin []byte
	}
	schema, err := SchemaOf[target]()
	require.NoError(t, err)
	mem := checked(t)
	ok := []Column{
		{"I8", []any{int64(-128), "127", 3.0}},
		{"I32", []int32{1, 2, 3}},
		{"I64", []any{int16(7), " 8 ", "9"}},
		{"F32", []int64{1, 2, 3}},
		{"F64", []string{"1.5", "-2e3", "0"}},
		{"B", []any{"true", "0", "T"}},
		{"S", []any{1, 2.5, true}},
		{"T", []any{"2024-03-01T10:00:00+02:00", "2024-03-01", "2024-03-01 10:00:00.000001"}},
		{"D", []string{"2024-02-29", "1970-01-01", "1969-12-31"}},
		{"Dec", []any{"12.34", 5, 0.5}},
		{"Bin", []string{"a", "", "c"}},
	}
	out, rep, err := FromColumns(ok, schema, WithAllocator(mem), WithCoerce())
	require.NoError(t, err, "%v", rep)
	defer releaseAll(out)
	got := decodeAll[target](t, out)
	require.Equal(t, []target{
		{I8: -128, I32: 1, I64: 7, F32: 1, F64: 1.5, B: true, S: "1", T: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), D: Date{2024, 2, 29}, Dec: decimal128.FromI64(1234), Bin: []byte("a")},
		{I8: 127, I32: 2, I64: 8, F32: 2, F64: -2000, B: false, S: "2.5", T: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), D: Date{1970, 1, 1}, Dec: decimal128.FromI64(500), Bin: []byte{}},
		{I8: 3, I32: 3, I64: 9, F32: 3, F64: 0, B: true, S: "true", T: time.Date(2024, 3, 1, 10, 0, 0, 1000, time.UTC), D: Date{1969, 12, 31}, Dec: decimal128.FromI64(50), Bin: []byte("c")},
	}, got)

	bad := []struct {
		col    Column
		reason string
	}{
		{Column{"I8", []any{1, 2, 128}}, "128 is out of range [-128, 127]"},
		{Column{"I32", []float64{1, 2, 2.5}}, "2.5 is not an integer in range"},
		{Column{"I64", []string{"1", "2", "3x"}}, "not a number"},
		{Column{"F32", []float64{1, 2, 1e300}}, "out of float32 range"},
		{Column{"B", []any{"true", "false", "maybe"}}, "not a boolean (true/false/1/0)"},
		{Column{"T", []string{"2024-01-01", "2024-01-01", "2024-01-01T00:00:00.0000001Z"}}, "sub-microsecond precision would be lost"},
		{Column{"D", []string{"2024-01-01", "2024-01-01", "2024-13-01"}}, "not a date (YYYY-MM-DD)"},
		{Column{"Dec", []string{"1", "2", "123456789.5"}}, "not a decimal(10, 2)"},
		{Column{"S", [][]byte{[]byte("a"), []byte("b"), {0xff}}}, "binary value is not valid UTF-8"},
	}
	for _, b := range bad {
		t.Run(b.col.Name, func(t *testing.T) {
			cols := make([]Column, 0, len(ok))
			for _, c := range ok {
				if c.Name == b.col.Name {
					c = b.col
				}
				cols = append(cols, c)
			}
			_, rep, err := FromColumns(cols, schema, WithAllocator(mem), WithCoerce())
			requireValidation(t, err)
			require.Len(t, rep.Errors, 1, "%v", rep)
			e := rep.Errors[0]
			require.Equal(t, int64(2), e.Row)
			require.Equal(t, b.col.Name, e.Column)
			require.Equal(t, ErrCoerce, e.Kind)
			require.Contains(t, e.Reason, b.reason)
		})
	}
}

func TestFromMapAnyColumn(t *testing.T) {
	mem := checked(t)
	type row struct {
		Name string `frame:"name"`
		Age  *int64 `frame:"age"`
	}
	schema, err := SchemaOf[row]()
	require.NoError(t, err)
	m := map[string]any{"name": []string{"a", "b", "c"}, "age": []any{1, "x", nil}}
	_, rep, err := FromMap(m, schema, WithAllocator(mem))
	requireValidation(t, err)
	require.Equal(t, ErrWrongType, rep.Errors[0].Kind)

	_, rep, err = FromMap(m, schema, WithAllocator(mem), WithCoerce())
	requireValidation(t, err)
	require.Equal(t, []RowError{{Row: 1, Column: "age", Value: "x", Kind: ErrCoerce, Reason: "not a number"}}, rep.Errors)

	out, rep, err := FromMap(m, schema, WithAllocator(mem), WithCoerce(), WithDropInvalid())
	require.NoError(t, err)
	defer releaseAll(out)
	require.Equal(t, int64(1), rep.Dropped)
	require.Equal(t, []row{{"a", ptr(int64(1))}, {"c", nil}}, decodeAll[row](t, out))

	_, _, err = FromMap(map[string]any{"name": []string{"a"}, "age": []int64{1, 2}}, schema, WithAllocator(mem))
	require.ErrorContains(t, err, "has 2 values")

	all, rep, err := FromMap(map[string]any{"name": []string{"a", "b"}, "age": []any{nil, nil}}, schema, WithAllocator(mem), WithBatchRows(1))
	require.NoError(t, err)
	defer releaseAll(all)
	require.Len(t, all, 2, "batches of WithBatchRows")
	require.True(t, rep.OK())
}

func TestReportCapAndMessage(t *testing.T) {
	mem := checked(t)
	type row struct{ N int64 }
	schema, _ := SchemaOf[row]()
	vals := make([]any, 50)
	for i := range vals {
		vals[i] = "bad"
	}
	_, rep, err := FromColumns([]Column{{"N", vals}}, schema, WithAllocator(mem), WithCoerce(), WithMaxReportErrors(5))
	requireValidation(t, err)
	require.Equal(t, int64(50), rep.Total)
	require.Len(t, rep.Errors, 5)
	require.True(t, rep.Truncated())
	msg := err.Error()
	require.True(t, strings.HasPrefix(msg, "frames/rows: validation failed: 50 problem(s): row 0 column \"N\" value \"bad\""), msg)
	require.Contains(t, msg, "(47 more)")
	require.Contains(t, rep.String(), "and 45 more")
}

func TestValidateReaderCancelled(t *testing.T) {
	mem := checked(t)
	recs, err := Encode([]person{{Name: "a"}, {Name: "b"}}, WithAllocator(mem), WithBatchRows(1))
	require.NoError(t, err)
	defer releaseAll(recs)
	r, err := array.NewRecordReader(personSchema(t), recs)
	require.NoError(t, err)
	defer r.Release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out, _, err := ValidateReader(ctx, personSchema(t), r, WithAllocator(mem))
	require.ErrorIs(t, err, context.Canceled)
	require.Nil(t, out)
}
