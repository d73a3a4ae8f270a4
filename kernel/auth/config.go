package auth

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Authentication types: values of Config.Type (the kernel's
// Config.AuthType), of the ADBC option databricks.auth.type and of the
// auth_type of ~/.databrickscfg.
const (
	// TypePAT is a personal access token (alias "access_token").
	TypePAT = "pat"
	// TypeOAuthM2M is OAuth machine-to-machine: a service principal's
	// client id and secret (client credentials grant).
	TypeOAuthM2M = "oauth-m2m"
	// TypeOAuthU2M is OAuth user-to-machine: a browser login
	// (authorization code with PKCE), tokens cached on disk. Aliases
	// "databricks-cli" and "external-browser", the SDKs' names. Every type
	// is also accepted with underscores ("oauth_m2m", as the Rust driver).
	TypeOAuthU2M = "oauth-u2m"
	// TypeAzureClientSecret is an Entra ID service principal's client
	// secret.
	TypeAzureClientSecret = "azure-client-secret"
)

// Defaults of OAuthConfig.
const (
	DefaultU2MClientID     = "databricks-cli"
	DefaultU2MRedirectPort = 8020
	defaultLoginTimeout    = 2 * time.Minute
)

// Default scopes of the OAuth flows.
var (
	defaultM2MScopes = []string{"all-apis"}
	defaultU2MScopes = []string{"all-apis", "offline_access"}
)

// OAuthConfig configures the OAuth and Azure authentication types. The
// zero value means the defaults.
type OAuthConfig struct {
	// ClientID is the OAuth client (M2M: the service principal's
	// application id; U2M: default "databricks-cli"; Azure: the Entra
	// application id).
	ClientID string
	// ClientSecret is the client's secret (M2M, Azure; optional for U2M).
	ClientSecret string
	// Scopes requested (default "all-apis", plus "offline_access" for U2M).
	Scopes []string
	// RedirectPort is the U2M login listener's port on 127.0.0.1: 0 means
	// DefaultU2MRedirectPort, negative any free port.
	RedirectPort int
	// TokenCacheDir holds U2M tokens (default ~/.config/sealane/oauth).
	TokenCacheDir string
	// LoginTimeout bounds the wait for the U2M browser login (default 2m).
	LoginTimeout time.Duration
	// BrowserOpener opens the U2M login URL (default: the desktop browser,
	// or the URL printed on stderr when there is none). Tests "click" by
	// fetching the URL and following the redirect.
	BrowserOpener func(url string) error
	// AzureTenantID is the Entra tenant (azure-client-secret).
	AzureTenantID string
	// AzureLoginHost replaces https://login.microsoftonline.com (other
	// clouds, tests).
	AzureLoginHost string
}

// String hides the client secret.
func (o OAuthConfig) String() string {
	return fmt.Sprintf("OAuthConfig{ClientID:%q ClientSecret:%s Scopes:%v}", o.ClientID, redacted(o.ClientSecret), o.Scopes)
}

// GoString hides the client secret from %#v too.
func (o OAuthConfig) GoString() string { return "auth." + o.String() }

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "(redacted)"
}

// NormalizeType maps a configured auth type and its aliases to one of
// the Type constants ("" stays ""); ok is false for an unknown type.
func NormalizeType(s string) (typ string, ok bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v != "access_token" {
		v = strings.ReplaceAll(v, "_", "-") // the Rust driver's oauth_m2m, oauth_u2m
	}
	switch v {
	case "":
		return "", true
	case "pat", "access_token":
		return TypePAT, true
	case "oauth-m2m":
		return TypeOAuthM2M, true
	case "oauth-u2m", "databricks-cli", "external-browser":
		return TypeOAuthU2M, true
	case "azure-client-secret":
		return TypeAzureClientSecret, true
	}
	return "", false
}

// SupportedTypes lists the auth types, for error messages.
const SupportedTypes = "pat (access_token), oauth-m2m, oauth-u2m, azure-client-secret"

// Config holds what an authenticator is built from: the credentials and
// the HTTP settings of the token requests. The kernel fills it from its
// own Config.
type Config struct {
	// Type is one of the Type constants or an alias; empty infers it from
	// the credentials (TypeOf).
	Type string
	// AccessToken is the personal access token of TypePAT.
	AccessToken string
	// OAuth configures the OAuth and Azure types.
	OAuth OAuthConfig
	// HTTPClient sends the token requests; nil builds one from TLS, Proxy
	// and ConnectTimeout (its idle connections are closed with the
	// authenticator).
	HTTPClient *http.Client
	// TLS configures the built client (custom CA, …).
	TLS *tls.Config
	// Proxy overrides the environment's HTTP(S)_PROXY for the built client.
	Proxy func(*http.Request) (*url.URL, error)
	// ConnectTimeout bounds dialing and the TLS handshake (default 30s).
	ConnectTimeout time.Duration
	// Retry tunes the retries of token requests.
	Retry RetryPolicy
	// Logger receives warnings about retried token requests (never a
	// secret); nil discards them.
	Logger *slog.Logger
}

