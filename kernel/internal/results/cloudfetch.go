package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/sea"
)

// errClosed is the cause given to a pipeline's context by Release.
var errClosed = errors.New("results: reader released")

// maxDecoders caps the chunks decoded at once (each holds an LZ4 block of
// up to 4 MiB and a segment of up to segmentMax); each queues at most
// decodeAhead bytes of batches (or decodeQueue batches) for the reader.
const (
	maxDecoders = 4
	decodeAhead = 8 << 20
	decodeQueue = 256
)

// defaultEstimate sizes the budget reservation of a link without
// byte_count before any chunk has been seen.
const defaultEstimate = 8 << 20

// pipeline is the CloudFetch source. Four kinds of goroutine feed the
// reader:
//
//	links:     slot k for chunk k, at most Prefetch slots ahead of the chunk
//	           being read; its link comes from an earlier answer or from
//	           chunk-link requests run LinkParallel at a time (links.go)
//	admit:     slots in chunk order → a download, once the slot's link, a
//	           place in the window, a Parallel token and its budget
//	           reservation are granted
//	download:  one per chunk: GET with refresh/retry into the slot's buffer
//	decode:    one per chunk, at most decoders chunks ahead: streams the
//	           buffer through LZ4 and the IPC reader as it fills, into a
//	           short queue of batches
//
// The reader takes slots in chunk order and their batches in order, so
// order is kept while several chunks download and decode at once. Memory is
// bounded by the budget (compressed bytes as received, released as soon as
// a chunk is decoded) plus, per decoding chunk, one LZ4 block, its current
// segment and the segments its queued batches slice (for an uncompressed
// chunk: the download buffer they slice).
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
	pool   *bufPool // decoded segments come from it
	spares spares   // downloaded chunk buffers for reuse

	prefetch chan struct{} // a token per slot not yet read
	parallel chan struct{} // a token per download in flight
	decoding chan struct{} // a token per chunk decoding or decoded, not yet read
	admitQ   chan *slot    // links → admit
	decodeQ  chan *slot    // links → decode stage
	readQ    chan *slot    // decode stage → reader, in chunk order
	lz4      bool
	json     *arrow.Schema // the manifest's schema for JSON_ARRAY chunks
	// Downloads start at most window chunks past the one being read
	// (reading); the reader sets window from probe (window.go): from
	// startWindow up to Parallel where a wider window proved to deliver
	// chunks faster. advance (capacity 1) wakes admit when either
	// changes. downloaded counts chunks whose first download completed.
	reading    atomic.Int64
	window     atomic.Int64
	downloaded atomic.Int64
	advance    chan struct{}
	maxSize    atomic.Int64 // largest chunk body seen
	probe      *windowProbe // the reader's

	// reader side
	schema *arrow.Schema
	cur    *slot
}

// slot is one chunk on its way through the pipeline.
type slot struct {
	k      int
	linked chan struct{} // closed when link (and rows) is first set
	ready  chan struct{} // closed when buf is first set
	out    chan item     // the decoder's output, closed when it exits
	// rows and restarts belong to the decoder goroutine.
	rows     rowWindow
	restarts int

	mu      sync.Mutex
	link    sea.ExternalLink
	buf     *chunkBuf
	queued  int64         // bytes of batches in out
	drained chan struct{} // capacity 1: the reader took a batch
}

func (s *slot) getLink() sea.ExternalLink  { s.mu.Lock(); defer s.mu.Unlock(); return s.link }
func (s *slot) setLink(l sea.ExternalLink) { s.mu.Lock(); s.link = l; s.mu.Unlock() }
func (s *slot) getBuf() *chunkBuf          { s.mu.Lock(); defer s.mu.Unlock(); return s.buf }

// item is what a decoder hands the reader: the chunk's schema (first),
// then batches, or an error that ends the result.
type item struct {
	schema *arrow.Schema
	rec    arrow.RecordBatch
	size   int64 // bytes of rec's buffers
	err    error
}

