package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/thriftsrv"
)

// readyInfo is the --json line `sealane serve` prints when it listens.
type readyInfo struct {
	URL      string `json:"url"`
	HTTPPath string `json:"http_path"`
	Token    string `json:"token"`
	TLSCert  string `json:"tls_cert"`
}

// startServe runs serve in-process on a free port and returns its ready
// line; the server stops (gracefully) when the test ends.
func startServe(t *testing.T, args ...string) readyInfo {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0", "--json", "--log-level", "off"}, args...), pw)
		_ = pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err, "graceful shutdown")
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop after its context ended")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	var info readyInfo
	require.NoError(t, json.Unmarshal([]byte(line), &info))
	return info
}

func TestServeLoadsTablesAndAnswers(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	require.NoError(t, os.WriteFile(csv, []byte("id,name\n1,ada\n2,grace\n"), 0o600))
	info := startServe(t, "--token", "dapi-cli", "--load", "people="+csv)
	require.Equal(t, "/sql/1.0/warehouses/local", info.HTTPPath)
	require.Empty(t, info.Token, "a token the operator gave is never printed")
	info.Token = "dapi-cli"

	resp, err := http.Get(info.URL + "/healthz")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_ = resp.Body.Close()

	c := &rawsea.Client{BaseURL: info.URL, Token: info.Token, WarehouseID: sea.WarehouseIDFromHTTPPath(info.HTTPPath)}
	st, err := c.Execute(context.Background(), sea.ExecuteStatementRequest{Statement: "SELECT name FROM main.default.people ORDER BY id"})
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, st.Status.State)
	require.Equal(t, "ada", *st.Result.DataArray[0][0])
	require.Equal(t, "grace", *st.Result.DataArray[1][0])
}

func TestServeSelfSignedTLS(t *testing.T) {
	info := startServe(t, "--no-auth", "--tls-self-signed", "--tls-cert-out", filepath.Join(t.TempDir(), "ca.pem"))
	require.True(t, strings.HasPrefix(info.URL, "https://"), info.URL)
	pemBytes, err := os.ReadFile(info.TLSCert)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pemBytes))
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}

	c := &rawsea.Client{BaseURL: info.URL, WarehouseID: "local", HTTP: client}
	st, err := c.Execute(context.Background(), sea.ExecuteStatementRequest{Statement: "SELECT 41 + 1 AS answer"})
	require.NoError(t, err)
	require.Equal(t, "42", *st.Result.DataArray[0][0])

	// A client that does not trust the certificate is refused.
	_, err = http.Get(info.URL + "/healthz")
	require.Error(t, err)
}

func TestParseServeRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--no-auth", "--addr", "0.0.0.0:0"}, "--expose-without-auth"},
		{[]string{"--no-auth", "--addr", ":8080"}, "--expose-without-auth"},
		{[]string{"--token", "t", "--shutdown-grace", "-1s"}, "shutdown-grace"},
		{[]string{"--token", "t", "--oauth-client", "nosecret"}, "id:secret"},
		{[]string{"--token", "t", "--fault", "execute:999"}, "fault"},
		{[]string{"--token", "t", "--fault", "nosuchcall:500"}, "fault"},
		{[]string{"--token", "t", "--reset-rate", "2"}, "serve"},
		{[]string{"--token", "t", "extra"}, "unexpected argument"},
		{[]string{"--token", "t", "--no-such-flag"}, "no-such-flag"},
	} {
		_, err := parseServe(tc.args)
		require.Error(t, err, "%v", tc.args)
		require.Contains(t, err.Error(), tc.want, "%v", tc.args)
	}
	o, err := parseServe([]string{"--no-auth", "--fault", "execute:503:retry-after=1s:count=2", "--latency", "20ms"})
	require.NoError(t, err)
	require.Len(t, o.cfg.Faults.Errors, 1)
	require.Equal(t, 20*time.Millisecond, o.cfg.Faults.Latency)
}

func TestLoadRejectsUnknownFileType(t *testing.T) {
	err := serve(context.Background(), []string{"--no-auth", "--addr", "127.0.0.1:0", "--load", "t=/tmp/x.xlsx"}, io.Discard)
	require.ErrorContains(t, err, "unknown file type")
}

