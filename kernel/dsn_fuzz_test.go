package kernel_test

import (
	"strings"
	"testing"

	"github.com/sealane/sealane/kernel"
)

// secretSlots are the places a DSN carries a secret; FuzzParseDSN plants
// its secret in one of them.
var secretSlots = []string{"token:%s@", "accessToken=%s", "clientSecret=%s"}

// urlSafe are the bytes tokens and client secrets are made of.
const urlSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-"

// plausibleSecret reports whether s looks like a token or client secret:
// longer than anything error messages quote (16 bytes), made of the
// URL-safe characters tokens use, with a digit among them (dapi + hex,
// OAuth secrets and JWTs all have; see echo.Name).
func plausibleSecret(s string) bool {
	if len(s) <= 16 || len(s) > 200 || !strings.ContainsAny(s, "0123456789") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !strings.ContainsRune(urlSafe, rune(c)) {
			return false
		}
	}
	return true
}

// FuzzParseDSN plants a secret in a DSN (as the token user, accessToken or
// clientSecret, with arbitrary text around it) and checks that ParseDSN
// never panics and that no error text contains the secret (the ADBC option
// values get the same treatment in adbcdriver/options, FuzzOptionSecrets) — whatever mistake the text around it makes (a
// token written before the scheme, a second '?', a missing host).
func FuzzParseDSN(f *testing.F) {
	const secret = "dapiSECRET42abcdef0123456789"
	for _, seed := range []struct {
		prefix, suffix string
		slot           uint8
	}{
		{"", "https://host/sql/1.0/warehouses/w", 0},
		{"https://", "host/sql/1.0/warehouses/w", 0},
		{"https://", "", 0},
		{"https://", "host:12x/p", 0},
		{"host/p?timeout=30s?", "", 1},
		{"host/p?authType=OauthM2M&clientID=c&", "", 2},
		{"host/p?", "&authType=Bogus", 1},
		{"host/p?authType=", "", 0},
		{"host/p?x%zz", "", 1},
		{"host/p?", "%zz", 2},
		{"ftp://", "host/p", 0},
	} {
		f.Add(seed.prefix, secret, seed.suffix, seed.slot)
	}
	f.Fuzz(func(t *testing.T, prefix, secret, suffix string, slot uint8) {
		if !plausibleSecret(secret) || strings.Contains(prefix, secret) || strings.Contains(suffix, secret) {
			return
		}
		planted := strings.Replace(secretSlots[int(slot)%len(secretSlots)], "%s", secret, 1)
		dsn := prefix + planted + suffix
		if _, err := kernel.ParseDSN(dsn); err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("ParseDSN(%q) error shows the secret: %v", dsn, err)
		}
	})
}
