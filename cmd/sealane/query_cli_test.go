package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// update rewrites the golden files: go test ./cmd/sealane -run Golden -update
var update = os.Getenv("SEALANE_UPDATE_GOLDEN") != ""

func noEnv(string) string { return "" }

// golden compares got with testdata/name, or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

const jsonSQL = `SELECT 1 AS z, 2 AS a, 1.50::DECIMAL(5,2) AS d,
  12345678901234567890.123456789::DECIMAL(38,9) AS big, -0.5::DOUBLE AS f,
  'tab	"quote"' AS s, NULL::INT AS n, true AS b, DATE '2024-02-29' AS day,
  [1, 2] AS list, {'y': 1, 'x': 'v'} AS st
UNION ALL SELECT 3, 4, 0.00, NULL, 1e300, '', 5, false, NULL, [], NULL`

// TestQueryJSONGolden: JSON keeps the columns' order and the decimals'
// exact digits and scale, one object per line or as one array.
func TestQueryJSONGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, query(t.Context(), []string{"--local", "--format", "json", jsonSQL}, &out))
	golden(t, "query.ndjson", out.String())
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		require.True(t, json.Valid([]byte(line)), line)
	}

	out.Reset()
	require.NoError(t, query(t.Context(), []string{"--local", "--format", "json-array", jsonSQL}, &out))
	golden(t, "query.json", out.String())
	require.True(t, json.Valid(out.Bytes()))

	out.Reset()
	require.NoError(t, query(t.Context(), []string{"--local", "--format", "json-array", "SELECT 1 AS a WHERE false"}, &out))
	require.Equal(t, "[\n]\n", out.String())
}

// TestQueryConnectionRefusedFailsFast: a port nobody listens on fails with
// "connection refused" well before a few seconds' deadline (no retries).
func TestQueryConnectionRefusedFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	err = queryWith(ctx, []string{"--host", "http://" + addr, "--http-path", "/sql/1.0/warehouses/x", "--token", "t", "SELECT 1"},
		&bytes.Buffer{}, &stderr, noEnv)
	require.ErrorIs(t, err, syscall.ECONNREFUSED)
	require.NoError(t, ctx.Err(), "failed on its own, before the deadline")
	var ce *connectError
	require.ErrorAs(t, err, &ce)
	require.Contains(t, err.Error(), "connection refused")
	require.Contains(t, err.Error(), addr, "says what was tried")
}

// TestQueryTLSToPlainHTTPServer: https:// to a server speaking plain HTTP
// names TLS as the cause.
func TestQueryTLSToPlainHTTPServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	host := "https://" + strings.TrimPrefix(srv.URL, "http://")
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Second)
	defer cancel()
	err := queryWith(ctx, []string{"--host", host, "--http-path", "/sql/1.0/warehouses/x", "--token", "t", "SELECT 1"},
		&bytes.Buffer{}, &bytes.Buffer{}, noEnv)
	var rec tls.RecordHeaderError
	require.ErrorAs(t, err, &rec)
	require.Contains(t, err.Error(), "does not speak TLS")
}

// TestQueryAgainstServe: a wrong token is a clear 401; DML prints the rows
// it affected; a failed statement prints its SQLSTATE and statement id once.
func TestQueryAgainstServe(t *testing.T) {
	info := startServe(t, "--token", "dapi-cli")
	args := func(token string, rest ...string) []string {
		return append([]string{"--host", info.URL, "--http-path", info.HTTPPath, "--token", token}, rest...)
	}
	ctx := t.Context()

	err := queryWith(ctx, args("wrong", "SELECT 1"), &bytes.Buffer{}, &bytes.Buffer{}, noEnv)
	require.ErrorContains(t, err, "HTTP 401")
	require.NotContains(t, err.Error(), "wrong", "the token is never printed")

	var out bytes.Buffer
	require.NoError(t, queryWith(ctx, args("dapi-cli", "CREATE TABLE cli_dml (a INT)"), &out, &bytes.Buffer{}, noEnv))
	require.Equal(t, "OK\n", out.String())
	out.Reset()
	require.NoError(t, queryWith(ctx, args("dapi-cli", "INSERT INTO cli_dml VALUES (1), (2)"), &out, &bytes.Buffer{}, noEnv))
	require.Equal(t, "OK, 2 rows affected\n", out.String())

	err = queryWith(ctx, args("dapi-cli", "SELECT * FROM cli_no_such_table"), &bytes.Buffer{}, &bytes.Buffer{}, noEnv)
	require.Error(t, err)
	line := errorLine(err)
	require.True(t, strings.HasPrefix(line, "sealane: "), line)
	require.Equal(t, 1, strings.Count(line, "sealane: "), "the prefix once: %s", line)
	require.Contains(t, line, "42P01")
	require.Contains(t, line, "[statement ")
}

