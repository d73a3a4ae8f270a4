package kernel

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sealane/sealane/kernel/auth"
)

// String option keys, as ADBC and the C ABI pass them. The names follow the
// adbc-drivers Databricks drivers; every "databricks.*" key is also
// accepted with an "adbc." prefix ("adbc.databricks.http_path").
// Durations are Go durations ("1m30s") or seconds ("90", "0.5"); booleans
// are true/false (also 1/0, yes/no, on/off).
const (
	// OptionURI is the workspace: an http(s) URL ("https://host[:port]",
	// optionally followed by the http_path) or a DSN as ParseDSN reads it
	// ("token:<PAT>@host:443/sql/1.0/warehouses/<id>?catalog=main"). Fields
	// it sets are overridden by the more specific keys below.
	OptionURI = "uri"
	// OptionServerHostname is the workspace host ("adb-1.azuredatabricks.net"),
	// or a URL with scheme and port ("http://127.0.0.1:8080").
	OptionServerHostname = "databricks.server_hostname"
	// OptionPort replaces the port of the host set by OptionServerHostname
	// or OptionURI (default 443).
	OptionPort = "databricks.port"
	// OptionHTTPPath is the warehouse's http_path ("/sql/1.0/warehouses/<id>").
	OptionHTTPPath = "databricks.http_path"
	// OptionWarehouseID names the warehouse instead of OptionHTTPPath.
	OptionWarehouseID = "databricks.warehouse_id"
	// OptionAccessToken is a personal access token. It is write-only: it never
	// appears in errors or option getters.
	OptionAccessToken = "databricks.access_token"
	// OptionAuthType selects the authentication (Config.AuthType):
	// "access_token" (alias "pat"), "oauth-m2m" (service principal client
	// id and secret), "oauth-u2m" (browser login; aliases "databricks-cli",
	// "external-browser") or "azure-client-secret" (Entra ID service
	// principal). Unset, it is inferred from the credentials given.
	OptionAuthType = "databricks.auth.type"
	// OptionAuthClientID is the OAuth client id (the service principal's
	// application id for oauth-m2m and azure-client-secret; default
	// "databricks-cli" for oauth-u2m).
	OptionAuthClientID = "databricks.auth.client_id"
	// OptionAuthClientSecret is the OAuth client secret. It is write-only,
	// like OptionAccessToken.
	OptionAuthClientSecret = "databricks.auth.client_secret"
	// OptionAuthScopes are the OAuth scopes, separated by spaces or commas
	// (default "all-apis"; "all-apis offline_access" for oauth-u2m).
	OptionAuthScopes = "databricks.auth.scopes"
	// OptionAuthRedirectPort is the oauth-u2m login listener's port on
	// 127.0.0.1 (default 8020; 0 picks a free port).
	OptionAuthRedirectPort = "databricks.auth.redirect_port"
	// OptionAuthTokenCacheDir is the directory of the oauth-u2m token cache
	// (default ~/.config/sealane/oauth).
	OptionAuthTokenCacheDir = "databricks.auth.token_cache_dir"
	// OptionAuthAzureTenantID is the Entra ID tenant of azure-client-secret.
	OptionAuthAzureTenantID = "databricks.auth.azure_tenant_id"
	// OptionAuthAzureLoginHost replaces https://login.microsoftonline.com
	// for azure-client-secret (sovereign clouds).
	OptionAuthAzureLoginHost = "databricks.auth.azure_login_host"
	// OptionCatalog is the session's initial catalog.
	OptionCatalog = "databricks.catalog"
	// OptionSchema is the session's initial schema.
	OptionSchema = "databricks.schema"
	// OptionADBCCatalog is ADBC's name for OptionCatalog.
	OptionADBCCatalog = "adbc.connection.catalog"
	// OptionADBCDbSchema is ADBC's name for OptionSchema.
	OptionADBCDbSchema = "adbc.connection.db_schema"
	// OptionUserAgentEntry is appended to the User-Agent header.
	OptionUserAgentEntry = "databricks.user_agent_entry"
	// OptionSessionConfPrefix + KEY sets the session conf KEY
	// ("databricks.session_conf.TIMEZONE" = "UTC").
	OptionSessionConfPrefix = "databricks.session_conf."
	// OptionCloudFetchParallel is the number of result downloads in flight (default 8).
	OptionCloudFetchParallel = "databricks.cloudfetch.parallel"
	// OptionCloudFetchPrefetch is how many result links are fetched ahead (default 32).
	OptionCloudFetchPrefetch = "databricks.cloudfetch.prefetch"
	// OptionCloudFetchLinkParallel is the number of result-link requests in
	// flight while links are fetched ahead (default 16).
	OptionCloudFetchLinkParallel = "databricks.cloudfetch.link_parallel"
	// OptionCloudFetchJDBCUserAgent (true/false, default false) sends the
	// DatabricksJDBCDriverOSS User-Agent, for which the service returns
	// every result link in the first response.
	OptionCloudFetchJDBCUserAgent = "databricks.cloudfetch.jdbc_user_agent"
	// OptionCloudFetchMemoryBudget bounds, in bytes, the results downloaded
	// but not yet read (default 268435456).
	OptionCloudFetchMemoryBudget = "databricks.cloudfetch.memory_budget"
	// OptionCloudFetchLinkRefreshMargin: links expiring sooner than this
	// duration are refreshed before a download (default 60s).
	OptionCloudFetchLinkRefreshMargin = "databricks.cloudfetch.link_refresh_margin"
	// OptionCloudFetchMaxRetries caps the retries of one result download (default 5).
	OptionCloudFetchMaxRetries = "databricks.cloudfetch.max_retries"
	// OptionBatchRows coalesces result batches to this many rows (default
	// 131072; -1 passes the server's batches through).
	OptionBatchRows = "databricks.batch_rows"
	// OptionRetryMaxRetries caps the retries of one API call (default 5).
	OptionRetryMaxRetries = "databricks.retry.max_retries"
	// OptionRetryMinWait is the first retry's backoff (duration, default 1s).
	OptionRetryMinWait = "databricks.retry.min_wait"
	// OptionRetryMaxWait caps one retry's backoff (duration, default 60s).
	OptionRetryMaxWait = "databricks.retry.max_wait"
	// OptionRetryBudget bounds all retries of one call (duration, default 900s).
	OptionRetryBudget = "databricks.retry.budget"
	// OptionTimeoutConnect bounds dialing and the TLS handshake (duration, default 30s).
	OptionTimeoutConnect = "databricks.timeout.connect"
	// OptionTimeoutRequest bounds the wait for an API call's response
	// headers (duration, default 60s).
	OptionTimeoutRequest = "databricks.timeout.request"
	// OptionTLSSkipVerify disables certificate verification (true/false;
	// for local warehouses only).
	OptionTLSSkipVerify = "databricks.tls.skip_verify"
	// OptionTLSCAFile is a PEM file of CA certificates to trust instead of
	// the system roots.
	OptionTLSCAFile = "databricks.tls.ca_file"
	// OptionProxy is an http(s) proxy URL, overriding HTTP(S)_PROXY. It is
	// never echoed in errors.
	OptionProxy = "databricks.proxy"
	// OptionProxyUser is the proxy's basic-auth user (needs OptionProxy).
	OptionProxyUser = "databricks.proxy.user"
	// OptionProxyPassword is the proxy's basic-auth password (needs
	// OptionProxy). It is write-only, like OptionAccessToken.
	OptionProxyPassword = "databricks.proxy.password"

	// optionAliasPrefix is accepted in front of every "databricks." key.
	optionAliasPrefix = "adbc."
)

