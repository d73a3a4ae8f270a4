package kernel

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseDSN(t *testing.T) {
	cfg, err := ParseDSN("token:dapi123@adb-1.azuredatabricks.net:443/sql/1.0/warehouses/abc?catalog=main&schema=s&timeout=30&conf.TIMEZONE=UTC")
	require.NoError(t, err)
	require.Equal(t, "https://adb-1.azuredatabricks.net:443", cfg.Host)
	require.Equal(t, "/sql/1.0/warehouses/abc", cfg.HTTPPath)
	require.Equal(t, "dapi123", cfg.AccessToken)
	require.Equal(t, "main", cfg.Catalog)
	require.Equal(t, "s", cfg.Schema)
	require.Equal(t, 30*time.Second, cfg.RequestTimeout)
	require.Equal(t, map[string]string{"TIMEZONE": "UTC"}, cfg.SessionConfs)

	cfg, err = ParseDSN("http://token:t@127.0.0.1:8080/sql/1.0/warehouses/local")
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080", cfg.Host)
	ep, err := cfg.resolve()
	require.NoError(t, err)
	require.Equal(t, "local", ep.warehouseID)
}

func TestParseDSNErrors(t *testing.T) {
	for dsn, want := range map[string]string{
		"token:t@h/sql/1.0/warehouses/w?nope=1":       `unknown DSN parameter "nope"`,
		"token:t@h/sql/1.0/warehouses/w?timeout=soon": "not a positive duration",
		"ftp://token:t@h/x":                           "DSN scheme",
		"user:t@h/sql/1.0/warehouses/w":               `user must be "token"`,
		"token:secret-token@:%zz/sql":                 "malformed",
	} {
		_, err := ParseDSN(dsn)
		require.ErrorIs(t, err, ErrInvalidArgument, dsn)
		require.ErrorContains(t, err, want, dsn)
		require.NotContains(t, err.Error(), "secret-token", dsn)
	}
}

func TestHTTPPathOrgID(t *testing.T) {
	cfg := Config{Host: "h", HTTPPath: "/sql/1.0/endpoints/abc?o=123", AccessToken: "t"}
	ep, err := cfg.resolve()
	require.NoError(t, err)
	require.Equal(t, "abc", ep.warehouseID)
	require.Equal(t, "123", ep.orgID)
	require.Equal(t, "https://h", ep.baseURL)
}

func TestBackoffAndRetryRules(t *testing.T) {
	require.Equal(t, 3*time.Second, backoff(1, time.Second, 60*time.Second, 3*time.Second), "Retry-After wins")
	require.Equal(t, time.Second, backoff(1, time.Second, 60*time.Second, time.Millisecond), "clamped to min")
	d := backoff(2, time.Second, 60*time.Second, 0)
	require.GreaterOrEqual(t, d, 4*time.Second+200*time.Millisecond)
	require.LessOrEqual(t, d, 5*time.Second)
	require.Equal(t, 60*time.Second+max(time.Duration(0), 0), min(backoff(30, time.Second, 60*time.Second, 0), 60*time.Second))

	require.True(t, retryable(true, 500, 0, &Error{}))
	require.False(t, retryable(true, 404, 0, &Error{}))
	require.False(t, retryable(false, 500, 0, &Error{}), "execute is not retried on 500")
	require.True(t, retryable(false, 429, 0, &Error{}))
	require.False(t, retryable(false, 503, 0, &Error{}), "503 without Retry-After")
	require.True(t, retryable(false, 503, time.Second, &Error{}))
}

func TestSessionConfAllowList(t *testing.T) {
	require.NoError(t, checkSessionConfs(map[string]string{"timezone": "UTC", "STATEMENT_TIMEOUT": "10", "Ansi_Mode": "true"}))
	err := checkSessionConfs(map[string]string{"spark.sql.shuffle.partitions": "8"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.ErrorContains(t, err, `"spark.sql.shuffle.partitions"`)
}
