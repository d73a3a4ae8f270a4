package auth_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/sealane/sealane/kernel/auth"
)

// countingSource issues "tok-1", "tok-2", … living ttl (0: no expiry).
type countingSource struct {
	n   atomic.Int32
	ttl time.Duration
}

func (s *countingSource) Token(ctx context.Context) (auth.Token, error) {
	n := s.n.Add(1)
	t := auth.Token{AccessToken: "tok-" + string(rune('0'+n))}
	if s.ttl > 0 {
		t.Expiry = time.Now().Add(s.ttl)
	}
	return t, nil
}

func bearer(t *testing.T, a auth.Authenticator) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	require.NoError(t, a.Authorize(context.Background(), req))
	return req.Header.Get("Authorization")
}

// TestTokenAuthenticatorCaches: concurrent callers share one fetch; a
// token without expiry lives until invalidated; Invalidate drops only the
// token the rejected request carried.
func TestTokenAuthenticatorCaches(t *testing.T) {
	src := &countingSource{}
	a := auth.NewTokenAuthenticator(src)
	defer func() { require.NoError(t, a.Close()) }()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { require.Equal(t, "Bearer tok-1", bearer(t, a)) })
	}
	wg.Wait()
	require.EqualValues(t, 1, src.n.Load())

	stale, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	stale.Header.Set("Authorization", "Bearer tok-0")
	a.Invalidate(stale)
	require.Equal(t, "Bearer tok-1", bearer(t, a), "a token renewed since is kept")

	rejected, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	rejected.Header.Set("Authorization", "Bearer tok-1")
	a.Invalidate(rejected)
	a.Invalidate(rejected) // twice, as by two calls rejected at once
	require.Equal(t, "Bearer tok-2", bearer(t, a))
	require.Equal(t, "Bearer tok-2", bearer(t, a))
	require.EqualValues(t, 2, src.n.Load())
	var _ auth.Refresher = a
}

// TestTokenAuthenticatorErrors: a source error reaches the caller; a
// canceled caller stops waiting; Close makes Authorize fail.
func TestTokenAuthenticatorErrors(t *testing.T) {
	boom := errors.New("boom")
	a := auth.NewTokenAuthenticator(auth.TokenSourceFunc(func(context.Context) (auth.Token, error) {
		return auth.Token{}, boom
	}))
	req, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	require.ErrorIs(t, a.Authorize(context.Background(), req), boom)
	require.Empty(t, req.Header.Get("Authorization"))

	release := make(chan struct{})
	slow := auth.NewTokenAuthenticator(auth.TokenSourceFunc(func(ctx context.Context) (auth.Token, error) {
		<-release
		return auth.Token{AccessToken: "late"}, nil
	}))
	go func() { _ = slow.Authorize(context.Background(), req.Clone(context.Background())) }()
	time.Sleep(20 * time.Millisecond) // the first caller holds the fetch
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, slow.Authorize(ctx, req), context.DeadlineExceeded)
	close(release)

	require.NoError(t, a.Close())
	require.NoError(t, a.Close())
	require.ErrorContains(t, a.Authorize(context.Background(), req), "closed")
	require.NoError(t, slow.Close())
}

// TestTokenAuthenticatorCloseStopsBackgroundRefresh: a background refresh
// blocked in the source is canceled and awaited by Close.
func TestTokenAuthenticatorCloseStopsBackgroundRefresh(t *testing.T) {
	baseline := runtime.NumGoroutine()
	var calls atomic.Int32
	canceled := make(chan struct{})
	a := auth.NewTokenAuthenticator(auth.TokenSourceFunc(func(ctx context.Context) (auth.Token, error) {
		if calls.Add(1) == 1 {
			return auth.Token{AccessToken: "short", Expiry: time.Now().Add(200 * time.Millisecond)}, nil
		}
		<-ctx.Done() // the background refresh hangs until canceled
		close(canceled)
		return auth.Token{}, ctx.Err()
	}))
	require.Equal(t, "Bearer short", bearer(t, a))
	time.Sleep(120 * time.Millisecond) // past half the lifetime
	require.Equal(t, "Bearer short", bearer(t, a), "still usable while renewing")
	require.Eventually(t, func() bool { return calls.Load() == 2 }, time.Second, 5*time.Millisecond)
	require.NoError(t, a.Close())
	<-canceled
	checkGoroutines(t, baseline)
}

// TestFromOAuth2: an x/oauth2 source plugs in through FromOAuth2.
func TestFromOAuth2(t *testing.T) {
	a := auth.NewTokenAuthenticator(auth.FromOAuth2(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x-oauth2"})))
	defer func() { require.NoError(t, a.Close()) }()
	require.Equal(t, "Bearer x-oauth2", bearer(t, a))
	require.NotContains(t, a.GoString()+a.String(), "x-oauth2")
}
