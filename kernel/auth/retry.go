package auth

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/sealane/sealane/kernel/internal/retry"
)

// Token requests (OAuth discovery, the token grants, Entra ID) are retried
// by the kernel's rules (kernel/internal/retry: Retryable, Backoff,
// Retry-After) with
// the caps the DBSQL retry specification gives authentication requests: at
// most authMaxRetries retries within authRetryBudget (sea-protocol §6.4),
// and never more than Config.Retry allows. The retries happen inside
// Authorize, below the API call, so a failed token request is not retried
// twice over.
const (
	authMaxRetries  = 3
	authRetryBudget = 30 * time.Second
)

// RetryPolicy tunes the retries of token requests; the kernel passes its
// Config.Retry. Zero fields mean the defaults; the caps below apply.
type RetryPolicy struct {
	MaxRetries int           // default 3, at most 3; negative for none
	MinWait    time.Duration // default 1s
	MaxWait    time.Duration // default 60s
	Budget     time.Duration // overall, default and at most 30s
}

// authRetryPolicy is cfg's retry policy capped for token requests, with the
// defaults applied (Authorize may run before Connect fills them in).
func authRetryPolicy(cfg RetryPolicy) RetryPolicy {
	p := cfg
	switch {
	case p.MaxRetries == 0:
		p.MaxRetries = authMaxRetries
	case p.MaxRetries > authMaxRetries:
		p.MaxRetries = authMaxRetries
	}
	if p.MinWait <= 0 {
		p.MinWait = time.Second
	}
	if p.MaxWait <= 0 {
		p.MaxWait = 60 * time.Second
	}
	if p.Budget <= 0 || p.Budget > authRetryBudget {
		p.Budget = authRetryBudget
	}
	return p
}

// tokenRetryTransport retries failed token requests. Which failures are
// retried depends on whether the request may be repeated:
//
//   - discovery (GET) and the client credentials grant (M2M, Entra ID)
//     are idempotent: every failure but the non-retryable 4xx (400, 401,
//     403, …), transport errors included;
//   - the authorization code and refresh grants carry a single-use value:
//     only answers that say the request was not served (429, 503) and
//     connections that never opened.
//
// Bodies are replayed with Request.GetBody; a request without one is sent
// once.
type tokenRetryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
	logger *slog.Logger
}

// withTokenRetries returns a copy of hc whose transport retries token
// requests per the policy.
func withTokenRetries(hc *http.Client, policy RetryPolicy, logger *slog.Logger) *http.Client {
	cp := *hc
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = &tokenRetryTransport{base: base, policy: policy, logger: logger}
	return &cp
}

// RoundTrip implements http.RoundTripper.
func (t *tokenRetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.policy.MaxRetries < 0 || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return t.base.RoundTrip(req)
	}
	ctx := req.Context()
	idempotent := repeatableTokenRequest(req)
	start := time.Now()
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := t.base.RoundTrip(r)
		status, retryAfter, cause := 0, time.Duration(0), err
		if err == nil {
			if resp.StatusCode < 400 {
				return resp, nil
			}
			status, retryAfter = resp.StatusCode, retry.RetryAfter(resp.Header.Get("Retry-After"))
		} else {
			cause = &retry.TransportError{Op: "token request", Err: err}
		}
		if attempt >= t.policy.MaxRetries || ctx.Err() != nil || !tokenRetryable(idempotent, status, retryAfter, cause) {
			return resp, err
		}
		wait := retry.Backoff(attempt+1, t.policy.MinWait, t.policy.MaxWait, retryAfter)
		if time.Since(start)+wait > t.policy.Budget {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
		// The URL without its query, the status, never the body or headers.
		t.logger.LogAttrs(ctx, slog.LevelWarn, "token request failed, retrying", slog.String("url", redactURL(req.URL.String())),
			slog.Int("status", status), slog.Int("attempt", attempt), slog.Duration("wait", wait))
		if err := retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// tokenRetryable is retryable for token requests: a single-use grant is
// also retried on 503 without Retry-After, which says it was not served.
func tokenRetryable(idempotent bool, status int, retryAfter time.Duration, err error) bool {
	if !idempotent && status == http.StatusServiceUnavailable {
		return true
	}
	return retry.Retryable(idempotent, status, retryAfter, err)
}

// repeatableTokenRequest reports whether sending req twice is harmless: a
// GET, or a POST of the client credentials grant.
func repeatableTokenRequest(req *http.Request) bool {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return true
	}
	if req.GetBody == nil {
		return false
	}
	body, err := req.GetBody()
	if err != nil {
		return false
	}
	defer func() { _ = body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(body, 64<<10))
	if err != nil {
		return false
	}
	form, err := url.ParseQuery(string(raw))
	return err == nil && form.Get("grant_type") == "client_credentials"
}
