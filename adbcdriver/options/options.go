// Package options is the ADBC face's option vocabulary: the string keys
// ("uri", "databricks.http_path", "adbc.connection.catalog", …) that ADBC
// callers and the C ABI set, their aliases, which are secret, and the
// parsing of their values into a typed kernel.Config. The kernel itself
// knows no option key; adbcdriver (and through it capi and the Python
// package) owns this table.
package options

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sealane/sealane/internal/echo"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
)

// String option keys, as ADBC and the C ABI pass them. The names follow the
// adbc-drivers Databricks drivers; every "databricks.*" key is also
// accepted with an "adbc." prefix ("adbc.databricks.http_path").
// Durations are Go durations ("1m30s") or seconds ("90", "0.5"); booleans
// are true/false (also 1/0, yes/no, on/off).
const (
	// URI is the workspace: an http(s) URL ("https://host[:port]",
	// optionally followed by the http_path) or a DSN as kernel.ParseDSN reads it
	// ("token:<PAT>@host:443/sql/1.0/warehouses/<id>?catalog=main"). Fields
	// it sets are overridden by the more specific keys below.
	URI = "uri"
	// ServerHostname is the workspace host ("adb-1.azuredatabricks.net"),
	// or a URL with scheme and port ("http://127.0.0.1:8080").
	ServerHostname = "databricks.server_hostname"
	// Port replaces the port of the host set by ServerHostname
	// or URI (default 443).
	Port = "databricks.port"
	// HTTPPath is the warehouse's http_path ("/sql/1.0/warehouses/<id>").
	HTTPPath = "databricks.http_path"
	// WarehouseID names the warehouse instead of HTTPPath.
	WarehouseID = "databricks.warehouse_id"
	// AccessToken is a personal access token. It is write-only: it never
	// appears in errors or option getters.
	AccessToken = "databricks.access_token"
	// AuthType selects the authentication (kernel.Config.AuthType):
	// "access_token" (alias "pat"), "oauth-m2m" (service principal client
	// id and secret), "oauth-u2m" (browser login; aliases "databricks-cli",
	// "external-browser") or "azure-client-secret" (Entra ID service
	// principal). Unset, it is inferred from the credentials given.
	AuthType = "databricks.auth.type"
	// AuthClientID is the OAuth client id (the service principal's
	// application id for oauth-m2m and azure-client-secret; default
	// "databricks-cli" for oauth-u2m).
	AuthClientID = "databricks.auth.client_id"
	// AuthClientSecret is the OAuth client secret. It is write-only,
	// like AccessToken.
	AuthClientSecret = "databricks.auth.client_secret"
	// AuthScopes are the OAuth scopes, separated by spaces or commas
	// (default "all-apis"; "all-apis offline_access" for oauth-u2m).
	AuthScopes = "databricks.auth.scopes"
	// AuthRedirectPort is the oauth-u2m login listener's port on
	// 127.0.0.1 (default 8020; 0 picks a free port).
	AuthRedirectPort = "databricks.auth.redirect_port"
	// AuthTokenCacheDir is the directory of the oauth-u2m token cache
	// (default ~/.config/sealane/oauth).
	AuthTokenCacheDir = "databricks.auth.token_cache_dir"
	// AuthAzureTenantID is the Entra ID tenant of azure-client-secret.
	AuthAzureTenantID = "databricks.auth.azure_tenant_id"
	// AuthAzureLoginHost replaces https://login.microsoftonline.com
	// for azure-client-secret (sovereign clouds).
	AuthAzureLoginHost = "databricks.auth.azure_login_host"
	// Catalog is the session's initial catalog.
	Catalog = "databricks.catalog"
	// Schema is the session's initial schema.
	Schema = "databricks.schema"
	// ADBCCatalog is ADBC's name for Catalog.
	ADBCCatalog = "adbc.connection.catalog"
	// ADBCDbSchema is ADBC's name for Schema.
	ADBCDbSchema = "adbc.connection.db_schema"
	// UserAgentEntry is appended to the User-Agent header.
	UserAgentEntry = "databricks.user_agent_entry"
	// SessionConfPrefix + KEY sets the session conf KEY
	// ("databricks.session_conf.TIMEZONE" = "UTC").
	SessionConfPrefix = "databricks.session_conf."
	// CloudFetchParallel is the number of result downloads in flight (default 8).
	CloudFetchParallel = "databricks.cloudfetch.parallel"
	// CloudFetchPrefetch is how many result links are fetched ahead (default 32).
	CloudFetchPrefetch = "databricks.cloudfetch.prefetch"
	// CloudFetchLinkParallel is the number of result-link requests in
	// flight while links are fetched ahead (default 16).
	CloudFetchLinkParallel = "databricks.cloudfetch.link_parallel"
	// CloudFetchJDBCUserAgent (true/false, default false) sends the
	// DatabricksJDBCDriverOSS User-Agent, for which the service returns
	// every result link in the first response.
	CloudFetchJDBCUserAgent = "databricks.cloudfetch.jdbc_user_agent"
	// CloudFetchMemoryBudget bounds, in bytes, the results downloaded
	// but not yet read (default 268435456).
	CloudFetchMemoryBudget = "databricks.cloudfetch.memory_budget"
	// CloudFetchLinkRefreshMargin: links expiring sooner than this
	// duration are refreshed before a download (default 60s).
	CloudFetchLinkRefreshMargin = "databricks.cloudfetch.link_refresh_margin"
	// CloudFetchMaxRetries caps the retries of one result download
	// (default 5; 0 for none).
	CloudFetchMaxRetries = "databricks.cloudfetch.max_retries"
	// BatchRows coalesces result batches to this many rows (default
	// 131072; -1 passes the server's batches through).
	BatchRows = "databricks.batch_rows"
	// ResultCompression is the result compression asked for: lz4 (the
	// default) or none (kernel.Config.Compression).
	ResultCompression = "databricks.result_compression"
	// RetryMaxRetries caps the retries of one API call (default 5; 0 for
	// none).
	RetryMaxRetries = "databricks.retry.max_retries"
	// RetryMinWait is the first retry's backoff (duration, default 1s).
	RetryMinWait = "databricks.retry.min_wait"
	// RetryMaxWait caps one retry's backoff (duration, default 60s).
	RetryMaxWait = "databricks.retry.max_wait"
	// RetryBudget bounds all retries of one call (duration, default 900s).
	RetryBudget = "databricks.retry.budget"
	// TimeoutConnect bounds dialing and the TLS handshake (duration, default 30s).
	TimeoutConnect = "databricks.timeout.connect"
	// TimeoutRequest bounds the wait for an API call's response
	// headers (duration, default 60s).
	TimeoutRequest = "databricks.timeout.request"
	// TLSSkipVerify disables certificate verification (true/false;
	// for local warehouses only).
	TLSSkipVerify = "databricks.tls.skip_verify"
	// TLSCAFile is a PEM file of CA certificates to trust instead of
	// the system roots.
	TLSCAFile = "databricks.tls.ca_file"
	// Proxy is an http(s) proxy URL, overriding HTTP(S)_PROXY. It is
	// never echoed in errors.
	Proxy = "databricks.proxy"
	// ProxyUser is the proxy's basic-auth user (needs Proxy).
	ProxyUser = "databricks.proxy.user"
	// ProxyPassword is the proxy's basic-auth password (needs
	// Proxy). It is write-only, like AccessToken.
	ProxyPassword = "databricks.proxy.password"

	// optionAliasPrefix is accepted in front of every "databricks." key.
	optionAliasPrefix = "adbc."
)

