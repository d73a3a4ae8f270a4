package kernel

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/internal/echo"
	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/sea"
)

// Config is the kernel's typed configuration. Build it with options
// (NewConfig), from a DSN (ParseDSN), or by hand; Connect validates it.
type Config struct {
	// Host is the workspace: "adb-123.azuredatabricks.net", "host:443", or a
	// URL with scheme ("http://127.0.0.1:8080" for a local warehouse).
	Host string
	// HTTPPath is "/sql/1.0/warehouses/<id>" (or /endpoints/<id>), optionally
	// with "?o=<org id>".
	HTTPPath string
	// WarehouseID may be given instead of HTTPPath.
	WarehouseID string
	// Auth supplies credentials; AccessToken is a shortcut for PAT auth.
	Auth        auth.Authenticator
	AccessToken string
	// AuthType selects the authentication when Auth is nil (auth.TypePAT,
	// auth.TypeOAuthM2M, …); empty infers it from the credentials set.
	AuthType string
	// OAuth configures the OAuth and Azure auth types.
	OAuth auth.OAuthConfig
	// Catalog and Schema are the session's initial namespace.
	Catalog, Schema string
	// SessionConfs are session settings (TIMEZONE, STATEMENT_TIMEOUT, …).
	SessionConfs map[string]string
	// UserAgentEntry is appended to the User-Agent.
	UserAgentEntry string
	// Headers are extra headers sent on every API call.
	Headers map[string]string

	// Timeouts and polling.
	ConnectTimeout time.Duration // dial + TLS handshake (default 30s)
	RequestTimeout time.Duration // response headers of an API call (default 60s)
	PollMin        time.Duration // first poll interval (default 10ms); doubles up to PollMax
	PollMax        time.Duration // (default 1s)
	// CleanupTimeout bounds each call that releases server resources
	// after the caller is gone (cancel and close of abandoned statements,
	// the session delete) and so bounds how long Close waits (default 3s).
	CleanupTimeout time.Duration

	// Retries of API calls.
	Retry RetryConfig

	// CloudFetch.
	CloudFetch CloudFetchConfig
	// BatchRows coalesces result batches to this many rows (default 131072; -1 disables).
	BatchRows int
	// Compression is the result compression the kernel asks for:
	// CompressionLZ4 (the default, also when empty) or CompressionNone.
	// Either way the kernel reads what the manifest says was applied.
	Compression Compression

	// TLS and proxy.
	TLS *tls.Config // custom CA, skip-verify (local only), …
	// Proxy overrides the environment's HTTP(S)_PROXY; nil uses the environment.
	Proxy func(*http.Request) (*url.URL, error)
	// HTTPClient replaces the whole transport (tests, custom stacks).
	HTTPClient *http.Client
	// Allocator allocates result buffers (default memory.DefaultAllocator);
	// pass a checked allocator to prove nothing leaks.
	Allocator memory.Allocator
	// Logger receives debug records of API calls and warnings about retries;
	// nil discards them. Records never contain credentials or link signatures.
	Logger *slog.Logger

	// ownedAuth is the authenticator resolve built; the connection closes it.
	ownedAuth *auth.TokenAuthenticator
}

// Compression names the result compression a Config asks for.
type Compression string

// Result compressions a Config may ask for.
const (
	// CompressionLZ4 asks for result_compression LZ4_FRAME: chunks travel
	// LZ4-framed. The default: a workspace's results come from cloud
	// storage, where bandwidth, not CPU, bounds the download.
	CompressionLZ4 Compression = "lz4"
	// CompressionNone sends no result_compression, as Databricks' Rust
	// kernel does: chunks travel as plain Arrow IPC. Cheaper for both ends
	// where bytes are cheap (a local warehouse).
	CompressionNone Compression = "none"
)

