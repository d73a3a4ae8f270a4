package sink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom: upstream failed")

// peakAlloc records the most bytes outstanding at any time.
type peakAlloc struct {
	*memory.CheckedAllocator
	mu   sync.Mutex
	peak int
}

func newPeakAlloc() *peakAlloc {
	return &peakAlloc{CheckedAllocator: memory.NewCheckedAllocator(memory.NewGoAllocator())}
}

func (p *peakAlloc) note() {
	p.mu.Lock()
	if c := p.CurrentAlloc(); c > p.peak {
		p.peak = c
	}
	p.mu.Unlock()
}

func (p *peakAlloc) Allocate(n int) []byte {
	b := p.CheckedAllocator.Allocate(n)
	p.note()
	return b
}

func (p *peakAlloc) Reallocate(n int, b []byte) []byte {
	b = p.CheckedAllocator.Reallocate(n, b)
	p.note()
	return b
}

// lazyReader builds each batch when Next is called and releases the
// previous one, like an engine's stream; it can fail or call a hook after
// a given batch.
type lazyReader struct {
	schema  *arrow.Schema
	mem     memory.Allocator
	rows    int // per batch
	batches int
	failAt  int // batch index at which Next fails with errBoom (-1: never)
	onBatch func(i int)
	withLst bool

	i       int
	cur     arrow.RecordBatch
	err     error
	refs    int
	created int
}

func testSchema(withList bool) *arrow.Schema {
	fs := []arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "x", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "ok", Type: arrow.FixedWidthTypes.Boolean},
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "naive", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{Name: "day", Type: arrow.FixedWidthTypes.Date32},
		{Name: "price", Type: &arrow.Decimal128Type{Precision: 18, Scale: 2}, Nullable: true},
		{Name: "small", Type: arrow.PrimitiveTypes.Int32},
	}
	if withList {
		fs = append(fs, arrow.Field{Name: "tags", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true})
	}
	return arrow.NewSchema(fs, nil)
}

func newLazy(mem memory.Allocator, batches, rows int, withList bool) *lazyReader {
	return &lazyReader{schema: testSchema(withList), mem: mem, rows: rows, batches: batches, failAt: -1, withLst: withList, refs: 1}
}

var names = []string{"plain", "comma,inside", "quote \"q\" and \\ back", "new\nline", "tab\there", "é日本", "\u2028sep", "ctl\x01"}

func (l *lazyReader) build(b int) arrow.RecordBatch {
	rb := array.NewRecordBuilder(l.mem, l.schema)
	defer rb.Release()
	base := time.Date(2024, 2, 29, 23, 59, 58, 123456000, time.UTC)
	for r := 0; r < l.rows; r++ {
		id := int64(b*l.rows + r)
		rb.Field(0).(*array.Int64Builder).Append(id)
		if id%7 == 3 {
			rb.Field(1).AppendNull()
			rb.Field(2).AppendNull()
			rb.Field(4).AppendNull()
			rb.Field(7).AppendNull()
		} else {
			rb.Field(1).(*array.Float64Builder).Append(float64(id)*1.5 - 0.25)
			rb.Field(2).(*array.StringBuilder).Append(fmt.Sprintf("%s-%d", names[id%int64(len(names))], id))
			rb.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(base.Add(time.Duration(id) * time.Second).UnixMicro()))
			rb.Field(7).(*array.Decimal128Builder).Append(decimal128.FromI64(id*101 - 5000))
		}
		rb.Field(3).(*array.BooleanBuilder).Append(id%2 == 0)
		rb.Field(5).(*array.TimestampBuilder).Append(arrow.Timestamp(base.Add(-time.Duration(id) * time.Hour).UnixMicro()))
		rb.Field(6).(*array.Date32Builder).Append(arrow.Date32(19000 + id))
		rb.Field(8).(*array.Int32Builder).Append(int32(-id))
		if l.withLst {
			lb := rb.Field(9).(*array.ListBuilder)
			switch id % 4 {
			case 0:
				lb.AppendNull()
			case 1:
				lb.Append(true) // empty
			default:
				lb.Append(true)
				vb := lb.ValueBuilder().(*array.Int64Builder)
				vb.Append(id)
				vb.AppendNull()
				vb.Append(-id)
			}
		}
	}
	return rb.NewRecordBatch()
}

func (l *lazyReader) Retain()               { l.refs++ }
func (l *lazyReader) Schema() *arrow.Schema { return l.schema }
func (l *lazyReader) Err() error            { return l.err }
func (l *lazyReader) RecordBatch() arrow.RecordBatch {
	return l.cur
}
func (l *lazyReader) Record() arrow.RecordBatch { return l.cur }

func (l *lazyReader) Next() bool {
	if l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
	if l.err != nil || l.i >= l.batches {
		return false
	}
	if l.i == l.failAt {
		l.err = errBoom
		return false
	}
	l.cur = l.build(l.i)
	l.created++
	if l.onBatch != nil {
		l.onBatch(l.i)
	}
	l.i++
	return true
}

func (l *lazyReader) Release() {
	l.refs--
	if l.refs == 0 && l.cur != nil {
		l.cur.Release()
		l.cur = nil
	}
}

// allRows renders every row of every batch as text, for comparison.
func allRows(recs []arrow.RecordBatch) [][]string {
	var out [][]string
	for _, rec := range recs {
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]string, rec.NumCols())
			for c, col := range rec.Columns() {
				row[c] = col.ValueStr(i)
			}
			out = append(out, row)
		}
	}
	return out
}

// expectedRows renders what a fresh lazyReader like l produces.
func expectedRows(t *testing.T, batches, rows int, withList bool) [][]string {
	mem := memory.NewGoAllocator()
	l := newLazy(mem, batches, rows, withList)
	var recs []arrow.RecordBatch
	for l.Next() {
		l.cur.Retain()
		recs = append(recs, l.cur)
	}
	require.NoError(t, l.Err())
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	return allRows(recs)
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func targetIn(t *testing.T, name string) (dir, path string) {
	dir = t.TempDir()
	return dir, filepath.Join(dir, name)
}
