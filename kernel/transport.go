package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/sealane/sealane/kernel/auth"
	"github.com/sealane/sealane/kernel/internal/retry"
	"github.com/sealane/sealane/sea"
)

// Version is the kernel's version, sent in the User-Agent.
const Version = "0.1.0"

// jdbcUserAgent starts the User-Agent when CloudFetch.JDBCUserAgent is set:
// the service answers that agent with every chunk link at once.
const jdbcUserAgent = "DatabricksJDBCDriverOSS/3.0.0"

// apiClient sends SEA API calls with authentication and the standard DBSQL
// retry rules.
type apiClient struct {
	ep        endpoint
	cfg       *Config
	http      *http.Client
	userAgent string
}

func newAPIClient(cfg *Config, ep endpoint) *apiClient {
	hc := cfg.HTTPClient
	if hc == nil {
		proxy := cfg.Proxy
		if proxy == nil {
			proxy = http.ProxyFromEnvironment
		}
		hc = &http.Client{Transport: &http.Transport{
			Proxy:                 proxy,
			DialContext:           (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSClientConfig:       cfg.TLS,
			TLSHandshakeTimeout:   cfg.ConnectTimeout,
			ResponseHeaderTimeout: cfg.RequestTimeout,
			MaxIdleConnsPerHost:   64,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}}
	}
	ua := "sealane-go/" + Version + " (" + runtime.Version() + ")"
	if cfg.CloudFetch.JDBCUserAgent {
		ua = jdbcUserAgent + " " + ua
	}
	if cfg.UserAgentEntry != "" {
		ua += " " + cfg.UserAgentEntry
	}
	return &apiClient{ep: ep, cfg: cfg, http: hc, userAgent: ua}
}

// call describes one API request.
type call struct {
	op         string // for errors: "execute", "get statement", …
	method     string
	path       string // relative to /api/2.0/sql
	body       any
	idempotent bool   // everything but execute
	statement  string // statement id, for errors
}

// do sends c, retrying per the rules, and decodes a 2xx JSON answer into out.
func (a *apiClient) do(ctx context.Context, c call, out any) error {
	var payload []byte
	if c.body != nil {
		var err error
		if payload, err = json.Marshal(c.body); err != nil {
			return fmt.Errorf("sealane: %s: encode request: %w", c.op, err)
		}
	}
	start := time.Now()
	reauthorized := false
	for attempt := 0; ; attempt++ {
		t0 := time.Now()
		status, retryAfter, err := a.once(ctx, c, payload, out)
		a.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "sea call", slog.String("op", c.op), slog.String("method", c.method),
			slog.String("path", pathOnly(c.path)), slog.Int("status", status), slog.Int("attempt", attempt),
			slog.Duration("duration", time.Since(t0)), slog.String("statement_id", c.statement))
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("sealane: %s: %w", c.op, context.Cause(ctx))
		}
		if _, ok := a.cfg.Auth.(auth.Refresher); ok && status == http.StatusUnauthorized && !reauthorized {
			// once invalidated the rejected credentials: retry once with new
			// ones, at once and whatever the call (a 401 ran nothing).
			reauthorized = true
			attempt--
			continue
		}
		if attempt >= a.cfg.Retry.MaxRetries || !retry.Retryable(c.idempotent, status, retryAfter, err) {
			return err
		}
		wait := retry.Backoff(attempt+1, a.cfg.Retry.MinWait, a.cfg.Retry.MaxWait, retryAfter)
		if time.Since(start)+wait > a.cfg.Retry.Budget {
			return err
		}
		a.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "sea call failed, retrying", slog.String("op", c.op),
			slog.Int("status", status), slog.Duration("wait", wait), slog.String("error", err.Error()))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("sealane: %s: %w", c.op, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// once sends one attempt. It returns the HTTP status (0 when no response
// arrived) and the Retry-After delay the server asked for.
func (a *apiClient) once(ctx context.Context, c call, payload []byte, out any) (int, time.Duration, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, a.ep.baseURL+sea.APIPrefix+c.path, body)
	if err != nil {
		return 0, 0, fmt.Errorf("sealane: %s: %w", c.op, err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", a.userAgent)
	req.Header.Set("Accept", "application/json")
	if a.ep.orgID != "" {
		req.Header.Set("X-Databricks-Org-Id", a.ep.orgID)
	}
	for k, v := range a.cfg.Headers {
		req.Header.Set(k, v)
	}
	if err := a.cfg.Auth.Authorize(ctx, req); err != nil {
		return 0, 0, fmt.Errorf("sealane: %s: authorize: %w", c.op, err)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return 0, 0, &retry.TransportError{Op: c.op, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	if r, ok := a.cfg.Auth.(auth.Refresher); ok && resp.StatusCode == http.StatusUnauthorized {
		r.Invalidate(req)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, 0, &retry.TransportError{Op: c.op, Err: err}
	}
	if resp.StatusCode/100 == 2 {
		if out == nil || len(bytes.TrimSpace(raw)) == 0 {
			return resp.StatusCode, 0, nil
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, 0, fmt.Errorf("sealane: %s: malformed response: %w", c.op, err)
		}
		return resp.StatusCode, 0, nil
	}
	var body2 sea.ErrorResponse
	_ = json.Unmarshal(raw, &body2)
	if body2.Message == "" {
		body2.Message = http.StatusText(resp.StatusCode)
	}
	return resp.StatusCode, retry.RetryAfter(resp.Header.Get("Retry-After")), &Error{
		HTTPStatus: resp.StatusCode, ErrorCode: body2.ErrorCode, Message: body2.Message,
		Op: c.op, StatementID: c.statement, class: classOf(resp.StatusCode),
	}
}

// pathOnly drops a query string (never logged).
func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}
