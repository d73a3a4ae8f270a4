package results

import (
	"context"
	"io"
	"sync"
)

// chunkBuf holds one chunk's bytes as received, compressed if the result
// is. A download appends to it while the decoder reads it, so the chunk at
// the head of the result is decoded as it streams in. Only the bytes
// [0, len(data)) are shared; the writer fills the spare capacity beyond
// them without the lock and publishes under it.
//
// An uncompressed chunk is decoded without a copy: the message bodies its
// batches read are slices of data, each holding a reference (retain), so
// the array goes back to the spares only when the decoder has released the
// buffer and the last batch built on it is gone.
type chunkBuf struct {
	mu       sync.Mutex
	data     []byte
	done     bool  // the download completed
	err      error // the download failed for good
	reserved int64 // budget bytes reserved for this chunk
	released bool
	refs     int           // the decoder's reference and one per body sliced from data
	kept     []byte        // data once released, until the last reference goes
	signal   chan struct{} // capacity 1: something changed
	cancel   context.CancelFunc
	stats    *counters
	spares   *spares
	// length is the Content-Length of the first response, -1 when not
	// known; only the buffer's download goroutine touches it.
	length int64
}

func newChunkBuf(stats *counters, cancel context.CancelFunc, sp *spares) *chunkBuf {
	return &chunkBuf{signal: make(chan struct{}, 1), stats: stats, cancel: cancel, spares: sp, length: -1, refs: 1}
}

func (b *chunkBuf) notify() {
	select {
	case b.signal <- struct{}{}:
	default:
	}
}

// complete reports whether the download has completed.
func (b *chunkBuf) complete() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done
}

// size returns the number of bytes received.
func (b *chunkBuf) size() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return int64(len(b.data))
}

// maxPrealloc caps the room a Content-Length makes before the bytes
// arrive: a server announcing more (a lie, or a chunk larger than any
// real one) gets a buffer that grows as its bytes come in instead.
const maxPrealloc = 64 << 20

// expect makes room for n bytes in total (the Content-Length), at most
// maxPrealloc.
func (b *chunkBuf) expect(n int64) {
	n = min(n, maxPrealloc)
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.released && int64(cap(b.data)) < n {
		if len(b.data) == 0 {
			if sp := b.spares.get(n); sp != nil {
				b.data = sp
				return
			}
		}
		// Headroom lets the buffer serve a slightly larger chunk later.
		grown := make([]byte, len(b.data), n+n/8)
		copy(grown, b.data)
		b.data = grown
	}
}

// spare returns the free space after the published bytes, growing the
// buffer when there is none.
func (b *chunkBuf) spare() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	if cap(b.data) == len(b.data) {
		grown := make([]byte, len(b.data), max(2*cap(b.data), minRead))
		copy(grown, b.data)
		b.data = grown
	}
	return b.data[len(b.data):cap(b.data)]
}

// publish makes n more bytes, written into spare, visible to the reader.
func (b *chunkBuf) publish(n int) {
	b.mu.Lock()
	if b.released {
		b.mu.Unlock()
		return
	}
	b.data = b.data[:len(b.data)+n]
	b.mu.Unlock()
	b.stats.received(int64(n))
	b.notify()
}

// finish marks the download complete (err nil) or failed for good.
func (b *chunkBuf) finish(err error) {
	b.mu.Lock()
	b.done, b.err = true, err
	b.mu.Unlock()
	b.notify()
}

// state returns the download's outcome so far.
func (b *chunkBuf) state() (done bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done, b.err
}

// release frees the buffer for the decoder: it cancels a download still
// running, and returns its budget reservation and held bytes once. The
// caller must be done reading the buffer; its memory is reused once the
// download is done and no batch slices it any more (see retain).
func (b *chunkBuf) release(bud *budget) {
	b.cancel()
	b.mu.Lock()
	if b.released {
		b.mu.Unlock()
		return
	}
	b.released = true
	held, reserved := int64(len(b.data)), b.reserved
	b.kept, b.data, b.reserved = b.data, nil, 0
	b.drop()
	b.mu.Unlock()
	b.stats.consumed(held)
	bud.release(reserved)
}

