package kernel

import (
	"fmt"

	"github.com/sealane/sealane/kernel/auth"
)

// authConfig is the part of c that kernel/auth builds an authenticator from.
func (c *Config) authConfig() auth.Config {
	return auth.Config{Type: c.AuthType, AccessToken: c.AccessToken, OAuth: c.OAuth, HTTPClient: c.HTTPClient,
		TLS: c.TLS, Proxy: c.Proxy, ConnectTimeout: c.ConnectTimeout, Retry: auth.RetryPolicy(c.Retry), Logger: c.Logger}
}

// AuthTypeOf returns the auth type Connect would use for cfg (one of the
// auth.Type constants): its AuthType with aliases resolved, or the type its
// credentials imply. It is "" when cfg.Auth is set (the caller's
// Authenticator decides). Drivers use it to share one NewAuthenticator
// among the connections of a pool.
func AuthTypeOf(cfg Config) (string, error) {
	if cfg.Auth != nil {
		return "", nil
	}
	return auth.TypeOf(cfg.authConfig())
}

// resolveAuth checks the credentials and, without an Authenticator, builds
// one that the connection owns (closed with it). baseURL is the workspace.
func (c *Config) resolveAuth(baseURL string) error {
	if c.Auth != nil {
		return nil
	}
	a, err := auth.New(baseURL, c.authConfig())
	if err != nil {
		return err
	}
	c.Auth = a
	if ta, ok := a.(*auth.TokenAuthenticator); ok {
		c.ownedAuth = ta
	}
	return nil
}

// NewAuthenticator builds the authenticator that Connect would build from
// cfg's AuthType, credentials and OAuth settings (plus Host, TLS, Proxy,
// HTTPClient and Logger), so that several connections can share its tokens:
// pass it with WithAuth, and Close it after the last connection. For a PAT
// it returns an error: use auth.PAT directly.
func NewAuthenticator(cfg Config) (*auth.TokenAuthenticator, error) {
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
		return nil, fmt.Errorf("%w: NewAuthenticator: auth type pat needs no authenticator (use auth.PAT)", ErrInvalidArgument)
	}
	return c.ownedAuth, nil
}

// closeOwnedAuth closes the authenticator Connect built (not one passed in
// Config.Auth, which the caller owns).
func (c *Conn) closeOwnedAuth() {
	if c.cfg.ownedAuth != nil {
		_ = c.cfg.ownedAuth.Close()
	}
}