// Canonical returns key without the "adbc." alias prefix of
// "adbc.databricks.*" keys; other keys are returned unchanged.
func Canonical(key string) string {
	if rest, ok := strings.CutPrefix(key, optionAliasPrefix); ok && strings.HasPrefix(rest, "databricks.") {
		return rest
	}
	return key
}

// optionKeys lists the keys ApplyOption knows, besides session confs.
var optionKeys = []string{
	URI, ServerHostname, Port, HTTPPath, WarehouseID,
	AccessToken, AuthType, AuthClientID, AuthClientSecret, AuthScopes,
	AuthRedirectPort, AuthTokenCacheDir, AuthAzureTenantID, AuthAzureLoginHost, Catalog, Schema, ADBCCatalog,
	ADBCDbSchema, UserAgentEntry, CloudFetchParallel, CloudFetchPrefetch,
	CloudFetchLinkParallel, CloudFetchJDBCUserAgent,
	CloudFetchMemoryBudget, CloudFetchLinkRefreshMargin, CloudFetchMaxRetries,
	BatchRows, ResultCompression, RetryMaxRetries, RetryMinWait, RetryMaxWait, RetryBudget,
	TimeoutConnect, TimeoutRequest, TLSSkipVerify, TLSCAFile,
	Proxy, ProxyUser, ProxyPassword,
}

// Known reports whether ApplyOption knows key (canonical or alias),
// whatever its value.
func Known(key string) bool {
	k := Canonical(key)
	if conf, ok := strings.CutPrefix(k, SessionConfPrefix); ok {
		return conf != ""
	}
	return slices.Contains(optionKeys, k)
}

