package results

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/pierrec/lz4/v4"
)

// LZ4 frame format constants (the LZ4 frame format description, v1.6).
const (
	lz4FrameMagic     = 0x184D2204
	lz4SkippableMask  = 0xFFFFFFF0
	lz4SkippableMagic = 0x184D2A50
	lz4RawBlock       = 0x80000000 // block size flag: stored uncompressed

	flgVersionMask = 0xC0
	flgVersion1    = 0x40
	flgIndependent = 0x20
	flgBlockSum    = 0x10
	flgContentSize = 0x08
	flgContentSum  = 0x04
	flgReserved    = 0x02
	flgDictID      = 0x01
)

// errLZ4 marks a malformed LZ4 frame.
var errLZ4 = errors.New("lz4 frame")

// taker is a byte source that hands out its bytes in place: take returns
// the next n bytes as a slice valid while the source lives (io.EOF when no
// byte is left, io.ErrUnexpectedEOF when fewer than n are), peek the same
// without consuming them.
type taker interface {
	take(n int) ([]byte, error)
	peek(n int) ([]byte, error)
}

// directLZ4 reports whether an LZ4 stream starting with hdr (at least its
// first 6 bytes) can be read by blockReader: a frame of independent blocks
// without a dictionary. Anything else goes through pierrec/lz4's reader.
func directLZ4(hdr []byte) bool {
	return len(hdr) >= 6 && binary.LittleEndian.Uint32(hdr) == lz4FrameMagic && directFlags(hdr[4])
}

// directFlags reports whether a frame's FLG byte is one blockReader reads.
func directFlags(flg byte) bool {
	return flg&(flgVersionMask|flgIndependent|flgReserved|flgDictID) == flgVersion1|flgIndependent
}

// blockReader decodes an LZ4 frame stream block by block, straight from
// the received bytes (a taker: the chunk's download buffer) into the
// caller's buffer, so that a chunk costs no LZ4 buffers of its own: the
// general frame reader copies each compressed block into a buffer of the
// frame's block size (4 MiB) and keeps a second one for output. A Read
// with less room than the frame's block size decodes into the buffer it
// was given when the block fits, else into a scratch buffer (only then
// allocated). Checksums (header, block, content) are verified; frames may
// be concatenated and skippable frames are skipped.
type blockReader struct {
	src      taker
	inFrame  bool
	frames   int
	blockMax int
	blockSum bool
	sum      *xxh32 // content checksum, when the frame has one
	rest     []byte // decoded bytes not yet returned
	scratch  []byte
}

var _ io.Reader = (*blockReader)(nil)

func newBlockReader(src taker) *blockReader { return &blockReader{src: src} }

// Read implements io.Reader.
func (z *blockReader) Read(p []byte) (int, error) {
	if len(z.rest) > 0 {
		n := copy(p, z.rest)
		z.rest = z.rest[n:]
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if !z.inFrame {
			if err := z.header(); err != nil {
				return 0, err
			}
			continue
		}
		b, err := z.src.take(4)
		if err != nil {
			return 0, truncated(err)
		}
		size := binary.LittleEndian.Uint32(b)
		if size == 0 { // end mark
			if err := z.endFrame(); err != nil {
				return 0, err
			}
			continue
		}
		raw := size&lz4RawBlock != 0
		size &^= lz4RawBlock
		if int(size) > z.blockMax {
			return 0, fmt.Errorf("%w: block of %d bytes in a frame of %d-byte blocks", errLZ4, size, z.blockMax)
		}
		data, err := z.src.take(int(size))
		if err != nil {
			return 0, truncated(err)
		}
		if z.blockSum {
			c, err := z.src.take(4)
			if err != nil {
				return 0, truncated(err)
			}
			if binary.LittleEndian.Uint32(c) != xxh32Sum(data) {
				return 0, fmt.Errorf("%w: block checksum mismatch", errLZ4)
			}
		}
		out, err := z.block(p, data, raw)
		if err != nil {
			return 0, err
		}
		if z.sum != nil {
			z.sum.write(out)
		}
		n := copy(p, out) // a no-op move when out is p's own prefix
		z.rest = out[n:]
		if n > 0 {
			return n, nil
		}
	}
}

// block decodes one block's data into p when it fits, else into scratch,
// and returns the decoded bytes.
func (z *blockReader) block(p, data []byte, raw bool) ([]byte, error) {
	if raw {
		return data, nil // handed out in place; rest keeps what p lacks room for
	}
	if len(p) > z.blockMax {
		p = p[:z.blockMax]
	}
	if n, err := lz4.UncompressBlock(data, p); err == nil {
		return p[:n], nil
	} else if len(p) == z.blockMax {
		return nil, fmt.Errorf("%w: %w", errLZ4, err)
	}
	// Too little room in p (or a corrupt block): decode into scratch.
	if cap(z.scratch) < z.blockMax {
		z.scratch = make([]byte, z.blockMax)
	}
	n, err := lz4.UncompressBlock(data, z.scratch[:z.blockMax])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errLZ4, err)
	}
	return z.scratch[:n], nil
}

