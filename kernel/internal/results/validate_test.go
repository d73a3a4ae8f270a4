package results

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// TestValidateBatchTakesVoidColumns: a VOID column (Arrow NULL), alone or
// as a struct field, read back from IPC — where arrow-go builds it with no
// buffers — passes the batch check, and a corrupt sibling string in the
// same struct is still caught.
func TestValidateBatchTakesVoidColumns(t *testing.T) {
	mem := memory.NewGoAllocator()
	inner := arrow.StructOf(arrow.Field{Name: "v", Type: arrow.Null, Nullable: true},
		arrow.Field{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "n", Type: arrow.Null, Nullable: true},
		{Name: "st", Type: inner, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.NullBuilder).AppendNulls(2)
	sb := b.Field(1).(*array.StructBuilder)
	for _, s := range []string{"ab", "cd"} {
		sb.Append(true)
		sb.FieldBuilder(0).(*array.NullBuilder).AppendNull()
		sb.FieldBuilder(1).(*array.StringBuilder).Append(s)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()

	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	require.NoError(t, w.Write(rec))
	require.NoError(t, w.Close())
	r, err := ipc.NewReader(&buf)
	require.NoError(t, err)
	defer r.Release()
	require.True(t, r.Next(), r.Err())
	got := r.RecordBatch()
	require.NoError(t, validateBatch(got))

	// The same struct with its string's offsets running backwards.
	st := got.Column(1).(*array.Struct)
	str := st.Field(1).Data()
	offsets := arrow.Int32Traits.CastFromBytes(str.Buffers()[1].Bytes())
	offsets[1], offsets[2] = 4, 2
	require.Error(t, validateBatch(got))
}

// TestValidateBatchChecksListsOfVoid: a list of NULL elements read back
// from IPC passes, and the same list with an offset past its elements, or
// with offsets running backwards, is refused before a caller slices it.
func TestValidateBatchChecksListsOfVoid(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "l", Type: arrow.ListOf(arrow.Null), Nullable: true},
		{Name: "m", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.Null), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	lb := b.Field(0).(*array.ListBuilder)
	mb := b.Field(1).(*array.MapBuilder)
	for i := range 3 {
		lb.Append(true)
		lb.ValueBuilder().(*array.NullBuilder).AppendNulls(i)
		mb.Append(true)
		for k := range i {
			mb.KeyBuilder().(*array.StringBuilder).Append(string(rune('a' + k)))
			mb.ItemBuilder().(*array.NullBuilder).AppendNull()
		}
	}
	lb.AppendNull()
	mb.AppendNull()
	rec := b.NewRecordBatch()
	defer rec.Release()

	read := func() arrow.RecordBatch {
		var buf bytes.Buffer
		w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
		require.NoError(t, w.Write(rec))
		require.NoError(t, w.Close())
		r, err := ipc.NewReader(&buf)
		require.NoError(t, err)
		t.Cleanup(r.Release)
		require.True(t, r.Next(), r.Err())
		return r.RecordBatch()
	}
	require.NoError(t, validateBatch(read()))

	for _, col := range []int{0, 1} {
		got := read()
		offsets := arrow.Int32Traits.CastFromBytes(got.Column(col).Data().Buffers()[1].Bytes())
		offsets[4] = 1 << 20 // past the elements
		require.ErrorContains(t, validateBatch(got), "past the", "column %d", col)

		got = read()
		offsets = arrow.Int32Traits.CastFromBytes(got.Column(col).Data().Buffers()[1].Bytes())
		offsets[3] = 0 // below the one before (offsets were 0 0 1 3 3)
		require.ErrorContains(t, validateBatch(got), "below the one before", "column %d", col)
	}
}
