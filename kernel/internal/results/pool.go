package results

import (
	"math/bits"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Pool sizes: buffers from minPooled bytes up are rounded up to a power of
// two and kept for reuse when freed, up to poolLimit bytes in all.
const (
	minPooled = 64 << 10
	poolLimit = 4 * segmentMax
)

// bufPool is a memory.Allocator that recycles the large buffers a reader
// allocates over and over (decoded segments, coalesced columns) instead of
// having the Go runtime zero fresh ones each time. It hands out buffers
// that are not zeroed, so only code that writes every byte it exposes may
// use it. Buffers come from mem and go back to it when the pool is full or
// closed; Free may be called from any goroutine, also after close (a
// batch that outlives its reader).
type bufPool struct {
	mem    memory.Allocator
	mu     sync.Mutex
	free   map[int][][]byte // by size
	held   int64
	closed bool
}

var _ memory.Allocator = (*bufPool)(nil)

func newBufPool(mem memory.Allocator) *bufPool {
	return &bufPool{mem: mem, free: map[int][][]byte{}}
}

// class is the pooled size for a request of n bytes, 0 when too small.
func class(n int) int {
	if n < minPooled {
		return 0
	}
	return 1 << bits.Len(uint(n-1))
}

// Allocate implements memory.Allocator.
func (p *bufPool) Allocate(n int) []byte {
	c := class(n)
	if c == 0 {
		return p.mem.Allocate(n)
	}
	p.mu.Lock()
	if l := p.free[c]; len(l) > 0 {
		b := l[len(l)-1]
		p.free[c] = l[:len(l)-1]
		p.held -= int64(c)
		p.mu.Unlock()
		return b[:n]
	}
	p.mu.Unlock()
	return p.mem.Allocate(c)[:n]
}

// Reallocate implements memory.Allocator.
// Free finds a buffer's size class from its length, so a buffer only
// changes length within its class.
func (p *bufPool) Reallocate(n int, b []byte) []byte {
	switch c := class(n); {
	case c == 0 && class(len(b)) == 0:
		return p.mem.Reallocate(n, b)
	case c != 0 && c == class(len(b)):
		return b[:n]
	}
	nb := p.Allocate(n)
	copy(nb, b)
	p.Free(b)
	return nb
}

// Free implements memory.Allocator.
func (p *bufPool) Free(b []byte) {
	c := class(len(b))
	if c == 0 {
		p.mem.Free(b)
		return
	}
	b = b[:c]
	p.mu.Lock()
	if p.closed || p.held+int64(c) > poolLimit {
		p.mu.Unlock()
		p.mem.Free(b)
		return
	}
	p.free[c] = append(p.free[c], b)
	p.held += int64(c)
	p.mu.Unlock()
}

// close frees the pooled buffers; later frees go straight to mem.
func (p *bufPool) close() {
	p.mu.Lock()
	free := p.free
	p.free, p.held, p.closed = nil, 0, true
	p.mu.Unlock()
	for _, l := range free {
		for _, b := range l {
			p.mem.Free(b)
		}
	}
}
