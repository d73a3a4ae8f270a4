package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/sea"
)

// errClosed is the cause given to a pipeline's context by Release.
var errClosed = errors.New("results: reader released")

// defaultEstimate sizes the budget reservation of a link without
// byte_count before any chunk has been seen.
const defaultEstimate = 8 << 20

// pipeline is the CloudFetch source. Three kinds of goroutine feed the
// reader, which decodes in its own goroutine:
//
//	links:     chunk k's link (cached or fetched) → slot k, at most Prefetch
//	           slots ahead of the chunk being read
//	admit:     slots in chunk order → a download, once a Parallel token and
//	           the slot's budget reservation are granted
//	download:  one per chunk: GET with refresh/retry into the slot's buffer
//
// The reader takes slots in chunk order and decodes each buffer as it
// fills, so order is kept without holding decoded chunks, and memory is
// bounded by the budget (compressed bytes as received).
type pipeline struct {
	cfg    *Config
	m      *sea.ResultManifest
	fetch  Fetcher
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	budget *budget
	stats  counters

	prefetch chan struct{} // a token per slot not yet read
	parallel chan struct{} // a token per download in flight
	admitQ   chan *slot
	readQ    chan *slot
	lz4      bool
	json     bool
	maxSize  atomic.Int64 // largest chunk body seen

	// reader side
	schema *arrow.Schema
	cur    *slot
	dec    decoder
}

// slot is one chunk on its way through the pipeline.
type slot struct {
	k     int
	rows  rowWindow
	ready chan struct{} // closed when buf is first set

	mu   sync.Mutex
	link sea.ExternalLink
	buf  *chunkBuf
	// restarts counts re-downloads after a decode failure or missing rows.
	restarts int
}

func (s *slot) getLink() sea.ExternalLink  { s.mu.Lock(); defer s.mu.Unlock(); return s.link }
func (s *slot) setLink(l sea.ExternalLink) { s.mu.Lock(); s.link = l; s.mu.Unlock() }
func (s *slot) getBuf() *chunkBuf          { s.mu.Lock(); defer s.mu.Unlock(); return s.buf }

// newCloudFetch starts the pipeline and reads chunk 0's schema.
func newCloudFetch(ctx context.Context, cfg *Config, m *sea.ResultManifest, first *sea.ResultData, f Fetcher) (source, *arrow.Schema, error) {
	switch m.Format {
	case sea.FormatArrowStream, sea.FormatJSONArray, "":
	default:
		return nil, nil, cfg.resultErr(ErrUnsupported, "format %s over external links", m.Format)
	}
	p := &pipeline{
		cfg: cfg, m: m, fetch: f, parent: ctx,
		budget:   newBudget(cfg.MemoryBudget),
		prefetch: make(chan struct{}, cfg.Prefetch),
		parallel: make(chan struct{}, cfg.Parallel),
		admitQ:   make(chan *slot, cfg.Prefetch),
		readQ:    make(chan *slot, cfg.Prefetch),
		lz4:      m.ResultCompression == sea.CompressionLZ4Frame,
		json:     m.Format == sea.FormatJSONArray,
	}
	p.ctx, p.cancel = context.WithCancelCause(ctx)
	p.wg.Add(2)
	go p.links(first.ExternalLinks)
	go p.admit()

	if p.json {
		schema, err := SchemaFromManifest(m, cfg.TimeZone)
		if err != nil {
			p.close()
			return nil, nil, err
		}
		p.schema = schema
		return p, schema, nil
	}
	err := p.open()
	for errors.Is(err, errRestarted) {
		err = p.open()
	}
	if err != nil {
		p.close()
		if errors.Is(err, io.EOF) {
			err = cfg.resultErr(ErrProtocol, "no chunk behind the external links")
		}
		return nil, nil, err
	}
	schema, err := resultSchema(cfg, m, p.dec.schema())
	if err != nil {
		p.close()
		return nil, nil, err
	}
	p.schema = schema
	return p, schema, nil
}

// fail stops the pipeline with err, unless it is already stopped.
func (p *pipeline) fail(err error) { p.cancel(err) }

