package results

import (
	"bytes"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"
)

// ipcStream writes batches of rows 64-bit ids (and a string column with
// nulls) as one IPC stream, LZ4-framed when framed.
func ipcStream(t *testing.T, batches, rows int, framed bool) []byte {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	var raw bytes.Buffer
	w := ipc.NewWriter(&raw, ipc.WithSchema(schema))
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	for i := range batches {
		for j := range rows {
			id := int64(i*rows + j)
			b.Field(0).(*array.Int64Builder).Append(id)
			if id%3 == 0 {
				b.Field(1).AppendNull()
			} else {
				b.Field(1).(*array.StringBuilder).Append("v")
			}
		}
		rec := b.NewRecordBatch()
		require.NoError(t, w.Write(rec))
		rec.Release()
	}
	require.NoError(t, w.Close())
	if !framed {
		return raw.Bytes()
	}
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	require.NoError(t, zw.Apply(lz4.BlockSizeOption(lz4.Block64Kb)))
	_, err := zw.Write(raw.Bytes())
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// TestSegmentDecoder reads streams whose size estimate is exact, too small,
// absent or far too large, framed or not: batches hold their data after
// the decoder is gone, and every segment is freed once they are released.
func TestSegmentDecoder(t *testing.T) {
	const batches, rows = 40, 5000 // about 1.4 MB of IPC
	for _, framed := range []bool{true, false} {
		stream := ipcStream(t, batches, rows, framed)
		size := int64(len(ipcStream(t, batches, rows, false)))
		for _, est := range []int64{size, 1000, 0, 100 * size} {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			pool := newBufPool(mem)
			dec, err := newSegmentDecoder(bytes.NewReader(stream), framed, est, pool, mem)
			require.NoError(t, err)
			kept := decodeAll(t, dec)
			require.Len(t, kept, batches)
			for i, rec := range kept {
				ids := rec.Column(0).(*array.Int64)
				strs := rec.Column(1).(*array.String)
				for j := range rows {
					id := int64(i*rows + j)
					require.Equal(t, id, ids.Value(j), "framed %v est %d", framed, est)
					require.Equal(t, id%3 == 0, strs.IsNull(j))
				}
				rec.Release()
			}
			pool.close()
			mem.AssertSize(t, 0)
		}
	}
}

// TestSegmentDecoderTruncated: a stream cut inside a message is an error,
// not a short result, and frees what it read.
func TestSegmentDecoderTruncated(t *testing.T) {
	stream := ipcStream(t, 10, 1000, false)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	pool := newBufPool(mem)
	dec, err := newSegmentDecoder(bytes.NewReader(stream[:len(stream)/2+3]), false, 0, pool, mem)
	require.NoError(t, err)
	for {
		_, err = dec.next()
		if err != nil {
			break
		}
	}
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	dec.release()
	pool.close()
	mem.AssertSize(t, 0)
}

// TestBufPool: buffers are reused by size class, resized within their
// class, and all go back to the allocator, also when freed after close.
func TestBufPool(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	p := newBufPool(mem)
	small := p.Allocate(100)
	a := p.Allocate(100 << 10)
	require.Len(t, a, 100<<10)
	p.Free(a)
	b := p.Allocate(120 << 10) // same 128 KiB class: reused
	require.Equal(t, &a[0], &b[0])
	b = p.Reallocate(127<<10, b)
	require.Equal(t, &a[0], &b[0])
	b = p.Reallocate(300<<10, b)
	require.Len(t, b, 300<<10)
	small = p.Reallocate(200, small)
	p.Free(small)
	p.close()
	p.Free(b)
	mem.AssertSize(t, 0)
}
