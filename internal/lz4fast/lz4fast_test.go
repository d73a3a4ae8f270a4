package lz4fast

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pierrec/lz4/v4"
)

// pierrecFrame compresses b with pierrec/lz4 at the frame settings Frame
// uses (64 KiB independent blocks, no checksums).
func pierrecFrame(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := lz4.NewWriter(&out)
	if err := zw.Apply(lz4.BlockSizeOption(lz4.Block64Kb), lz4.ChecksumOption(false)); err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// roundTrip compresses b and decodes it with pierrec/lz4's frame reader.
func roundTrip(t testing.TB, b []byte) []byte {
	t.Helper()
	var e Encoder
	frame := e.AppendFrame(nil, b)
	if len(frame) > Bound(len(b)) {
		t.Fatalf("frame of %d bytes exceeds Bound(%d) = %d", len(frame), len(b), Bound(len(b)))
	}
	got, err := io.ReadAll(lz4.NewReader(bytes.NewReader(frame)))
	if err != nil {
		t.Fatalf("pierrec/lz4 cannot read the frame of %d bytes: %v", len(b), err)
	}
	if !bytes.Equal(got, b) {
		t.Fatalf("round trip of %d bytes differs", len(b))
	}
	// Every block must also decode on its own with pierrec's block
	// decoder, which checks the block format strictly.
	checkBlocks(t, frame, b)
	return frame
}

// checkBlocks walks the frame's blocks and decodes each compressed one.
func checkBlocks(t testing.TB, frame, want []byte) {
	t.Helper()
	pos, off := headerLen, 0
	buf := make([]byte, BlockSize)
	for {
		size := binary.LittleEndian.Uint32(frame[pos:])
		pos += 4
		if size == 0 {
			break
		}
		n := int(size &^ uncompressedBit)
		blk := frame[pos : pos+n]
		pos += n
		if size&uncompressedBit != 0 {
			off += n
			continue
		}
		m, err := lz4.UncompressBlock(blk, buf)
		if err != nil {
			t.Fatalf("block at %d: %v", off, err)
		}
		if !bytes.Equal(buf[:m], want[off:off+m]) {
			t.Fatalf("block at %d differs", off)
		}
		off += m
	}
	if pos != len(frame) || off != len(want) {
		t.Fatalf("frame walk ended at %d of %d bytes, %d of %d decoded", pos, len(frame), off, len(want))
	}
}

// ipcLike is bytes shaped like issue 15's Arrow IPC chunks: per 2,048-row
// batch, two sequential int64 columns, a float64 column of id/3, string
// offsets and values "row_<id%1000>", and a bitmap of alternating bits.
func ipcLike(rows int) []byte {
	var b []byte
	for base := 0; base < rows; base += 2048 {
		n := min(2048, rows-base)
		for i := range n {
			b = binary.LittleEndian.AppendUint64(b, uint64(base+i))
		}
		for i := range n {
			b = binary.LittleEndian.AppendUint64(b, uint64(2*(base+i)))
		}
		for i := range n {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(float64(base+i)/3))
		}
		var vals []byte
		for i := range n {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(vals)))
			vals = append(vals, "row_"+strconv.Itoa((base+i)%1000)...)
		}
		b = append(b, vals...)
		for range (n + 7) / 8 {
			b = append(b, 0x55)
		}
	}
	return b
}

func TestHeaderMatchesPierrec(t *testing.T) {
	var e Encoder
	ours := e.AppendFrame(nil, []byte("header"))
	theirs := pierrecFrame(t, []byte("header"))
	if !bytes.Equal(ours[:headerLen], theirs[:headerLen]) {
		t.Fatalf("header % x, pierrec/lz4 writes % x", ours[:headerLen], theirs[:headerLen])
	}
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 3*BlockSize+17)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := map[string][]byte{
		"empty":        {},
		"one byte":     {7},
		"13 bytes":     []byte("aaaaaaaaaaaaa"),
		"zeros":        make([]byte, 5*BlockSize+3),
		"random":       random,
		"ipc-like":     ipcLike(50_000),
		"block exact":  bytes.Repeat([]byte("abcdefgh"), BlockSize/8),
		"long literal": append(random[:300:300], make([]byte, 1000)...),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) { roundTrip(t, b) })
	}
}

