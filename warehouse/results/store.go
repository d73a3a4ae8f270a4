package results

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
)

// Store holds chunk bytes within a memory budget, spilling the excess to
// files that are removed when their chunks are released.
//
// Spilled chunks share files: each is a region of an unlinked spill file
// written until it holds spillFileMax bytes, so a result of thousands of
// spilled chunks (2e9 rows: ~1,650 of 8 MiB) holds a few descriptors, not
// one per chunk. A file is closed — its space freed — when its last chunk
// is released.
type Store struct {
	dir    string
	budget int64
	// fileMax is the size at which a spill file is full (spillFileMax).
	fileMax int64

	mu   sync.Mutex
	used int64
	peak int64 // most bytes ever held in memory at once
	// spilled counts chunks written to disk since the store was made.
	spilled int64

	// spillMu guards cur and every spill file's size and refs.
	spillMu sync.Mutex
	cur     *spillFile // the file spilled chunks go to next, nil before the first
}

// spillFileMax is the size at which a spill file is full and the next
// spilled chunk starts a new one.
const spillFileMax = 256 << 20

// spillFile is an unlinked file holding spilled chunks one after another.
type spillFile struct {
	f    *os.File
	size int64 // bytes reserved so far
	refs int   // chunks stored in it, plus one while it is the store's cur
}

// Blob is one stored chunk.
type Blob struct {
	st   *Store
	data []byte     // in memory, or
	sf   *spillFile // spilled, at off
	off  int64
	size int64
	once sync.Once
}

// NewStore returns a store holding up to budget bytes in memory and
// spilling the rest to files in dir (the system's temporary directory when
// dir is empty).
func NewStore(dir string, budget int64) *Store {
	if dir == "" {
		dir = os.TempDir()
	}
	return &Store{dir: dir, budget: budget, fileMax: spillFileMax}
}

// put stores b, which the store takes ownership of.
func (st *Store) put(b []byte) (*Blob, error) {
	n := int64(len(b))
	st.mu.Lock()
	fits := st.used+n <= st.budget
	if fits {
		st.used += n
		st.peak = max(st.peak, st.used)
	} else {
		st.spilled++
	}
	st.mu.Unlock()
	if fits {
		return &Blob{st: st, data: b, size: n}, nil
	}
	sf, off, err := st.reserve(n)
	if err != nil {
		return nil, fmt.Errorf("warehouse: spill chunk: %w", err)
	}
	// Regions do not overlap: concurrent spills write at once.
	if _, err := sf.f.WriteAt(b, off); err != nil {
		st.unref(sf)
		return nil, fmt.Errorf("warehouse: spill chunk: %w", err)
	}
	return &Blob{st: st, sf: sf, off: off, size: n}, nil
}

// reserve returns the spill file and offset where n bytes go, starting a
// new file when the current one is full, and counts the chunk in it.
func (st *Store) reserve(n int64) (*spillFile, int64, error) {
	st.spillMu.Lock()
	defer st.spillMu.Unlock()
	if st.cur == nil || st.cur.size > 0 && st.cur.size+n > st.fileMax {
		f, err := os.CreateTemp(st.dir, "sealane-chunk-*")
		if err != nil {
			return nil, 0, err
		}
		// Unlink at once: the open handle keeps the data until it is closed.
		_ = os.Remove(f.Name())
		if st.cur != nil {
			st.unrefLocked(st.cur) // no longer the current file
		}
		st.cur = &spillFile{f: f, refs: 1}
	}
	off := st.cur.size
	st.cur.size += n
	st.cur.refs++
	return st.cur, off, nil
}

// unref drops one chunk from sf.
func (st *Store) unref(sf *spillFile) {
	st.spillMu.Lock()
	defer st.spillMu.Unlock()
	st.unrefLocked(sf)
}

// unrefLocked drops one reference to sf and closes it when no chunk
// refers to it any more: the current file too, so that its space goes back
// at once (the next spill starts a new file). A region is never written
// twice, so a download still reading a released chunk reads its bytes or
// an error, never another chunk's.
func (st *Store) unrefLocked(sf *spillFile) {
	sf.refs--
	if sf.refs == 1 && sf == st.cur {
		st.cur = nil
		sf.refs--
	}
	if sf.refs == 0 {
		_ = sf.f.Close()
	}
}

// Stats reports the bytes held in memory now, the most held at once, and
// the chunks spilled so far.
func (st *Store) Stats() (used, peak, spilled int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.used, st.peak, st.spilled
}

// Reader returns the blob's bytes as a reader.
func (b *Blob) Reader() io.Reader {
	if b.sf != nil {
		return io.NewSectionReader(b.sf.f, b.off, b.size)
	}
	return bytes.NewReader(b.data)
}

// Bytes returns the blob's bytes (read back from disk when spilled).
func (b *Blob) Bytes() ([]byte, error) {
	if b.sf == nil {
		return b.data, nil
	}
	out := make([]byte, b.size)
	if _, err := b.sf.f.ReadAt(out, b.off); err != nil {
		return nil, fmt.Errorf("warehouse: read spilled chunk: %w", err)
	}
	return out, nil
}

func (b *Blob) release() {
	b.once.Do(func() {
		if b.sf != nil {
			b.st.unref(b.sf)
			return
		}
		// data is left to the garbage collector: a download may still be
		// reading it.
		b.st.mu.Lock()
		b.st.used -= b.size
		b.st.mu.Unlock()
	})
}
