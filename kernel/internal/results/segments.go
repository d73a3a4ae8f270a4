package results

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"
)

// Decoded chunk bytes live in segments: reference-counted buffers holding
// a run of whole IPC messages. Record batches slice their bodies instead of
// copying them, so a segment is freed when the last batch built from it is
// released.
const (
	// segmentMax caps a segment; a chunk larger than that (or of unknown
	// size) spans several, and a single message larger than that gets a
	// segment of its own.
	segmentMax = decodeAhead
	// lz4Window is the most an LZ4 frame read asks for at once when the
	// frame's block size is not known: the largest LZ4 block size.
	lz4Window = 4 << 20
	// maxMetadata and maxBody bound what a corrupt message may ask for.
	maxMetadata = 64 << 20
	maxBody     = 1 << 30
)

// segmentReader is an [ipc.MessageReader] over one chunk's IPC stream,
// LZ4-framed or not. It decompresses (or copies) the stream into segments
// and hands out messages whose bodies are slices of them. An unframed
// stream read from a chunk's download buffer (direct) is not copied: the
// buffer's received bytes stand in for the segment and each body holds a
// reference to the buffer (chunkBuf.retain).
type segmentReader struct {
	refs   atomic.Int64
	src    io.Reader
	direct *bufReader // the unframed chunk read in place; nil: segments
	pool   *bufPool
	// window is what a read asks for at once: the LZ4 frame's block size,
	// so that each block decodes straight into the segment instead of
	// through the LZ4 reader's own buffer; 0 for an unframed stream.
	window int
	est    int64 // the stream's expected size; 0 when not known
	total  int64 // stream bytes read so far
	seg    *memory.Buffer
	data   []byte // seg's bytes: messages parsed up to lo, read up to hi
	lo     int
	hi     int
	eof    bool
	msg    *ipc.Message
	lease  *lease // msg's hold on its segment
	empty  int    // consecutive reads that returned nothing
}

// maxEmptyReads is how many reads in a row may return no byte and no
// error before the stream is taken for stuck (io.ErrNoProgress).
const maxEmptyReads = 100

var _ ipc.MessageReader = (*segmentReader)(nil)

// newSegmentReader reads the stream in r, of about est bytes once
// decompressed (0: unknown).
func newSegmentReader(r io.Reader, lz4Framed bool, est int64, pool *bufPool) *segmentReader {
	s := &segmentReader{src: r, pool: pool, est: est}
	if lz4Framed {
		if t, ok := r.(taker); ok {
			// A frame of independent blocks is decoded from the chunk's
			// bytes in place (see blockReader); others as below.
			if hdr, err := t.peek(6); err == nil && directLZ4(hdr) {
				s.window = lz4BlockSize(hdr)
				s.src = newBlockReader(t)
				s.refs.Store(1)
				return s
			}
		}
		var hdr [6]byte
		n, _ := io.ReadFull(r, hdr[:]) // a short stream fails in the LZ4 reader
		s.window = lz4BlockSize(hdr[:n])
		s.src = lz4.NewReader(io.MultiReader(bytes.NewReader(hdr[:n]), r))
	} else if br, ok := r.(*bufReader); ok {
		s.direct = br
	}
	s.refs.Store(1)
	return s
}

// lz4BlockSize is the block size an LZ4 frame header announces, or
// lz4Window when the header is not one it knows.
func lz4BlockSize(hdr []byte) int {
	if len(hdr) < 6 || binary.LittleEndian.Uint32(hdr) != 0x184D2204 {
		return lz4Window
	}
	if i := hdr[5] >> 4 & 7; i >= 4 {
		return 1 << (2*i + 8) // 4: 64 KiB … 7: 4 MiB
	}
	return lz4Window
}

// Retain implements ipc.MessageReader.
func (s *segmentReader) Retain() { s.refs.Add(1) }

// Release implements ipc.MessageReader: it drops the current message and
// the reader's reference to its segment.
func (s *segmentReader) Release() {
	if s.refs.Add(-1) != 0 {
		return
	}
	if s.msg != nil {
		s.msg.Release()
		s.msg = nil
	}
	if s.seg != nil {
		s.seg.Release()
		s.seg, s.data = nil, nil
	}
}

// Message implements ipc.MessageReader: the next message, valid until the
// next call, or io.EOF at the end of the stream.
func (s *segmentReader) Message() (msg *ipc.Message, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("arrow/ipc: invalid message metadata: %v", r)
		}
	}()
	if s.msg != nil {
		s.msg.Release()
		s.msg, s.lease = nil, nil
	}
	if err := s.fill(4); err != nil {
		return nil, err
	}
	prefix, n := 4, int64(int32(binary.LittleEndian.Uint32(s.data[s.lo:])))
	switch uint32(n) {
	case 0: // end of stream
		s.lo += 4
		return nil, s.end()
	case 0xFFFFFFFF: // continuation marker, then the length
		if err := s.fill(8); err != nil {
			return nil, unexpected(err)
		}
		prefix, n = 8, int64(int32(binary.LittleEndian.Uint32(s.data[s.lo+4:])))
		if n == 0 {
			s.lo += 8
			return nil, s.end()
		}
	}
	if n < 4 || n > maxMetadata {
		return nil, fmt.Errorf("arrow/ipc: invalid message metadata length %d", n)
	}
	if err := s.fill(prefix + int(n)); err != nil {
		return nil, unexpected(err)
	}
	raw := append([]byte(nil), s.data[s.lo+prefix:s.lo+prefix+int(n)]...)
	meta, body, err := checkedMetadata(raw)
	if err != nil {
		return nil, err
	}
	whole := prefix + int(n) + int(body)
	if err := s.fill(whole); err != nil {
		return nil, unexpected(err)
	}
	start := s.lo + prefix + int(n)
	if s.direct != nil {
		s.direct.b.retain()
		s.lease = &lease{seg: chunkRef{s.direct.b}}
	} else {
		s.lease = &lease{seg: s.seg}
		s.seg.Retain()
	}
	b := memory.NewBufferWithAllocator(s.data[start:start+int(body)], s.lease)
	s.msg = ipc.NewMessage(meta, b)
	b.Release()
	s.lo += whole
	return s.msg, nil
}