// TestCompresses checks the encoder finds matches: the IPC-like data
// shrinks, not far from what pierrec/lz4 achieves, and random data stays
// within the frame overhead.
func TestCompresses(t *testing.T) {
	b := ipcLike(200_000)
	ours := roundTrip(t, b)
	theirs := pierrecFrame(t, b)
	t.Logf("ipc-like %d bytes: lz4fast %d (%.3f), pierrec %d (%.3f)", len(b),
		len(ours), float64(len(ours))/float64(len(b)), len(theirs), float64(len(theirs))/float64(len(b)))
	if float64(len(ours)) > 1.15*float64(len(theirs)) {
		t.Fatalf("lz4fast wrote %d bytes, more than 1.15× pierrec/lz4's %d", len(ours), len(theirs))
	}
	zeros := roundTrip(t, make([]byte, 1<<20))
	if len(zeros) > 1<<20/100 {
		t.Fatalf("1 MiB of zeros took %d bytes", len(zeros))
	}
}

// TestEncoderReuse compresses different inputs with one encoder: entries
// left in the hash table by earlier blocks must never produce a bad match.
func TestEncoderReuse(t *testing.T) {
	var e Encoder
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 50 {
		b := make([]byte, rng.IntN(3*BlockSize))
		for j := range b {
			b[j] = byte(rng.IntN(4 + i)) // low entropy: many matches
		}
		frame := e.AppendFrame(nil, b)
		got, err := io.ReadAll(lz4.NewReader(bytes.NewReader(frame)))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("input %d (%d bytes): err %v, equal %v", i, len(b), err, bytes.Equal(got, b))
		}
	}
}

func TestAppendFrameAppends(t *testing.T) {
	var e Encoder
	prefix := []byte("prefix")
	out := e.AppendFrame(prefix, []byte("payload payload payload payload"))
	if !bytes.Equal(out[:len(prefix)], prefix) {
		t.Fatal("prefix lost")
	}
	got, err := io.ReadAll(lz4.NewReader(bytes.NewReader(out[len(prefix):])))
	if err != nil || string(got) != "payload payload payload payload" {
		t.Fatalf("got %q, %v", got, err)
	}
	src := ipcLike(1000)
	buf := make([]byte, 0, Bound(len(src))+16)
	if allocs := testing.AllocsPerRun(10, func() { _ = e.AppendFrame(buf, src) }); allocs != 0 {
		t.Fatalf("AppendFrame with room allocated %v times", allocs)
	}
}

func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
	f.Add(ipcLike(200))
	f.Add(bytes.Repeat([]byte{1, 2, 3, 4, 5}, 300))
	f.Fuzz(func(t *testing.T, b []byte) { roundTrip(t, b) })
}

// cpuTime is the process's user and system CPU time; on a shared machine
// it is steadier than the wall time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkCompress(b *testing.B) {
	src := ipcLike(200_000) // ~7 MB, about one chunk
	if f := os.Getenv("LZ4FAST_BENCH_INPUT"); f != "" {
		var err error
		if src, err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("lz4fast", func(b *testing.B) {
		var e Encoder
		buf := make([]byte, 0, Bound(len(src))+16)
		b.SetBytes(int64(len(src)))
		var n int
		cpu := cpuTime(b)
		for b.Loop() {
			n = len(e.AppendFrame(buf, src))
		}
		b.ReportMetric(float64(len(src))*float64(b.N)/(cpuTime(b)-cpu).Seconds()/1e6, "MB/CPU-s")
		b.ReportMetric(float64(n)/float64(len(src)), "ratio")
	})
	b.Run("pierrec", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		var n int
		cpu := cpuTime(b)
		for b.Loop() {
			n = len(pierrecFrame(b, src))
		}
		b.ReportMetric(float64(len(src))*float64(b.N)/(cpuTime(b)-cpu).Seconds()/1e6, "MB/CPU-s")
		b.ReportMetric(float64(n)/float64(len(src)), "ratio")
	})
}
