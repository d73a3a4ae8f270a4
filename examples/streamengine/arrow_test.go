package streamengine_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsNotNullOfASlicedArray records why the engine reads NULLs from the
// validity bitmap itself: arrow-go's is_not_null kernel ignores the offset
// of a sliced array (is_null honours it). When this test fails, arrow-go
// has fixed it and nullTest can go back to the kernels.
func TestIsNotNullOfASlicedArray(t *testing.T) {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues([]string{"a", "b", "c", "", "e"}, []bool{true, true, true, false, true})
	whole := b.NewArray()
	defer whole.Release()
	tail := array.NewSlice(whole, 2, 5) // c, NULL, e
	defer tail.Release()

	isNull, err := compute.CallFunction(t.Context(), "is_null", nil, compute.NewDatum(tail))
	require.NoError(t, err)
	defer isNull.Release()
	got := isNull.(*compute.ArrayDatum).MakeArray()
	defer got.Release()
	assert.Equal(t, "[false true false]", got.String(), "is_null honours the offset")

	isNotNull, err := compute.CallFunction(t.Context(), "is_not_null", nil, compute.NewDatum(tail))
	require.NoError(t, err)
	defer isNotNull.Release()
	got2 := isNotNull.(*compute.ArrayDatum).MakeArray()
	defer got2.Release()
	assert.Equal(t, "[true true true]", got2.String(), "arrow-go v18.8.0: is_not_null reads the bitmap from offset 0 (the right answer is [true false true])")
}
