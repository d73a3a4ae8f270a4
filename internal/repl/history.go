package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
)

// History is the statements typed at the prompt, most recent first, kept
// in a file between runs (one statement per line, newlines folded to
// spaces, readable by the user only) and bounded to Max entries.
//
// It implements golang.org/x/term's History for the line editor, but
// records only what Record is given: the editor's own per-line Add is
// ignored, so a multi-line statement is recalled as one entry.
type History struct {
	mu      sync.Mutex
	path    string
	max     int
	entries []string // oldest first
}

// DefaultHistoryEntries bounds a history whose Max is not given.
const DefaultHistoryEntries = 1000

// OpenHistory reads the history file at path (a missing file is an empty
// history; path "" keeps the history in memory only).
func OpenHistory(path string, max int) (*History, error) {
	if max <= 0 {
		max = DefaultHistoryEntries
	}
	h := &History{path: path, max: max}
	if path == "" {
		return h, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			h.entries = append(h.entries, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	if len(h.entries) > max {
		h.entries = h.entries[len(h.entries)-max:]
	}
	return h, nil
}

// Record adds a statement as the most recent entry (a repeat of the
// latest is not added twice) and writes the file.
func (h *History) Record(stmt string) error {
	entry := strings.Join(strings.Fields(stmt), " ")
	if entry == "" {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(h.entries); n > 0 && h.entries[n-1] == entry {
		return nil
	}
	h.entries = append(h.entries, entry)
	if len(h.entries) > h.max {
		h.entries = h.entries[len(h.entries)-h.max:]
	}
	return h.saveLocked()
}

// saveLocked rewrites the file through a temporary file, so a crash never
// leaves half a history.
func (h *History) saveLocked() error {
	if h.path == "" {
		return nil
	}
	tmp := h.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(h.entries, "\n")+"\n"), 0o600); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := os.Rename(tmp, h.path); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// Add ignores the line editor's per-line entries (see Record).
func (h *History) Add(string) {}

// Len is the number of entries.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.entries)
}

// At is the entry idx places back: 0 is the most recent.
func (h *History) At(idx int) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.entries[len(h.entries)-1-idx]
}
