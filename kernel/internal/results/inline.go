package results

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/pierrec/lz4/v4"

	"github.com/sealane/sealane/sea"
)

// inlineAhead is how many inline attachments are fetched ahead of the one
// being decoded.
const inlineAhead = 2

// inlineSource reads inline attachments: one chunk, or several that split
// one IPC stream at message boundaries (multi-chunk inline). Each
// attachment is LZ4-decoded on its own and the decoded bytes are read as
// one stream; a stream that ends while attachments remain is followed by
// the next (chunks that are complete streams are read too). Rows are
// attributed to the chunk holding the last byte of their batch message.
type inlineSource struct {
	cfg     *Config
	m       *sea.ResultManifest
	schema  *arrow.Schema
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	cat     *catReader
	dec     *ipcDecoder
	windows []rowWindow
	checked int // windows below this index are complete and checked
}

// inlineChunk is one fetched attachment, or the error fetching it.
type inlineChunk struct {
	data *sea.ResultData
	err  error
}

// newInline starts reading the attachments and decodes the schema.
func newInline(ctx context.Context, cfg *Config, m *sea.ResultManifest, first *sea.ResultData, f Fetcher) (source, *arrow.Schema, error) {
	n := max(m.TotalChunkCount, len(m.Chunks), 1)
	if n > 1 && f == nil {
		return nil, nil, cfg.resultErr(ErrProtocol, "%d inline chunks and no fetcher", n)
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &inlineSource{cfg: cfg, m: m, cancel: cancel, windows: make([]rowWindow, n)}
	ahead := make(chan inlineChunk, inlineAhead)
	s.cat = &catReader{ctx: ctx, lz4: m.ResultCompression == sea.CompressionLZ4Frame, first: first, ahead: ahead, n: n, idx: -1, src: s}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(ahead)
		for k := 1; k < n; k++ {
			d, err := f.Chunk(ctx, k)
			if err == nil && d.Attachment == nil {
				err = cfg.chunkErr(ErrProtocol, k, "inline chunk without attachment")
			} else if err != nil {
				err = &ChunkError{StatementID: cfg.StatementID, Chunk: k, Err: fmt.Errorf("fetch chunk: %w", err)}
			}
			select {
			case ahead <- inlineChunk{data: d, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	dec, err := newIPCDecoder(s.cat, false, cfg.Allocator)
	if err != nil {
		s.close()
		return nil, nil, s.decodeErr(err)
	}
	s.dec = dec
	if s.schema, err = resultSchema(cfg, m, dec.schema()); err != nil {
		s.close()
		return nil, nil, err
	}
	return s, s.schema, nil
}

// decodeErr wraps a decoding failure, naming the chunk it happened in.
func (s *inlineSource) decodeErr(err error) error {
	var ce *ChunkError
	if errors.As(err, &ce) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return s.cfg.chunkErr(ErrDecode, max(s.cat.last, 0), "%w", err)
}

// next implements source.
func (s *inlineSource) next() (arrow.RecordBatch, error) {
	for {
		if s.dec == nil {
			return nil, io.EOF
		}
		rec, err := s.dec.next()
		switch {
		case err == nil:
			if err := s.checkUpTo(s.cat.last); err != nil {
				return nil, err
			}
			if out := s.windows[s.cat.last].take(rec); out != nil {
				if !compatible(s.schema, out.Schema()) {
					out.Release()
					return nil, s.cfg.chunkErr(ErrSchemaMismatch, s.cat.last, "batch schema differs from the result's")
				}
				return relabel(s.schema, out), nil
			}
		case errors.Is(err, io.EOF):
			// The stream ended: another may follow in the next chunks.
			s.dec.release()
			s.dec = nil
			dec, err := newIPCDecoder(s.cat, false, s.cfg.Allocator)
			switch {
			case err == nil:
				s.dec = dec
			case errors.Is(err, io.EOF):
				if err := s.checkUpTo(len(s.windows)); err != nil {
					return nil, err
				}
				return nil, io.EOF
			default:
				return nil, s.decodeErr(err)
			}
		default:
			return nil, s.decodeErr(err)
		}
	}
}

// checkUpTo checks that every chunk before k delivered its rows.
func (s *inlineSource) checkUpTo(k int) error {
	for ; s.checked < k; s.checked++ {
		if w := s.windows[s.checked]; w.short() {
			return s.cfg.chunkErr(ErrRowCountMismatch, s.checked, "%d rows, row_count is %d", w.delivered, w.expected)
		}
	}
	return nil
}

// close implements source.
func (s *inlineSource) close() {
	s.cancel()
	s.wg.Wait()
	if s.dec != nil {
		s.dec.release()
		s.dec = nil
	}
}

// catReader is the decoded bytes of the attachments, one after another.
type catReader struct {
	ctx   context.Context
	lz4   bool
	first *sea.ResultData
	ahead <-chan inlineChunk
	src   *inlineSource
	n     int
	idx   int       // chunk being read, -1 before the first
	cur   io.Reader // its decoded bytes
	last  int       // chunk that supplied the latest byte
}

// Read implements io.Reader.
func (c *catReader) Read(p []byte) (int, error) {
	for {
		if c.cur != nil {
			n, err := c.cur.Read(p)
			if n > 0 {
				c.last = c.idx
			}
			if errors.Is(err, io.EOF) {
				c.cur = nil
				err = nil
			}
			if n > 0 || err != nil {
				return n, err
			}
			continue
		}
		if c.idx+1 >= c.n {
			return 0, io.EOF
		}
		d := c.first
		if c.idx >= 0 {
			select {
			case ch, ok := <-c.ahead:
				if !ok {
					return 0, context.Cause(c.ctx)
				}
				if ch.err != nil {
					return 0, ch.err
				}
				d = ch.data
			case <-c.ctx.Done():
				return 0, context.Cause(c.ctx)
			}
		}
		c.idx++
		c.src.windows[c.idx].expected = expectedRows(c.src.m, c.idx, d.RowCount)
		var r io.Reader = bytes.NewReader(d.Attachment)
		if c.lz4 {
			r = lz4.NewReader(r)
		}
		c.cur = r
	}
}
