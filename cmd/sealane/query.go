package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// queryFormats are the values of --format.
var queryFormats = []string{"table", "csv", "json", "json-array", "parquet", "arrow"}

// errNoSQL: `sealane query` was given no statement; on a terminal that
// opens the interactive shell.
var errNoSQL = errors.New("query: give exactly one SQL statement (quote it), or run `sealane sql` for the interactive shell")

// queryOptions are the flags of `sealane query`.
type queryOptions struct {
	local          bool
	cfg            kernel.Config // the connection, unless local
	profile        string
	format, output string
	maxTableRows   int
	progress       bool
	quiet          bool
	connectTimeout time.Duration
	sql            string
}

func parseQuery(args []string, getenv func(string) string) (*queryOptions, error) {
	o := &queryOptions{}
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	var cf connFlags
	cf.register(fs)
	fs.StringVar(&o.format, "format", "table", "output format: table, csv, json (one object per line), json-array, parquet, arrow (IPC stream)")
	fs.StringVar(&o.output, "o", "", "write to this file instead of stdout")
	fs.IntVar(&o.maxTableRows, "max-rows", 1000, "rows shown by --format table (0 = all)")
	fs.BoolVar(&o.progress, "progress", true, "show the statement's state and download progress on stderr when it is a terminal")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr but errors")
	fs.DurationVar(&o.connectTimeout, "connect-timeout", 10*time.Second, "how long to wait for the server to accept a connection")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		return nil, errNoSQL
	}
	if fs.NArg() != 1 {
		return nil, errors.New("query: give exactly one SQL statement (quote it)")
	}
	o.sql = fs.Arg(0)
	if !contains(queryFormats, o.format) {
		return nil, fmt.Errorf("query: unknown --format %q (%s)", o.format, strings.Join(queryFormats, ", "))
	}
	if (o.format == "parquet" || o.format == "arrow") && o.output == "" {
		return nil, fmt.Errorf("query: --format %s needs -o FILE", o.format)
	}
	if o.maxTableRows < 0 {
		return nil, fmt.Errorf("query: --max-rows %d: give 0 (all rows) or more", o.maxTableRows)
	}
	if o.connectTimeout <= 0 {
		return nil, fmt.Errorf("query: --connect-timeout %s: give a positive duration", o.connectTimeout)
	}
	cfg, err := cf.resolve("query", getenv)
	if err != nil {
		return nil, err
	}
	o.local, o.profile, o.cfg = cf.local, cf.profile, cfg
	return o, nil
}

// connFlags are the connection flags `query` and `sql` share.
type connFlags struct {
	local                          bool
	host, httpPath, token, profile string
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.local, "local", false, "run against an embedded local warehouse (in-process, in-memory DuckDB)")
	fs.StringVar(&c.host, "host", "", "workspace host or URL (default: env DATABRICKS_HOST, then the profile)")
	fs.StringVar(&c.httpPath, "http-path", "", "warehouse http_path (default: env DATABRICKS_HTTP_PATH or DATABRICKS_WAREHOUSE_ID, then the profile)")
	fs.StringVar(&c.token, "token", "", "personal access token (default: env DATABRICKS_TOKEN, then the profile)")
	fs.StringVar(&c.profile, "profile", "", "~/.databrickscfg profile (default: env DATABRICKS_CONFIG_PROFILE, then DEFAULT)")
}

