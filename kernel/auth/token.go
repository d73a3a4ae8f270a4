package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Token is an OAuth access token. Its fields are secrets: never log them.
type Token struct {
	// AccessToken is sent as "Authorization: Bearer <AccessToken>".
	AccessToken string
	// Expiry is when the token stops working; zero means it does not expire
	// (it is then used until a 401 invalidates it).
	Expiry time.Time
}

// TokenSource supplies access tokens. A TokenAuthenticator calls it only
// when it needs a new token, never concurrently, so implementations need no
// caching or locking of their own.
type TokenSource interface {
	// Token fetches a fresh token.
	Token(ctx context.Context) (Token, error)
}

// TokenSourceFunc adapts a function to TokenSource.
type TokenSourceFunc func(ctx context.Context) (Token, error)

// Token calls f.
func (f TokenSourceFunc) Token(ctx context.Context) (Token, error) { return f(ctx) }

// FromOAuth2 adapts a golang.org/x/oauth2 token source. Such sources carry
// no context, so the context of the API call is not passed on; a source
// wrapped in oauth2.ReuseTokenSource keeps its own cache, so an
// invalidation may get the same token back.
func FromOAuth2(ts oauth2.TokenSource) TokenSource {
	return TokenSourceFunc(func(context.Context) (Token, error) {
		t, err := ts.Token()
		if err != nil {
			return Token{}, err
		}
		return Token{AccessToken: t.AccessToken, Expiry: t.Expiry}, nil
	})
}

// Refresher is implemented by Authenticators whose credentials can be
// renewed. When an API call is answered 401, the kernel calls Invalidate with
// the rejected request, then retries the call once; a second 401 is returned
// to the caller as ErrUnauthenticated.
type Refresher interface {
	// Invalidate forgets the credentials that rejected carried, so that the
	// next Authorize gets new ones. Credentials already renewed since
	// rejected was sent are kept.
	Invalidate(rejected *http.Request)
}

// Token lifetimes: a token is stale (renewed before use) with less than
// min(staleMargin, 10 % of its lifetime) left, and renewed in the background,
// while still in use, with less than min(refreshAhead, 50 % of its lifetime)
// left.
const (
	staleMargin     = 40 * time.Second
	refreshAhead    = 20 * time.Minute
	defaultTokenTTL = time.Hour // when the server gives no expires_in
	refreshTimeout  = time.Minute
	bgRetryWait     = 5 * time.Second // between failed background refreshes
)

// TokenAuthenticator is an Authenticator over a TokenSource: it caches the
// token, renews it before it expires (in the background once it is past
// half its lifetime, synchronously when it is nearly expired) and after a
// 401 (Refresher). It is safe for concurrent use; Close stops it.
type TokenAuthenticator struct {
	src TokenSource
	now func() time.Time

	// sem serializes calls of src (one fetch at a time).
	sem chan struct{}

	mu       sync.Mutex
	tok      Token
	obtained time.Time // when tok was fetched
	bgBusy   bool      // a background refresh is running
	bgNext   time.Time // no background refresh before (after a failure)
	closed   bool
	onClose  []func() // run by Close (idle HTTP connections of owned clients)

	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
}

// NewTokenAuthenticator returns a TokenAuthenticator over src. Close it when
// done, to stop a background refresh.
func NewTokenAuthenticator(src TokenSource) *TokenAuthenticator {
	ctx, cancel := context.WithCancel(context.Background())
	return &TokenAuthenticator{src: src, now: time.Now, sem: make(chan struct{}, 1), bgCtx: ctx, bgCancel: cancel}
}

// Authorize sets "Authorization: Bearer <token>", fetching a token first
// when none is cached or the cached one is nearly expired.
func (a *TokenAuthenticator) Authorize(ctx context.Context, req *http.Request) error {
	tok, err := a.token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

// Invalidate drops the cached token if rejected carried it (Refresher).
func (a *TokenAuthenticator) Invalidate(rejected *http.Request) {
	sent := strings.TrimPrefix(rejected.Header.Get("Authorization"), "Bearer ")
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.tok.AccessToken != "" && a.tok.AccessToken == sent {
		a.tok = Token{}
	}
}

// Close stops a background refresh, waits for it, and makes later
// Authorize calls fail. It is safe to call twice.
func (a *TokenAuthenticator) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.tok = Token{}
	hooks := a.onClose
	a.mu.Unlock()
	a.bgCancel()
	a.bg.Wait()
	for _, h := range hooks {
		h()
	}
	return nil
}

// String hides the token.
func (a *TokenAuthenticator) String() string { return "TokenAuthenticator(redacted)" }

// GoString hides the token from %#v too.
func (a *TokenAuthenticator) GoString() string { return "auth.TokenAuthenticator(redacted)" }

// errAuthClosed is returned by Authorize after Close.
var errAuthClosed = errors.New("the authenticator is closed")

// lifetimeState classifies the cached token (callers hold a.mu).
func (a *TokenAuthenticator) lifetimeState(now time.Time) (usable, renewSoon bool) {
	if a.tok.AccessToken == "" {
		return false, false
	}
	if a.tok.Expiry.IsZero() {
		return true, false
	}
	ttl, left := a.tok.Expiry.Sub(a.obtained), a.tok.Expiry.Sub(now)
	return left > min(staleMargin, ttl/10), left < min(refreshAhead, ttl/2)
}

// token returns a usable access token.
func (a *TokenAuthenticator) token(ctx context.Context) (string, error) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return "", errAuthClosed
	}
	usable, renewSoon := a.lifetimeState(a.now())
	if usable {
		tok := a.tok.AccessToken
		if renewSoon && !a.bgBusy && !a.now().Before(a.bgNext) {
			a.bgBusy = true
			a.bg.Add(1)
			go a.refreshInBackground()
		}
		a.mu.Unlock()
		return tok, nil
	}
	a.mu.Unlock()

	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return "", context.Cause(ctx)
	}
	defer func() { <-a.sem }()
	a.mu.Lock()
	usable, _ = a.lifetimeState(a.now()) // another caller may have fetched it
	tok := a.tok.AccessToken
	a.mu.Unlock()
	if usable {
		return tok, nil
	}
	return a.fetch(ctx)
}

// fetch calls the source (the caller holds sem) and caches the result.
func (a *TokenAuthenticator) fetch(ctx context.Context) (string, error) {
	t0 := a.now()
	t, err := a.src.Token(ctx)
	if err != nil {
		return "", err
	}
	if t.AccessToken == "" {
		return "", errors.New("the token source returned an empty token")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return "", errAuthClosed
	}
	a.tok, a.obtained = t, t0
	return t.AccessToken, nil
}

// refreshInBackground renews the token while the current one is still used.
// Failures are dropped: the token is renewed synchronously when it is stale.
func (a *TokenAuthenticator) refreshInBackground() {
	defer a.bg.Done()
	defer func() {
		a.mu.Lock()
		a.bgBusy = false
		a.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(a.bgCtx, refreshTimeout)
	defer cancel()
	select {
	case a.sem <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-a.sem }()
	a.mu.Lock()
	_, renewSoon := a.lifetimeState(a.now())
	a.mu.Unlock()
	if renewSoon { // not renewed by a synchronous fetch meanwhile
		if _, err := a.fetch(ctx); err != nil {
			a.mu.Lock()
			a.bgNext = a.now().Add(bgRetryWait)
			a.mu.Unlock()
		}
	}
}

// addCloseHook runs f on Close.
func (a *TokenAuthenticator) addCloseHook(f func()) {
	a.mu.Lock()
	a.onClose = append(a.onClose, f)
	a.mu.Unlock()
}
