package results

import "time"

// startWindow is how many chunks downloads may run ahead of the reader
// until a wider window has been shown to deliver chunks faster.
const startWindow = 2

// slackChunks is how many chunks downloaded past the one the reader opens
// make the window narrow again.
const slackChunks = 2

// minGain is how much faster (a fraction of the time per chunk) a widened
// window must deliver chunks for the widening to be kept.
const minGain = 0.10

// windowProbe sizes the download window from the reader's pace. Every
// chunk the window holds costs its compressed bytes (and about as much
// again in garbage-collector headroom), so the window stays at startWindow
// unless widening it is shown to raise throughput: when the reader finds
// its next chunk not yet downloaded, the window widens by one and the time
// per chunk of the next two windows' worth of chunks (from when the extra
// download can have arrived) is compared with that of the two windows'
// worth before.
// A widening that did not make chunks come at least minGain faster is
// undone, and no other is tried for a while. This keeps the window at 2
// where chunks wait on the warehouse building them or on a busy CPU —
// where more downloads in flight only hold more memory — and opens it up to
// Parallel where each download waits on latency (object storage: ~100 ms
// to the first byte), where each step pays. The reader still narrows it
// when downloads run slackChunks ahead of it.
//
// A windowProbe belongs to the reader goroutine.
type windowProbe struct {
	max     int         // Parallel
	window  int         // current window
	opened  []time.Time // when chunk k was opened, at k mod len
	probing bool
	from    int           // chunk opened when the window was widened
	base    time.Duration // time per chunk before the widening
	hold    int           // chunks to read before the next widening
}

func newWindowProbe(parallel int) *windowProbe {
	w := &windowProbe{max: parallel, window: min(startWindow, parallel)}
	w.opened = make([]time.Time, 2*parallel+2)
	return w
}

// perChunk is the mean time per chunk over the n chunks opened before
// chunk k (opened at t).
func (w *windowProbe) perChunk(k, n int, t time.Time) time.Duration {
	return t.Sub(w.opened[(k-n)%len(w.opened)]) / time.Duration(n)
}

// open records that the reader opened chunk k (k > 0) at t, having waited
// for it (starved) or with ahead chunks downloaded past it, and returns
// the window to use from now on.
func (w *windowProbe) open(k int, t time.Time, starved bool, ahead int64) int {
	defer func() { w.opened[k%len(w.opened)] = t }()
	if w.hold > 0 {
		w.hold--
	}
	if w.probing {
		// The first chunk the widening let start early is window-1
		// chunks past from; measure two windows' worth after it.
		n := w.window
		if k < w.from+n-1+2*n {
			return w.window
		}
		w.probing = false
		got := w.perChunk(k, 2*n, t)
		if float64(got) > float64(w.base)*(1-minGain) {
			w.window--
			w.hold = 2 * w.max
		} else if starved && w.window < w.max {
			w.widen(k, got) // it paid and the reader still waits: go on
		}
		return w.window
	}
	// Two windows' worth of chunks, past the first window (all started
	// at once), are the pace to beat.
	n := 2 * w.window
	switch {
	case starved && w.window < w.max && w.hold == 0 && k >= n+w.window:
		w.widen(k, w.perChunk(k, n, t))
	case !starved && ahead > slackChunks && w.window > min(startWindow, w.max):
		w.window--
	}
	return w.window
}

// widen adds a chunk to the window at chunk k, the pace so far being base
// per chunk.
func (w *windowProbe) widen(k int, base time.Duration) {
	w.window++
	w.probing, w.from, w.base = true, k, base
}