// stopped is the error to report once the pipeline's context has ended:
// the caller's context error, or the failure that stopped it.
func (p *pipeline) stopped() error {
	if err := p.parent.Err(); err != nil {
		return fmt.Errorf("results: statement %s: %w", p.cfg.StatementID, err)
	}
	return context.Cause(p.ctx)
}

// links turns links into slots, fetching them Prefetch chunks ahead.
func (p *pipeline) links(first []sea.ExternalLink) {
	defer p.wg.Done()
	defer close(p.readQ)
	defer close(p.admitQ)
	cache := map[int]sea.ExternalLink{}
	for _, l := range first {
		cache[l.ChunkIndex] = l
	}
	last := p.m.TotalChunkCount - 1 // -1: follow next_chunk_index
	for k := 0; last < 0 || k <= last; k++ {
		select {
		case p.prefetch <- struct{}{}:
		case <-p.ctx.Done():
			return
		}
		link, ok := cache[k]
		if !ok {
			if p.fetch == nil {
				p.fail(p.cfg.chunkErr(ErrProtocol, k, "no link and no fetcher"))
				return
			}
			d, err := p.fetch.Chunk(p.ctx, k)
			if err != nil {
				p.fail(&ChunkError{StatementID: p.cfg.StatementID, Chunk: k, Err: fmt.Errorf("fetch links: %w", err)})
				return
			}
			for _, l := range d.ExternalLinks {
				if l.ChunkIndex >= k {
					cache[l.ChunkIndex] = l
				}
			}
			if link, ok = cache[k]; !ok {
				p.fail(p.cfg.chunkErr(ErrProtocol, k, "chunk response has no link for the chunk"))
				return
			}
		}
		delete(cache, k)
		if last < 0 && link.NextChunkIndex == nil {
			last = k
		}
		s := &slot{k: k, link: link, ready: make(chan struct{}),
			rows: rowWindow{expected: expectedRows(p.m, k, link.RowCount)}}
		p.admitQ <- s // never blocks: at most Prefetch slots exist
		p.readQ <- s
	}
}

// admit starts downloads in chunk order as tokens and budget allow.
func (p *pipeline) admit() {
	defer p.wg.Done()
	for {
		var s *slot
		select {
		case s = <-p.admitQ:
		case <-p.ctx.Done():
			return
		}
		if s == nil {
			return
		}
		select {
		case p.parallel <- struct{}{}:
		case <-p.ctx.Done():
			return
		}
		est := p.estimate(s.getLink())
		if err := p.budget.acquire(p.ctx, est); err != nil {
			<-p.parallel
			return
		}
		p.start(s, est, true)
		close(s.ready)
	}
}

// estimate is the budget reserved for a link before its size is known:
// its byte_count (the uncompressed size, an upper bound), else the largest
// chunk seen, capped at the budget.
func (p *pipeline) estimate(l sea.ExternalLink) int64 {
	est := l.ByteCount
	if est <= 0 {
		est = p.maxSize.Load()
	}
	if est <= 0 {
		est = defaultEstimate
	}
	return min(est, p.cfg.MemoryBudget)
}

func (p *pipeline) noteSize(n int64) {
	for {
		m := p.maxSize.Load()
		if n <= m || p.maxSize.CompareAndSwap(m, n) {
			return
		}
	}
}

// start runs a download of s into a new buffer holding a reservation of
// est budget bytes. With token it returns a Parallel token when done.
func (p *pipeline) start(s *slot, est int64, token bool) {
	dctx, dcancel := context.WithCancel(p.ctx)
	buf := newChunkBuf(&p.stats, dcancel)
	buf.reserve(est)
	s.mu.Lock()
	s.buf = buf
	s.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if token {
			defer func() { <-p.parallel }()
		}
		err := p.fetchChunk(dctx, s, buf)
		buf.finish(err)
		if err != nil && dctx.Err() == nil {
			p.fail(err) // the result cannot complete: stop everything now
		}
	}()
}

