package results

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/lz4fast"
)

// lz4Data is n bytes that compress somewhat (runs of a counter) with
// incompressible stretches, so frames hold compressed and raw blocks.
func lz4Data(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := 0; i < n; {
		if r.IntN(4) == 0 { // random bytes: stored raw when a whole block is
			end := min(n, i+1+r.IntN(300<<10))
			for ; i < end; i++ {
				b[i] = byte(r.Uint32())
			}
			continue
		}
		end := min(n, i+1+r.IntN(100<<10))
		for ; i < end; i++ {
			b[i] = byte(i / 7)
		}
	}
	return b
}

func writeFrame(t *testing.T, data []byte, opts ...lz4.Option) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	require.NoError(t, zw.Apply(opts...))
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// feed publishes body into a chunkBuf in pieces of random size from another
// goroutine, as a download does, and returns a reader over it.
func feed(t *testing.T, body []byte, seed uint64) *bufReader {
	t.Helper()
	var st counters
	buf := newChunkBuf(&st, func() {}, &spares{})
	go func() {
		r := rand.New(rand.NewPCG(seed, 2))
		rest := body
		for len(rest) > 0 {
			n := min(len(rest), 1+r.IntN(200<<10))
			space := buf.spare()
			n = min(n, len(space))
			copy(space, rest[:n])
			buf.publish(n)
			rest = rest[n:]
		}
		buf.finish(nil)
	}()
	return &bufReader{ctx: context.Background(), b: buf}
}

// readWith reads all of r with reads of size step (0: the block size).
func readWith(r io.Reader, step int) ([]byte, error) {
	var out []byte
	p := make([]byte, step)
	for {
		n, err := r.Read(p)
		out = append(out, p[:n]...)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// TestBlockReaderMatchesFrameReader decodes frames of every block size,
// with and without checksums and content size, concatenated and behind a
// skippable frame, streamed into a chunk buffer as they would arrive, with
// reads of the block size (decoded in place) and smaller (through scratch):
// the bytes are the writer's.
func TestBlockReaderMatchesFrameReader(t *testing.T) {
	sizes := []lz4.BlockSize{lz4.Block64Kb, lz4.Block256Kb, lz4.Block1Mb, lz4.Block4Mb}
	for i, bs := range sizes {
		for _, sums := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/sums=%v", bs, sums), func(t *testing.T) {
				data := lz4Data(700<<10+12345, uint64(i))
				opts := []lz4.Option{lz4.BlockSizeOption(bs), lz4.ChecksumOption(sums), lz4.BlockChecksumOption(sums)}
				if sums {
					opts = append(opts, lz4.SizeOption(uint64(len(data))))
				}
				frame := writeFrame(t, data, opts...)
				require.True(t, directLZ4(frame))
				for _, step := range []int{int(bs), 1000} {
					got, err := readWith(newBlockReader(feed(t, frame, uint64(step))), step)
					require.NoError(t, err)
					require.True(t, bytes.Equal(data, got), "step %d", step)
				}
				// Two frames after a skippable one decode as their concatenation.
				skip := binary.LittleEndian.AppendUint32(nil, lz4SkippableMagic+3)
				skip = binary.LittleEndian.AppendUint32(skip, 5)
				skip = append(skip, "hello"...)
				second := writeFrame(t, data[:100000], opts[:1]...)
				stream := append(append(append([]byte{}, skip...), frame...), second...)
				got, err := readWith(newBlockReader(feed(t, stream, 9)), int(bs))
				require.NoError(t, err)
				require.True(t, bytes.Equal(append(append([]byte{}, data...), data[:100000]...), got))
			})
		}
	}
}

// TestBlockReaderReadsLZ4Fast reads frames from the warehouse's compressor
// (internal/lz4fast: compressed and stored blocks) through the in-place
// block reader, with reads of the block size and smaller.
func TestBlockReaderReadsLZ4Fast(t *testing.T) {
	var enc lz4fast.Encoder
	for seed := range uint64(4) {
		data := lz4Data(900<<10+int(seed)*4567, seed+10)
		frame := enc.AppendFrame(nil, data)
		require.True(t, directLZ4(frame))
		for _, step := range []int{lz4fast.BlockSize, 1000} {
			got, err := readWith(newBlockReader(feed(t, frame, seed)), step)
			require.NoError(t, err)
			require.True(t, bytes.Equal(data, got), "seed %d step %d", seed, step)
		}
	}
}

// TestBlockReaderRejects checks that corrupt or cut frames fail instead of
// yielding bytes that differ from what was written.
func TestBlockReaderRejects(t *testing.T) {
	data := lz4Data(1<<20, 7)
	plain := writeFrame(t, data, lz4.BlockSizeOption(lz4.Block64Kb), lz4.ChecksumOption(false))
	summed := writeFrame(t, data, lz4.BlockSizeOption(lz4.Block64Kb), lz4.ChecksumOption(true), lz4.BlockChecksumOption(true))
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x40
		return c
	}
	cases := map[string][]byte{
		"cut in a block":        plain[:len(plain)/2],
		"no end mark":           plain[:len(plain)-4],
		"header checksum":       flip(plain, 6),
		"bad magic":             flip(plain, 0),
		"content checksum":      flip(summed, len(summed)-2),
		"block checksum":        flip(summed, len(summed)/2),
		"block larger than max": append(bytes.Clone(plain[:7]), 0xFF, 0xFF, 0x01, 0x00),
	}
	// A second frame whose blocks depend on each other.
	dep := bytes.Clone(plain[:7])
	dep[4] &^= flgIndependent
	cases["dependent blocks later"] = append(bytes.Clone(plain), dep...)
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := readWith(newBlockReader(feed(t, body, 3)), 64<<10)
			if err == nil {
				require.False(t, bytes.Equal(got, data), "read back intact")
				t.Fatalf("no error; %d bytes", len(got))
			}
		})
	}
}

// TestXXH32 checks the checksum against known values and the streaming
// form against the one-shot form.
func TestXXH32(t *testing.T) {
	require.Equal(t, uint32(0x02CC5D05), xxh32Sum(nil))
	require.Equal(t, uint32(0x550D7456), xxh32Sum([]byte("a")))
	require.Equal(t, uint32(0x32D153FF), xxh32Sum([]byte("abc")))
	data := lz4Data(100000, 1)
	h := newXXH32()
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1+len(rest)%37)
		h.write(rest[:n])
		rest = rest[n:]
	}
	require.Equal(t, xxh32Sum(data), h.sum32())
}
