package warehouse_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// linkedResult runs a small EXTERNAL_LINKS Arrow query and returns the
// statement and its first link.
func linkedResult(t *testing.T, c *rawsea.Client) (*sea.StatementResponse, sea.ExternalLink) {
	t.Helper()
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT id FROM range(1000)", WaitTimeout: "10s",
		Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream})
	require.Len(t, resp.Result.ExternalLinks, 1)
	return resp, resp.Result.ExternalLinks[0]
}

// download GETs a link with exactly the given headers.
func download(t *testing.T, link string, header map[string]string) (int, string) {
	t.Helper()
	status, h, body := rawHTTP(t, http.MethodGet, link, "", header)
	if status != http.StatusOK {
		require.Equal(t, "application/xml", h.Get("Content-Type"), "storage errors are XML")
		require.True(t, strings.HasPrefix(string(body), "<?xml"), "%s", body)
		require.Contains(t, string(body), "<Error><Code>")
	}
	return status, string(body)
}

// requireValues checks that b is the Arrow stream of ids 0..999.
func requireValues(t *testing.T, b []byte) {
	t.Helper()
	require.Equal(t, sequence(1000), int64s(t, decodeArrow(t, [][]byte{b}, "", false), 0))
}

func TestLinkRejectsAuthorization(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	_, link := linkedResult(t, c)
	require.True(t, strings.HasPrefix(link.ExternalLink, c.BaseURL+"/"), "an absolute URL: %s", link.ExternalLink)
	status, body := download(t, link.ExternalLink, map[string]string{"Authorization": "Bearer " + testToken})
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, body, "Authorization")

	status, body = download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, []byte(body))
}

func TestLinkTampered(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp, link := linkedResult(t, c)
	u, err := url.Parse(link.ExternalLink)
	require.NoError(t, err)

	tamper := func(f func(q url.Values, u *url.URL)) string {
		v := *u
		q := v.Query()
		f(q, &v)
		v.RawQuery = q.Encode()
		return v.String()
	}
	for name, bad := range map[string]string{
		"sig": tamper(func(q url.Values, _ *url.URL) {
			sig := q.Get("sig")
			flip := "0"
			if sig[0] == '0' {
				flip = "1"
			}
			q.Set("sig", flip+sig[1:])
		}),
		"no sig":   tamper(func(q url.Values, _ *url.URL) { q.Del("sig") }),
		"exp":      tamper(func(q url.Values, _ *url.URL) { q.Set("exp", "9999999999") }),
		"chunk":    tamper(func(_ url.Values, v *url.URL) { v.Path = strings.TrimSuffix(v.Path, "/0") + "/1" }),
		"other id": strings.Replace(link.ExternalLink, resp.StatementID, "01ee0000-0000-0000-0000-000000000000", 1),
	} {
		status, body := download(t, bad, nil)
		require.Equal(t, http.StatusForbidden, status, "%s: %s", name, body)
		require.Contains(t, body, "SignatureDoesNotMatch", name)
	}
}

// TestLinkExpiry: an expired link answers 403 "Request has expired"; the
// chunk endpoint mints a fresh one.
func TestLinkExpiry(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{LinkTTL: time.Second})
	before := time.Now()
	resp, link := linkedResult(t, c)
	require.False(t, link.Expiration.Before(before.Add(time.Second)), "a link lives at least LinkTTL: expires %v, issued after %v", link.Expiration, before)
	require.True(t, link.Expiration.Before(time.Now().Add(3*time.Second)), "expiration %v", link.Expiration)
	b, status, err := c.Download(t.Context(), link)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)

	time.Sleep(time.Until(link.Expiration.Time) + 100*time.Millisecond)
	status, body := download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, body, "Request has expired")

	data, err := c.Chunk(t.Context(), resp.StatementID, 0)
	require.NoError(t, err)
	fresh := data.ExternalLinks[0]
	require.Equal(t, 0, fresh.ChunkIndex)
	require.True(t, fresh.Expiration.After(link.Expiration.Time))
	b, status, err = c.Download(t.Context(), fresh)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)
}

// TestLinkHeaders: with LinkHeaders the signature travels in http_headers,
// which the client must echo.
func TestLinkHeaders(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{LinkHeaders: true})
	_, link := linkedResult(t, c)
	require.NotEmpty(t, link.HTTPHeaders)
	require.NotContains(t, link.ExternalLink, "sig=")

	status, _ := download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusForbidden, status)
	b, status, err := c.Download(t.Context(), link)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)
}

// TestLinkLifetimeFault: links fail early, well before their expiration.
func TestLinkLifetimeFault(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{Faults: faults.Config{LinkLifetime: time.Second}})
	resp, link := linkedResult(t, c)
	issued := time.Now()
	require.True(t, link.Expiration.After(time.Now().Add(10*time.Minute)), "the advertised expiration stays the default")
	b, status, err := c.Download(t.Context(), link)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)

	time.Sleep(time.Until(issued.Add(1200 * time.Millisecond)))
	status, body := download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusForbidden, status)
	require.Contains(t, body, "expired")

	data, err := c.Chunk(t.Context(), resp.StatementID, 0)
	require.NoError(t, err)
	b, status, err = c.Download(t.Context(), data.ExternalLinks[0])
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	requireValues(t, b)
}

func TestClosedStatementLink(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp, link := linkedResult(t, c)
	require.NoError(t, c.Close(t.Context(), resp.StatementID))
	status, body := download(t, link.ExternalLink, nil)
	require.Equal(t, http.StatusNotFound, status)
	require.Contains(t, body, "NoSuchKey")
}
