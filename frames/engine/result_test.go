package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames/engine"
)

func listRecord(t *testing.T, mem memory.Allocator, elem string) arrow.RecordBatch {
	t.Helper()
	lt := arrow.ListOfField(arrow.Field{Name: elem, Type: arrow.PrimitiveTypes.Int64, Nullable: true})
	b := array.NewListBuilderWithField(mem, lt.ElemField())
	defer b.Release()
	vb := b.ValueBuilder().(*array.Int64Builder)
	b.Append(true)
	vb.AppendValues([]int64{1, 2}, nil)
	b.AppendNull()
	arr := b.NewArray()
	defer arr.Release()
	sc := arrow.NewSchema([]arrow.Field{{Name: "l", Type: lt, Nullable: true}}, nil)
	return array.NewRecordBatch(sc, []arrow.Array{arr}, 2)
}

// TestConformRetypesListElementNames checks that a backend's list column
// whose element field is named differently is re-typed to the plan's type
// over the same buffers, and that the result is released cleanly.
func TestConformRetypesListElementNames(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := listRecord(t, mem, "l") // DuckDB names list elements "l"
	defer rec.Release()
	want := arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true}}, nil)
	out, err := engine.Conform(want, rec)
	require.NoError(t, err)
	defer out.Release()
	require.True(t, out.Schema().Equal(want))
	require.Equal(t, rec.Column(0).Data().Buffers()[1], out.Column(0).Data().Buffers()[1], "no copy")
	require.Equal(t, "[[1 2] (null)]", out.Column(0).String())
}

// TestConformRejectsOtherTypes checks that a real type difference is an
// error naming the column and both types.
func TestConformRejectsOtherTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := listRecord(t, mem, "item")
	defer rec.Release()
	want := arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true}}, nil)
	_, err := engine.Conform(want, rec)
	require.ErrorContains(t, err, `column "l"`)
	require.ErrorContains(t, err, "int64")
	require.ErrorContains(t, err, "int32")
}

// TestContextErrorMatchesTheContext checks that a backend's own words for
// an interrupted query still match context.Canceled, and that other errors
// are only prefixed.
func TestContextErrorMatchesTheContext(t *testing.T) {
	backend := errors.New("INTERRUPT Error: Interrupted!")
	ctx, cancel := context.WithCancel(context.Background())
	err := engine.ContextError(ctx, "x", backend)
	require.NotErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, backend)
	require.EqualError(t, err, "frames/engines/x: INTERRUPT Error: Interrupted!")
	cancel()
	err = engine.ContextError(ctx, "x", backend)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, backend)
	require.NoError(t, engine.ContextError(ctx, "x", nil))
}
