package results

import (
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// guardAlloc is the allocator an IPC decoder gives arrow-go's reader. It
// remembers the buffers allocated since the last batch the decoder handed
// out, so that when arrow-go fails to build the next one — it recovers from
// a panic on a corrupt batch without releasing what it had allocated (a
// decompressed buffer, a message body read by its own message reader) —
// reclaim frees them instead of leaving them to an allocator that may not
// be Go's garbage-collected one.
type guardAlloc struct {
	mem   memory.Allocator
	mu    sync.Mutex
	live  map[*byte]guarded
	epoch int
}

// guarded is a live buffer and the epoch it was allocated in.
type guarded struct {
	b     []byte
	epoch int
}

var _ memory.Allocator = (*guardAlloc)(nil)

func newGuardAlloc(mem memory.Allocator) *guardAlloc {
	return &guardAlloc{mem: mem, live: map[*byte]guarded{}}
}

// Allocate implements memory.Allocator.
func (g *guardAlloc) Allocate(n int) []byte {
	b := g.mem.Allocate(n)
	g.track(b, -1)
	return b
}

// Reallocate implements memory.Allocator.
func (g *guardAlloc) Reallocate(n int, b []byte) []byte {
	epoch := g.untrack(b)
	if epoch < 0 && unsafe.SliceData(b) != nil {
		return g.mem.Reallocate(n, b) // not ours (any more): leave it alone
	}
	nb := g.mem.Reallocate(n, b)
	g.track(nb, epoch)
	return nb
}

// Free implements memory.Allocator. A buffer reclaim already freed is
// ignored: its late release (arrow-go's reader letting go of a message
// body) must not free it twice.
func (g *guardAlloc) Free(b []byte) {
	if unsafe.SliceData(b) == nil {
		g.mem.Free(b)
		return
	}
	if g.untrack(b) >= 0 {
		g.mem.Free(b)
	}
}

func (g *guardAlloc) track(b []byte, epoch int) {
	p := unsafe.SliceData(b)
	if p == nil {
		return
	}
	g.mu.Lock()
	if epoch < 0 {
		epoch = g.epoch
	}
	g.live[p] = guarded{b: b, epoch: epoch}
	g.mu.Unlock()
}

// untrack forgets b and returns its epoch, -1 when it was not tracked.
func (g *guardAlloc) untrack(b []byte) int {
	p := unsafe.SliceData(b)
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.live[p]
	if !ok {
		return -1
	}
	delete(g.live, p)
	return e.epoch
}

// mark starts a new epoch: the decoder handed out a batch, whose buffers
// are the caller's from now on.
func (g *guardAlloc) mark() {
	g.mu.Lock()
	g.epoch++
	g.mu.Unlock()
}

// reclaim frees the buffers allocated in the current epoch that are still
// live: the decoder failed and will build nothing more, so nothing valid
// holds them (a dictionary read since the last batch goes too; the
// reader's release then finds it already freed).
func (g *guardAlloc) reclaim() {
	g.mu.Lock()
	var dead [][]byte
	for p, e := range g.live {
		if e.epoch == g.epoch {
			dead = append(dead, e.b)
			delete(g.live, p)
		}
	}
	g.mu.Unlock()
	for _, b := range dead {
		g.mem.Free(b)
	}
}
