//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: what is written to the terminal
// side can be read from the controller side.
func openPTY(t *testing.T) (ctrl, term *os.File) {
	t.Helper()
	ctrl, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(ctrl.Fd())
	require.NoError(t, unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0))
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	require.NoError(t, err)
	term, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	return ctrl, term
}

// TestQueryShowsStateOnATerminal: with stderr a terminal, the statement's
// state and id show while it executes; stdout gets only the data, and
// --quiet shows nothing.
func TestQueryShowsStateOnATerminal(t *testing.T) {
	ctrl, term := openPTY(t)
	var mu sync.Mutex
	var seen bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := ctrl.Read(buf)
			mu.Lock()
			seen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	const slow = "SELECT count(*) AS n FROM range(1000000000)"
	var stdout bytes.Buffer
	require.NoError(t, queryWith(t.Context(), []string{"--local", "--format", "csv", slow}, &stdout, term, noEnv))
	require.Equal(t, "n\n1000000000\n", stdout.String(), "only data on stdout")
	require.NoError(t, queryWith(t.Context(), []string{"--local", "--quiet", "--format", "csv", "SELECT 1 AS q"}, io.Discard, term, noEnv))
	require.NoError(t, term.Close())
	_ = ctrl.Close()
	<-done
	mu.Lock()
	out := seen.String()
	mu.Unlock()
	require.Regexp(t, regexp.MustCompile(`(PENDING|RUNNING|SUCCEEDED) [0-9a-f]{8}-[0-9a-f-]{27} \d`), out)
	require.Contains(t, out, "1 rows in", "the fetch progress follows")
	require.NotContains(t, out, "q", "--quiet prints nothing")
}