// retain adds a reference to the received bytes: a message body sliced
// from them. Only the decoder calls it, before it releases the buffer.
func (b *chunkBuf) retain() {
	b.mu.Lock()
	b.refs++
	b.mu.Unlock()
}

// unref drops a reference retain added.
func (b *chunkBuf) unref() {
	b.mu.Lock()
	b.drop()
	b.mu.Unlock()
}

// drop drops a reference, b.mu held; the last one offers the memory for
// reuse if no download writes into it any more.
func (b *chunkBuf) drop() {
	if b.refs--; b.refs > 0 || !b.released {
		return
	}
	if b.done {
		b.spares.put(b.kept)
	}
	b.kept = nil
}

// chunkRef is a message body's reference to its chunk's bytes.
type chunkRef struct{ b *chunkBuf }

// Release drops the reference.
func (r chunkRef) Release() { r.b.unref() }

// reserve records (and adjusts) the chunk's budget reservation; it returns
// the change.
func (b *chunkBuf) reserve(n int64) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.released {
		return 0
	}
	d := n - b.reserved
	b.reserved = n
	return d
}

// bufReader reads a chunkBuf from the start, waiting for bytes that have
// not arrived yet.
type bufReader struct {
	ctx context.Context
	b   *chunkBuf
	off int
}

// Read returns received bytes, io.EOF after a completed download, the
// download's error after a failed one, or the context's error.
func (r *bufReader) Read(p []byte) (int, error) {
	for {
		r.b.mu.Lock()
		data, done, err := r.b.data, r.b.done, r.b.err
		r.b.mu.Unlock()
		switch {
		case r.off < len(data):
			n := copy(p, data[r.off:])
			r.off += n
			return n, nil
		case err != nil:
			return 0, err
		case done:
			return 0, io.EOF
		}
		select {
		case <-r.b.signal:
		case <-r.ctx.Done():
			return 0, context.Cause(r.ctx)
		}
	}
}

// maxSpares is how many chunk buffers a reader keeps for reuse.
const maxSpares = 4

// spares recycles the buffers of chunks whose download completed and
// which are decoded, sparing the runtime from zeroing fresh ones.
type spares struct {
	mu sync.Mutex
	l  [][]byte
}

// get returns an empty buffer with room for n bytes (but not more than
// twice that), or nil.
func (s *spares) get(n int64) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range s.l {
		if c := int64(cap(b)); c >= n && c <= 2*n {
			s.l[i] = s.l[len(s.l)-1]
			s.l = s.l[:len(s.l)-1]
			return b[:0]
		}
	}
	return nil
}

// put offers b for reuse.
func (s *spares) put(b []byte) {
	if cap(b) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.l) < maxSpares {
		s.l = append(s.l, b[:0])
	}
}

// peek returns the next n bytes without consuming them, waiting for them
// to arrive: a slice of the buffer, valid until it is released. io.EOF when
// the download completed with no byte left, io.ErrUnexpectedEOF when it
// completed with fewer than n.
func (r *bufReader) peek(n int) ([]byte, error) {
	data, err := r.published(n)
	// published's own io.EOF, not a download error that wraps one.
	complete := err == io.EOF //nolint:errorlint // see above
	switch {
	case complete && r.off == len(data):
		return nil, io.EOF
	case complete:
		return nil, io.ErrUnexpectedEOF
	case err != nil:
		return nil, err
	}
	return data[r.off : r.off+n : r.off+n], nil
}

// published waits until n bytes past the reader's offset have arrived
// and returns every byte received so far, valid until the buffer is
// released; with io.EOF (and what arrived) when the download completed
// with fewer.
func (r *bufReader) published(n int) ([]byte, error) {
	for {
		r.b.mu.Lock()
		data, done, err := r.b.data, r.b.done, r.b.err
		r.b.mu.Unlock()
		switch {
		case len(data)-r.off >= n:
			return data, nil
		case err != nil:
			return nil, err
		case done:
			return data, io.EOF
		}
		select {
		case <-r.b.signal:
		case <-r.ctx.Done():
			return nil, context.Cause(r.ctx)
		}
	}
}

// take is peek, consuming the bytes.
func (r *bufReader) take(n int) ([]byte, error) {
	b, err := r.peek(n)
	if err == nil {
		r.off += n
	}
	return b, err
}
