package main

import (
	"context"
	"crypto/tls"
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
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/faults"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// serveOptions are the parsed flags of `sealane serve`.
type serveOptions struct {
	addr, db, logLevel, certOut string
	tlsSelfSigned, jsonReady    bool
	threads                     int
	loads, faultRules, clients  listFlag
	cfg                         warehouse.Config
}

func parseServe(args []string) (*serveOptions, error) {
	o := &serveOptions{}
	d := warehouse.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var tokens listFlag
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	fs.Var(&tokens, "token", "accepted personal access token (repeatable)")
	fs.BoolVar(&o.cfg.NoAuth, "no-auth", false, "accept requests without a token (local play only)")
	fs.StringVar(&o.db, "db", "", "DuckDB database file (default: in memory)")
	fs.Var(&o.loads, "load", "load a table at start: name=path.parquet|.csv|.json (repeatable)")
	fs.IntVar(&o.threads, "threads", 0, "DuckDB worker threads (0 = DuckDB default)")
	fs.StringVar(&o.cfg.WarehouseID, "warehouse-id", d.WarehouseID, "warehouse id in http_path")
	fs.IntVar(&o.cfg.MaxConcurrent, "max-concurrent", d.MaxConcurrent, "statements running at once; the rest wait as PENDING")
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
	fs.BoolVar(&o.jsonReady, "json", false, "print the connection details as one JSON line (for scripts)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	o.cfg.Tokens = tokens
	if len(tokens) == 0 && !o.cfg.NoAuth && len(o.clients) == 0 {
		return nil, errors.New("serve: give --token T (repeatable), --oauth-client id:secret, or --no-auth")
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
	eng, err := duckengine.Open(ctx, duckengine.Config{Path: o.db, Threads: o.threads})
	if err != nil {
		return err
	}
	defer func() { _ = eng.Close() }()
	for _, l := range o.loads {
		if err := loadTable(ctx, eng, l); err != nil {
			return err
		}
	}
	srv := warehouse.New(eng, o.cfg)
	defer func() { _ = srv.Close() }()

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
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 30 * time.Second}
	printReady(out, o, scheme, ln.Addr().(*net.TCPAddr), srv.Config().HTTPPath(), certPath)

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return httpSrv.Shutdown(shutdown)
}

func printReady(out io.Writer, o *serveOptions, scheme string, addr *net.TCPAddr, httpPath, certPath string) {
	token := ""
	if len(o.cfg.Tokens) > 0 {
		token = o.cfg.Tokens[0]
	}
	host := addr.IP.String()
	if addr.IP.To4() == nil {
		host = "[" + host + "]"
	}
	if o.jsonReady {
		_ = json.NewEncoder(out).Encode(map[string]any{
			"url": fmt.Sprintf("%s://%s:%d", scheme, host, addr.Port), "scheme": scheme, "host": host, "port": addr.Port,
			"http_path": httpPath, "token": token, "tls_cert": certPath,
		})
		return
	}
	fmt.Fprintf(out, "sealane warehouse ready (DuckDB)\n  host:       %s://%s:%d\n  http_path:  %s\n", scheme, host, addr.Port, httpPath)
	if token != "" {
		fmt.Fprintf(out, "  token:      %s\n", token)
	} else if o.cfg.NoAuth {
		fmt.Fprintf(out, "  token:      (none needed: --no-auth)\n")
	}
	if certPath != "" {
		fmt.Fprintf(out, "  tls cert:   %s\n", certPath)
	}
}

// loadTable creates main.default.<name> from a Parquet, CSV or JSON file.
func loadTable(ctx context.Context, eng *duckengine.Engine, spec string) error {
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
	if _, err := eng.DB().ExecContext(ctx, q); err != nil {
		return fmt.Errorf("serve: --load %s: %w", spec, err)
	}
	return nil
}
