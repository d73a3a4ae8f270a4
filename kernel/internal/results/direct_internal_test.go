package results

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// decodeAll reads every batch dec gives, retained, then releases dec.
func decodeAll(t *testing.T, dec *ipcDecoder) []arrow.RecordBatch {
	t.Helper()
	var kept []arrow.RecordBatch
	for {
		rec, err := dec.next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		rec.Retain()
		kept = append(kept, rec)
	}
	dec.release()
	return kept
}

// spareCount is how many buffers sp holds for reuse.
func spareCount(sp *spares) int {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return len(sp.l)
}

// TestDirectDecoderMatchesCopy: an unframed chunk decoded in place from its
// download buffer, fed in pieces of random size, gives the batches the
// copying path gives from the same bytes, without allocating a byte of
// Arrow memory for them, and its buffer goes back to the spares only once
// the decoder, the buffer's release and the last batch are all done.
func TestDirectDecoderMatchesCopy(t *testing.T) {
	const batches, rows = 40, 5000
	stream := ipcStream(t, batches, rows, false)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	pool := newBufPool(mem)
	dec, err := newSegmentDecoder(bytes.NewReader(stream), false, 0, pool, mem)
	require.NoError(t, err)
	require.Nil(t, dec.seg.direct, "a plain reader is copied into segments")
	want := decodeAll(t, dec)
	for seed := range uint64(5) {
		direct := memory.NewCheckedAllocator(memory.NewGoAllocator())
		dpool := newBufPool(direct)
		r := feed(t, stream, seed)
		dec, err := newSegmentDecoder(r, false, int64(len(stream)), dpool, direct)
		require.NoError(t, err)
		require.NotNil(t, dec.seg.direct)
		got := decodeAll(t, dec)
		require.Zero(t, direct.CurrentAlloc(), "batches slice the download buffer")
		require.Len(t, got, len(want))
		r.b.release(newBudget(1 << 30))
		for i := range got {
			require.True(t, array.RecordEqual(want[i], got[i]), "seed %d batch %d", seed, i)
			require.Zero(t, spareCount(r.b.spares), "batch %d still slices the buffer", i)
			got[i].Release()
		}
		require.Equal(t, 1, spareCount(r.b.spares), "the buffer is reusable once every batch is gone")
		dpool.close()
		direct.AssertSize(t, 0)
	}
	for _, rec := range want {
		rec.Release()
	}
	pool.close()
	mem.AssertSize(t, 0)
}

// TestDirectDecoderHalfRead: a decoder stopped half-way, a stream cut
// inside a message and a batch kept after everything else is released all
// leave the buffer's references balanced and no Arrow memory behind.
func TestDirectDecoderHalfRead(t *testing.T) {
	stream := ipcStream(t, 10, 1000, false)
	for _, tc := range []struct {
		name string
		body []byte
	}{{"half read", stream}, {"truncated", stream[:len(stream)/2+3]}} {
		t.Run(tc.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			pool := newBufPool(mem)
			r := feed(t, tc.body, 7)
			dec, err := newSegmentDecoder(r, false, 0, pool, mem)
			require.NoError(t, err)
			var kept arrow.RecordBatch
			for i := 0; i < 5; i++ {
				rec, err := dec.next()
				if err != nil {
					require.ErrorIs(t, err, io.ErrUnexpectedEOF)
					break
				}
				if kept == nil {
					rec.Retain()
					kept = rec
				}
			}
			dec.release()
			for !r.b.complete() {
				<-r.b.signal
			}
			r.b.release(newBudget(1 << 30))
			require.Zero(t, spareCount(r.b.spares))
			require.NotNil(t, kept)
			ids := kept.Column(0).(*array.Int64)
			for j := range ids.Len() {
				require.Equal(t, int64(j), ids.Value(j))
			}
			kept.Release()
			require.Equal(t, 1, spareCount(r.b.spares))
			pool.close()
			mem.AssertSize(t, 0)
		})
	}
}
