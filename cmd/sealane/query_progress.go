package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
)

// run executes sql. On a terminal it submits the statement and shows its
// state, id and elapsed time on stderr while it executes (the line is
// replaced by the download progress once rows arrive); elsewhere it runs
// the statement in direct-results mode (one round trip for small results).
func run(ctx context.Context, conn *kernel.Conn, sql string, tty bool, stderr io.Writer) (array.RecordReader, error) {
	if !tty {
		return conn.Query(ctx, sql)
	}
	start := time.Now()
	h, err := conn.Submit(ctx, sql)
	if err != nil {
		return nil, err
	}
	var state atomic.Value
	state.Store(string(sea.StatePending))
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		poll := time.NewTicker(time.Second)
		defer poll.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(stderr, "\r\033[K")
				return
			case <-poll.C:
				if st, err := h.Status(ctx); err == nil {
					state.Store(string(st))
				}
			case <-tick.C:
				fmt.Fprintf(stderr, "\r\033[K%s %s %s", state.Load(), h.ID(), time.Since(start).Truncate(100*time.Millisecond))
			}
		}
	}()
	rdr, err := h.Wait(ctx)
	close(done)
	<-finished
	return rdr, err
}

// rowCounter counts rows written, for the progress line.
type rowCounter struct{ rows atomic.Int64 }

func (c *rowCounter) add(n int64) { c.rows.Add(n) }

// report prints the count to w every 200 ms until stopped.
func (c *rowCounter) report(w io.Writer) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprintf(w, "\r%d rows in %s\n", c.rows.Load(), time.Since(start).Round(time.Millisecond))
				return
			case <-t.C:
				fmt.Fprintf(w, "\r%d rows…", c.rows.Load())
			}
		}
	}()
	return func() { close(done); <-finished }
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
