package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sealane/sealane/kernel"
)

// connectError says why the server could not be reached, and what was
// tried. It wraps the network error (errors.Is(err, syscall.ECONNREFUSED)).
type connectError struct {
	addr  string // host:port dialled
	url   string // the base URL it came from
	cause string // refused, DNS, timeout, TLS …
	err   error
}

func (e *connectError) Error() string {
	return fmt.Sprintf("cannot reach %s (%s): %s: %v", e.addr, e.url, e.cause, e.err)
}

func (e *connectError) Unwrap() error { return e.err }

// baseURL is the server's URL for a kernel Host ("adb-1.net", "host:443",
// "http://127.0.0.1:8080").
func baseURL(host string) (*url.URL, error) {
	if !strings.Contains(host, "://") {
		host = "https://" + host
	}
	u, err := url.Parse(host)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("query: %w: host %q is not a host name or URL", kernel.ErrInvalidArgument, host)
	}
	return u, nil
}

// probe dials the server once (and, for https, shakes hands) so that a
// server that cannot be reached fails at once with the cause, instead of
// after the kernel's retries. It is skipped when a proxy carries the
// traffic (the proxy, not this machine, dials the server).
func probe(ctx context.Context, cfg kernel.Config, timeout time.Duration) error {
	if cfg.HTTPClient != nil || cfg.Proxy != nil {
		return nil
	}
	u, err := baseURL(cfg.Host)
	if err != nil {
		return err
	}
	req := &http.Request{URL: u}
	if p, err := http.ProxyFromEnvironment(req); err != nil || p != nil {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	addr := net.JoinHostPort(u.Hostname(), port)
	fail := func(cause string, err error) error {
		return &connectError{addr: addr, url: u.Scheme + "://" + u.Host, cause: cause, err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail(dialCause(err, timeout), err)
	}
	defer func() { _ = c.Close() }()
	if u.Scheme != "https" {
		return nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLS != nil {
		tc = cfg.TLS.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = u.Hostname()
	}
	if err := tls.Client(c, tc).HandshakeContext(ctx); err != nil {
		return fail(tlsCause(err), err)
	}
	return nil
}

// dialCause names the kind of a dial failure.
func dialCause(err error, timeout time.Duration) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return "the host name does not resolve (DNS)"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on that port)"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return fmt.Sprintf("no answer within %s (wrong host or port, or a firewall)", timeout)
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "the network or host is unreachable"
	}
	return "the connection failed"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// tlsCause names the kind of a TLS handshake failure.
func tlsCause(err error) string {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var rec tls.RecordHeaderError
	switch {
	case errors.As(err, &unknown):
		return "TLS: the server's certificate is signed by an unknown authority"
	case errors.As(err, &host):
		return "TLS: the server's certificate is not for this host name"
	case errors.As(err, &invalid):
		return "TLS: the server's certificate is not valid"
	case errors.As(err, &rec):
		return "TLS: the server does not speak TLS (an http:// URL?)"
	}
	return "TLS handshake failed"
}

// explainConnect adds what to check to a failure to open the session.
func explainConnect(err error) error {
	switch {
	case errors.Is(err, kernel.ErrUnauthenticated):
		return fmt.Errorf("the server refused the credentials (HTTP 401; check --token, DATABRICKS_TOKEN or the profile): %w", err)
	case errors.Is(err, kernel.ErrPermissionDenied):
		return fmt.Errorf("the credentials may not use this warehouse (HTTP 403): %w", err)
	}
	return err
}

// retryNotes is a slog handler that prints the kernel's warnings on stderr
// — retried API calls as "sealane: open session failed (HTTP 503: …),
// retry 1 in 1.2s" — so that a retried call is not silent.
type retryNotes struct {
	w     io.Writer
	mu    *sync.Mutex
	tries map[string]int // retries so far, by operation
}

func newRetryNotes(w io.Writer) retryNotes {
	return retryNotes{w: w, mu: &sync.Mutex{}, tries: map[string]int{}}
}

func (h retryNotes) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h retryNotes) Handle(_ context.Context, r slog.Record) error {
	attrs := map[string]slog.Value{}
	r.Attrs(func(a slog.Attr) bool {
		attrs[a.Key] = a.Value
		return true
	})
	var line string
	if wait, ok := attrs["wait"]; ok && attrs["op"].String() != "" {
		op := attrs["op"].String()
		h.mu.Lock()
		h.tries[op]++
		n := h.tries[op]
		h.mu.Unlock()
		cause := strings.TrimPrefix(strings.TrimPrefix(attrs["error"].String(), "sealane: "), op+": ")
		if status := attrs["status"].Int64(); status != 0 && !strings.Contains(cause, strconv.FormatInt(status, 10)) {
			cause = fmt.Sprintf("HTTP %d: %s", status, cause)
		}
		line = fmt.Sprintf("sealane: %s failed (%s), retry %d in %s", op, cause, n,
			wait.Duration().Round(100*time.Millisecond))
	} else {
		var b strings.Builder
		b.WriteString("sealane: " + r.Message)
		for k, v := range attrs {
			fmt.Fprintf(&b, " %s=%v", k, v)
		}
		line = b.String()
	}
	_, err := fmt.Fprintln(h.w, line)
	return err
}

func (h retryNotes) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h retryNotes) WithGroup(string) slog.Handler      { return h }
