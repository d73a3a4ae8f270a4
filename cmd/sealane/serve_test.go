package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
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
	require.Equal(t, "dapi-cli", info.Token)

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
		{nil, "--token"},
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
