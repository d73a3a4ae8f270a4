package options_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/kernel"
)

const secretToken = "dapi-options-secret-0123456789"

func TestApplyOptionEveryKey(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		check      func(t *testing.T, c kernel.Config)
	}{
		{"uri", "http://127.0.0.1:8080", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "http://127.0.0.1:8080", c.Host)
		}},
		{"uri", "https://h.example.com/sql/1.0/warehouses/abc", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "https://h.example.com", c.Host)
			require.Equal(t, "/sql/1.0/warehouses/abc", c.HTTPPath)
		}},
		{"uri", "token:" + secretToken + "@h.example.com:443/sql/1.0/warehouses/abc?catalog=main&schema=s&conf.TIMEZONE=UTC", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "https://h.example.com:443", c.Host)
			require.Equal(t, "/sql/1.0/warehouses/abc", c.HTTPPath)
			require.Equal(t, secretToken, c.AccessToken)
			require.Equal(t, "main", c.Catalog)
			require.Equal(t, "s", c.Schema)
			require.Equal(t, map[string]string{"TIMEZONE": "UTC"}, c.SessionConfs)
		}},
		{"databricks.server_hostname", "adb-1.azuredatabricks.net", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "adb-1.azuredatabricks.net", c.Host)
		}},
		{"databricks.server_hostname", "http://127.0.0.1:9", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "http://127.0.0.1:9", c.Host)
		}},
		{"databricks.http_path", "/sql/1.0/warehouses/w1", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "/sql/1.0/warehouses/w1", c.HTTPPath)
		}},
		{"databricks.warehouse_id", "w2", func(t *testing.T, c kernel.Config) { require.Equal(t, "w2", c.WarehouseID) }},
		{"databricks.access_token", secretToken, func(t *testing.T, c kernel.Config) { require.Equal(t, secretToken, c.AccessToken) }},
		{"databricks.auth.type", "access_token", func(t *testing.T, c kernel.Config) {}},
		{"databricks.auth.type", "PAT", func(t *testing.T, c kernel.Config) {}},
		{"databricks.catalog", "cat", func(t *testing.T, c kernel.Config) { require.Equal(t, "cat", c.Catalog) }},
		{"databricks.schema", "sch", func(t *testing.T, c kernel.Config) { require.Equal(t, "sch", c.Schema) }},
		{"adbc.connection.catalog", "cat2", func(t *testing.T, c kernel.Config) { require.Equal(t, "cat2", c.Catalog) }},
		{"adbc.connection.db_schema", "sch2", func(t *testing.T, c kernel.Config) { require.Equal(t, "sch2", c.Schema) }},
		{"databricks.user_agent_entry", "tool/1.0", func(t *testing.T, c kernel.Config) { require.Equal(t, "tool/1.0", c.UserAgentEntry) }},
		{"databricks.session_conf.TIMEZONE", "UTC", func(t *testing.T, c kernel.Config) {
			require.Equal(t, map[string]string{"TIMEZONE": "UTC"}, c.SessionConfs)
		}},
		{"databricks.cloudfetch.parallel", "3", func(t *testing.T, c kernel.Config) { require.Equal(t, 3, c.CloudFetch.Parallel) }},
		{"databricks.cloudfetch.prefetch", "7", func(t *testing.T, c kernel.Config) { require.Equal(t, 7, c.CloudFetch.Prefetch) }},
		{"databricks.cloudfetch.link_parallel", "3", func(t *testing.T, c kernel.Config) { require.Equal(t, 3, c.CloudFetch.LinkParallel) }},
		{"databricks.cloudfetch.jdbc_user_agent", "true", func(t *testing.T, c kernel.Config) { require.True(t, c.CloudFetch.JDBCUserAgent) }},
		{"databricks.cloudfetch.jdbc_user_agent", "off", func(t *testing.T, c kernel.Config) { require.False(t, c.CloudFetch.JDBCUserAgent) }},
		{"databricks.cloudfetch.memory_budget", "1048576", func(t *testing.T, c kernel.Config) {
			require.Equal(t, int64(1<<20), c.CloudFetch.MemoryBudget)
		}},
		{"databricks.cloudfetch.link_refresh_margin", "90", func(t *testing.T, c kernel.Config) {
			require.Equal(t, 90*time.Second, c.CloudFetch.RefreshMargin)
		}},
		{"databricks.cloudfetch.link_refresh_margin", "2m", func(t *testing.T, c kernel.Config) {
			require.Equal(t, 2*time.Minute, c.CloudFetch.RefreshMargin)
		}},
		{"databricks.cloudfetch.max_retries", "9", func(t *testing.T, c kernel.Config) { require.Equal(t, 9, c.CloudFetch.MaxRetries) }},
		{"databricks.batch_rows", "1000", func(t *testing.T, c kernel.Config) { require.Equal(t, 1000, c.BatchRows) }},
		{"databricks.batch_rows", "-1", func(t *testing.T, c kernel.Config) { require.Equal(t, -1, c.BatchRows) }},
		{"databricks.result_compression", "none", func(t *testing.T, c kernel.Config) { require.Equal(t, kernel.CompressionNone, c.Compression) }},
		{"databricks.result_compression", "LZ4_FRAME", func(t *testing.T, c kernel.Config) { require.Equal(t, kernel.CompressionLZ4, c.Compression) }},
		{"databricks.retry.max_retries", "2", func(t *testing.T, c kernel.Config) { require.Equal(t, 2, c.Retry.MaxRetries) }},
		{"databricks.retry.max_retries", "0", func(t *testing.T, c kernel.Config) { require.Negative(t, c.Retry.MaxRetries, "0 means none") }},
		{"databricks.cloudfetch.max_retries", "0", func(t *testing.T, c kernel.Config) { require.Negative(t, c.CloudFetch.MaxRetries, "0 means none") }},
		{"databricks.retry.min_wait", "10ms", func(t *testing.T, c kernel.Config) { require.Equal(t, 10*time.Millisecond, c.Retry.MinWait) }},
		{"databricks.retry.max_wait", "0.5", func(t *testing.T, c kernel.Config) { require.Equal(t, 500*time.Millisecond, c.Retry.MaxWait) }},
		{"databricks.retry.budget", "5m", func(t *testing.T, c kernel.Config) { require.Equal(t, 5*time.Minute, c.Retry.Budget) }},
		{"databricks.timeout.connect", "5s", func(t *testing.T, c kernel.Config) { require.Equal(t, 5*time.Second, c.ConnectTimeout) }},
		{"databricks.timeout.request", "120", func(t *testing.T, c kernel.Config) { require.Equal(t, 2*time.Minute, c.RequestTimeout) }},
		{"databricks.tls.skip_verify", "true", func(t *testing.T, c kernel.Config) { require.True(t, c.TLS.InsecureSkipVerify) }},
		{"databricks.tls.skip_verify", "false", func(t *testing.T, c kernel.Config) { require.False(t, c.TLS.InsecureSkipVerify) }},
		{"databricks.tls.ca_file", writeCA(t), func(t *testing.T, c kernel.Config) { require.NotNil(t, c.TLS.RootCAs) }},
		{"databricks.proxy", "http://proxy.example.com:3128", func(t *testing.T, c kernel.Config) {
			require.Equal(t, "http://proxy.example.com:3128", proxyOf(t, c).String())
		}},
	} {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			require.True(t, options.Known(tc.key))
			var c kernel.Config
			require.NoError(t, options.Apply(&c, tc.key, tc.value))
			tc.check(t, c)
			if strings.HasPrefix(tc.key, "databricks.") {
				var alias kernel.Config
				require.NoError(t, options.Apply(&alias, "adbc."+tc.key, tc.value), "alias adbc.%s", tc.key)
				tc.check(t, alias)
			}
		})
	}
}

