//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screen collects what the shell writes to the terminal.
type screen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	seen int // offset up to which waitFor has matched
}

func (s *screen) collect(r io.Reader) {
	b := make([]byte, 4096)
	for {
		n, err := r.Read(b)
		s.mu.Lock()
		s.buf.Write(b[:n])
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// waitFor waits until want appears after what earlier calls matched, and
// returns the text up to and including it. The bound only stops a broken
// test from hanging; nothing is timed.
func (s *screen) waitFor(t *testing.T, want string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		text := s.buf.String()[s.seen:]
		if i := strings.Index(text, want); i >= 0 {
			s.seen += i + len(want)
			s.mu.Unlock()
			return text[:i+len(want)]
		}
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("never saw %q; the terminal shows:\n%s", want, s.buf.String()[s.seen:])
	return ""
}

// TestSQLShellOnATerminal drives `sealane sql --local` through a
// pseudo-terminal as a user types: multi-line statements, tab completion
// of a table and a column created in the session, Ctrl-C at the prompt,
// an interrupted statement, \timing, history kept in a file, \q.
func TestSQLShellOnATerminal(t *testing.T) {
	ctrl, tty := openPTY(t)
	scr := &screen{}
	go scr.collect(ctrl)
	history := filepath.Join(t.TempDir(), "history")
	interrupts := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() {
		done <- sqlWith(t.Context(), []string{"--local", "--history", history}, tty, io.Discard, io.Discard, noEnv, interrupts)
	}()
	typeKeys := func(keys string) {
		_, err := ctrl.Write([]byte(keys))
		require.NoError(t, err)
	}
	scr.waitFor(t, "sealane> ")

	typeKeys("CREATE TABLE trips (fare_amount DOUBLE, pickup_zip INT);\r")
	scr.waitFor(t, "OK")
	scr.waitFor(t, "sealane> ")
	typeKeys("INSERT INTO trips VALUES (12.5, 10001);\r")
	scr.waitFor(t, "sealane> ")

	typeKeys("\\refresh\r")
	scr.waitFor(t, "names to complete.")
	scr.waitFor(t, "sealane> ")

	// Multi-line, with completion: "fare_a<Tab>" and "tri<Tab>".
	typeKeys("SELECT fare_a\t\r")
	scr.waitFor(t, "...> ")
	typeKeys("FROM tri\t;\r")
	out := scr.waitFor(t, "(1 rows)")
	assert.Contains(t, out, "fare_amount")
	assert.Contains(t, out, "12.5")
	scr.waitFor(t, "sealane> ")

	// Ctrl-C at the prompt drops the unfinished statement.
	typeKeys("SELECT 'abandoned'\r")
	scr.waitFor(t, "...> ")
	typeKeys("\x03")
	scr.waitFor(t, "^C")
	scr.waitFor(t, "sealane> ")
	typeKeys("\\timing on\r")
	scr.waitFor(t, "Timing is on.")
	typeKeys("SELECT 42 AS answer;\r")
	out = scr.waitFor(t, "Time: ")
	assert.Contains(t, out, "42")
	assert.NotContains(t, out, "abandoned", "the Ctrl-C'd text was dropped")
	scr.waitFor(t, "sealane> ")

	// Ctrl-C while a statement runs cancels it; the shell goes on.
	typeKeys("SELECT count(*) FROM range(100000000000);\r")
	scr.waitFor(t, "RUNNING")
	interrupts <- os.Interrupt
	scr.waitFor(t, "Cancelled.")
	scr.waitFor(t, "sealane> ")
	typeKeys("SELECT 7 AS after_cancel;\r")
	scr.waitFor(t, "after_cancel")
	scr.waitFor(t, "sealane> ")

	typeKeys("\\q\r")
	require.NoError(t, <-done)
	_ = tty.Close()
	_ = ctrl.Close()

	kept, err := os.ReadFile(history)
	require.NoError(t, err)
	assert.Contains(t, string(kept), "SELECT fare_amount FROM trips;\n", "a multi-line statement is one entry")
	assert.Contains(t, string(kept), "SELECT 42 AS answer;\n")
	assert.NotContains(t, string(kept), "abandoned")
}
