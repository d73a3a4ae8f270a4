package results

import (
	"context"
	"sync"
	"sync/atomic"
)

// budget is a byte semaphore bounding the bytes downloaded but not yet
// consumed. Chunks acquire it in chunk order (one goroutine admits them),
// so the chunk the reader waits for never waits behind later ones: when
// the reader needs chunk k, every earlier chunk is released and no later
// one is admitted, so the budget is empty and anything fits.
type budget struct {
	mu    sync.Mutex
	limit int64
	used  int64
	wake  chan struct{} // closed and replaced when used drops
}

func newBudget(limit int64) *budget {
	return &budget{limit: limit, wake: make(chan struct{})}
}

// acquire waits until n more bytes fit, or the budget is empty (a chunk
// larger than the budget goes alone).
func (b *budget) acquire(ctx context.Context, n int64) error {
	for {
		b.mu.Lock()
		if b.used == 0 || b.used+n <= b.limit {
			b.used += n
			b.mu.Unlock()
			return nil
		}
		wake := b.wake
		b.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// adjust changes a reservation by d without waiting (a chunk whose real
// size differs from its estimate).
func (b *budget) adjust(d int64) {
	if d > 0 {
		b.mu.Lock()
		b.used += d
		b.mu.Unlock()
		return
	}
	b.release(-d)
}

// release returns n bytes.
func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	close(b.wake)
	b.wake = make(chan struct{})
	b.mu.Unlock()
}

// counters are the live values behind Stats.
type counters struct {
	downloads, retries, refreshes, bytes atomic.Int64
	held, peak, chunks                   atomic.Int64
	linkRequests                         atomic.Int64
}

func (c *counters) received(n int64) {
	c.bytes.Add(n)
	h := c.held.Add(n)
	for {
		p := c.peak.Load()
		if h <= p || c.peak.CompareAndSwap(p, h) {
			return
		}
	}
}

func (c *counters) consumed(n int64) { c.held.Add(-n) }

func (c *counters) snapshot() Stats {
	return Stats{
		Downloads: c.downloads.Load(), Retries: c.retries.Load(), Refreshes: c.refreshes.Load(),
		BytesDownloaded: c.bytes.Load(), BytesHeld: c.held.Load(), PeakBytesHeld: c.peak.Load(),
		Chunks: c.chunks.Load(), LinkRequests: c.linkRequests.Load(),
	}
}
