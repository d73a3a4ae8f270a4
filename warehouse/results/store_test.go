package results

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// openSpillFiles counts the process's descriptors open on spill files in
// dir (Linux: /proc/self/fd), so that other tests' files do not count.
func openSpillFiles(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, filepath.Join(dir, "sealane-chunk-")) {
			n++
		}
	}
	return n
}

// spillContent is chunk i's recognisable content.
func spillContent(i, size int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("chunk %06d|", i)), size/13+1)[:size]
}

// TestSpilledChunksShareFiles: 200 spilled chunks hold as many descriptors
// as their bytes need files (fileMax), not one each; each reads back whole,
// and releasing them all closes every file.
func TestSpilledChunksShareFiles(t *testing.T) {
	dir := t.TempDir()
	st := NewStore(dir, 0) // everything spills
	st.fileMax = 4 << 20
	const n, size = 200, 100 << 10 // 20 MB: 5 files of 4 MiB
	blobs := make([]*Blob, n)
	for i := range blobs {
		b, err := st.put(spillContent(i, size))
		require.NoError(t, err)
		blobs[i] = b
	}
	open := openSpillFiles(t, dir)
	require.Positive(t, open)
	require.LessOrEqual(t, open, 5, "descriptors held by %d spilled chunks", n)
	_, _, spilled := st.Stats()
	require.EqualValues(t, n, spilled)
	for i, b := range blobs {
		got, err := b.Bytes()
		require.NoError(t, err)
		require.Equal(t, spillContent(i, size), got, "chunk %d", i)
		got, err = io.ReadAll(b.Reader())
		require.NoError(t, err)
		require.Equal(t, spillContent(i, size), got, "chunk %d", i)
	}
	for _, b := range blobs[:n/2] {
		b.release()
		b.release() // idempotent
	}
	for i, b := range blobs[n/2:] {
		got, err := b.Bytes()
		require.NoError(t, err)
		require.Equal(t, spillContent(n/2+i, size), got, "chunk %d after others went", n/2+i)
	}
	for _, b := range blobs[n/2:] {
		b.release()
	}
	require.Zero(t, openSpillFiles(t, dir), "descriptors left after every chunk was released")
}

// TestSpillConcurrently: statements spill, read and release chunks at the
// same time; every chunk reads back as written, and no file stays open.
func TestSpillConcurrently(t *testing.T) {
	dir := t.TempDir()
	st := NewStore(dir, 256<<10) // some in memory, most spilled
	st.fileMax = 1 << 20
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			var held []*Blob
			for i := range 40 {
				id := g*1000 + i
				b, err := st.put(spillContent(id, 30<<10+i))
				if !assertNoError(t, err) {
					return
				}
				held = append(held, b)
				if i%3 == 2 { // release an older one while others write
					old := held[0]
					held = held[1:]
					old.release()
				}
			}
			for k, b := range held {
				got, err := b.Bytes()
				if !assertNoError(t, err) {
					return
				}
				if !bytes.Equal(got, spillContent(int(g*1000)+40-len(held)+k, len(got))) {
					t.Errorf("goroutine %d: chunk %d came back different", g, k)
				}
				b.release()
			}
		})
	}
	wg.Wait()
	require.Zero(t, openSpillFiles(t, dir), "descriptors left after every chunk was released")
	used, _, _ := st.Stats()
	require.Zero(t, used)
}

func assertNoError(t *testing.T, err error) bool {
	if err != nil {
		t.Error(err)
		return false
	}
	return true
}
