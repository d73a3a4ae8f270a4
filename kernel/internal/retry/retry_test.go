package retry

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestBackoffAndRetryRules(t *testing.T) {
	require.Equal(t, 3*time.Second, Backoff(1, time.Second, 60*time.Second, 3*time.Second), "Retry-After wins")
	require.Equal(t, time.Second, Backoff(1, time.Second, 60*time.Second, time.Millisecond), "clamped to min")
	d := Backoff(2, time.Second, 60*time.Second, 0)
	require.GreaterOrEqual(t, d, 4*time.Second+200*time.Millisecond)
	require.LessOrEqual(t, d, 5*time.Second)
	require.Equal(t, 60*time.Second+max(time.Duration(0), 0), min(Backoff(30, time.Second, 60*time.Second, 0), 60*time.Second))

	require.True(t, Retryable(true, 500, 0, errors.New("HTTP error")))
	require.False(t, Retryable(true, 404, 0, errors.New("HTTP error")))
	require.False(t, Retryable(false, 500, 0, errors.New("HTTP error")), "execute is not retried on 500")
	require.True(t, Retryable(false, 429, 0, errors.New("HTTP error")))
	require.False(t, Retryable(false, 503, 0, errors.New("HTTP error")), "503 without Retry-After")
	require.True(t, Retryable(false, 503, time.Second, errors.New("HTTP error")))
}
