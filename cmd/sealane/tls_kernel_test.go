package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
)

// TestKernelOverSelfSignedTLS connects the kernel to `sealane serve
// --tls-self-signed` with a custom CA file, with verification skipped, and
// without either (which must fail).
func TestKernelOverSelfSignedTLS(t *testing.T) {
	info := startServe(t, "--tls-self-signed", "--tls-cert-out", filepath.Join(t.TempDir(), "ca.pem")) // token generated
	base := map[string]string{
		options.ServerHostname: info.URL,
		options.HTTPPath:       info.HTTPPath,
		options.AccessToken:    info.Token,
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{k: v}
		for bk, bv := range base {
			m[bk] = bv
		}
		return m
	}
	for name, opts := range map[string]map[string]string{
		"ca file":     with(options.TLSCAFile, info.TLSCert),
		"skip verify": with(options.TLSSkipVerify, "true"),
	} {
		cfg, err := options.ToConfig(opts)
		require.NoError(t, err, name)
		conn, err := kernel.Connect(context.Background(), cfg)
		require.NoError(t, err, name)
		rdr, err := conn.Query(context.Background(), "SELECT 42 AS answer")
		require.NoError(t, err, name)
		require.True(t, rdr.Next(), name)
		require.Equal(t, "42", rdr.RecordBatch().Column(0).ValueStr(0), name)
		rdr.Release()
		require.NoError(t, conn.Close(), name)
	}
	cfg, err := options.ToConfig(base)
	require.NoError(t, err)
	cfg.Retry.MaxRetries = -1
	_, err = kernel.Connect(context.Background(), cfg)
	require.ErrorContains(t, err, "certificate", "an untrusted certificate is refused")
}
