// Package repl is sealane's interactive SQL shell: a line editor with
// history and tab completion on a terminal, statements that end at a
// semicolon and may span lines, backslash commands (\timing, \format,
// \refresh, \q), and the same loop without the editor for piped scripts.
// It knows nothing of connections: the caller gives it a function that
// runs one statement and one that lists the names to complete.
package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Executor runs one statement and writes its result to out in the named
// format. ctx ends when the user interrupts the statement.
type Executor func(ctx context.Context, sql, format string, out io.Writer) error

// Config is what a Shell needs from its caller.
type Config struct {
	// Execute runs each statement (required).
	Execute Executor
	// Formats are the names \format accepts; the first is the default.
	Formats []string
	// Names lists the catalogs, schemas, tables and columns to complete
	// (nil: keywords only). It is called in the background at start, on
	// \refresh and after statements that change the catalog.
	Names func(ctx context.Context) ([]string, error)
	// History keeps the statements typed at a terminal (nil: in memory).
	History *History
	// Interrupts delivers Ctrl-C while a statement runs (the terminal is
	// in its normal mode then, so Ctrl-C is a signal): the statement is
	// cancelled on the server and the prompt comes back.
	Interrupts <-chan os.Signal
	// Banner is printed when a terminal session starts.
	Banner string
}

// Shell runs statements typed at a terminal or read from a script.
type Shell struct {
	cfg       Config
	format    string
	timing    bool
	split     Splitter
	completer Completer
}

// ErrQuit ends a session on \q.
var ErrQuit = errors.New("quit")

// New returns a Shell; cfg.Execute is required.
func New(cfg Config) (*Shell, error) {
	if cfg.Execute == nil {
		return nil, errors.New("repl: Config.Execute is required")
	}
	if len(cfg.Formats) == 0 {
		cfg.Formats = []string{"table"}
	}
	if cfg.History == nil {
		cfg.History, _ = OpenHistory("", 0) // in memory: cannot fail
	}
	return &Shell{cfg: cfg, format: cfg.Formats[0]}, nil
}

// RunScript runs the statements read from in, in order, writing results
// to out; it stops at the first statement that fails and returns its
// error, naming the statement's place in the script.
func (s *Shell) RunScript(ctx context.Context, in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	n := 0
	for {
		line, readErr := r.ReadString('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("reading the script: %w", readErr)
		}
		if !s.split.InStatement() && isCommand(line) {
			if err := s.command(ctx, strings.TrimSpace(line), out); err != nil {
				if errors.Is(err, ErrQuit) {
					return nil
				}
				return err
			}
		} else {
			for _, stmt := range s.split.Feed(line) {
				n++
				if err := s.run(ctx, stmt, out); err != nil {
					return &ScriptError{Statement: n, Err: err}
				}
			}
		}
		if errors.Is(readErr, io.EOF) {
			break
		}
	}
	if rest := s.split.Pending(); rest != "" && !onlyComments(rest) {
		n++
		if err := s.run(ctx, rest, out); err != nil { // the last statement may omit its ';'
			return &ScriptError{Statement: n, Err: err}
		}
	}
	return nil
}

// ScriptError is a script's failed statement: its place and its error.
type ScriptError struct {
	Statement int // 1-based, in the order the script gives them
	Err       error
}

func (e *ScriptError) Error() string {
	return fmt.Sprintf("%v (statement %d of the script)", e.Err, e.Statement)
}

func (e *ScriptError) Unwrap() error { return e.Err }

// run executes one statement, timing it when \timing is on.
func (s *Shell) run(ctx context.Context, stmt string, out io.Writer) error {
	start := time.Now()
	err := s.cfg.Execute(ctx, stmt, s.format, out)
	if s.timing {
		fmt.Fprintf(out, "Time: %.3f s\n", time.Since(start).Seconds())
	}
	return err
}

// isCommand reports whether line is a backslash command.
func isCommand(line string) bool { return strings.HasPrefix(strings.TrimSpace(line), `\`) }

// command runs a backslash command.
func (s *Shell) command(ctx context.Context, line string, out io.Writer) error {
	fields := strings.Fields(line)
	name, args := fields[0], fields[1:]
	switch name {
	case `\q`, `\quit`:
		return ErrQuit
	case `\timing`:
		on, err := toggle(s.timing, args)
		if err != nil {
			return err
		}
		s.timing = on
		fmt.Fprintf(out, "Timing is %s.\n", onOff(on))
	case `\format`:
		if len(args) == 0 {
			fmt.Fprintf(out, "Format is %s (%s).\n", s.format, strings.Join(s.cfg.Formats, ", "))
			return nil
		}
		if !contains(s.cfg.Formats, args[0]) {
			return fmt.Errorf(`\format %s: not one of %s`, args[0], strings.Join(s.cfg.Formats, ", "))
		}
		s.format = args[0]
		fmt.Fprintf(out, "Format is %s.\n", s.format)
	case `\refresh`:
		n, err := s.refresh(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d names to complete.\n", n)
	case `\?`, `\h`, `\help`:
		fmt.Fprint(out, help)
	default:
		return fmt.Errorf(`unknown command %s (\? lists them)`, name)
	}
	return nil
}

const help = `Statements end with ';' and may span lines. Tab completes keywords and names.
  \timing [on|off]   show how long each statement took
  \format [NAME]     show or set the output format
  \refresh           reload the catalog, schema, table and column names
  \q                 quit (Ctrl-D too)
Ctrl-C cancels the running statement on the server, or clears the line.
`

// refresh reloads the names to complete.
func (s *Shell) refresh(ctx context.Context) (int, error) {
	if s.cfg.Names == nil {
		return 0, nil
	}
	names, err := s.cfg.Names(ctx)
	if err != nil {
		return 0, fmt.Errorf("listing names: %w", err)
	}
	s.completer.SetNames(names)
	return len(names), nil
}

// changesCatalog reports whether stmt may add or remove names.
func changesCatalog(stmt string) bool {
	f := strings.Fields(strings.ToUpper(stmt))
	return len(f) > 0 && contains([]string{"CREATE", "DROP", "ALTER", "USE"}, f[0])
}

func toggle(cur bool, args []string) (bool, error) {
	if len(args) == 0 {
		return !cur, nil
	}
	switch strings.ToLower(args[0]) {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return cur, fmt.Errorf("give on or off, not %q", args[0])
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
