package results

import (
	"fmt"
	"maps"
	"slices"

	"github.com/sealane/sealane/sea"
)

// linkAnswer is the outcome of one GET …/result/chunks/{k}.
type linkAnswer struct {
	k     int // the chunk asked for
	links []sea.ExternalLink
	err   error
}

// linker is the state of the links goroutine: it makes a slot per chunk,
// in chunk order and at most Prefetch ahead of the reader, and gives each
// its link, from the links already received or from chunk-link requests it
// runs concurrently, at most LinkParallel at once. A slot goes to the admit
// and decode stages as soon as it exists; admit waits for its link, so a
// download starts as soon as its link and every earlier chunk's have
// arrived.
//
// Every answer's links are kept: the service may answer chunk k with the
// links of k, k+1, …, and the JDBC User-Agent gets them all at once. span,
// the most links one answer has carried, lets the linker skip requests an
// answer in flight is expected to cover; a chunk an answer does not cover
// after all is asked for when that answer arrives.
type linker struct {
	p       *pipeline
	cache   map[int]sea.ExternalLink // links of chunks without a slot yet
	waiting map[int]*slot            // slots whose link has not arrived
	asked   map[int]bool             // chunks whose request is in flight
	answers chan linkAnswer          // capacity LinkParallel: senders never block
	span    int                      // most links in one answer (at least 1)
	next    int                      // the chunk the next slot is for
	last    int                      // the last chunk; -1 while unknown
}

func newLinker(p *pipeline, first []sea.ExternalLink) *linker {
	l := &linker{
		p: p, cache: map[int]sea.ExternalLink{}, waiting: map[int]*slot{}, asked: map[int]bool{},
		answers: make(chan linkAnswer, p.cfg.LinkParallel), span: max(1, len(first)),
		last: p.m.TotalChunkCount - 1, // -1: follow next_chunk_index
	}
	for _, link := range first {
		l.cache[link.ChunkIndex] = link
	}
	return l
}

// links turns links into slots, fetching them Prefetch chunks ahead.
func (p *pipeline) links(first []sea.ExternalLink) {
	defer p.wg.Done()
	defer close(p.decodeQ)
	defer close(p.admitQ)
	l := newLinker(p, first)
	for l.next <= l.last || l.last < 0 || len(l.waiting) > 0 {
		var prefetch chan struct{}
		if l.canCreate() {
			prefetch = p.prefetch
		}
		select {
		case prefetch <- struct{}{}:
			if err := l.create(); err != nil {
				p.fail(err)
				return
			}
		case a := <-l.answers:
			if err := l.receive(a); err != nil {
				p.fail(err)
				return
			}
		case <-p.ctx.Done():
			return
		}
		l.ask()
	}
}

// canCreate reports whether the next chunk's slot may be made: its index is
// known to exist, from total_chunk_count or, without it, from the previous
// chunk's next_chunk_index (then links are fetched one after another).
func (l *linker) canCreate() bool {
	if l.last >= 0 {
		return l.next <= l.last
	}
	return len(l.waiting) == 0
}

// create makes the next chunk's slot and hands it to admit and decode; it
// gets its link at once when one is cached.
func (l *linker) create() error {
	k := l.next
	l.next++
	s := &slot{k: k, ready: make(chan struct{}), linked: make(chan struct{})}
	l.p.admitQ <- s // never blocks: at most Prefetch slots exist
	l.p.decodeQ <- s
	if link, ok := l.cache[k]; ok {
		delete(l.cache, k)
		l.resolve(s, link)
		return nil
	}
	if l.p.fetch == nil {
		return l.p.cfg.chunkErr(ErrProtocol, k, "no link and no fetcher")
	}
	l.waiting[k] = s
	return nil
}

// resolve gives slot s its link. The rows are set before linked is closed:
// admit waits for linked and closes ready, which the decoder waits for.
func (l *linker) resolve(s *slot, link sea.ExternalLink) {
	s.setLink(link)
	s.rows = rowWindow{expected: expectedRows(l.p.m, s.k, link.RowCount)}
	if l.last < 0 && link.NextChunkIndex == nil {
		l.last = s.k
	}
	close(s.linked)
}

// ask starts requests for waiting slots, lowest chunk first, up to
// LinkParallel in flight, skipping chunks an answer in flight should cover.
func (l *linker) ask() {
	for _, k := range slices.Sorted(maps.Keys(l.waiting)) {
		if len(l.asked) >= l.p.cfg.LinkParallel {
			return
		}
		if l.covered(k) {
			continue
		}
		l.asked[k] = true
		l.p.stats.linkRequests.Add(1)
		l.p.wg.Add(1)
		go func() {
			defer l.p.wg.Done()
			d, err := l.p.fetch.Chunk(l.p.ctx, k)
			a := linkAnswer{k: k, err: err}
			if d != nil {
				a.links = d.ExternalLinks
			}
			l.answers <- a // never blocks: at most LinkParallel requests are in flight
		}()
	}
}

// covered reports whether a request in flight for a chunk at most span
// before k is expected to bring k's link too.
func (l *linker) covered(k int) bool {
	for j := range l.asked {
		if j <= k && k < j+l.span {
			return true
		}
	}
	return false
}

// receive files an answer's links: to the slots waiting for them, else to
// the cache for slots not made yet; links of chunks that already have one
// are dropped.
func (l *linker) receive(a linkAnswer) error {
	delete(l.asked, a.k)
	if a.err != nil {
		return &ChunkError{StatementID: l.p.cfg.StatementID, Chunk: a.k, Err: fmt.Errorf("%w: fetch links: %w", ErrDownload, notEOF(a.err))}
	}
	n := 0
	for _, link := range a.links {
		i := link.ChunkIndex
		if i < a.k {
			continue
		}
		n++
		if s, ok := l.waiting[i]; ok {
			delete(l.waiting, i)
			l.resolve(s, link)
		} else if i >= l.next && (l.last < 0 || i <= l.last) {
			l.cache[i] = link
		}
	}
	l.span = max(l.span, n)
	if _, ok := l.waiting[a.k]; ok {
		return l.p.cfg.chunkErr(ErrProtocol, a.k, "chunk response has no link for the chunk")
	}
	return nil
}