// open waits for the next slot and starts decoding it; io.EOF after the
// last chunk.
func (p *pipeline) open() error {
	if p.cur == nil {
		var s *slot
		select {
		case s = <-p.readQ:
		case <-p.ctx.Done():
			return p.stopped()
		}
		if s == nil {
			if p.ctx.Err() != nil {
				return p.stopped()
			}
			return io.EOF
		}
		select {
		case <-s.ready:
		case <-p.ctx.Done():
			return p.stopped()
		}
		p.cur = s
	}
	r := &bufReader{ctx: p.ctx, b: p.cur.getBuf()}
	if p.json {
		p.dec = &jsonDecoder{s: p.schema, mem: p.cfg.Allocator, r: r}
		return nil
	}
	dec, err := newIPCDecoder(r, p.lz4, p.cfg.Allocator)
	if err != nil {
		return p.decodeFailed(err)
	}
	if p.schema != nil && !compatible(p.schema, dec.schema()) {
		dec.release()
		return p.cfg.chunkErr(ErrSchemaMismatch, p.cur.k, "chunk schema %s, result schema %s", dec.schema(), p.schema)
	}
	p.dec = dec
	return nil
}

// next implements source.
func (p *pipeline) next() (arrow.RecordBatch, error) {
	for {
		if p.dec == nil {
			if err := p.open(); err != nil {
				if errors.Is(err, errRestarted) {
					continue
				}
				return nil, err
			}
		}
		rec, err := p.dec.next()
		switch {
		case err == nil:
			if out := p.cur.rows.take(rec); out != nil {
				return relabel(p.schema, out), nil
			}
		case errors.Is(err, io.EOF) && !p.cur.rows.short():
			p.finish()
		case errors.Is(err, io.EOF):
			w := p.cur.rows
			err = p.cfg.chunkErr(ErrRowCountMismatch, p.cur.k, "%d rows, row_count is %d", w.delivered, w.expected)
			fallthrough
		default:
			if err := p.decodeFailed(err); !errors.Is(err, errRestarted) {
				return nil, err
			}
		}
	}
}

// errRestarted tells next that the current chunk is being downloaded again.
var errRestarted = errors.New("results: chunk restarted")

// decodeFailed handles a failure while decoding the current chunk: the
// pipeline's own stop or the download's final error end the result; a
// decode error or missing rows (a body truncated without the transport
// noticing) start a fresh download of the chunk, up to MaxRetries times,
// whose rows already delivered are skipped.
func (p *pipeline) decodeFailed(cause error) error {
	if p.dec != nil {
		p.dec.release()
		p.dec = nil
	}
	if p.ctx.Err() != nil {
		return p.stopped()
	}
	s := p.cur
	buf := s.getBuf()
	if _, err := buf.state(); err != nil {
		return err
	}
	if !errors.Is(cause, ErrRowCountMismatch) && !errors.Is(cause, ErrDecode) {
		cause = p.cfg.chunkErr(ErrDecode, s.k, "%w", cause)
	}
	if s.restarts++; s.restarts > p.cfg.MaxRetries {
		return cause
	}
	p.stats.retries.Add(1)
	if err := sleep(p.ctx, p.backoff(s.restarts, 0)); err != nil {
		return p.stopped()
	}
	est := max(buf.size(), p.estimate(s.getLink()))
	buf.release(p.budget)
	p.budget.adjust(est) // the head chunk never waits for budget
	p.start(s, est, false)
	s.rows.restart()
	return errRestarted
}

// finish releases the current chunk after its last batch.
func (p *pipeline) finish() {
	p.dec.release()
	p.dec = nil
	p.cur.getBuf().release(p.budget)
	p.cur = nil
	p.stats.chunks.Add(1)
	<-p.prefetch
}

// close implements source: it stops every goroutine and waits for them.
func (p *pipeline) close() {
	p.cancel(errClosed)
	p.wg.Wait()
	if p.dec != nil {
		p.dec.release()
		p.dec = nil
	}
	if p.cur != nil {
		p.cur.getBuf().release(p.budget)
		p.cur = nil
	}
}

// Stats implements StatsReporter.
func (p *pipeline) Stats() Stats { return p.stats.snapshot() }
