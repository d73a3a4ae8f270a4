package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/console"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/faults"
	"github.com/sealane/sealane/warehouse/thriftsrv"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// serveOptions are the parsed flags of `sealane serve`.
type serveOptions struct {
	addr, db, logLevel, certOut, memoryLimit string
	tlsSelfSigned, jsonReady, exposed        bool
	noConsole                                bool
	threads                                  int
	loads, faultRules, clients, allowFiles   listFlag
	// generatedToken is the token serve made up because the operator gave
	// no credential; the only token the banner ever prints.
	generatedToken string
	shutdownGrace  time.Duration
	cfg            warehouse.Config
	// thrift tunes the Thrift (TCLIService) endpoint.
	thrift thriftsrv.Options
}

func parseServe(args []string) (*serveOptions, error) {
	o := &serveOptions{}
	d := warehouse.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var tokens, publicClients listFlag
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	fs.Var(&tokens, "token", "accepted personal access token (repeatable; default: one generated token, printed at start)")
	fs.BoolVar(&o.cfg.NoAuth, "no-auth", false, "accept requests without a token (local play only; loopback addresses only unless --expose-without-auth)")
	fs.BoolVar(&o.exposed, "expose-without-auth", false, "allow --no-auth on a non-loopback address (anyone who reaches the port runs SQL)")
	fs.StringVar(&o.db, "db", "", "DuckDB database file (default: in memory)")
	fs.Var(&o.loads, "load", "load a table at start: name=path.parquet|.csv|.json (repeatable)")
	fs.Var(&o.allowFiles, "allow-files", "let SQL read files under this directory (repeatable; default: none)")
	fs.IntVar(&o.threads, "threads", 0, "DuckDB worker threads (0 = DuckDB default)")
	fs.StringVar(&o.memoryLimit, "memory-limit", "", `DuckDB memory limit, e.g. "8GB" (default: 75% of RAM minus --memory-budget); bigger queries spill or fail with OUT_OF_MEMORY`)
	fs.DurationVar(&o.shutdownGrace, "shutdown-grace", 10*time.Second, "on SIGTERM, how long clients get to see their statements CANCELED and finish requests")
	fs.StringVar(&o.cfg.WarehouseID, "warehouse-id", d.WarehouseID, "warehouse id in http_path")
	fs.IntVar(&o.cfg.MaxConcurrent, "max-concurrent", d.MaxConcurrent, "statements running at once; the rest wait as PENDING")
	fs.IntVar(&o.cfg.QuickConcurrent, "quick-concurrent", d.QuickConcurrent, "statements that read no table (SELECT 1, SHOW, SET) running at once, apart from --max-concurrent")
	fs.DurationVar(&o.cfg.DirectResultsWait, "direct-results-wait", d.DirectResultsWait, "how long an execute without wait_timeout waits")
	fs.Int64Var(&o.cfg.ChunkRows, "chunk-rows", d.ChunkRows, "rows per result chunk (0 = no row cap)")
	fs.Int64Var(&o.cfg.ChunkBytes, "chunk-bytes", d.ChunkBytes, "uncompressed bytes per result chunk")
	fs.Int64Var(&o.cfg.InlineLimit, "inline-limit", d.InlineLimit, "largest result returned inline")
	fs.BoolVar(&o.cfg.MultiChunkInline, "multi-chunk-inline", false, "split inline Arrow results over chunks instead of switching to links")
	fs.DurationVar(&o.cfg.LinkTTL, "link-ttl", d.LinkTTL, "external link lifetime")
	fs.BoolVar(&o.cfg.LinkHeaders, "link-headers", false, "require clients to echo http_headers on downloads")
	fs.DurationVar(&o.cfg.ResultTTL, "result-ttl", d.ResultTTL, "how long results are kept")
	fs.DurationVar(&o.cfg.SessionIdleTTL, "session-idle-ttl", d.SessionIdleTTL, "close sessions idle this long")
	fs.Int64Var(&o.cfg.MemoryBudget, "memory-budget", d.MemoryBudget, "result bytes kept in memory before spilling to disk")
	fs.StringVar(&o.cfg.SpillDir, "spill-dir", "", "directory for spilled chunks (default: system temp)")
	fs.Var(&o.clients, "oauth-client", "OAuth client id:secret accepted for client_credentials (repeatable)")
	fs.Var(&publicClients, "oauth-public-client", `OAuth client id allowed to log users in without a secret, e.g. "databricks-cli" (repeatable; needs --oauth-auto-approve)`)
	fs.BoolVar(&o.cfg.OAuthAutoApprove, "oauth-auto-approve", false, "approve every OAuth login of a named client at once (no login page: for tests and one-user machines)")
	fs.DurationVar(&o.cfg.OAuthTokenTTL, "oauth-token-ttl", d.OAuthTokenTTL, "lifetime of issued OAuth access tokens")
	fs.DurationVar(&o.cfg.Faults.Latency, "latency", 0, "added latency per API call (simulated RTT)")
	fs.DurationVar(&o.cfg.Faults.DownloadLatency, "download-latency", 0, "added latency before each download")
	fs.Int64Var(&o.cfg.Faults.DownloadBandwidth, "bandwidth", 0, "download bandwidth cap in bytes/s per download (0 = none)")
	fs.DurationVar(&o.cfg.Faults.StatusDelay, "status-delay", 0, "extra delay on GET statement (slow status)")
	fs.DurationVar(&o.cfg.Faults.LinkLifetime, "link-lifetime", 0, "reject links after this long although they advertise LinkTTL (links that expire early)")
	fs.Int64Var(&o.cfg.Faults.ResetAfterBytes, "reset-after", 0, "with --reset-count/--reset-rate: cut downloads after this many bytes")
	fs.IntVar(&o.cfg.Faults.ResetCount, "reset-count", 0, "number of downloads to cut")
	fs.Float64Var(&o.cfg.Faults.ResetRate, "reset-rate", 0, "probability of cutting a download")
	fs.Uint64Var(&o.cfg.Faults.Seed, "seed", 1, "seed for random faults")
	fs.Var(&o.faultRules, "fault", `inject HTTP errors: CALL:STATUS[:rate=R][:count=N][:retry-after=D], e.g. "execute:503:retry-after=1s:count=2" (repeatable)`)
	fs.BoolVar(&o.tlsSelfSigned, "tls-self-signed", false, "serve https with a fresh self-signed certificate")
	fs.StringVar(&o.certOut, "tls-cert-out", "", "write the self-signed certificate (PEM) here (default: temp file)")
	fs.StringVar(&o.logLevel, "log-level", "info", "request log level: debug, info, warn, error, off")
	fs.BoolVar(&o.noConsole, "no-console", false, "do not serve the web console at / (the API stays)")
	fs.IntVar(&o.cfg.HistorySize, "history-size", d.HistorySize, "statements Query History and the console keep (the last N)")
	fs.IntVar(&o.cfg.HistoryTextBytes, "history-text-bytes", d.HistoryTextBytes, "statement text and parameter bytes Query History keeps per statement")
	fs.Int64Var(&o.thrift.CloudFetchThreshold, "thrift-cloudfetch-threshold", thriftsrv.DefaultCloudFetchThreshold, "Thrift endpoint: result bytes (uncompressed Arrow) above which a client that accepts CloudFetch gets links instead of inline Arrow")
	fs.DurationVar(&o.thrift.AsyncWait, "thrift-async-wait", thriftsrv.DefaultAsyncWait, "Thrift endpoint: how long an asynchronous (runAsync) call waits for its statement before answering RUNNING")
	fs.BoolVar(&o.jsonReady, "json", false, "print the connection details as one JSON line (for scripts)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	o.cfg.Tokens = tokens
	o.cfg.OAuthPublicClients = publicClients
	if len(tokens) == 0 && !o.cfg.NoAuth && len(o.clients) == 0 && len(publicClients) == 0 {
		o.generatedToken = generateToken()
		o.cfg.Tokens = []string{o.generatedToken}
	}
	if o.cfg.NoAuth && !o.exposed && !isLoopbackAddr(o.addr) {
		return nil, fmt.Errorf("serve: --no-auth on %s would let anyone who reaches it run SQL; listen on 127.0.0.1, give --token, or add --expose-without-auth", o.addr)
	}
	if o.thrift.CloudFetchThreshold <= 0 {
		return nil, errors.New("serve: --thrift-cloudfetch-threshold must be positive")
	}
	if o.thrift.AsyncWait <= 0 {
		return nil, errors.New("serve: --thrift-async-wait must be positive")
	}
	if o.shutdownGrace < 0 {
		return nil, errors.New("serve: --shutdown-grace must not be negative")
	}
	for _, c := range o.clients {
		id, secret, ok := strings.Cut(c, ":")
		if !ok || id == "" || secret == "" {
			return nil, fmt.Errorf("serve: --oauth-client %q must be id:secret", c)
		}
		o.cfg.OAuthClients = append(o.cfg.OAuthClients, warehouse.OAuthClient{ID: id, Secret: secret})
	}
	for _, r := range o.faultRules {
		rule, err := faults.ParseRule(r)
		if err != nil {
			return nil, fmt.Errorf("serve: --fault: %w", err)
		}
		o.cfg.Faults.Errors = append(o.cfg.Faults.Errors, rule)
	}
	if err := o.cfg.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return o, nil
}

// mountThrift serves the Thrift face (TCLIService) on srv with the
// --thrift-* flags.
func mountThrift(srv *warehouse.Server, o *serveOptions) *thriftsrv.Server {
	opts := o.thrift
	opts.Logger = srv.Config().Logger
	return thriftsrv.Mount(srv, opts)
}

func serve(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseServe(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if o.logLevel != "off" {
		var level slog.Level
		if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
			return fmt.Errorf("serve: --log-level: %w", err)
		}
		o.cfg.Logger = slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	if o.memoryLimit == "" {
		o.memoryLimit = defaultMemoryLimit(o.cfg.MemoryBudget)
	}
	limitGoHeap(o.cfg.MemoryBudget)
	eng, err := duckengine.Open(ctx, duckengine.Config{Path: o.db, Threads: o.threads, MemoryLimit: o.memoryLimit,
		AllowedDirectories: o.allowFiles,
		Init: func(ctx context.Context, db *sql.DB) error {
			for _, l := range o.loads {
				if err := loadTable(ctx, db, l); err != nil {
					return err
				}
			}
			return nil
		}})
	if err != nil {
		return err
	}
	defer func() { _ = eng.Close() }()
	srv := warehouse.New(eng, o.cfg)
	defer func() { _ = srv.Close() }()
	// The Thrift face (TCLIService), on the same port and paths as the
	// official clients' default mode.
	mountThrift(srv, o)

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	scheme, certPath := "http", ""
	if o.tlsSelfSigned {
		cert, pemBytes, err := selfSignedCert(ln.Addr().(*net.TCPAddr).IP)
		if err != nil {
			return err
		}
		certPath = o.certOut
		if certPath == "" {
			certPath = filepath.Join(os.TempDir(), fmt.Sprintf("sealane-%d.pem", os.Getpid()))
		}
		if err := os.WriteFile(certPath, pemBytes, 0o644); err != nil {
			return fmt.Errorf("serve: write certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	handler := srv.Handler()
	if !o.noConsole {
		handler = console.Wrap(console.Config{WarehouseID: srv.Config().WarehouseID, NoAuth: o.cfg.NoAuth}, handler)
	}
	httpSrv := &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	printReady(out, o, scheme, ln.Addr().(*net.TCPAddr), srv.Config().HTTPPath(), certPath)

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return shutdown(srv, httpSrv, o.shutdownGrace)
}

// shutdown stops the warehouse within grace: running statements are
// cancelled (their clients see CANCELED), clients get the rest of the grace
// period to close them and finish their requests, then every connection is
// closed. It reports no error for a shutdown that had to cut connections at
// the end of the grace period: stopping was asked for, and it stopped.
func shutdown(srv *warehouse.Server, httpSrv *http.Server, grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	n := srv.Drain(ctx)
	srv.Config().Logger.Info("shutting down", "cancelled_statements", n)
	if err := httpSrv.Shutdown(ctx); err != nil {
		_ = httpSrv.Close()
	}
	return nil
}

// printReady prints where the warehouse listens. It prints a token only if
// serve generated it: a token the operator gave stays out of logs.
func printReady(out io.Writer, o *serveOptions, scheme string, addr *net.TCPAddr, httpPath, certPath string) {
	token := o.generatedToken
	host := addr.IP.String()
	if addr.IP.To4() == nil {
		host = "[" + host + "]"
	}
	if o.jsonReady {
		ready := map[string]any{
			"url": fmt.Sprintf("%s://%s:%d", scheme, host, addr.Port), "scheme": scheme, "host": host, "port": addr.Port,
			"http_path": httpPath, "tls_cert": certPath, "files": append([]string{}, o.allowFiles...),
		}
		if token != "" {
			ready["token"] = token
		}
		if !o.noConsole {
			ready["console"] = fmt.Sprintf("%s://%s:%d/", scheme, host, addr.Port)
		}
		_ = json.NewEncoder(out).Encode(ready)
		return
	}
	fmt.Fprintf(out, "sealane warehouse ready (DuckDB)\n  host:       %s://%s:%d\n  http_path:  %s\n", scheme, host, addr.Port, httpPath)
	switch {
	case token != "":
		fmt.Fprintf(out, "  token:      %s  (generated; give --token to choose one)\n", token)
	case o.cfg.NoAuth:
		fmt.Fprintf(out, "  token:      (none needed: --no-auth)\n")
	case len(o.cfg.Tokens) > 0:
		fmt.Fprintf(out, "  token:      (the %d given with --token)\n", len(o.cfg.Tokens))
	}
	if len(o.allowFiles) == 0 {
		fmt.Fprintf(out, "  files:      none (give --allow-files DIR to let SQL read a directory)\n")
	} else {
		fmt.Fprintf(out, "  files:      %s\n", strings.Join(o.allowFiles, ", "))
	}
	if certPath != "" {
		fmt.Fprintf(out, "  tls cert:   %s\n", certPath)
	}
	if !o.noConsole {
		fmt.Fprintf(out, "  console:    %s://%s:%d/  (sign in with the token; --no-console turns it off)\n", scheme, host, addr.Port)
	}
}

// loadTable creates main.default.<name> from a Parquet, CSV or JSON file.
func loadTable(ctx context.Context, db *sql.DB, spec string) error {
	name, path, ok := strings.Cut(spec, "=")
	if !ok || name == "" || path == "" {
		return fmt.Errorf("serve: --load %q must be name=path", spec)
	}
	var reader string
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".parquet":
		reader = "read_parquet"
	case ".csv", ".tsv":
		reader = "read_csv_auto"
	case ".json", ".ndjson", ".jsonl":
		reader = "read_json_auto"
	default:
		return fmt.Errorf("serve: --load %q: unknown file type %q (parquet, csv, json)", spec, ext)
	}
	q := fmt.Sprintf(`CREATE OR REPLACE TABLE "default".%s AS SELECT * FROM %s('%s')`,
		`"`+strings.ReplaceAll(name, `"`, `""`)+`"`, reader, strings.ReplaceAll(path, "'", "''"))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("serve: --load %s: %w", spec, err)
	}
	return nil
}

// generateToken returns a fresh random personal access token.
func generateToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "dapi" + hex.EncodeToString(b)
}

// isLoopbackAddr reports whether a listen address binds only loopback
// interfaces. An empty host binds every interface.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