// ParseCompression reads a compression name: "lz4" (or "lz4_frame") or
// "none", in any case.
func ParseCompression(s string) (Compression, error) {
	switch strings.ToLower(s) {
	case "lz4", "lz4_frame":
		return CompressionLZ4, nil
	case "none":
		return CompressionNone, nil
	}
	return "", fmt.Errorf("%w: compression %s (want lz4 or none)", ErrInvalidArgument, echo.Value(s))
}

// RetryConfig tunes retries of API calls (the standard DBSQL rules). Token
// requests use it too, capped by kernel/auth (auth.RetryPolicy).
type RetryConfig struct {
	MaxRetries int           // default 5; negative for none
	MinWait    time.Duration // default 1s
	MaxWait    time.Duration // default 60s
	Budget     time.Duration // overall, default 900s
}

// CloudFetchConfig tunes external-link downloads.
type CloudFetchConfig struct {
	Parallel      int           // downloads in flight (default 8)
	Prefetch      int           // links fetched ahead (default 32)
	LinkParallel  int           // chunk-link requests in flight while fetching ahead (default 16)
	MemoryBudget  int64         // bytes downloaded but not yet consumed (default 256 MiB)
	RefreshMargin time.Duration // refresh links expiring sooner than this (default 60s)
	MaxRetries    int           // per chunk (default 5; negative for none)
	IdleTimeout   time.Duration // a stalled download fails after this (default 60s)
	// JDBCUserAgent starts the User-Agent with DatabricksJDBCDriverOSS, for
	// which the service returns every chunk link in the first response
	// (sea-protocol.md §3.5). Off by default: see CHANGELOG and
	// bench/RESULTS.md for the measurements behind that choice.
	JDBCUserAgent bool
}

// Option sets a Config field.
type Option func(*Config)