// abandon gives up the segment reference of the latest message's body
// when arrow-go failed to build a batch from it: arrow-go recovers from a
// panic while loading a corrupt batch without releasing the buffers it had
// sliced from the body (a string array's Retain before its offsets check
// panics), so the body would otherwise keep the segment from ever going
// back to the allocator. Nothing valid holds that body: the batch was never
// returned. A no-op when the latest Message call failed itself.
func (s *segmentReader) abandon() {
	if s.lease != nil && s.msg != nil {
		s.lease.end()
	}
}

// lease holds a segment (or chunk buffer) reference for one message's
// body, given up once either when the body is freed or when the message is
// abandoned.
type lease struct {
	seg   interface{ Release() }
	ended atomic.Bool
}

func (l *lease) end() {
	if l.ended.CompareAndSwap(false, true) {
		l.seg.Release()
	}
}

// Allocate implements memory.Allocator; a body is never resized.
func (l *lease) Allocate(int) []byte { panic("results: message body resized") }

// Reallocate implements memory.Allocator; a body is never resized.
func (l *lease) Reallocate(int, []byte) []byte { panic("results: message body resized") }

// Free implements memory.Allocator: the body's last reference is gone.
func (l *lease) Free([]byte) { l.end() }

// end reads what follows the end-of-stream marker, normally only the LZ4
// frame's end mark: the LZ4 reader returns its block buffers to their pool
// when it reaches the end of its input, and allocates new ones for every
// chunk otherwise. What it finds there is ignored, as a stream reader
// stopping at the marker would. It returns io.EOF.
func (s *segmentReader) end() error {
	if !s.eof {
		if s.direct != nil {
			s.direct.off = s.lo
		}
		_, _ = io.Copy(io.Discard, s.src)
		s.eof = true
	}
	return io.EOF
}

// unexpected turns the end of the stream inside a message into an error.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// fill reads until the segment holds n unparsed bytes; io.EOF when the
// stream ends first. The segment grows to hold n bytes at most a segment,
// or as many bytes as it holds, at a time: a message claiming a body of a
// gigabyte gets room as its bytes arrive, not on its word.
func (s *segmentReader) fill(n int) error {
	if s.direct != nil {
		return s.fillDirect(n)
	}
	for s.hi-s.lo < n {
		if s.eof {
			return io.EOF
		}
		kept := s.hi - s.lo
		target := min(n, kept+max(kept, segmentMax))
		free := len(s.data) - s.hi
		if s.lo+target > len(s.data) || free < s.window && int64(free) < s.left() {
			s.grow(target)
			free = len(s.data) - s.hi
		}
		if s.window > 0 {
			free = min(free, s.window)
		}
		m, err := s.src.Read(s.data[s.hi : s.hi+free])
		s.hi += m
		s.total += int64(m)
		switch {
		case errors.Is(err, io.EOF):
			s.eof = true
		case err != nil:
			return err
		case m == 0:
			// A source (the LZ4 reader over a corrupt frame) that
			// answers nothing and no error must not spin for ever.
			if s.empty++; s.empty >= maxEmptyReads {
				return io.ErrNoProgress
			}
			continue
		}
		s.empty = 0
	}
	return nil
}

// fillDirect is fill reading in place: it waits until the chunk's buffer
// holds n bytes past lo, and makes data every byte it has received (lo
// and hi are offsets in the chunk).
func (s *segmentReader) fillDirect(n int) error {
	if s.hi-s.lo >= n {
		return nil
	}
	if s.eof {
		return io.EOF
	}
	s.direct.off = s.lo
	data, err := s.direct.published(n)
	if data != nil {
		s.data, s.hi = data, len(data)
	}
	if errors.Is(err, io.EOF) {
		s.eof = true
	}
	return err
}

// left is the number of stream bytes still expected: what the estimate
// says, or a full segment once it is exhausted or unknown.
func (s *segmentReader) left() int64 {
	if s.est > s.total {
		return s.est - s.total
	}
	return segmentMax
}

// grow moves the unparsed bytes to a new segment with room for at least n
// bytes, sized for the rest of the stream up to segmentMax, with room for
// a whole read window unless the stream should end before it.
func (s *segmentReader) grow(n int) {
	kept := s.hi - s.lo
	size := max(int64(n), min(int64(kept)+s.left(), segmentMax))
	size = max(size, int64(kept)+min(int64(s.window), s.left()))
	data := s.pool.Allocate(int(size)) // not zeroed: only what is read is exposed
	seg := memory.NewBufferWithAllocator(data, s.pool)
	copy(data, s.data[s.lo:s.hi])
	if s.seg != nil {
		s.seg.Release()
	}
	s.seg, s.data, s.lo, s.hi = seg, data, 0, kept
}
