package results

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// simulate drives a windowProbe through chunks whose time per chunk is
// pace(window), the window in effect lag chunks earlier (a widening pays
// once the extra download lands), and returns the windows it chose.
func simulate(parallel, chunks, lag int, pace func(window int) time.Duration) []int {
	w := newWindowProbe(parallel)
	windows := make([]int, chunks)
	windows[0] = w.window
	t := time.Unix(0, 0)
	for k := 1; k < chunks; k++ {
		eff := windows[max(0, k-lag)]
		d := pace(eff)
		t = t.Add(d)
		starved := d > 5*time.Millisecond // the reader itself needs 5 ms a chunk
		windows[k] = w.open(k, t, starved, 0)
	}
	return windows
}

// TestWindowWidensWhereItPays: downloads 100 ms from the first byte and a
// reader needing 5 ms a chunk — every widening makes chunks come faster,
// so the window opens up to Parallel.
func TestWindowWidensWhereItPays(t *testing.T) {
	ws := simulate(8, 200, 2, func(w int) time.Duration {
		return max(5*time.Millisecond, 100*time.Millisecond/time.Duration(w))
	})
	require.Equal(t, 2, ws[1])
	require.Equal(t, 8, ws[len(ws)-1], "windows %v", ws)
}

// TestWindowStaysWhereItDoesNot: chunks come every 20 ms whatever the
// window (the warehouse or the CPU is the bottleneck), so each widening is
// undone: the window never goes past 3 and is 2 most of the time.
func TestWindowStaysWhereItDoesNot(t *testing.T) {
	ws := simulate(8, 400, 2, func(int) time.Duration { return 20 * time.Millisecond })
	at2 := 0
	for _, w := range ws {
		require.LessOrEqual(t, w, 3)
		if w == 2 {
			at2++
		}
	}
	require.Greater(t, at2, len(ws)*3/5, "windows %v", ws)
}

// TestWindowStopsAtTheGain: downloads 30 ms apart at window 1 and a reader
// needing 10 ms a chunk — window 3 reaches the reader's pace, wider does
// not help, so the window settles at 3 (never above 4).
func TestWindowStopsAtTheGain(t *testing.T) {
	ws := simulate(8, 400, 2, func(w int) time.Duration {
		return max(10*time.Millisecond, 30*time.Millisecond/time.Duration(w))
	})
	for _, w := range ws[100:] {
		require.LessOrEqual(t, w, 4, "windows %v", ws)
		require.GreaterOrEqual(t, w, 3, "windows %v", ws)
	}
}

// TestWindowNarrowsWhenAhead: a reader finding several chunks downloaded
// ahead of it narrows the window back to 2.
func TestWindowNarrowsWhenAhead(t *testing.T) {
	w := newWindowProbe(8)
	w.window = 6
	t0 := time.Unix(0, 0)
	for k := 1; k < 10; k++ {
		w.open(k, t0.Add(time.Duration(k)*time.Millisecond), false, 5)
	}
	require.Equal(t, 2, w.window)
	require.Equal(t, 1, newWindowProbe(1).window)
}
