package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"golang.org/x/term"

	"github.com/sealane/sealane/internal/repl"
	"github.com/sealane/sealane/kernel"
)

// shellFormats are the output formats of `sealane sql` (\format).
var shellFormats = []string{"table", "csv", "json", "json-array"}

// maxCompletionNames bounds the names loaded for tab completion, so a
// workspace with many tables costs a bounded amount of memory.
const maxCompletionNames = 50_000

// sqlOptions are the flags of `sealane sql`.
type sqlOptions struct {
	conn           connFlags
	cfg            kernel.Config
	format         string
	maxTableRows   int
	file           string
	history        string
	quiet          bool
	connectTimeout time.Duration
}

func parseSQL(args []string, getenv func(string) string) (*sqlOptions, error) {
	o := &sqlOptions{}
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	o.conn.register(fs)
	fs.StringVar(&o.format, "format", "table", "output format: "+strings.Join(shellFormats, ", ")+` (\format changes it)`)
	fs.IntVar(&o.maxTableRows, "max-rows", 1000, "rows shown by --format table (0 = all)")
	fs.StringVar(&o.file, "f", "", "run the statements of this file instead of reading the terminal or stdin")
	fs.StringVar(&o.history, "history", defaultHistoryPath(getenv), `file keeping the statements typed at the prompt ("" keeps none)`)
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr but errors")
	fs.DurationVar(&o.connectTimeout, "connect-timeout", 10*time.Second, "how long to wait for the server to accept a connection")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("sql: unexpected argument %q (statements come from the terminal, stdin or -f; `sealane query` runs one)", fs.Arg(0))
	}
	if !contains(shellFormats, o.format) {
		return nil, fmt.Errorf("sql: unknown --format %q (%s)", o.format, strings.Join(shellFormats, ", "))
	}
	if o.maxTableRows < 0 {
		return nil, fmt.Errorf("sql: --max-rows %d: give 0 (all rows) or more", o.maxTableRows)
	}
	if o.connectTimeout <= 0 {
		return nil, fmt.Errorf("sql: --connect-timeout %s: give a positive duration", o.connectTimeout)
	}
	cfg, err := o.conn.resolve("sql", getenv)
	if err != nil {
		return nil, err
	}
	o.cfg = cfg
	return o, nil
}

// defaultHistoryPath is ~/.sealane_history ("" when there is no home).
func defaultHistoryPath(getenv func(string) string) string {
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".sealane_history")
}

// sqlCommand is `sealane sql`: an interactive shell when stdin is a
// terminal, else the statements of stdin (or -f FILE) run in order,
// stopping at the first that fails. It handles its own signals: at the
// prompt Ctrl-C cancels the running statement and the shell goes on;
// SIGTERM (and Ctrl-C in a script) ends it, cancelling on the server.
func sqlCommand(args []string) error {
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interactive := term.IsTerminal(int(os.Stdin.Fd()))
	forShell := make(chan os.Signal, 1)
	go func() {
		for sig := range interrupts {
			if interactive && sig == os.Interrupt {
				select {
				case forShell <- sig:
				default:
				}
				continue
			}
			cancel()
			signal.Stop(interrupts) // a second signal ends the process at once
		}
	}()
	return sqlWith(ctx, args, os.Stdin, os.Stdout, os.Stderr, os.Getenv, forShell)
}

// sqlWith is `sealane sql` with its files, environment and interrupts given.
func sqlWith(ctx context.Context, args []string, stdin *os.File, stdout, stderr io.Writer, getenv func(string) string, interrupts <-chan os.Signal) error {
	o, err := parseSQL(args, getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	interactive := o.file == "" && term.IsTerminal(int(stdin.Fd()))
	var history *repl.History
	if interactive {
		if history, err = repl.OpenHistory(o.history, 0); err != nil {
			fmt.Fprintf(stderr, "sealane: %v (history not kept)\n", err)
			history = nil
		}
	}
	conn, closeConn, err := openConn(ctx, "sql", o.conn.local, o.cfg, o.connectTimeout, o.quiet, stderr)
	if err != nil {
		return err
	}
	defer closeConn()

	exec := func(ctx context.Context, sql, format string, out io.Writer) error {
		var rdr array.RecordReader
		var err error
		if interactive && !o.quiet {
			rdr, err = run(ctx, conn, sql, true, out) // state and id while it runs
		} else {
			rdr, err = conn.Query(ctx, sql)
		}
		if err != nil {
			return err
		}
		defer rdr.Release()
		var counted rowCounter
		return writeResult(&queryOptions{format: format, maxTableRows: o.maxTableRows}, &counted, rdr, out)
	}
	shell, err := repl.New(repl.Config{
		Execute:    exec,
		Formats:    append([]string{o.format}, without(shellFormats, o.format)...),
		Names:      func(ctx context.Context) ([]string, error) { return completionNames(ctx, conn) },
		History:    history,
		Interrupts: interrupts,
		Banner:     `sealane SQL shell — statements end with ';', \? for help, \q to quit` + "\n",
	})
	if err != nil {
		return err
	}
	switch {
	case interactive:
		return shell.RunTerminal(ctx, stdin)
	case o.file != "":
		f, err := os.Open(o.file)
		if err != nil {
			return fmt.Errorf("sql: %w", err)
		}
		defer func() { _ = f.Close() }()
		return shell.RunScript(ctx, f, stdout)
	default:
		return shell.RunScript(ctx, stdin, stdout)
	}
}

func without(list []string, s string) []string {
	var out []string
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// completionNames lists what tab completion offers: catalogs, schemas and
// tables of every catalog (bare and qualified), and the columns of the
// current schema's tables — bounded by maxCompletionNames.
func completionNames(ctx context.Context, conn *kernel.Conn) ([]string, error) {
	var names []string
	add := func(n ...string) {
		for _, s := range n {
			if len(names) < maxCompletionNames {
				names = append(names, s)
			}
		}
	}
	catalogs, err := conn.Catalogs(ctx, "%")
	if err != nil {
		return nil, err
	}
	add(catalogs...)
	schemas, err := conn.Schemas(ctx, "%", "%")
	if err != nil {
		return nil, err
	}
	for _, s := range schemas {
		add(s.Schema, s.Catalog+"."+s.Schema)
	}
	tables, err := conn.Tables(ctx, "%", "%", "%", nil)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		add(t.Table, t.Schema+"."+t.Table, t.Catalog+"."+t.Schema+"."+t.Table)
	}
	catalog, schema, err := currentNamespace(ctx, conn)
	if err != nil {
		return nil, err
	}
	cols, err := conn.Columns(ctx, catalog, schema, "%", "%")
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		add(c.Column, c.Table+"."+c.Column)
	}
	return names, nil
}

// currentNamespace is the session's current catalog and schema.
func currentNamespace(ctx context.Context, conn *kernel.Conn) (catalog, schema string, err error) {
	rdr, err := conn.Query(ctx, "SELECT current_catalog() AS c, current_schema() AS s")
	if err != nil {
		return "", "", err
	}
	defer rdr.Release()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if rec.NumRows() > 0 {
			catalog = rec.Column(0).ValueStr(0)
			schema = rec.Column(1).ValueStr(0)
		}
	}
	return catalog, schema, rdr.Err()
}