// CanonicalOption returns key without the "adbc." alias prefix of
// "adbc.databricks.*" keys; other keys are returned unchanged.
func CanonicalOption(key string) string {
	if rest, ok := strings.CutPrefix(key, optionAliasPrefix); ok && strings.HasPrefix(rest, "databricks.") {
		return rest
	}
	return key
}

// optionKeys lists the keys ApplyOption knows, besides session confs.
var optionKeys = []string{
	OptionURI, OptionServerHostname, OptionPort, OptionHTTPPath, OptionWarehouseID,
	OptionAccessToken, OptionAuthType, OptionAuthClientID, OptionAuthClientSecret, OptionAuthScopes,
	OptionAuthRedirectPort, OptionAuthTokenCacheDir, OptionAuthAzureTenantID, OptionAuthAzureLoginHost, OptionCatalog, OptionSchema, OptionADBCCatalog,
	OptionADBCDbSchema, OptionUserAgentEntry, OptionCloudFetchParallel, OptionCloudFetchPrefetch,
	OptionCloudFetchLinkParallel, OptionCloudFetchJDBCUserAgent,
	OptionCloudFetchMemoryBudget, OptionCloudFetchLinkRefreshMargin, OptionCloudFetchMaxRetries,
	OptionBatchRows, OptionRetryMaxRetries, OptionRetryMinWait, OptionRetryMaxWait, OptionRetryBudget,
	OptionTimeoutConnect, OptionTimeoutRequest, OptionTLSSkipVerify, OptionTLSCAFile,
	OptionProxy, OptionProxyUser, OptionProxyPassword,
}