// Secret reports whether key (canonical or alias) holds a secret that
// must never be echoed: the access token, the proxy password, and the URI
// and proxy URL (which may embed credentials).
func Secret(key string) bool {
	switch Canonical(key) {
	case AccessToken, AuthClientSecret, ProxyPassword, URI, Proxy:
		return true
	}
	return false
}

// ToConfig builds a kernel.Config from string options as ADBC and the C
// ABI pass them. Keys are applied in a fixed order — uri, then the host,
// port and proxy, then the rest — so that the specific keys override what
// the URI set, whatever the map's order.
func ToConfig(opts map[string]string) (kernel.Config, error) {
	var cfg kernel.Config
	keys := make([]string, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := optionRank(a), optionRank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		if err := Apply(&cfg, k, opts[k]); err != nil {
			return kernel.Config{}, err
		}
	}
	return cfg, nil
}

func optionRank(key string) int {
	switch Canonical(key) {
	case URI:
		return 0
	case ServerHostname:
		return 1
	case Port, Proxy:
		return 2
	}
	return 3
}

// Apply sets one option on cfg. Unknown keys and malformed values are
// errors (matching kernel.ErrInvalidArgument) that name the key; secret values are
// never echoed.
func Apply(cfg *kernel.Config, key, value string) error {
	k := Canonical(key)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: option %s: %s", kernel.ErrInvalidArgument, key, fmt.Sprintf(format, args...))
	}
	badValue := func(want string) error {
		if Secret(k) {
			return bad("malformed value (want %s)", want)
		}
		return bad("%s is not %s", echo.Value(value), want)
	}
	var err error
	switch k {
	case URI:
		return applyURI(cfg, key, value)
	case ServerHostname:
		cfg.Host = value
	case Port:
		p, perr := strconv.Atoi(value)
		if perr != nil || p <= 0 || p > 65535 {
			return badValue("a port number")
		}
		if cfg.Host == "" {
			return bad("set %s or %s first", ServerHostname, URI)
		}
		host, perr := withPort(cfg.Host, p)
		if perr != nil {
			return bad("%v", perr)
		}
		cfg.Host = host
	case HTTPPath:
		cfg.HTTPPath = value
	case WarehouseID:
		cfg.WarehouseID = value
	case AccessToken:
		cfg.AccessToken = value
	case AuthType:
		typ, ok := auth.NormalizeType(value)
		if !ok || typ == "" {
			return bad("authentication type %s is not supported yet (supported: %s)", echo.Value(value), auth.SupportedTypes)
		}
		cfg.AuthType = typ
	case AuthClientID:
		cfg.OAuth.ClientID = value
	case AuthClientSecret:
		cfg.OAuth.ClientSecret = value
	case AuthScopes:
		cfg.OAuth.Scopes = strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' })
	case AuthRedirectPort:
		p, perr := strconv.Atoi(value)
		if perr != nil || p < 0 || p > 65535 {
			return badValue("a port number (0 for any free port)")
		}
		if p == 0 {
			p = -1 // OAuthConfig: negative is any free port
		}
		cfg.OAuth.RedirectPort = p
	case AuthTokenCacheDir:
		cfg.OAuth.TokenCacheDir = value
	case AuthAzureTenantID:
		cfg.OAuth.AzureTenantID = value
	case AuthAzureLoginHost:
		cfg.OAuth.AzureLoginHost = value
	case Catalog, ADBCCatalog:
		cfg.Catalog = value
	case Schema, ADBCDbSchema:
		cfg.Schema = value
	case UserAgentEntry:
		cfg.UserAgentEntry = value
	case CloudFetchParallel:
		cfg.CloudFetch.Parallel, err = positiveInt(value)
	case CloudFetchPrefetch:
		cfg.CloudFetch.Prefetch, err = positiveInt(value)
	case CloudFetchLinkParallel:
		cfg.CloudFetch.LinkParallel, err = positiveInt(value)
	case CloudFetchJDBCUserAgent:
		b, ok := parseBool(value)
		if !ok {
			return badValue("true or false")
		}
		cfg.CloudFetch.JDBCUserAgent = b
	case CloudFetchMemoryBudget:
		n, perr := strconv.ParseInt(value, 10, 64)
		if perr != nil || n <= 0 {
			return badValue("a positive byte count")
		}
		cfg.CloudFetch.MemoryBudget = n
	case CloudFetchLinkRefreshMargin:
		cfg.CloudFetch.RefreshMargin, err = duration(value)
	case CloudFetchMaxRetries:
		cfg.CloudFetch.MaxRetries, err = retries(value)
	case BatchRows:
		n, perr := strconv.Atoi(value)
		if perr != nil || (n <= 0 && n != -1) {
			return badValue("a positive row count or -1")
		}
		cfg.BatchRows = n
	case ResultCompression:
		c, perr := kernel.ParseCompression(value)
		if perr != nil {
			return badValue("lz4 or none")
		}
		cfg.Compression = c
	case RetryMaxRetries:
		cfg.Retry.MaxRetries, err = retries(value)
	case RetryMinWait:
		cfg.Retry.MinWait, err = duration(value)
	case RetryMaxWait:
		cfg.Retry.MaxWait, err = duration(value)
	case RetryBudget:
		cfg.Retry.Budget, err = duration(value)
	case TimeoutConnect:
		cfg.ConnectTimeout, err = duration(value)
	case TimeoutRequest:
		cfg.RequestTimeout, err = duration(value)
	case TLSSkipVerify:
		b, ok := parseBool(value)
		if !ok {
			return badValue("true or false")
		}
		cfg.TLS = cloneTLS(cfg.TLS)
		cfg.TLS.InsecureSkipVerify = b
	case TLSCAFile:
		pool, perr := loadCAFile(value)
		if perr != nil {
			return bad("%v", perr)
		}
		cfg.TLS = cloneTLS(cfg.TLS)
		cfg.TLS.RootCAs = pool
	case Proxy:
		u, perr := url.Parse(value)
		if perr != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return badValue("an http(s) or socks5 proxy URL")
		}
		cfg.Proxy = http.ProxyURL(u)
	case ProxyUser, ProxyPassword:
		return applyProxyAuth(cfg, key, k, value)
	default:
		conf, ok := strings.CutPrefix(k, SessionConfPrefix)
		if !ok {
			return fmt.Errorf("%w: unknown option %s", kernel.ErrInvalidArgument, echo.Name(key))
		}
		if conf == "" {
			return bad("the session conf name is empty")
		}
		if cfg.SessionConfs == nil {
			cfg.SessionConfs = map[string]string{}
		}
		cfg.SessionConfs[conf] = value
	}
	if err != nil {
		return badValue(err.Error())
	}
	return nil
}

