package results

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/pierrec/lz4/v4"
)

// decoder reads the batches of one chunk's bytes.
type decoder interface {
	// schema is the chunk's Arrow schema.
	schema() *arrow.Schema
	// next returns the next batch, valid until the next call, or io.EOF.
	next() (arrow.RecordBatch, error)
	release()
}

// ipcDecoder streams an Arrow IPC stream, LZ4-framed or not. A chunk
// comes from a server the reader does not trust: every batch is validated
// before it is handed out, and what arrow-go leaves allocated when it
// fails on a corrupt batch is freed (guardAlloc, segmentReader.abandon).
type ipcDecoder struct {
	rdr   *ipc.Reader
	guard *guardAlloc
	seg   *segmentReader // nil when arrow-go reads the messages itself
}

// newIPCDecoder reads the stream's schema message from r.
func newIPCDecoder(r io.Reader, lz4Framed bool, mem memory.Allocator) (*ipcDecoder, error) {
	if lz4Framed {
		r = lz4.NewReader(r)
	}
	guard := newGuardAlloc(mem)
	rdr, err := ipc.NewReaderFromMessageReader(newCheckedMessages(r), ipc.WithAllocator(guard))
	if err != nil {
		guard.reclaim()
		return nil, err
	}
	return &ipcDecoder{rdr: rdr, guard: guard}, nil
}

// newSegmentDecoder is newIPCDecoder for a chunk of about est bytes
// (decompressed; 0 when unknown) whose batches slice the decoded stream,
// held in segments from pool, instead of copying each message (see
// segmentReader). Anything else comes from mem.
func newSegmentDecoder(r io.Reader, lz4Framed bool, est int64, pool *bufPool, mem memory.Allocator) (*ipcDecoder, error) {
	seg := newSegmentReader(r, lz4Framed, est, pool)
	guard := newGuardAlloc(mem)
	rdr, err := ipc.NewReaderFromMessageReader(seg, ipc.WithAllocator(guard))
	if err != nil {
		guard.reclaim()
		return nil, err
	}
	return &ipcDecoder{rdr: rdr, guard: guard, seg: seg}, nil
}

func (d *ipcDecoder) schema() *arrow.Schema { return d.rdr.Schema() }

func (d *ipcDecoder) next() (arrow.RecordBatch, error) {
	if d.rdr.Next() {
		rec := d.rdr.RecordBatch()
		if err := validateBatch(rec); err != nil {
			return nil, fmt.Errorf("arrow/ipc: invalid record batch: %w", err)
		}
		d.guard.mark()
		return rec, nil
	}
	if err := d.rdr.Err(); err != nil {
		d.guard.reclaim()
		if d.seg != nil {
			d.seg.abandon()
		}
		return nil, err
	}
	return nil, io.EOF
}

func (d *ipcDecoder) release() { d.rdr.Release() }

// jsonDecoder reads a chunk of JSON_ARRAY rows (a JSON array of arrays of
// strings or nulls) into one batch.
type jsonDecoder struct {
	s   *arrow.Schema
	rec arrow.RecordBatch
	eof bool
	mem memory.Allocator
	r   io.Reader
}

func (d *jsonDecoder) schema() *arrow.Schema { return d.s }

func (d *jsonDecoder) next() (arrow.RecordBatch, error) {
	if d.rec != nil {
		d.rec.Release()
		d.rec = nil
	}
	if d.eof {
		return nil, io.EOF
	}
	d.eof = true
	var rows [][]*string
	if err := json.NewDecoder(d.r).Decode(&rows); err != nil {
		return nil, fmt.Errorf("JSON_ARRAY chunk: %w", err)
	}
	rec, err := cellsToBatch(d.mem, d.s, rows)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	d.rec = rec
	return rec, nil
}

func (d *jsonDecoder) release() {
	if d.rec != nil {
		d.rec.Release()
		d.rec = nil
	}
}
