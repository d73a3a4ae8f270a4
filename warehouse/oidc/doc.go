// Package oidc is a small OAuth 2.0 authorization server that mimics the OIDC
// endpoints of a Databricks workspace, so that OAuth clients can be tested end
// to end against the local warehouse (sealane serve).
//
// It serves, under the absolute prefix /oidc/:
//
//   - GET /oidc/.well-known/oauth-authorization-server and
//     GET /oidc/.well-known/openid-configuration: the discovery document
//     (RFC 8414). The issuer is "<scheme>://<host>/oidc" of the incoming
//     request; the scheme is https when the request came over TLS or when
//     X-Forwarded-Proto says so.
//   - GET /oidc/v1/keys: an empty JSON Web Key Set. No ID tokens are issued;
//     the route exists so that OIDC discovery clients that read jwks_uri work.
//   - GET /oidc/v1/authorize: the authorization endpoint of the
//     user-to-machine (U2M) flow. It has no login page: with
//     Config.AutoApprove it approves every valid request of a client the
//     operator named (Config.Clients, Config.PublicClients) at once, without
//     it it denies every request (access_denied). PKCE with S256 is mandatory
//     and redirect_uri must be an http URL on a loopback host.
//   - POST /oidc/v1/token: the token endpoint, with the grants
//     client_credentials (machine-to-machine, M2M), authorization_code and
//     refresh_token.
//
// Tokens, codes and refresh tokens are opaque random strings prefixed with
// "sl-oauth-". The server keeps only their SHA-256 hashes, never logs them and
// never puts them (or a client secret) in an error description. All state is
// in memory, guarded by one mutex; expired entries are pruned lazily.
//
// Choices made beyond RFC 6749 / RFC 7636 (see also Config):
//
//   - Closed by default: a zero Config knows no client and issues no token;
//     an unknown client id is refused at both endpoints.
//   - A refresh token is issued only when the granted scope contains
//     offline_access, as Databricks does; client_credentials never gets one.
//   - Refresh tokens rotate: each refresh returns a new refresh token with a
//     fresh RefreshTokenTTL, and the old one stops working. Presenting a used
//     refresh token or a used authorization code is treated as a replay
//     (RFC 9700 §4.14.2, RFC 6749 §4.1.2): it fails with invalid_grant and
//     revokes every token descended from the same authorization.
//   - An authorization code is spent by the first token request that presents
//     it, whether or not that request succeeds.
//   - An empty scope means "all-apis". Scopes outside the supported list are
//     refused with invalid_scope.
//
// Mount the handler on "/oidc/":
//
//	srv := oidc.New(oidc.Config{Clients: []oidc.Client{{ID: "sp", Secret: "s3cret"}}})
//	mux.Handle("/oidc/", srv.Handler())
//	// ... and in the API's auth middleware:
//	ok := srv.Validate(bearerToken)
//
// This package is pure Go and uses only the standard library.
package oidc
