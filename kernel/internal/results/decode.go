package results

import (
	"errors"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
)

// decodeStage starts a decoder per chunk, in chunk order, at most
// cap(decoding) chunks ahead of the reader, and hands the slots on to it.
func (p *pipeline) decodeStage() {
	defer p.wg.Done()
	defer close(p.readQ)
	for {
		var s *slot
		select {
		case s = <-p.decodeQ:
		case <-p.ctx.Done():
			return
		}
		if s == nil {
			return
		}
		select {
		case p.decoding <- struct{}{}:
		case <-p.ctx.Done():
			return
		}
		s.out, s.drained = make(chan item, decodeQueue), make(chan struct{}, 1)
		p.wg.Add(1)
		go p.decode(s)
		p.readQ <- s // never blocks: at most cap(decoding) slots are queued
	}
}

// decode streams chunk s from its buffer into s.out, then frees the
// buffer. A decode error or missing rows (a body truncated without the
// transport noticing) start a fresh download of the chunk, up to
// MaxRetries times, whose rows already delivered are skipped. It sends an
// error item when the chunk fails for good, and nothing more once the
// pipeline stops.
func (p *pipeline) decode(s *slot) {
	defer p.wg.Done()
	defer close(s.out)
	select {
	case <-s.ready:
	case <-p.ctx.Done():
		return
	}
	var schema *arrow.Schema
	for {
		buf := s.getBuf()
		err := p.decodeOnce(s, buf, &schema)
		size := buf.size()
		buf.release(p.budget)
		switch {
		case err == nil || p.ctx.Err() != nil:
			return
		case errors.Is(err, ErrSchemaMismatch):
			p.emit(s, item{err: err})
			return
		}
		if _, derr := buf.state(); derr != nil {
			p.emit(s, item{err: derr}) // the download failed for good
			return
		}
		if !errors.Is(err, ErrRowCountMismatch) && !errors.Is(err, ErrDecode) {
			err = p.cfg.chunkErr(ErrDecode, s.k, "%w", err)
		}
		if s.restarts++; s.restarts > p.cfg.MaxRetries {
			p.emit(s, item{err: err})
			return
		}
		p.stats.retries.Add(1)
		if sleep(p.ctx, p.backoff(s.restarts, 0)) != nil {
			return
		}
		est := max(size, p.estimate(s.getLink()))
		p.budget.adjust(est) // a restarted chunk does not wait for budget
		p.start(s, est, false)
		s.rows.restart()
	}
}

// decodeOnce decodes the chunk in buf once, sending its schema (the first
// time) and its batches.
func (p *pipeline) decodeOnce(s *slot, buf *chunkBuf, schema **arrow.Schema) error {
	r := &bufReader{ctx: p.ctx, b: buf}
	var dec decoder
	if p.json != nil {
		dec = &jsonDecoder{s: p.json, mem: p.cfg.Allocator, r: r}
	} else {
		d, err := newSegmentDecoder(r, p.lz4, p.sizeHint(s), p.pool, p.cfg.Allocator)
		if err != nil {
			return err
		}
		dec = d
	}
	defer dec.release()
	switch {
	case *schema == nil:
		*schema = dec.schema()
		if !p.emit(s, item{schema: *schema}) {
			return errClosed
		}
	case !compatible(*schema, dec.schema()):
		return p.cfg.chunkErr(ErrSchemaMismatch, s.k, "schema changed between downloads")
	}
	for {
		rec, err := dec.next()
		switch {
		case errors.Is(err, io.EOF) && s.rows.short():
			return p.cfg.chunkErr(ErrRowCountMismatch, s.k, "%d rows, row_count is %d", s.rows.delivered, s.rows.expected)
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if out := s.rows.take(rec); out != nil && !p.emit(s, item{rec: out}) {
			out.Release()
			return errClosed
		}
	}
}

// sizeHint is chunk s's expected size once decompressed: its byte_count,
// from the link or the manifest, else 0.
func (p *pipeline) sizeHint(s *slot) int64 {
	if n := s.getLink().ByteCount; n > 0 {
		return n
	}
	for _, c := range p.m.Chunks {
		if c.ChunkIndex == s.k {
			return c.ByteCount
		}
	}
	return 0
}

// emit queues it for the reader, waiting while more than decodeAhead
// bytes are queued; false when the pipeline stopped first.
func (p *pipeline) emit(s *slot, it item) bool {
	if it.rec != nil {
		it.size = recordSize(it.rec)
	}
	for {
		s.mu.Lock()
		if s.queued == 0 || s.queued+it.size <= decodeAhead {
			s.queued += it.size
			s.mu.Unlock()
			break
		}
		s.mu.Unlock()
		select {
		case <-s.drained:
		case <-p.ctx.Done():
			return false
		}
	}
	select {
	case s.out <- it:
		return true
	case <-p.ctx.Done():
		return false
	}
}

// taken records that the reader took size bytes of batches from s.out.
func (s *slot) taken(size int64) {
	if size == 0 {
		return
	}
	s.mu.Lock()
	s.queued -= size
	s.mu.Unlock()
	select {
	case s.drained <- struct{}{}:
	default:
	}
}

// recordSize is the size of a batch's buffers.
func recordSize(rec arrow.RecordBatch) int64 {
	var n int64
	for _, c := range rec.Columns() {
		n += dataSize(c.Data())
	}
	return n
}

func dataSize(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataSize(c)
	}
	return n
}