// newCloudFetch starts the pipeline and reads chunk 0's schema.
func newCloudFetch(ctx context.Context, cfg *Config, m *sea.ResultManifest, first *sea.ResultData, f Fetcher, pool *bufPool) (source, *arrow.Schema, error) {
	switch m.Format {
	case sea.FormatArrowStream, sea.FormatJSONArray, "":
	default:
		return nil, nil, cfg.resultErr(ErrUnsupported, "format %s over external links", m.Format)
	}
	dec := min(cfg.Parallel, max(2, min(runtime.GOMAXPROCS(0), maxDecoders)))
	p := &pipeline{
		cfg: cfg, m: m, fetch: f, parent: ctx, pool: pool,
		budget:   newBudget(cfg.MemoryBudget),
		prefetch: make(chan struct{}, cfg.Prefetch),
		parallel: make(chan struct{}, cfg.Parallel),
		decoding: make(chan struct{}, dec),
		admitQ:   make(chan *slot, cfg.Prefetch),
		decodeQ:  make(chan *slot, cfg.Prefetch),
		readQ:    make(chan *slot, dec),
		lz4:      m.ResultCompression == sea.CompressionLZ4Frame,
		advance:  make(chan struct{}, 1),
	}
	p.probe = newWindowProbe(cfg.Parallel)
	p.window.Store(int64(p.probe.window))
	if m.Format == sea.FormatJSONArray {
		schema, err := SchemaFromManifest(m, cfg.TimeZone)
		if err != nil {
			return nil, nil, err
		}
		p.json = schema
	}
	p.ctx, p.cancel = context.WithCancelCause(ctx)
	p.wg.Add(3)
	go p.links(first.ExternalLinks)
	go p.admit()
	go p.decodeStage()

	got, err := p.open()
	if err != nil {
		p.close()
		if err == io.EOF { //nolint:errorlint // only a bare io.EOF means "no more chunks"; see next
			err = cfg.resultErr(ErrProtocol, "no chunk behind the external links")
		}
		return nil, nil, err
	}
	if p.schema, err = resultSchema(cfg, m, got); err != nil {
		p.close()
		return nil, nil, err
	}
	return p, p.schema, nil
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
		case <-s.linked:
		case <-p.ctx.Done():
			return
		}
		for int64(s.k) >= p.reading.Load()+p.window.Load() {
			select {
			case <-p.advance:
			case <-p.ctx.Done():
				return
			}
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
	buf := newChunkBuf(&p.stats, dcancel, &p.spares)
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
		if err == nil && token {
			p.downloaded.Add(1)
		}
		buf.finish(err)
		if err != nil && dctx.Err() == nil {
			p.fail(err) // the result cannot complete: stop everything now
		}
	}()
}

// wake tells admit that the window or the reader moved.
func (p *pipeline) wake() {
	select {
	case p.advance <- struct{}{}:
	default:
	}
}

// open waits for the next chunk and returns its schema; io.EOF after the
// last chunk.
func (p *pipeline) open() (*arrow.Schema, error) {
	var s *slot
	waited := false
	select {
	case s = <-p.readQ:
	default:
		waited = true
		select {
		case s = <-p.readQ:
		case <-p.ctx.Done():
			return nil, p.stopped()
		}
	}
	// Chunk 0 is always waited for: nothing could run ahead of it.
	if s != nil && s.k > 0 {
		buf := s.getBuf()
		starved := waited || buf == nil || !buf.complete()
		w := int64(p.probe.open(s.k, time.Now(), starved, p.downloaded.Load()-int64(s.k)))
		if old := p.window.Swap(w); w > old {
			p.wake()
		}
	}
	if s == nil {
		if p.ctx.Err() != nil {
			return nil, p.stopped()
		}
		return nil, io.EOF
	}
	p.cur = s
	it, err := p.recv()
	switch {
	case err != nil:
		return nil, err
	case it.err != nil:
		return nil, it.err
	case it.schema == nil:
		return nil, p.cfg.chunkErr(ErrProtocol, s.k, "decoder sent no schema") // unreachable
	case p.schema != nil && !compatible(p.schema, it.schema):
		return nil, p.cfg.chunkErr(ErrSchemaMismatch, s.k, "chunk schema %s, result schema %s", it.schema, p.schema)
	}
	return it.schema, nil
}

// recv takes the current chunk's next item; io.EOF when its decoder is
// done.
func (p *pipeline) recv() (item, error) {
	select {
	case it, ok := <-p.cur.out:
		switch {
		case it.err != nil && p.ctx.Err() != nil:
			return item{}, p.stopped()
		case ok:
			p.cur.taken(it.size)
			return it, nil
		case p.ctx.Err() != nil:
			return item{}, p.stopped()
		}
		return item{}, io.EOF
	case <-p.ctx.Done():
		return item{}, p.stopped()
	}
}

// next implements source.
func (p *pipeline) next() (arrow.RecordBatch, error) {
	for {
		if p.cur == nil {
			if _, err := p.open(); err != nil {
				return nil, err
			}
		}
		it, err := p.recv()
		switch {
		// Only the bare io.EOF recv returns marks the end of a chunk: a
		// failure that stopped the pipeline may wrap an EOF from the
		// network (a connection closed mid-response) and must not pass
		// for the end of a chunk, which would end the result early.
		case err == io.EOF: //nolint:errorlint // see above
			p.finish()
		case err != nil:
			return nil, err
		case it.err != nil:
			return nil, it.err
		default:
			return relabel(p.schema, it.rec), nil
		}
	}
}

// finish moves past the current chunk once its decoder is done.
func (p *pipeline) finish() {
	p.reading.Store(int64(p.cur.k) + 1)
	p.wake()
	p.cur = nil
	p.stats.chunks.Add(1)
	<-p.decoding
	<-p.prefetch
}

// close implements source: it stops every goroutine, waits for them and
// frees the batches still queued.
func (p *pipeline) close() {
	p.cancel(errClosed)
	p.wg.Wait()
	if p.cur != nil {
		drainItems(p.cur)
		p.cur = nil
	}
	for s := range p.readQ {
		drainItems(s)
	}
}

// drainItems releases what a stopped decoder left in its queue.
func drainItems(s *slot) {
	for it := range s.out {
		if it.rec != nil {
			it.rec.Release()
		}
	}
}

// Stats implements StatsReporter.
func (p *pipeline) Stats() Stats { return p.stats.snapshot() }