// resolve is the connection the flags name: flags first, then the
// environment, then the profile, as the Databricks CLI. With --local it is
// the zero Config (the command starts its own warehouse).
func (c *connFlags) resolve(cmd string, getenv func(string) string) (kernel.Config, error) {
	if c.local {
		if c.host != "" || c.httpPath != "" || c.token != "" || c.profile != "" {
			return kernel.Config{}, fmt.Errorf("%s: --local runs its own warehouse: it takes no --host, --http-path, --token or --profile", cmd)
		}
		return kernel.Config{}, nil
	}
	const hint = "give --local, or --host, --http-path and --token (or DATABRICKS_HOST, DATABRICKS_HTTP_PATH, DATABRICKS_TOKEN, or a ~/.databrickscfg profile)"
	base := kernel.NewConfig(kernel.WithHost(c.host), kernel.WithHTTPPath(c.httpPath), kernel.WithAccessToken(c.token))
	cfg, err := kernel.LoadUnifiedConfig(base, kernel.UnifiedOptions{Profile: c.profile, Getenv: getenv})
	if err != nil {
		return kernel.Config{}, fmt.Errorf("%s: %s: %w", cmd, hint, err)
	}
	if cfg.Host == "" || (cfg.HTTPPath == "" && cfg.WarehouseID == "") {
		return kernel.Config{}, fmt.Errorf("%s: %s", cmd, hint)
	}
	return cfg, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func query(ctx context.Context, args []string, stdout io.Writer) error {
	err := queryWith(ctx, args, stdout, os.Stderr, os.Getenv)
	if errors.Is(err, errNoSQL) && term.IsTerminal(int(os.Stdin.Fd())) {
		return sqlCommand(args)
	}
	return err
}

// queryWith is query with its stderr and environment given.
func queryWith(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	o, err := parseQuery(args, getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	conn, closeConn, err := openConn(ctx, "query", o.local, o.cfg, o.connectTimeout, o.quiet, stderr)
	if err != nil {
		return err
	}
	defer closeConn()
	tty := o.progress && !o.quiet && isTerminal(stderr)
	rdr, err := run(ctx, conn, o.sql, tty, stderr)
	if err != nil {
		return err
	}
	defer rdr.Release()

	var counted rowCounter
	if tty {
		stop := counted.report(stderr)
		defer stop()
	}
	if o.output == "" {
		bw := bufio.NewWriterSize(stdout, 1<<20)
		if err := writeResult(o, &counted, rdr, bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeAtomically(o.output, func(w io.Writer) error { return writeResult(o, &counted, rdr, w) })
}

// openConn connects as the flags say: to an embedded warehouse of its own
// with local, else to cfg once its host answers within connectTimeout.
// Retries are noted on stderr unless quiet. close ends the session (and
// the embedded warehouse).
func openConn(ctx context.Context, cmd string, local bool, cfg kernel.Config, connectTimeout time.Duration, quiet bool, stderr io.Writer) (conn *kernel.Conn, closeConn func(), err error) {
	stopLocal := func() {}
	if local {
		stop, localCfg, err := startLocal(ctx)
		if err != nil {
			return nil, nil, err
		}
		stopLocal, cfg = stop, localCfg
	} else if err := probe(ctx, cfg, connectTimeout); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", cmd, err)
	}
	if !quiet && cfg.Logger == nil {
		cfg.Logger = slog.New(newRetryNotes(stderr))
	}
	conn, err = kernel.Connect(ctx, cfg)
	if err != nil {
		stopLocal()
		return nil, nil, explainConnect(err)
	}
	return conn, func() {
		_ = conn.Close()
		stopLocal()
	}, nil
}

// startLocal runs an in-memory warehouse on a loopback port for --local,
// guarded by a token of its own (other local users could reach the port).
// SQL may read files under the working directory, as the one user running
// the command expects (read_csv('data.csv'), 'trips.parquet').
func startLocal(ctx context.Context) (func(), kernel.Config, error) {
	eng, err := duckengine.Open(ctx, duckengine.Config{AllowedDirectories: []string{"."}})
	if err != nil {
		return nil, kernel.Config{}, err
	}
	token := generateToken()
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{token}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = eng.Close()
		return nil, kernel.Config{}, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	stop := func() {
		_ = hs.Close()
		_ = srv.Close()
		_ = eng.Close()
	}
	cfg := kernel.NewConfig(kernel.WithHost("http://"+ln.Addr().String()), kernel.WithHTTPPath(srv.Config().HTTPPath()),
		kernel.WithAccessToken(token))
	return stop, cfg, nil
}
