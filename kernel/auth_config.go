package kernel

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// Authentication types: values of Config.AuthType, OptionAuthType and the
// auth_type of ~/.databrickscfg.
const (
	// AuthTypePAT is a personal access token (alias "access_token").
	AuthTypePAT = "pat"
	// AuthTypeOAuthM2M is OAuth machine-to-machine: a service principal's
	// client id and secret (client credentials grant).
	AuthTypeOAuthM2M = "oauth-m2m"
	// AuthTypeOAuthU2M is OAuth user-to-machine: a browser login
	// (authorization code with PKCE), tokens cached on disk. Aliases
	// "databricks-cli" and "external-browser", the SDKs' names. Every type
	// is also accepted with underscores ("oauth_m2m", as the Rust driver).
	AuthTypeOAuthU2M = "oauth-u2m"
	// AuthTypeAzureClientSecret is an Entra ID service principal's client
	// secret.
	AuthTypeAzureClientSecret = "azure-client-secret"
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
func (o OAuthConfig) GoString() string { return "kernel." + o.String() }

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "(redacted)"
}

// normalizeAuthType maps a configured auth type and its aliases to one of
// the AuthType constants; ok is false for an unknown type.
func normalizeAuthType(s string) (typ string, ok bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v != "access_token" {
		v = strings.ReplaceAll(v, "_", "-") // the Rust driver's oauth_m2m, oauth_u2m
	}
	switch v {
	case "":
		return "", true
	case "pat", "access_token":
		return AuthTypePAT, true
	case "oauth-m2m":
		return AuthTypeOAuthM2M, true
	case "oauth-u2m", "databricks-cli", "external-browser":
		return AuthTypeOAuthU2M, true
	case "azure-client-secret":
		return AuthTypeAzureClientSecret, true
	}
	return "", false
}

// supportedAuthTypes is listed in errors.
const supportedAuthTypes = "pat (access_token), oauth-m2m, oauth-u2m, azure-client-secret"

// authType returns c's auth type, explicit or inferred from the
// credentials: a token means pat, a client id and secret oauth-m2m, or
// azure-client-secret with an Azure tenant.
func (c *Config) authType() (string, error) {
	typ, ok := normalizeAuthType(c.AuthType)
	if !ok {
		return "", fmt.Errorf("%w: unknown auth type %q (supported: %s)", ErrInvalidArgument, c.AuthType, supportedAuthTypes)
	}
	if typ != "" {
		return typ, nil
	}
	o := c.OAuth
	switch {
	case c.AccessToken != "":
		return AuthTypePAT, nil
	case o.ClientID != "" && o.ClientSecret != "" && o.AzureTenantID != "":
		return AuthTypeAzureClientSecret, nil
	case o.ClientID != "" && o.ClientSecret != "":
		return AuthTypeOAuthM2M, nil
	}
	return "", fmt.Errorf("%w: no credentials: set an access token, an OAuth client id and secret, an auth type or an Authenticator", ErrInvalidArgument)
}

// AuthTypeOf returns the auth type Connect would use for cfg (one of the
// AuthType constants): its AuthType with aliases resolved, or the type its
// credentials imply. It is "" when cfg.Auth is set (the caller's
// Authenticator decides). Drivers use it to share one NewAuthenticator
// among the connections of a pool.
func AuthTypeOf(cfg Config) (string, error) {
	if cfg.Auth != nil {
		return "", nil
	}
	return cfg.authType()
}

// resolveAuth checks the credentials and, without an Authenticator, builds
// one that the connection owns (closed with it). baseURL is the workspace.
func (c *Config) resolveAuth(baseURL string) error {
	if c.Auth != nil {
		return nil
	}
	typ, err := c.authType()
	if err != nil {
		return err
	}
	if typ == AuthTypePAT {
		if c.AccessToken == "" {
			return fmt.Errorf("%w: auth type pat needs an access token", ErrInvalidArgument)
		}
		c.Auth = PAT(c.AccessToken)
		return nil
	}
	a, err := newOwnedAuthenticator(c, typ, baseURL)
	if err != nil {
		return err
	}
	c.Auth, c.ownedAuth = a, a
	return nil
}

// NewAuthenticator builds the authenticator that Connect would build from
// cfg's AuthType, credentials and OAuth settings (plus Host, TLS, Proxy,
// HTTPClient and Logger), so that several connections can share its tokens:
// pass it with WithAuth, and Close it after the last connection. For a PAT
// it returns an error: use PAT directly.
func NewAuthenticator(cfg Config) (*TokenAuthenticator, error) {
	c := cfg
	c.Auth = nil
	base, err := hostURL(c.Host)
	if err != nil {
		return nil, err
	}
	if err := c.resolveAuth(base); err != nil {
		return nil, err
	}
	if c.ownedAuth == nil {
		return nil, fmt.Errorf("%w: NewAuthenticator: auth type pat needs no authenticator (use PAT)", ErrInvalidArgument)
	}
	return c.ownedAuth, nil
}

// newOwnedAuthenticator validates the settings of typ and builds its source.
func newOwnedAuthenticator(c *Config, typ, baseURL string) (*TokenAuthenticator, error) {
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
	case AuthTypeOAuthM2M:
		if err := need("a client id and a client secret", o.ClientID != "" && o.ClientSecret != ""); err != nil {
			return nil, err
		}
		src = &m2mSource{hc: hc, baseURL: baseURL, id: o.ClientID, secret: o.ClientSecret, scopes: orScopes(o.Scopes, defaultM2MScopes)}
	case AuthTypeAzureClientSecret:
		if err := need("a client id, a client secret and an Azure tenant id", o.ClientID != "" && o.ClientSecret != "" && o.AzureTenantID != ""); err != nil {
			return nil, err
		}
		login := o.AzureLoginHost
		if login == "" {
			login = defaultAzureLoginHost
		}
		src = &azureSource{hc: hc, loginHost: login, tenant: o.AzureTenantID, id: o.ClientID, secret: o.ClientSecret}
	case AuthTypeOAuthU2M:
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

// closeOwnedAuth closes the authenticator Connect built (not one passed in
// Config.Auth, which the caller owns).
func (c *Conn) closeOwnedAuth() {
	if c.cfg.ownedAuth != nil {
		_ = c.cfg.ownedAuth.Close()
	}
}
