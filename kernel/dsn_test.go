package kernel

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel/auth"
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

	cfg, err = ParseDSN("token:t@h/sql/1.0/warehouses/w?cloudFetchLinkParallel=3&cloudFetchJDBCUserAgent=true")
	require.NoError(t, err)
	require.Equal(t, 3, cfg.CloudFetch.LinkParallel)
	require.True(t, cfg.CloudFetch.JDBCUserAgent)
	require.Empty(t, cfg.Compression, "LZ4 unless asked otherwise")

	cfg, err = ParseDSN("token:t@h/sql/1.0/warehouses/w?compression=none")
	require.NoError(t, err)
	require.Equal(t, CompressionNone, cfg.Compression)
	cfg, err = ParseDSN("token:t@h/sql/1.0/warehouses/w?compression=LZ4")
	require.NoError(t, err)
	require.Equal(t, CompressionLZ4, cfg.Compression)

	cfg, err = ParseDSN("http://token:t@127.0.0.1:8080/sql/1.0/warehouses/local")
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080", cfg.Host)
	ep, err := cfg.resolve()
	require.NoError(t, err)
	require.Equal(t, "local", ep.warehouseID)
}

func TestParseDSNErrors(t *testing.T) {
	for dsn, want := range map[string]string{
		"token:t@h/sql/1.0/warehouses/w?nope=1":                      `unknown DSN parameter "nope"`,
		"token:t@h/sql/1.0/warehouses/w?timeout=soon":                "not a positive duration",
		"token:t@h/sql/1.0/warehouses/w?cloudFetchLinkParallel=0":    "not a positive integer",
		"token:t@h/sql/1.0/warehouses/w?cloudFetchJDBCUserAgent=mby": "not true or false",
		"token:t@h/sql/1.0/warehouses/w?compression=zstd":            "not lz4 or none",
		"ftp://token:t@h/x":             "DSN scheme",
		"user:t@h/sql/1.0/warehouses/w": `user must be "token"`,
		"token:secret-token@:%zz/sql":   "malformed",
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

func TestSessionConfAllowList(t *testing.T) {
	require.NoError(t, checkSessionConfs(map[string]string{"timezone": "UTC", "STATEMENT_TIMEOUT": "10", "Ansi_Mode": "true"}))
	err := checkSessionConfs(map[string]string{"spark.sql.shuffle.partitions": "8"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.ErrorContains(t, err, `"spark.sql.shuffle.partitions"`)
}

// TestParseDSNOAuth: databricks-sql-go's authType, accessToken, clientID
// (or clientId) and clientSecret map onto AuthType, AccessToken and OAuth.
func TestParseDSNOAuth(t *testing.T) {
	const base = "adb-1.azuredatabricks.net:443/sql/1.0/warehouses/abc?"
	for _, tt := range []struct {
		query          string
		typ, id, token string
		secret         string
	}{
		{"authType=OauthM2M&clientID=sp&clientSecret=s3cr%2Ft%26x", auth.TypeOAuthM2M, "sp", "", "s3cr/t&x"},
		{"authType=oauthm2m&clientId=sp&clientSecret=s", auth.TypeOAuthM2M, "sp", "", "s"},
		{"clientID=sp&clientSecret=s", auth.TypeOAuthM2M, "sp", "", "s"}, // no authType: M2M, as databricks-sql-go
		{"authType=oauth-m2m&clientID=sp&clientSecret=s", auth.TypeOAuthM2M, "sp", "", "s"},
		{"authType=OauthU2M", auth.TypeOAuthU2M, "", "", ""},
		{"authType=OAUTHU2M&clientID=my-app&catalog=c", auth.TypeOAuthU2M, "my-app", "", ""},
		{"authType=Pat&accessToken=dapi1", auth.TypePAT, "", "dapi1", ""},
		{"accessToken=dapi1", "", "", "dapi1", ""},
		{"authType=&clientID=&catalog=c", "", "", "", ""}, // empty values are absent
	} {
		cfg, err := ParseDSN(base + tt.query)
		require.NoError(t, err, tt.query)
		require.Equal(t, tt.typ, cfg.AuthType, tt.query)
		require.Equal(t, tt.id, cfg.OAuth.ClientID, tt.query)
		require.Equal(t, tt.secret, cfg.OAuth.ClientSecret, tt.query)
		require.Equal(t, tt.token, cfg.AccessToken, tt.query)
		require.Equal(t, "https://adb-1.azuredatabricks.net:443", cfg.Host, tt.query)
	}
	cfg, err := ParseDSN("token:dapi2@h/sql/1.0/warehouses/w?authType=Pat")
	require.NoError(t, err)
	require.Equal(t, auth.TypePAT, cfg.AuthType)
	require.Equal(t, "dapi2", cfg.AccessToken)

	cfg, err = ParseDSN(base + "authType=OauthU2M")
	require.NoError(t, err)
	typ, err := AuthTypeOf(cfg)
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthU2M, typ, "the kernel's own resolution agrees")
}

// TestParseDSNOAuthErrors: each error names the offending keys and never
// carries a token or a secret.
func TestParseDSNOAuthErrors(t *testing.T) {
	const secret = "TOP-SECRET-9x"
	const base = "h.example.com/sql/1.0/warehouses/w?"
	for query, want := range map[string]string{
		"authType=OauthM2M&clientID=sp":                                 "authType=OauthM2M needs clientSecret",
		"authType=OauthM2M&clientSecret=" + secret:                      "authType=OauthM2M needs clientID",
		"authType=OauthM2M":                                             "needs clientID and clientSecret",
		"clientSecret=" + secret:                                        "needs clientID",
		"authType=Bogus&clientSecret=" + secret:                         `authType="Bogus" is not an auth type`,
		"authType=azure-client-secret&clientSecret=" + secret:           "is not an auth type",
		"authType=Pat":                                                  "authType=Pat needs accessToken",
		"authType=OauthU2M&accessToken=" + secret:                       "accessToken goes with authType=Pat only",
		"authType=Pat&accessToken=x&clientSecret=" + secret:             "clientID and clientSecret need authType=OauthM2M or OauthU2M",
		"clientID=a&clientId=b&clientSecret=" + secret:                  "clientID and clientId disagree",
		"authType=OauthM2M&clientID=sp&clientSecret=%zz" + secret:       `parameter "clientSecret" has a malformed %-escape`,
		"authType=OauthM2M&clientID=sp&client%zzSecret=" + secret:       "parameter name with a malformed %-escape",
		"authType=OauthM2M&clientID=sp&clientSecret=" + secret + "&x=1": `unknown DSN parameter "x"`,
	} {
		_, err := ParseDSN(base + query)
		require.ErrorIs(t, err, ErrInvalidArgument, query)
		require.ErrorContains(t, err, want, query)
		require.NotContains(t, err.Error(), secret, query)
	}
	for dsn, want := range map[string]string{
		"token:" + secret + "@" + base + "authType=OauthM2M&clientID=a&clientSecret=b": "sets a token (token:<PAT>@) and authType=OauthM2M",
		"token:" + secret + "@" + base + "accessToken=" + secret:                       "sets a token twice",
	} {
		_, err := ParseDSN(dsn)
		require.ErrorIs(t, err, ErrInvalidArgument, dsn)
		require.ErrorContains(t, err, want, dsn)
		require.NotContains(t, err.Error(), secret, dsn)
	}
}

// TestParseDSNErrorsHideSecrets covers the mistakes issue 14 found echoing
// the token: a token user written before the scheme, a second '?' that
// makes the token part of another parameter's value, a token where the
// host should be, and a token pasted as a parameter name.
func TestParseDSNErrorsHideSecrets(t *testing.T) {
	const secret = "dapiSECRET42"
	for _, dsn := range []string{
		"token:" + secret + "@https://host/sql/1.0/warehouses/w",
		"https://host/sql/1.0/warehouses/w?timeout=30s?accessToken=" + secret,
		"https://token:" + secret,
		"https://host:" + secret + "/p",
		"https://host/p?" + secret + "0123456789",
		"https://host/p?authType=" + secret + "0123456789",
		"https://host/p?accessToken=" + secret + "%zz",
	} {
		_, err := ParseDSN(dsn)
		require.ErrorIs(t, err, ErrInvalidArgument, dsn)
		require.NotContains(t, err.Error(), secret, dsn)
	}
	_, err := ParseDSN("ftp://host/p")
	require.ErrorContains(t, err, `DSN scheme "ftp"`, "a real scheme is still named")
	_, err = ParseDSN("https://host/p?catalgo=x")
	require.ErrorContains(t, err, `unknown DSN parameter "catalgo"`, "a name is still named")
}
