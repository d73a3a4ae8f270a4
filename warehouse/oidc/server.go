package oidc

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"sync"
	"time"
)

// Default lifetimes used when the matching Config field is zero or negative.
const (
	DefaultAccessTokenTTL  = time.Hour
	DefaultRefreshTokenTTL = 24 * time.Hour
	DefaultCodeTTL         = 2 * time.Minute
)

// Client is an OAuth client known to the server.
//
// A client with a Secret is confidential: it may use the client_credentials
// grant (machine-to-machine) and, if it uses the authorization_code grant,
// must authenticate with its secret at the token endpoint. A client with an
// empty Secret is public (user-to-machine only) and must not send a secret.
type Client struct {
	ID, Secret string
}

// Config configures a Server. The zero value is usable and closed: it knows
// no client, so it issues no token at all. Every client that may get a token
// is named here by the operator.
type Config struct {
	// Clients are the registered clients. Those with a Secret are accepted
	// for client_credentials.
	Clients []Client
	// PublicClients are the client ids accepted for authorization_code (U2M)
	// without a secret, in addition to the ids in Clients. An id that is also
	// in Clients with a Secret stays confidential. Nil accepts no public
	// client.
	PublicClients []string
	// AutoApprove makes the authorization endpoint approve every valid
	// request of a known client at once (there is no login page). Without
	// it the endpoint answers every request with access_denied, so the
	// authorization code flow cannot yield a token. It is meant for tests
	// and one-user local use.
	AutoApprove bool
	// AccessTokenTTL is the access token lifetime (default 1h).
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is the lifetime of each refresh token, counted from its
	// issue; a refresh restarts it for the new token (default 24h).
	RefreshTokenTTL time.Duration
	// CodeTTL is the authorization code lifetime (default 2m).
	CodeTTL time.Duration
	// Now is the clock; default time.Now. Tests inject a fake clock to expire
	// tokens without sleeping.
	Now func() time.Time
}

// Server is an in-memory OAuth 2.0 authorization server. It is safe for
// concurrent use. Create it with New.
type Server struct {
	// confidential maps a confidential client id to the SHA-256 of its secret.
	confidential map[string][sha256.Size]byte
	// known holds every id of Config.Clients and Config.PublicClients.
	known map[string]struct{}
	// autoApprove is Config.AutoApprove.
	autoApprove bool

	accessTTL, refreshTTL, codeTTL time.Duration
	now                            func() time.Time

	mu    sync.Mutex // guards store
	store *store

	handler http.Handler
}

// New returns a Server for cfg, with defaults applied to unset fields.
func New(cfg Config) *Server {
	s := &Server{
		confidential: make(map[string][sha256.Size]byte),
		known:        make(map[string]struct{}),
		autoApprove:  cfg.AutoApprove,
		accessTTL:    orDefault(cfg.AccessTokenTTL, DefaultAccessTokenTTL),
		refreshTTL:   orDefault(cfg.RefreshTokenTTL, DefaultRefreshTokenTTL),
		codeTTL:      orDefault(cfg.CodeTTL, DefaultCodeTTL),
		now:          cfg.Now,
		store:        newStore(),
	}
	if s.now == nil {
		s.now = time.Now
	}
	for _, c := range cfg.Clients {
		s.known[c.ID] = struct{}{}
		if c.Secret != "" {
			s.confidential[c.ID] = sha256.Sum256([]byte(c.Secret))
		}
	}
	for _, id := range cfg.PublicClients {
		s.known[id] = struct{}{}
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathAuthServerMetadata, s.handleDiscovery)
	mux.HandleFunc("GET "+pathOpenIDConfiguration, s.handleDiscovery)
	mux.HandleFunc("GET "+pathKeys, handleKeys)
	mux.HandleFunc(pathAuthorize, s.handleAuthorize)
	mux.HandleFunc(pathToken, s.handleToken)
	s.handler = mux
	return s
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Handler returns the HTTP handler serving the discovery, authorize and token
// routes. Its paths are absolute (they start with /oidc/), so mount it on
// "/oidc/" of the outer mux, without http.StripPrefix.
func (s *Server) Handler() http.Handler {
	return s.handler
}

// Validate reports whether token is an access token issued by this server
// that has neither expired nor been revoked. Refresh tokens and authorization
// codes are not access tokens. The lookup is by SHA-256 of the token, so its
// timing does not depend on how much of a guess matches a real token.
func (s *Server) Validate(token string) bool {
	if token == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.store.get(token)
	return ok && e.kind == kindAccess && s.now().Before(e.expires)
}

// Revoke invalidates token. Revoking a refresh token also revokes every token
// of the same authorization (RFC 7009 §2.1); revoking an access token revokes
// only that token. Unknown tokens are ignored.
func (s *Server) Revoke(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.store.get(token)
	if !ok {
		return
	}
	if e.kind == kindRefresh {
		s.store.revokeFamily(e.family)
		return
	}
	s.store.remove(token)
}

// authCodeClientAllowed reports whether id may use the authorization code
// flow: only a client the operator named.
func (s *Server) authCodeClientAllowed(id string) bool {
	if id == "" {
		return false
	}
	_, ok := s.known[id]
	return ok
}

// checkSecret reports whether secret is the secret of the confidential
// client id. It takes the same time whether or not the client exists.
func (s *Server) checkSecret(id, secret string) bool {
	want, ok := s.confidential[id]
	got := sha256.Sum256([]byte(secret))
	eq := subtle.ConstantTimeCompare(want[:], got[:]) == 1
	return ok && eq && secret != ""
}

// isConfidential reports whether id is a client with a secret.
func (s *Server) isConfidential(id string) bool {
	_, ok := s.confidential[id]
	return ok
}
