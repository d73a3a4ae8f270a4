package results

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/sea"
)

// jsonSource converts inline data_array chunks (JSON_ARRAY), fetching
// chunks after the first one at a time.
type jsonSource struct {
	ctx    context.Context
	cfg    *Config
	m      *sea.ResultManifest
	f      Fetcher
	schema *arrow.Schema
	first  *sea.ResultData
	k, n   int
}

func newJSONSource(ctx context.Context, cfg *Config, m *sea.ResultManifest, first *sea.ResultData, f Fetcher) (source, *arrow.Schema, error) {
	if m.Format != sea.FormatJSONArray && m.Format != "" {
		return nil, nil, cfg.resultErr(ErrProtocol, "data_array in a %s result", m.Format)
	}
	schema, err := SchemaFromManifest(m, cfg.TimeZone)
	if err != nil {
		return nil, nil, err
	}
	n := max(m.TotalChunkCount, 1)
	if n > 1 && f == nil {
		return nil, nil, cfg.resultErr(ErrProtocol, "%d chunks and no fetcher", n)
	}
	return &jsonSource{ctx: ctx, cfg: cfg, m: m, f: f, schema: schema, first: first, n: n}, schema, nil
}

// next implements source.
func (s *jsonSource) next() (arrow.RecordBatch, error) {
	for ; s.k < s.n; s.k++ {
		d := s.first
		if s.k > 0 {
			var err error
			if d, err = s.f.Chunk(s.ctx, s.k); err != nil {
				return nil, &ChunkError{StatementID: s.cfg.StatementID, Chunk: s.k, Err: fmt.Errorf("fetch chunk: %w", err)}
			}
		}
		rec, err := cellsToBatch(s.cfg.Allocator, s.schema, d.DataArray)
		if err != nil {
			return nil, s.cfg.chunkErr(ErrDecode, s.k, "%w", err)
		}
		w := rowWindow{expected: expectedRows(s.m, s.k, d.RowCount)}
		out := w.take(rec)
		rec.Release()
		if w.short() {
			if out != nil {
				out.Release()
			}
			return nil, s.cfg.chunkErr(ErrRowCountMismatch, s.k, "%d rows, row_count is %d", w.delivered, w.expected)
		}
		if out != nil {
			s.k++
			return out, nil
		}
	}
	return nil, io.EOF
}

func (s *jsonSource) close() {}