// header reads the next frame's header, skipping skippable frames; io.EOF
// at the end of the stream (after at least one frame).
func (z *blockReader) header() error {
	for {
		b, err := z.src.take(4)
		if errors.Is(err, io.EOF) && z.frames > 0 {
			return io.EOF
		}
		if err != nil {
			return truncated(err)
		}
		magic := binary.LittleEndian.Uint32(b)
		if magic&lz4SkippableMask == lz4SkippableMagic {
			b, err := z.src.take(4)
			if err == nil {
				_, err = z.src.take(int(binary.LittleEndian.Uint32(b)))
			}
			if err != nil {
				return truncated(err)
			}
			continue
		}
		if magic != lz4FrameMagic {
			return fmt.Errorf("%w: bad magic %#x", errLZ4, magic)
		}
		break
	}
	desc, err := z.src.peek(2)
	if err != nil {
		return truncated(err)
	}
	flg, bd := desc[0], desc[1]
	n := 2
	if flg&flgContentSize != 0 {
		n += 8
	}
	if !directFlags(flg) {
		return fmt.Errorf("%w: unsupported frame flags %#x", errLZ4, flg)
	}
	if bd&0x8F != 0 || bd>>4&7 < 4 {
		return fmt.Errorf("%w: bad block descriptor %#x", errLZ4, bd)
	}
	desc, err = z.src.take(n + 1)
	if err != nil {
		return truncated(err)
	}
	if byte(xxh32Sum(desc[:n])>>8) != desc[n] {
		return fmt.Errorf("%w: header checksum mismatch", errLZ4)
	}
	z.blockMax = 1 << (2*(bd>>4&7) + 8)
	z.blockSum = flg&flgBlockSum != 0
	z.sum = nil
	if flg&flgContentSum != 0 {
		z.sum = newXXH32()
	}
	z.inFrame = true
	z.frames++
	return nil
}

// endFrame checks the content checksum after a frame's end mark.
func (z *blockReader) endFrame() error {
	z.inFrame = false
	if z.sum == nil {
		return nil
	}
	c, err := z.src.take(4)
	if err != nil {
		return truncated(err)
	}
	if binary.LittleEndian.Uint32(c) != z.sum.sum32() {
		return fmt.Errorf("%w: content checksum mismatch", errLZ4)
	}
	return nil
}

// truncated turns the end of the source inside a frame into an error.
func truncated(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// xxh32 is the streaming 32-bit xxHash (seed 0) the LZ4 frame format uses
// for its checksums.
type xxh32 struct {
	v     [4]uint32
	buf   [16]byte
	nbuf  int
	total uint64
}

const (
	xxP1 uint32 = 2654435761
	xxP2 uint32 = 2246822519
	xxP3 uint32 = 3266489917
	xxP4 uint32 = 668265263
	xxP5 uint32 = 374761393
)

func newXXH32() *xxh32 {
	p1, p2 := xxP1, xxP2 // variables: the sums wrap around
	return &xxh32{v: [4]uint32{p1 + p2, p2, 0, 0 - p1}}
}

func xxRound(v, lane uint32) uint32 {
	v += lane * xxP2
	v = v<<13 | v>>19
	return v * xxP1
}

func (h *xxh32) stripe(b []byte) {
	h.v[0] = xxRound(h.v[0], binary.LittleEndian.Uint32(b))
	h.v[1] = xxRound(h.v[1], binary.LittleEndian.Uint32(b[4:]))
	h.v[2] = xxRound(h.v[2], binary.LittleEndian.Uint32(b[8:]))
	h.v[3] = xxRound(h.v[3], binary.LittleEndian.Uint32(b[12:]))
}

func (h *xxh32) write(b []byte) {
	h.total += uint64(len(b))
	if h.nbuf > 0 {
		n := copy(h.buf[h.nbuf:], b)
		h.nbuf += n
		b = b[n:]
		if h.nbuf < 16 {
			return
		}
		h.stripe(h.buf[:])
		h.nbuf = 0
	}
	for len(b) >= 16 {
		h.stripe(b)
		b = b[16:]
	}
	h.nbuf = copy(h.buf[:], b)
}

func (h *xxh32) sum32() uint32 {
	var x uint32
	if h.total >= 16 {
		x = h.v[0]<<1 | h.v[0]>>31
		x += h.v[1]<<7 | h.v[1]>>25
		x += h.v[2]<<12 | h.v[2]>>20
		x += h.v[3]<<18 | h.v[3]>>14
	} else {
		x = xxP5
	}
	x += uint32(h.total)
	b := h.buf[:h.nbuf]
	for ; len(b) >= 4; b = b[4:] {
		x += binary.LittleEndian.Uint32(b) * xxP3
		x = (x<<17 | x>>15) * xxP4
	}
	for _, c := range b {
		x += uint32(c) * xxP5
		x = (x<<11 | x>>21) * xxP1
	}
	x ^= x >> 15
	x *= xxP2
	x ^= x >> 13
	x *= xxP3
	x ^= x >> 16
	return x
}

// xxh32Sum is the xxHash32 of b.
func xxh32Sum(b []byte) uint32 {
	h := newXXH32()
	h.write(b)
	return h.sum32()
}