func proxyOf(t *testing.T, c kernel.Config) *url.URL {
	t.Helper()
	require.NotNil(t, c.Proxy)
	u, err := c.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "x.example.com"}})
	require.NoError(t, err)
	return u
}

func writeCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sealane test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	return path
}

func TestConfigFromOptionsOrder(t *testing.T) {
	cfg, err := options.ToConfig(map[string]string{
		"databricks.port":            "8443",
		"databricks.server_hostname": "h2.example.com",
		"uri":                        "token:" + secretToken + "@h1.example.com/sql/1.0/warehouses/abc?catalog=c1",
		"adbc.databricks.catalog":    "c2",
		"databricks.proxy.password":  "pw",
		"databricks.proxy.user":      "u",
		"databricks.proxy":           "http://proxy.example.com:3128",
	})
	require.NoError(t, err)
	require.Equal(t, "h2.example.com:8443", cfg.Host, "the specific keys override the uri, the port applies last")
	require.Equal(t, "/sql/1.0/warehouses/abc", cfg.HTTPPath)
	require.Equal(t, secretToken, cfg.AccessToken)
	require.Equal(t, "c2", cfg.Catalog)
	require.Equal(t, "http://u:pw@proxy.example.com:3128", proxyOf(t, cfg).String())

	cfg, err = options.ToConfig(map[string]string{"uri": "http://127.0.0.1:1", "databricks.port": "2"})
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:2", cfg.Host)
}

func TestApplyOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		key, value, want string
	}{
		{"databricks.no_such_key", "x", `unknown option "databricks.no_such_key"`},
		{"adbc.databricks.no_such_key", "x", `unknown option "adbc.databricks.no_such_key"`},
		{"something_else", "x", `unknown option "something_else"`},
		{"databricks.auth.type", "kerberos", `"kerberos" is not supported yet`},
		{"databricks.port", "http", "not a port number"},
		{"databricks.port", "443", "set databricks.server_hostname"},
		{"databricks.session_conf.", "x", "session conf name is empty"},
		{"databricks.cloudfetch.parallel", "0", `"0" is not a positive integer`},
		{"databricks.cloudfetch.prefetch", "many", "not a positive integer"},
		{"databricks.cloudfetch.link_parallel", "0", "not a positive integer"},
		{"databricks.cloudfetch.jdbc_user_agent", "maybe", "true or false"},
		{"databricks.cloudfetch.memory_budget", "256MiB", "not a positive byte count"},
		{"databricks.cloudfetch.link_refresh_margin", "-1s", "not a positive duration"},
		{"databricks.cloudfetch.max_retries", "-2", "not a retry count (0 for none)"},
		{"databricks.batch_rows", "0", "positive row count or -1"},
		{"databricks.retry.max_retries", "1.5", "not a retry count (0 for none)"},
		{"databricks.retry.min_wait", "soon", "not a positive duration"},
		{"databricks.retry.max_wait", "0", "not a positive duration"},
		{"databricks.retry.budget", "1e400", "not a positive duration"},
		{"databricks.timeout.connect", "", "not a positive duration"},
		{"databricks.timeout.request", "5 seconds", "not a positive duration"},
		{"databricks.tls.skip_verify", "maybe", "not true or false"},
		{"databricks.tls.ca_file", "/no/such/ca.pem", "cannot read the CA file"},
		{"databricks.tls.ca_file", os.Args[0], "holds no PEM certificate"},
		{"databricks.proxy", "proxy.example.com", "malformed value"},
		{"databricks.proxy.user", "u", "set databricks.proxy first"},
		{"databricks.proxy.password", secretToken, "set databricks.proxy first"},
		{"uri", "ftp://h.example.com", "DSN scheme"},
		{"uri", "token:" + secretToken + "@/sql/1.0/warehouses/abc", "DSN has no host"},
		{"uri", "token:" + secretToken + "@h%zz/x", "malformed"},
	} {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			var c kernel.Config
			err := options.Apply(&c, tc.key, tc.value)
			require.ErrorIs(t, err, kernel.ErrInvalidArgument)
			require.ErrorContains(t, err, tc.want)
			require.Contains(t, err.Error(), tc.key, "errors name the key")
			require.NotContains(t, err.Error(), secretToken, "errors never echo a token")
		})
	}
	_, err := options.ToConfig(map[string]string{"databricks.access_token": secretToken, "bogus": "1"})
	require.ErrorContains(t, err, `"bogus"`)
	require.NotContains(t, err.Error(), secretToken)
}

func TestOptionHelpers(t *testing.T) {
	require.Equal(t, "databricks.http_path", options.Canonical("adbc.databricks.http_path"))
	require.Equal(t, "adbc.connection.catalog", options.Canonical("adbc.connection.catalog"))
	for _, k := range []string{"databricks.access_token", "adbc.databricks.access_token", "databricks.proxy.password", "uri", "databricks.proxy"} {
		require.True(t, options.Secret(k), k)
	}
	require.False(t, options.Secret("databricks.http_path"))
	require.True(t, options.Known("adbc.databricks.retry.budget"))
	require.True(t, options.Known("databricks.session_conf.TIMEZONE"))
	require.False(t, options.Known("databricks.session_conf."))
	require.False(t, options.Known("databricks.nope"))
}