// String hides the secrets.
func (c Config) String() string {
	return fmt.Sprintf("auth.Config{Type:%q AccessToken:%s OAuth:%v}", c.Type, redacted(c.AccessToken), c.OAuth)
}

// GoString hides the secrets from %#v too.
func (c Config) GoString() string { return c.String() }

// TypeOf returns the auth type of c, explicit (aliases resolved) or
// inferred from the credentials: a token means TypePAT, a client id and
// secret TypeOAuthM2M, or TypeAzureClientSecret with an Azure tenant.
func TypeOf(c Config) (string, error) {
	typ, ok := NormalizeType(c.Type)
	if !ok {
		return "", fmt.Errorf("%w: unknown auth type %q (supported: %s)", ErrInvalidArgument, c.Type, SupportedTypes)
	}
	if typ != "" {
		return typ, nil
	}
	o := c.OAuth
	switch {
	case c.AccessToken != "":
		return TypePAT, nil
	case o.ClientID != "" && o.ClientSecret != "" && o.AzureTenantID != "":
		return TypeAzureClientSecret, nil
	case o.ClientID != "" && o.ClientSecret != "":
		return TypeOAuthM2M, nil
	}
	return "", fmt.Errorf("%w: no credentials: set an access token, an OAuth client id and secret, an auth type or an Authenticator", ErrInvalidArgument)
}

// New checks c's credentials and builds its authenticator for the
// workspace at baseURL ("scheme://host[:port]"): a PAT for TypePAT, else a
// *TokenAuthenticator, which the caller closes when done.
func New(baseURL string, c Config) (Authenticator, error) {
	typ, err := TypeOf(c)
	if err != nil {
		return nil, err
	}
	if typ == TypePAT {
		if c.AccessToken == "" {
			return nil, fmt.Errorf("%w: auth type pat needs an access token", ErrInvalidArgument)
		}
		return PAT(c.AccessToken), nil
	}
	return newTokenAuthenticator(&c, typ, baseURL)
}

// newTokenAuthenticator validates the settings of typ and builds its source.
func newTokenAuthenticator(c *Config, typ, baseURL string) (*TokenAuthenticator, error) {
	o := c.OAuth
	need := func(what string, ok bool) error {
		if !ok {
			return fmt.Errorf("%w: auth type %s needs %s", ErrInvalidArgument, typ, what)
		}
		return nil
	}
	logger := c.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	hc, closeIdle := authHTTPClient(c)
	hc = withTokenRetries(hc, authRetryPolicy(c.Retry), logger)
	var src TokenSource
	switch typ {
	case TypeOAuthM2M:
		if err := need("a client id and a client secret", o.ClientID != "" && o.ClientSecret != ""); err != nil {
			return nil, err
		}
		src = &m2mSource{hc: hc, baseURL: baseURL, id: o.ClientID, secret: o.ClientSecret, scopes: orScopes(o.Scopes, defaultM2MScopes)}
	case TypeAzureClientSecret:
		if err := need("a client id, a client secret and an Azure tenant id", o.ClientID != "" && o.ClientSecret != "" && o.AzureTenantID != ""); err != nil {
			return nil, err
		}
		login := o.AzureLoginHost
		if login == "" {
			login = defaultAzureLoginHost
		}
		src = &azureSource{hc: hc, loginHost: login, tenant: o.AzureTenantID, id: o.ClientID, secret: o.ClientSecret}
	case TypeOAuthU2M:
		s := &u2mSource{hc: hc, baseURL: baseURL, clientID: o.ClientID, secret: o.ClientSecret,
			scopes: orScopes(o.Scopes, defaultU2MScopes), port: o.RedirectPort, cacheDir: o.TokenCacheDir,
			opener: o.BrowserOpener, timeout: o.LoginTimeout, logger: logger}
		if s.clientID == "" {
			s.clientID = DefaultU2MClientID
		}
		switch {
		case s.port == 0:
			s.port = DefaultU2MRedirectPort
		case s.port < 0:
			s.port = 0
		}
		if s.cacheDir == "" {
			s.cacheDir = defaultTokenCacheDir()
		}
		if s.timeout <= 0 {
			s.timeout = defaultLoginTimeout
		}
		src = s
	}
	a := NewTokenAuthenticator(src)
	if closeIdle != nil {
		a.addCloseHook(closeIdle)
	}
	return a, nil
}

func orScopes(s, def []string) []string {
	if len(s) == 0 {
		return def
	}
	return s
}

// authHTTPClient is the client of the token requests (before
// withTokenRetries): Config.HTTPClient, or one with the configured TLS and
// proxy, whose idle connections the returned func closes.
func authHTTPClient(c *Config) (*http.Client, func()) {
	if c.HTTPClient != nil {
		return c.HTTPClient, nil
	}
	proxy := c.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	connect := c.ConnectTimeout
	if connect <= 0 {
		connect = 30 * time.Second
	}
	tr := &http.Transport{Proxy: proxy, TLSClientConfig: c.TLS, TLSHandshakeTimeout: connect,
		DialContext: (&net.Dialer{Timeout: connect}).DialContext, IdleConnTimeout: 90 * time.Second}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}, tr.CloseIdleConnections
}
