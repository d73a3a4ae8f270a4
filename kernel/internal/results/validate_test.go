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
