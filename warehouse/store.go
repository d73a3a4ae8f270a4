package warehouse

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
)

// store holds chunk bytes within a memory budget, spilling the excess to
// files that are removed when the chunk is released.
type store struct {
	dir    string
	budget int64

	mu   sync.Mutex
	used int64
	peak int64 // most bytes ever held in memory at once
	// spilled counts chunks written to disk since the store was made.
	spilled int64
}

// blob is one stored chunk.
type blob struct {
	st   *store
	data []byte   // in memory, or
	file *os.File // spilled
	size int64
	once sync.Once
}

func newStore(dir string, budget int64) *store {
	if dir == "" {
		dir = os.TempDir()
	}
	return &store{dir: dir, budget: budget}
}

// put stores b, which the store takes ownership of.
func (st *store) put(b []byte) (*blob, error) {
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
		return &blob{st: st, data: b, size: n}, nil
	}
	f, err := os.CreateTemp(st.dir, "sealane-chunk-*")
	if err != nil {
		return nil, fmt.Errorf("warehouse: spill chunk: %w", err)
	}
	// Unlink at once: the open handle keeps the data until it is closed.
	_ = os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("warehouse: spill chunk: %w", err)
	}
	return &blob{st: st, file: f, size: n}, nil
}

// stats reports the bytes held in memory now, the most held at once, and
// the chunks spilled so far.
func (st *store) stats() (used, peak, spilled int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.used, st.peak, st.spilled
}

// reader returns the blob's bytes as a reader.
func (b *blob) reader() io.Reader {
	if b.file != nil {
		return io.NewSectionReader(b.file, 0, b.size)
	}
	return bytes.NewReader(b.data)
}

// bytes returns the blob's bytes (read back from disk when spilled).
func (b *blob) bytes() ([]byte, error) {
	if b.file == nil {
		return b.data, nil
	}
	out := make([]byte, b.size)
	if _, err := b.file.ReadAt(out, 0); err != nil {
		return nil, fmt.Errorf("warehouse: read spilled chunk: %w", err)
	}
	return out, nil
}

func (b *blob) release() {
	b.once.Do(func() {
		if b.file != nil {
			_ = b.file.Close()
			return
		}
		// data is left to the garbage collector: a download may still be
		// reading it.
		b.st.mu.Lock()
		b.st.used -= b.size
		b.st.mu.Unlock()
	})
}