// TestQueryProfile: --profile reads ~/.databrickscfg (here a file named by
// DATABRICKS_CONFIG_FILE); flags beat the environment, which beats the
// profile, as in the Databricks CLI.
func TestQueryProfile(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "databrickscfg")
	require.NoError(t, os.WriteFile(cfgFile, []byte(`[DEFAULT]
host = https://default.example.com
token = dapi-default
http_path = /sql/1.0/warehouses/d

[work]
host = https://work.example.com
token = dapi-work
warehouse_id = w1
`), 0o600))
	env := map[string]string{"DATABRICKS_CONFIG_FILE": cfgFile}
	getenv := func(k string) string { return env[k] }

	o, err := parseQuery([]string{"SELECT 1"}, getenv)
	require.NoError(t, err)
	require.Equal(t, "https://default.example.com", o.cfg.Host)
	require.Equal(t, "/sql/1.0/warehouses/d", o.cfg.HTTPPath)

	o, err = parseQuery([]string{"--profile", "work", "SELECT 1"}, getenv)
	require.NoError(t, err)
	require.Equal(t, "https://work.example.com", o.cfg.Host)
	require.Equal(t, "w1", o.cfg.WarehouseID)

	env["DATABRICKS_HOST"] = "https://env.example.com"
	o, err = parseQuery([]string{"--profile", "work", "SELECT 1"}, getenv)
	require.NoError(t, err)
	require.Equal(t, "https://env.example.com", o.cfg.Host)
	o, err = parseQuery([]string{"--profile", "work", "--host", "https://flag.example.com", "SELECT 1"}, getenv)
	require.NoError(t, err)
	require.Equal(t, "https://flag.example.com", o.cfg.Host)

	_, err = parseQuery([]string{"--profile", "nope", "SELECT 1"}, getenv)
	require.ErrorContains(t, err, `"nope"`)
	require.False(t, errors.Is(err, os.ErrNotExist))
}

func TestDecimalText(t *testing.T) {
	for _, tc := range []struct {
		unscaled int64
		scale    int32
		want     string
	}{
		{150, 2, "1.50"}, {0, 2, "0.00"}, {-5, 2, "-0.05"}, {-150, 2, "-1.50"}, {7, 0, "7"}, {12, -2, "1200"}, {123, 5, "0.00123"},
	} {
		require.Equal(t, tc.want, decimalText(big.NewInt(tc.unscaled), tc.scale), "%d scale %d", tc.unscaled, tc.scale)
	}
}

// TestQueryRetriesAreNoted: a retried API call is reported on stderr with
// its cause and the wait (a proxy answers the first session request 503).
func TestQueryRetriesAreNoted(t *testing.T) {
	info := startServe(t, "--token", "dapi-cli")
	target, err := url.Parse(info.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var refused atomic.Bool
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sessions") && refused.CompareAndSwap(false, true) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error_code":"TEMPORARILY_UNAVAILABLE","message":"warming up"}`, http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	var out, stderr bytes.Buffer
	require.NoError(t, queryWith(t.Context(), []string{"--host", front.URL, "--http-path", info.HTTPPath, "--token", "dapi-cli",
		"--format", "csv", "SELECT 7 AS v"}, &out, &stderr, noEnv))
	require.Equal(t, "v\n7\n", out.String())
	require.Regexp(t, `sealane: .*session.* failed \(HTTP 503.*\), retry 1 in 1s`, stderr.String())

	stderr.Reset()
	refused.Store(false)
	require.NoError(t, queryWith(t.Context(), []string{"--host", front.URL, "--http-path", info.HTTPPath, "--token", "dapi-cli",
		"--quiet", "SELECT 7 AS v"}, &bytes.Buffer{}, &stderr, noEnv))
	require.Empty(t, stderr.String(), "--quiet")
}