// applyURI merges a URL or DSN into cfg.
func applyURI(cfg *kernel.Config, key, value string) error {
	u, err := kernel.ParseDSN(value)
	if err != nil {
		return fmt.Errorf("option %s: %w", key, err) // kernel.ParseDSN's errors match kernel.ErrInvalidArgument
	}
	cfg.Host = u.Host
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&cfg.HTTPPath, u.HTTPPath)
	set(&cfg.AccessToken, u.AccessToken)
	set(&cfg.AuthType, u.AuthType)
	set(&cfg.OAuth.ClientID, u.OAuth.ClientID)
	set(&cfg.OAuth.ClientSecret, u.OAuth.ClientSecret)
	set(&cfg.Catalog, u.Catalog)
	set(&cfg.Schema, u.Schema)
	set(&cfg.UserAgentEntry, u.UserAgentEntry)
	if u.RequestTimeout != 0 {
		cfg.RequestTimeout = u.RequestTimeout
	}
	if u.BatchRows != 0 {
		cfg.BatchRows = u.BatchRows
	}
	if u.Compression != "" {
		cfg.Compression = u.Compression
	}
	if u.CloudFetch.Parallel != 0 {
		cfg.CloudFetch.Parallel = u.CloudFetch.Parallel
	}
	if u.CloudFetch.MemoryBudget != 0 {
		cfg.CloudFetch.MemoryBudget = u.CloudFetch.MemoryBudget
	}
	for k, v := range u.SessionConfs {
		if cfg.SessionConfs == nil {
			cfg.SessionConfs = map[string]string{}
		}
		cfg.SessionConfs[k] = v
	}
	return nil
}

// applyProxyAuth sets the user or password of the proxy URL already set.
func applyProxyAuth(cfg *kernel.Config, key, k, value string) error {
	if cfg.Proxy == nil {
		return fmt.Errorf("%w: option %s: set %s first", kernel.ErrInvalidArgument, key, Proxy)
	}
	// The proxy func of Proxy returns its fixed URL for any request.
	probe := &http.Request{URL: &url.URL{Scheme: "https", Host: "databricks.invalid"}}
	cur, err := cfg.Proxy(probe)
	if err != nil || cur == nil {
		return fmt.Errorf("%w: option %s: set %s first", kernel.ErrInvalidArgument, key, Proxy)
	}
	u := *cur
	user, pass := "", ""
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
	}
	if k == ProxyUser {
		user = value
	} else {
		pass = value
	}
	u.User = url.UserPassword(user, pass)
	cfg.Proxy = http.ProxyURL(&u)
	return nil
}
