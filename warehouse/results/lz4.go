package results

import (
	"bytes"
	"sync"

	"github.com/sealane/sealane/internal/lz4fast"
)

// lz4Encoders recycles the frame compressors (each holds an 8 KiB hash
// table); chunks are compressed one per core at a time.
var lz4Encoders = sync.Pool{New: func() any { return new(lz4fast.Encoder) }}

// lz4Scratch recycles the buffers chunks are compressed into: a frame is
// written into one (sized for the worst case, so it never regrows mid-frame)
// and copied out at its length, sparing the runtime from zeroing a fresh
// buffer of the uncompressed size for every chunk.
var lz4Scratch sync.Pool

// lz4Frame compresses b into one LZ4 frame of independent 64 KiB blocks.
//
// The compressor is lz4fast's greedy one, ~1.75× pierrec/lz4's fast level
// in CPU per byte on an Arrow IPC chunk for ~4 % more bytes (bench/RESULTS.md): the
// client waits for every chunk to be compressed before the execute
// answers, and a local warehouse's bytes on the wire are cheap. 64 KiB
// blocks keep the hash table's positions in 16 bits and let a client decode
// a chunk block by block as it streams in.
func lz4Frame(b []byte) ([]byte, error) {
	need := lz4fast.Bound(len(b)) + 16
	var scratch []byte
	if p, ok := lz4Scratch.Get().(*[]byte); ok && cap(*p) >= need {
		scratch = (*p)[:0]
	} else {
		scratch = make([]byte, 0, need)
	}
	enc := lz4Encoders.Get().(*lz4fast.Encoder)
	out := enc.AppendFrame(scratch, b)
	lz4Encoders.Put(enc)
	// The store counts len, so the frame leaves at its length (a frame a
	// third of its buffer would hold three times what the budget says:
	// 570 MB live for a 256 MiB budget, measured).
	frame := bytes.Clone(out)
	if cap(out) >= need && cap(out) <= 2*need {
		out = out[:0]
		lz4Scratch.Put(&out)
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
