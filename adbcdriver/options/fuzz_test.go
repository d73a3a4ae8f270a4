package options_test

import (
	"strings"
	"testing"

	"github.com/sealane/sealane/adbcdriver/options"
	"github.com/sealane/sealane/internal/echo"
	"github.com/sealane/sealane/kernel"
)

// fuzzKeys are option keys whose values FuzzOptionSecrets feeds with a
// secret planted in them: the secret ones and ordinary ones a token may be
// pasted into by mistake.
var fuzzKeys = []string{
	options.URI, options.AccessToken, options.AuthClientSecret, options.TimeoutRequest,
	options.Port, options.AuthType, options.BatchRows, options.Proxy, options.TLSSkipVerify,
}

// fuzzSlots are the places a DSN (the uri option) carries a secret.
var fuzzSlots = []string{"token:%s@", "accessToken=%s", "clientSecret=%s"}

// FuzzOptionSecrets plants a secret in option values (a DSN for the uri
// option, or arbitrary text around it) and checks that Apply never panics
// and that no error text contains the secret.
func FuzzOptionSecrets(f *testing.F) {
	const secret = "dapiSECRET42abcdef0123456789"
	for _, seed := range []struct {
		prefix, suffix string
		slot           uint8
	}{
		{"", "https://host/sql/1.0/warehouses/w", 0},
		{"https://", "host:12x/p", 0},
		{"host/p?timeout=30s?", "", 1},
		{"host/p?authType=OauthM2M&clientID=c&", "", 2},
		{"host/p?", "&authType=Bogus", 4},
		{"host/p?x%zz", "", 5},
		{"ftp://", "host/p", 7},
		{"http://u:", "@proxy:3128", 8},
	} {
		f.Add(seed.prefix, secret, seed.suffix, seed.slot)
	}
	f.Fuzz(func(t *testing.T, prefix, secret, suffix string, slot uint8) {
		if !echo.MayBeSecret(secret) || strings.Contains(prefix, secret) || strings.Contains(suffix, secret) {
			return
		}
		dsn := prefix + strings.Replace(fuzzSlots[int(slot)%len(fuzzSlots)], "%s", secret, 1) + suffix
		key := fuzzKeys[int(slot)%len(fuzzKeys)]
		for _, value := range []string{dsn, prefix + secret + suffix} {
			var cfg kernel.Config
			if err := options.Apply(&cfg, key, value); err != nil && strings.Contains(err.Error(), secret) {
				t.Fatalf("Apply(%s, %q) error shows the secret: %v", key, value, err)
			}
		}
	})
}
