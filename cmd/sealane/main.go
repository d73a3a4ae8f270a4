// Command sealane is the sealane command line: `sealane serve` runs the
// local SEA warehouse on embedded DuckDB, `sealane demo` runs the showcase
// against an embedded warehouse.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

const usage = `usage: sealane <command> [flags]

commands:
  serve   run a local Databricks SQL warehouse (SEA over HTTP on embedded DuckDB)
  query   run one statement and print or save its result
  sql     an interactive SQL shell (or run a script from stdin or -f FILE)
  demo    run the showcase against an embedded warehouse
  help    show this help

Run "sealane <command> -h" for a command's flags.
`

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "sql" {
		// The shell handles its own signals: Ctrl-C cancels a statement,
		// not the session.
		if err := sqlCommand(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, errorLine(err))
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal ends ctx (serve drains, query cancels on the server);
	// a second one finds the default handlers back and ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, os.Args[2:], os.Stdout)
	case "query":
		err = query(ctx, os.Args[2:], os.Stdout)
	case "demo":
		err = demo(ctx, os.Args[2:], os.Stdout)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "sealane: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		os.Exit(1)
	}
}

// errorLine is the one line printed for a failed command: "sealane: "
// once, then the error (the kernel's errors start with "sealane: "
// themselves and carry the SQLSTATE and statement id).
func errorLine(err error) string {
	msg := err.Error()
	for strings.HasPrefix(msg, "sealane: ") {
		msg = strings.TrimPrefix(msg, "sealane: ")
	}
	return "sealane: " + msg
}
