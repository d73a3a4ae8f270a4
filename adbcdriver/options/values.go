package options

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sealane/sealane/internal/echo"
)

// Parsers of option values (see options.go).

// withPort replaces the port of a host or URL.
func withPort(host string, port int) (string, error) {
	scheme := ""
	if s, rest, ok := strings.Cut(host, "://"); ok {
		scheme, host = s+"://", rest
	}
	host, _, _ = strings.Cut(host, "/")
	u, err := url.Parse("x://" + host)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("the host has no host name: %s", echo.Value(host))
	}
	h := u.Hostname()
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	return scheme + h + ":" + strconv.Itoa(port), nil
}

func positiveInt(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("a positive integer")
	}
	return n, nil
}

// retries reads a retry count: 0 means none, which kernel.Config spells
// as a negative count (its zero value means the default).
func retries(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("a retry count (0 for none)")
	}
	if n == 0 {
		return -1, nil
	}
	return n, nil
}

// duration reads a Go duration or a number of seconds.
func duration(v string) (time.Duration, error) {
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 || math.IsInf(s, 0) || s > float64(math.MaxInt64/int64(time.Second)) {
			return 0, fmt.Errorf("a positive duration")
		}
		return time.Duration(s * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("a positive duration")
	}
	return d, nil
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

func cloneTLS(c *tls.Config) *tls.Config {
	if c == nil {
		return &tls.Config{}
	}
	return c.Clone()
}

func loadCAFile(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the CA file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%q holds no PEM certificate", path)
	}
	return pool, nil
}