// NewConfig applies options to a zero Config.
func NewConfig(opts ...Option) Config {
	var c Config
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithHost sets the workspace host or URL.
func WithHost(h string) Option { return func(c *Config) { c.Host = h } }

// WithHTTPPath sets the warehouse's http_path.
func WithHTTPPath(p string) Option { return func(c *Config) { c.HTTPPath = p } }

// WithAccessToken authenticates with a personal access token.
func WithAccessToken(t string) Option { return func(c *Config) { c.AccessToken = t } }

// WithAuth authenticates with any Authenticator.
func WithAuth(a auth.Authenticator) Option { return func(c *Config) { c.Auth = a } }

// WithNamespace sets the session's initial catalog and schema.
func WithNamespace(catalog, schema string) Option {
	return func(c *Config) { c.Catalog, c.Schema = catalog, schema }
}

// WithSessionConf sets one session conf.
func WithSessionConf(k, v string) Option {
	return func(c *Config) {
		if c.SessionConfs == nil {
			c.SessionConfs = map[string]string{}
		}
		c.SessionConfs[k] = v
	}
}

// WithTLS sets the TLS configuration.
func WithTLS(t *tls.Config) Option { return func(c *Config) { c.TLS = t } }

// WithLogger sends the kernel's records to l.
func WithLogger(l *slog.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithHTTPClient replaces the HTTP client.
func WithHTTPClient(h *http.Client) Option { return func(c *Config) { c.HTTPClient = h } }

// endpoint is a validated Config, resolved into what the wire needs.
type endpoint struct {
	baseURL     string // scheme://host[:port]
	warehouseID string
	orgID       string
}

// resolve validates c and fills defaults.
func (c *Config) resolve() (endpoint, error) {
	var ep endpoint
	base, err := hostURL(c.Host)
	if err != nil {
		return ep, err
	}
	ep.baseURL = base
	ep.warehouseID = c.WarehouseID
	if c.HTTPPath != "" {
		id := sea.WarehouseIDFromHTTPPath(c.HTTPPath)
		if id == "" {
			return ep, fmt.Errorf("%w: http_path %q names no warehouse (want /sql/1.0/warehouses/<id>)", ErrInvalidArgument, c.HTTPPath)
		}
		if ep.warehouseID != "" && ep.warehouseID != id {
			return ep, fmt.Errorf("%w: warehouse id %q and http_path %q disagree", ErrInvalidArgument, ep.warehouseID, c.HTTPPath)
		}
		ep.warehouseID = id
		if _, q, ok := strings.Cut(c.HTTPPath, "?"); ok {
			if v, err := url.ParseQuery(q); err == nil {
				ep.orgID = v.Get("o")
			}
		}
	}
	if ep.warehouseID == "" {
		return ep, fmt.Errorf("%w: http_path or warehouse id is required", ErrInvalidArgument)
	}
	if err := checkSessionConfs(c.SessionConfs); err != nil {
		return ep, err
	}
	switch c.Compression {
	case "", CompressionLZ4, CompressionNone:
	default:
		return ep, fmt.Errorf("%w: compression %s (want lz4 or none)", ErrInvalidArgument, echo.Value(string(c.Compression)))
	}
	if err := c.resolveAuth(ep.baseURL); err != nil {
		return ep, err
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.ConnectTimeout, 30*time.Second)
	def(&c.RequestTimeout, 60*time.Second)
	def(&c.PollMin, 10*time.Millisecond)
	def(&c.PollMax, time.Second)
	def(&c.CleanupTimeout, 3*time.Second)
	if c.Retry.MaxRetries == 0 {
		c.Retry.MaxRetries = 5
	}
	def(&c.Retry.MinWait, time.Second)
	def(&c.Retry.MaxWait, 60*time.Second)
	def(&c.Retry.Budget, 900*time.Second)
	defInt(&c.CloudFetch.Parallel, 8)
	defInt(&c.CloudFetch.Prefetch, 32)
	defInt(&c.CloudFetch.LinkParallel, 16)
	if c.CloudFetch.MemoryBudget <= 0 {
		c.CloudFetch.MemoryBudget = 256 << 20
	}
	def(&c.CloudFetch.RefreshMargin, 60*time.Second)
	if c.CloudFetch.MaxRetries == 0 {
		c.CloudFetch.MaxRetries = 5
	}
	def(&c.CloudFetch.IdleTimeout, 60*time.Second)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.BatchRows == 0 {
		c.BatchRows = 131072
	}
	return ep, nil
}

// hostURL turns Config.Host into "scheme://host[:port]".
func hostURL(h string) (string, error) {
	if h == "" {
		return "", fmt.Errorf("%w: host is required", ErrInvalidArgument)
	}
	host := h
	if !strings.Contains(host, "://") {
		host = "https://" + host
	}
	u, err := url.Parse(host)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%w: host %q is not a host name or http(s) URL", ErrInvalidArgument, h)
	}
	return u.Scheme + "://" + u.Host, nil
}

// SessionConfKeys are the session confs the service accepts at session
// creation (matched case-insensitively), as the official connectors
// allow-list them. Other settings go through SET statements.
var SessionConfKeys = []string{
	"ANSI_MODE", "ENABLE_PHOTON", "LEGACY_TIME_PARSER_POLICY", "MAX_FILE_PARTITION_BYTES",
	"QUERY_TAGS", "READ_ONLY_EXTERNAL_METASTORE", "STATEMENT_TIMEOUT", "TIMEZONE", "USE_CACHED_RESULT",
}

// checkSessionConfs rejects confs outside SessionConfKeys, naming the key,
// instead of dropping them silently as some connectors do.
func checkSessionConfs(confs map[string]string) error {
	for k := range confs {
		if !slices.ContainsFunc(SessionConfKeys, func(allowed string) bool { return strings.EqualFold(allowed, k) }) {
			return fmt.Errorf("%w: session conf %q is not accepted at session creation (allowed: %s); use SET for other settings",
				ErrInvalidArgument, k, strings.Join(SessionConfKeys, ", "))
		}
	}
	return nil
}
