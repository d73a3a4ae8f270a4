package auth

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAuthRetryPolicy(t *testing.T) {
	p := authRetryPolicy(RetryPolicy{})
	require.Equal(t, RetryPolicy{MaxRetries: 3, MinWait: time.Second, MaxWait: 60 * time.Second, Budget: 30 * time.Second}, p,
		"defaults, capped at 3 retries and 30 s")
	p = authRetryPolicy(RetryPolicy{MaxRetries: 10, MinWait: time.Millisecond, MaxWait: time.Second, Budget: time.Hour})
	require.Equal(t, RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: time.Second, Budget: 30 * time.Second}, p)
	require.Equal(t, 1, authRetryPolicy(RetryPolicy{MaxRetries: 1}).MaxRetries)
	require.Equal(t, -1, authRetryPolicy(RetryPolicy{MaxRetries: -1}).MaxRetries, "none stays none")
}

func TestRepeatableTokenRequest(t *testing.T) {
	post := func(form string) *http.Request {
		req, err := http.NewRequest(http.MethodPost, "http://h/oidc/v1/token", strings.NewReader(form))
		require.NoError(t, err)
		return req
	}
	get, err := http.NewRequest(http.MethodGet, "http://h/oidc/.well-known/oauth-authorization-server", nil)
	require.NoError(t, err)
	require.True(t, repeatableTokenRequest(get))
	require.True(t, repeatableTokenRequest(post("grant_type=client_credentials&scope=all-apis")))
	require.False(t, repeatableTokenRequest(post("grant_type=authorization_code&code=c&code_verifier=v")))
	require.False(t, repeatableTokenRequest(post("grant_type=refresh_token&refresh_token=r")))

	require.True(t, tokenRetryable(false, http.StatusServiceUnavailable, 0, errHTTP), "503 says it was not served")
	require.True(t, tokenRetryable(false, http.StatusTooManyRequests, 0, errHTTP))
	require.False(t, tokenRetryable(false, http.StatusInternalServerError, 0, errHTTP), "a single-use code may be spent")
	require.True(t, tokenRetryable(true, http.StatusInternalServerError, 0, errHTTP))
	require.False(t, tokenRetryable(true, http.StatusBadRequest, 0, errHTTP), "invalid_client is final")
	require.False(t, tokenRetryable(true, http.StatusUnauthorized, 0, errHTTP))
}

// errHTTP stands for an HTTP error answer (not a transport failure).
var errHTTP = errors.New("HTTP error")
