package results

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/pierrec/lz4/v4"
)

// lz4Block is the block size of the frames the warehouse writes. 64 KiB
// blocks compress ~15 % faster than 4 MiB ones (the compressor's table
// stays in cache) for 1–2 % more bytes, and let a client decode a chunk as
// it streams in, block by block, instead of 4 MiB at a time.
const lz4Block = lz4.Block64Kb

// lz4Scratch recycles the buffers chunks are compressed into: a frame is
// written into one (sized for the worst case, so it never regrows mid-frame)
// and copied out at its length, sparing the runtime from zeroing a fresh
// buffer of the uncompressed size for every chunk.
var lz4Scratch sync.Pool

// lz4Frame compresses b into one LZ4 frame.
func lz4Frame(b []byte) ([]byte, error) {
	need := lz4.CompressBlockBound(len(b)) + (len(b)/int(lz4Block)+1)*24 + 64
	var scratch []byte
	if p, ok := lz4Scratch.Get().(*[]byte); ok && cap(*p) >= need {
		scratch = (*p)[:0]
	} else {
		scratch = make([]byte, 0, need)
	}
	out := bytes.NewBuffer(scratch)
	zw := lz4.NewWriter(out)
	if err := zw.Apply(lz4.BlockSizeOption(lz4Block), lz4.ChecksumOption(false)); err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("warehouse: lz4: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("warehouse: lz4: %w", err)
	}
	// The store counts len, so the frame leaves at its length (a frame a
	// third of its buffer would hold three times what the budget says:
	// 570 MB live for a 256 MiB budget, measured).
	frame := bytes.Clone(out.Bytes())
	if buf := out.Bytes(); cap(buf) >= need && cap(buf) <= 2*need {
		buf = buf[:0]
		lz4Scratch.Put(&buf)
	}
	return frame, nil
}

// rawChunks recycles the buffers chunks are encoded into when they leave
// compressed (chunkEncoder.handOver): the sink returns each once its frame
// is written.
var rawChunks sync.Pool

// rawChunkBuf is an empty encoding buffer with room for n bytes, recycled
// when one is at hand.
func rawChunkBuf(n int) []byte {
	if p, ok := rawChunks.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

// recycleRawChunk offers a compressed chunk's encoding buffer for reuse;
// nothing may refer to it any more.
func recycleRawChunk(b []byte) {
	b = b[:0]
	rawChunks.Put(&b)
}
