package kernel_test

import (
	"strings"
	"testing"

	"github.com/sealane/sealane/internal/echo"
	"github.com/sealane/sealane/kernel"
)

// secretSlots are the places a DSN carries a secret; FuzzParseDSN plants
// its secret in one of them.
var secretSlots = []string{"token:%s@", "accessToken=%s", "clientSecret=%s"}

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
		if !echo.MayBeSecret(secret) || strings.Contains(prefix, secret) || strings.Contains(suffix, secret) {
			return
		}
		planted := strings.Replace(secretSlots[int(slot)%len(secretSlots)], "%s", secret, 1)
		dsn := prefix + planted + suffix
		if _, err := kernel.ParseDSN(dsn); err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("ParseDSN(%q) error shows the secret: %v", dsn, err)
		}
	})
}