// KnownOption reports whether ApplyOption knows key (canonical or alias),
// whatever its value.
func KnownOption(key string) bool {
	k := CanonicalOption(key)
	if conf, ok := strings.CutPrefix(k, OptionSessionConfPrefix); ok {
		return conf != ""
	}
	return slices.Contains(optionKeys, k)
}

// SecretOption reports whether key (canonical or alias) holds a secret that
// must never be echoed: the access token, the proxy password, and the URI
// and proxy URL (which may embed credentials).
func SecretOption(key string) bool {
	switch CanonicalOption(key) {
	case OptionAccessToken, OptionAuthClientSecret, OptionProxyPassword, OptionURI, OptionProxy:
		return true
	}
	return false
}

// ConfigFromOptions builds a Config from string options as ADBC and the C
// ABI pass them. Keys are applied in a fixed order — uri, then the host,
// port and proxy, then the rest — so that the specific keys override what
// the URI set, whatever the map's order.
func ConfigFromOptions(opts map[string]string) (Config, error) {
	var cfg Config
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
		if err := ApplyOption(&cfg, k, opts[k]); err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}

func optionRank(key string) int {
	switch CanonicalOption(key) {
	case OptionURI:
		return 0
	case OptionServerHostname:
		return 1
	case OptionPort, OptionProxy:
		return 2
	}
	return 3
}

