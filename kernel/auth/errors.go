package auth

import "errors"

// Error classes of authentication failures, matched with errors.Is. The
// kernel's sentinels of the same names are these values, so an error from
// either package matches kernel.ErrUnauthenticated and
// auth.ErrUnauthenticated alike.
var (
	// ErrInvalidArgument: the authentication settings are wrong or
	// incomplete (an unknown type, a missing client secret, …).
	ErrInvalidArgument = errors.New("sealane: invalid argument")
	// ErrUnauthenticated: the credentials were missing or rejected (HTTP
	// 401), or a login failed.
	ErrUnauthenticated = errors.New("sealane: unauthenticated")
	// ErrUnavailable: the token endpoint was throttled or temporarily
	// unavailable after retries (429, 5xx).
	ErrUnavailable = errors.New("sealane: service unavailable")
)
