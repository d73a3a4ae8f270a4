package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// Prompts of a terminal session.
const (
	Prompt         = "sealane> "
	ContinuePrompt = "     ...> "
)

// RunTerminal runs an interactive session on tty until \q, Ctrl-D on an
// empty line, or ctx ends. The terminal is in raw mode only while a line
// is edited; statements run with it restored, so their output is plain
// text and Ctrl-C reaches cfg.Interrupts as a signal.
func (s *Shell) RunTerminal(ctx context.Context, tty *os.File) error {
	fd := int(tty.Fd())
	if !term.IsTerminal(fd) {
		return errors.New("repl: not a terminal")
	}
	in := &interruptReader{r: tty}
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, tty}, Prompt)
	t.History = s.cfg.History
	t.AutoCompleteCallback = func(line string, pos int, key rune) (string, int, bool) {
		if key != '\t' {
			return "", 0, false
		}
		newLine, newPos, matches, ok := s.completer.Complete(line, pos)
		if ok && newLine == line && len(matches) > 1 {
			_, _ = fmt.Fprintf(t, "%s\n", strings.Join(matches, "  "))
		}
		return newLine, newPos, ok
	}
	if s.cfg.Banner != "" {
		fmt.Fprint(tty, s.cfg.Banner)
	}
	go func() { _, _ = s.refresh(ctx) }()

	for ctx.Err() == nil {
		if s.split.InStatement() {
			t.SetPrompt(ContinuePrompt)
		} else {
			t.SetPrompt(Prompt)
		}
		line, err := readLine(fd, t)
		if in.interrupted.Swap(false) {
			s.split.Reset() // Ctrl-C at the prompt drops what was typed
			fmt.Fprint(tty, "^C\n")
			continue
		}
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(tty)
			return nil
		}
		if err != nil {
			return fmt.Errorf("repl: %w", err)
		}
		if !s.split.InStatement() && isCommand(line) {
			if err := s.command(ctx, strings.TrimSpace(line), tty); err != nil {
				if errors.Is(err, ErrQuit) {
					return nil
				}
				fmt.Fprintf(tty, "Error: %v\n", err)
			}
			continue
		}
		for _, stmt := range s.split.Feed(line + "\n") {
			_ = s.cfg.History.Record(stmt + ";") // a history that cannot be written does not stop the session
			s.interactive(ctx, stmt, tty)
		}
	}
	return ctx.Err()
}

// readLine edits one line with the terminal in raw mode.
func readLine(fd int, t *term.Terminal) (string, error) {
	old, err := term.MakeRaw(fd)
	if err != nil {
		return "", err
	}
	defer func() { _ = term.Restore(fd, old) }()
	if w, h, err := term.GetSize(fd); err == nil && w > 0 && h > 0 { // a new pty says 0×0
		_ = t.SetSize(w, h)
	}
	return t.ReadLine()
}

// interactive runs one statement typed at the terminal: Ctrl-C cancels it
// (the server is told) and the error, if any, is printed, not returned.
func (s *Shell) interactive(ctx context.Context, stmt string, out io.Writer) {
	stmtCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-s.cfg.Interrupts:
			cancel()
		case <-stop:
		}
	}()
	err := s.run(stmtCtx, stmt, out)
	switch {
	case err != nil && stmtCtx.Err() != nil && ctx.Err() == nil:
		fmt.Fprintln(out, "Cancelled.")
	case err != nil:
		fmt.Fprintf(out, "Error: %v\n", err)
	}
	if err == nil && changesCatalog(stmt) {
		go func() {
			refreshCtx, done := context.WithTimeout(ctx, 30*time.Second)
			defer done()
			_, _ = s.refresh(refreshCtx)
		}()
	}
}

// interruptReader turns Ctrl-C typed at the line editor (a byte in raw
// mode) into the end of the line, and remembers it: the editor itself
// would treat Ctrl-C as the end of input.
type interruptReader struct {
	r           io.Reader
	interrupted atomic.Bool
}

func (ir *interruptReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	for i := range p[:n] {
		if p[i] == 3 {
			ir.interrupted.Store(true)
			p[i] = '\r'
		}
	}
	return n, err
}