// ApplyOption sets one option on cfg. Unknown keys and malformed values are
// errors (matching ErrInvalidArgument) that name the key; secret values are
// never echoed.
func ApplyOption(cfg *Config, key, value string) error {
	k := CanonicalOption(key)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: option %s: %s", ErrInvalidArgument, key, fmt.Sprintf(format, args...))
	}
	badValue := func(want string) error {
		if SecretOption(k) {
			return bad("malformed value (want %s)", want)
		}
		return bad("%s is not %s", echoValue(value), want)
	}
	var err error
	switch k {
	case OptionURI:
		return applyURI(cfg, key, value)
	case OptionServerHostname:
		cfg.Host = value
	case OptionPort:
		p, perr := strconv.Atoi(value)
		if perr != nil || p <= 0 || p > 65535 {
			return badValue("a port number")
		}
		if cfg.Host == "" {
			return bad("set %s or %s first", OptionServerHostname, OptionURI)
		}
		host, perr := withPort(cfg.Host, p)
		if perr != nil {
			return bad("%v", perr)
		}
		cfg.Host = host
	case OptionHTTPPath:
		cfg.HTTPPath = value
	case OptionWarehouseID:
		cfg.WarehouseID = value
	case OptionAccessToken:
		cfg.AccessToken = value
	case OptionAuthType:
		typ, ok := auth.NormalizeType(value)
		if !ok || typ == "" {
			return bad("authentication type %s is not supported yet (supported: %s)", echoValue(value), auth.SupportedTypes)
		}
		cfg.AuthType = typ
	case OptionAuthClientID:
		cfg.OAuth.ClientID = value
	case OptionAuthClientSecret:
		cfg.OAuth.ClientSecret = value
	case OptionAuthScopes:
		cfg.OAuth.Scopes = strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' })
	case OptionAuthRedirectPort:
		p, perr := strconv.Atoi(value)
		if perr != nil || p < 0 || p > 65535 {
			return badValue("a port number (0 for any free port)")
		}
		if p == 0 {
			p = -1 // OAuthConfig: negative is any free port
		}
		cfg.OAuth.RedirectPort = p
	case OptionAuthTokenCacheDir:
		cfg.OAuth.TokenCacheDir = value
	case OptionAuthAzureTenantID:
		cfg.OAuth.AzureTenantID = value
	case OptionAuthAzureLoginHost:
		cfg.OAuth.AzureLoginHost = value
	case OptionCatalog, OptionADBCCatalog:
		cfg.Catalog = value
	case OptionSchema, OptionADBCDbSchema:
		cfg.Schema = value
	case OptionUserAgentEntry:
		cfg.UserAgentEntry = value
	case OptionCloudFetchParallel:
		cfg.CloudFetch.Parallel, err = positiveInt(value)
	case OptionCloudFetchPrefetch:
		cfg.CloudFetch.Prefetch, err = positiveInt(value)
	case OptionCloudFetchLinkParallel:
		cfg.CloudFetch.LinkParallel, err = positiveInt(value)
	case OptionCloudFetchJDBCUserAgent:
		b, ok := parseBool(value)
		if !ok {
			return badValue("true or false")
		}
		cfg.CloudFetch.JDBCUserAgent = b
	case OptionCloudFetchMemoryBudget:
		n, perr := strconv.ParseInt(value, 10, 64)
		if perr != nil || n <= 0 {
			return badValue("a positive byte count")
		}
		cfg.CloudFetch.MemoryBudget = n
	case OptionCloudFetchLinkRefreshMargin:
		cfg.CloudFetch.RefreshMargin, err = duration(value)
	case OptionCloudFetchMaxRetries:
		cfg.CloudFetch.MaxRetries, err = positiveInt(value)
	case OptionBatchRows:
		n, perr := strconv.Atoi(value)
		if perr != nil || (n <= 0 && n != -1) {
			return badValue("a positive row count or -1")
		}
		cfg.BatchRows = n
	case OptionRetryMaxRetries:
		cfg.Retry.MaxRetries, err = positiveInt(value)
	case OptionRetryMinWait:
		cfg.Retry.MinWait, err = duration(value)
	case OptionRetryMaxWait:
		cfg.Retry.MaxWait, err = duration(value)
	case OptionRetryBudget:
		cfg.Retry.Budget, err = duration(value)
	case OptionTimeoutConnect:
		cfg.ConnectTimeout, err = duration(value)
	case OptionTimeoutRequest:
		cfg.RequestTimeout, err = duration(value)
	case OptionTLSSkipVerify:
		b, ok := parseBool(value)
		if !ok {
			return badValue("true or false")
		}
		cfg.TLS = cloneTLS(cfg.TLS)
		cfg.TLS.InsecureSkipVerify = b
	case OptionTLSCAFile:
		pool, perr := loadCAFile(value)
		if perr != nil {
			return bad("%v", perr)
		}
		cfg.TLS = cloneTLS(cfg.TLS)
		cfg.TLS.RootCAs = pool
	case OptionProxy:
		u, perr := url.Parse(value)
		if perr != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return badValue("an http(s) or socks5 proxy URL")
		}
		cfg.Proxy = http.ProxyURL(u)
	case OptionProxyUser, OptionProxyPassword:
		return applyProxyAuth(cfg, key, k, value)
	default:
		conf, ok := strings.CutPrefix(k, OptionSessionConfPrefix)
		if !ok {
			return fmt.Errorf("%w: unknown option %s", ErrInvalidArgument, echoName(key))
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
func applyURI(cfg *Config, key, value string) error {
	u, err := ParseDSN(value)
	if err != nil {
		return fmt.Errorf("option %s: %w", key, err) // ParseDSN's errors match ErrInvalidArgument
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
func applyProxyAuth(cfg *Config, key, k, value string) error {
	if cfg.Proxy == nil {
		return fmt.Errorf("%w: option %s: set %s first", ErrInvalidArgument, key, OptionProxy)
	}
	// The proxy func of OptionProxy returns its fixed URL for any request.
	probe := &http.Request{URL: &url.URL{Scheme: "https", Host: "databricks.invalid"}}
	cur, err := cfg.Proxy(probe)
	if err != nil || cur == nil {
		return fmt.Errorf("%w: option %s: set %s first", ErrInvalidArgument, key, OptionProxy)
	}
	u := *cur
	user, pass := "", ""
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
	}
	if k == OptionProxyUser {
		user = value
	} else {
		pass = value
	}
	u.User = url.UserPassword(user, pass)
	cfg.Proxy = http.ProxyURL(&u)
	return nil
}