// TestServeGeneratesAndPrintsOnlyItsOwnToken: with no credential given,
// serve makes one up and prints it (the one token it ever prints); a
// request with it is served, one without is not.
func TestServeGeneratesAndPrintsOnlyItsOwnToken(t *testing.T) {
	info := startServe(t)
	require.Regexp(t, `^dapi[0-9a-f]{32}$`, info.Token)
	c := &rawsea.Client{BaseURL: info.URL, Token: info.Token, WarehouseID: "local"}
	_, err := c.Execute(context.Background(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	require.NoError(t, err)
	c.Token = ""
	_, err = c.Execute(context.Background(), sea.ExecuteStatementRequest{Statement: "SELECT 1"})
	require.Error(t, err)

	var banner strings.Builder
	o, err := parseServe([]string{"--token", "dapi-operator-secret"})
	require.NoError(t, err)
	printReady(&banner, o, "http", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, "/sql/1.0/warehouses/local", "")
	require.NotContains(t, banner.String(), "dapi-operator-secret")
	require.Contains(t, banner.String(), "files:      none")
}

func TestParseServeExposure(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "[::1]:0", "localhost:8080"} {
		_, err := parseServe([]string{"--no-auth", "--addr", addr})
		require.NoError(t, err, addr)
	}
	_, err := parseServe([]string{"--no-auth", "--addr", "0.0.0.0:0", "--expose-without-auth"})
	require.NoError(t, err)
	_, err = parseServe([]string{"--token", "t", "--addr", "0.0.0.0:0"})
	require.NoError(t, err, "a token guards an exposed port")
}

// TestServeAllowFiles: --allow-files opens its directory to SQL and nothing
// else; --load reads a file outside it at start-up.
func TestServeAllowFiles(t *testing.T) {
	open, closed := t.TempDir(), t.TempDir()
	inside, outside := filepath.Join(open, "in.csv"), filepath.Join(closed, "out.csv")
	require.NoError(t, os.WriteFile(inside, []byte("a\n1\n"), 0o600))
	require.NoError(t, os.WriteFile(outside, []byte("a\n2\n"), 0o600))
	info := startServe(t, "--no-auth", "--allow-files", open, "--load", "t="+outside)
	c := &rawsea.Client{BaseURL: info.URL, WarehouseID: "local"}
	ask := func(q string) *sea.StatementResponse {
		st, err := c.Execute(context.Background(), sea.ExecuteStatementRequest{Statement: q, WaitTimeout: "30s"})
		require.NoError(t, err)
		return st
	}
	require.Equal(t, "1", *ask("SELECT a FROM read_csv('" + inside + "')").Result.DataArray[0][0])
	require.Equal(t, "2", *ask("SELECT a FROM t").Result.DataArray[0][0])
	st := ask("SELECT a FROM read_csv('" + outside + "')")
	require.Equal(t, sea.StateFailed, st.Status.State)
	require.Equal(t, "42501", st.Status.SQLState)
}

// TestDefaultMemoryLimit: DuckDB's default memory_limit leaves room for the
// result store's budget (75% of the machine's memory minus the budget).
func TestDefaultMemoryLimit(t *testing.T) {
	total := availableMemory()
	if total <= 0 {
		t.Skip("memory size unknown here")
	}
	got := defaultMemoryLimit(1 << 30)
	want := max(int64(float64(total)*0.75)-(1<<30), 256<<20) >> 20
	require.Equal(t, fmt.Sprintf("%dMB", want), got)
	require.Equal(t, defaultMemoryLimit(1<<30), defaultMemoryLimit(0), "0 means the default budget")
	require.Equal(t, "256MB", defaultMemoryLimit(total), "never below 256 MB")
}

// mountedThrift parses args as serve does and returns the options of the
// Thrift endpoint mounted on a fresh warehouse.
func mountedThrift(t *testing.T, args ...string) thriftsrv.Options {
	t.Helper()
	o, err := parseServe(args)
	require.NoError(t, err)
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = eng.Close() })
	srv := warehouse.New(eng, o.cfg)
	t.Cleanup(func() { _ = srv.Close() })
	return mountThrift(srv, o).Options()
}

func TestServeThriftFlagsReachTheEndpoint(t *testing.T) {
	got := mountedThrift(t, "--token", "t")
	require.Equal(t, thriftsrv.DefaultCloudFetchThreshold, got.CloudFetchThreshold)
	require.Equal(t, thriftsrv.DefaultAsyncWait, got.AsyncWait)

	got = mountedThrift(t, "--token", "t", "--thrift-cloudfetch-threshold", "1024", "--thrift-async-wait", "250ms")
	require.Equal(t, int64(1024), got.CloudFetchThreshold)
	require.Equal(t, 250*time.Millisecond, got.AsyncWait)

	for _, args := range [][]string{
		{"--token", "t", "--thrift-cloudfetch-threshold", "0"},
		{"--token", "t", "--thrift-async-wait", "-1s"},
	} {
		_, err := parseServe(args)
		require.ErrorContains(t, err, "--thrift-", "%v", args)
	}
}
