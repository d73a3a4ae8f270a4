package results

import (
	"context"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/sea"
)

// Fetcher fetches result chunk k through
// GET /statements/{id}/result/chunks/{k}. The kernel implements it with its
// retrying, authenticated API client. Each call mints fresh links, so the
// reader also uses it to refresh expired ones. It is called from several
// goroutines at once and must honour ctx.
type Fetcher interface {
	Chunk(ctx context.Context, k int) (*sea.ResultData, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, k int) (*sea.ResultData, error)

// Chunk calls f.
func (f FetcherFunc) Chunk(ctx context.Context, k int) (*sea.ResultData, error) { return f(ctx, k) }

// Config tunes a reader. The zero value of a field means its default; for
// the counts a negative value means none (no refresh, no retry, no
// coalescing).
type Config struct {
	// HTTP downloads external links. It must be a plain client, not the
	// authenticated API client: the reader never sets Authorization and
	// sends only the link's own http_headers. Default http.DefaultClient.
	HTTP *http.Client
	// Parallel is the number of downloads in flight, and the most chunks
	// downloads run ahead of the one being read: they run 2 chunks ahead,
	// and one chunk further at a time, up to Parallel, only while each
	// step makes chunks reach the reader at least 10% faster (see
	// windowProbe). Default 8.
	Parallel int
	// Prefetch is how many chunks' links are fetched ahead of the chunk
	// being read. Default 32.
	Prefetch int
	// LinkParallel is the number of chunk-link requests (GET
	// …/result/chunks/{k}) in flight while paging through the links of
	// the Prefetch window. Default 16; 1 fetches them one after another.
	LinkParallel int
	// MemoryBudget bounds the bytes downloaded but not yet decoded, counted
	// as received (compressed). A chunk larger than the budget is still
	// downloaded, alone. Decoded batches waiting for the reader are not
	// counted: at most 8 MiB for each of up to four chunks decoding ahead.
	// Default 256 MiB.
	MemoryBudget int64
	// RefreshMargin: a link whose expiration is nearer than this is
	// refreshed before a download attempt. Default 60s.
	RefreshMargin time.Duration
	// MaxRefreshes caps refreshes per chunk after a 401, 403 or 404.
	// Default 3.
	MaxRefreshes int
	// MaxRetries caps retries per chunk after transport errors, truncated
	// or undecodable bodies, and HTTP 408, 429, 500, 502, 503 and 504.
	// Default 5.
	MaxRetries int
	// RetryMin and RetryMax bound the exponential backoff (with jitter)
	// between retries; a Retry-After header replaces it, clamped to the
	// same bounds. Defaults 100ms and 5s.
	RetryMin, RetryMax time.Duration
	// IdleTimeout aborts (and retries) a download that receives no byte for
	// this long, response headers included. It is an idle-read timeout,
	// not a deadline on the whole body. Default 60s.
	IdleTimeout time.Duration
	// BatchRows coalesces consecutive batches, across chunk boundaries,
	// until they hold at least this many rows; batches are never split.
	// Default 131072; negative disables coalescing.
	BatchRows int
	// Allocator allocates every Arrow buffer the reader returns. Default
	// memory.DefaultAllocator.
	Allocator memory.Allocator
	// StatementID names the statement in error messages.
	StatementID string
	// TimeZone is the session time zone given to TIMESTAMP columns of
	// schemas derived from the manifest. Default "Etc/UTC".
	TimeZone string
	// Now is the clock used for link expiry. Default time.Now. It is
	// called from several goroutines.
	Now func() time.Time
}

// Defaults.
const (
	DefaultParallel      = 8
	DefaultPrefetch      = 32
	DefaultLinkParallel  = 16
	DefaultMemoryBudget  = 256 << 20
	DefaultRefreshMargin = 60 * time.Second
	DefaultMaxRefreshes  = 3
	DefaultMaxRetries    = 5
	DefaultRetryMin      = 100 * time.Millisecond
	DefaultRetryMax      = 5 * time.Second
	DefaultIdleTimeout   = 60 * time.Second
	DefaultBatchRows     = 131072
	DefaultTimeZone      = "Etc/UTC"
)

// withDefaults fills zero fields and turns negative counts into zero.
func (c Config) withDefaults() Config {
	if c.HTTP == nil {
		c.HTTP = http.DefaultClient
	}
	if c.Allocator == nil {
		c.Allocator = memory.DefaultAllocator
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.TimeZone == "" {
		c.TimeZone = DefaultTimeZone
	}
	def(&c.Parallel, DefaultParallel)
	def(&c.Prefetch, DefaultPrefetch)
	def(&c.LinkParallel, DefaultLinkParallel)
	def(&c.MemoryBudget, DefaultMemoryBudget)
	def(&c.RefreshMargin, DefaultRefreshMargin)
	def(&c.RetryMin, DefaultRetryMin)
	def(&c.RetryMax, DefaultRetryMax)
	def(&c.IdleTimeout, DefaultIdleTimeout)
	c.RetryMax = max(c.RetryMax, c.RetryMin)
	c.Prefetch = max(c.Prefetch, c.Parallel)
	c.MaxRefreshes = count(c.MaxRefreshes, DefaultMaxRefreshes)
	c.MaxRetries = count(c.MaxRetries, DefaultMaxRetries)
	c.BatchRows = count(c.BatchRows, DefaultBatchRows)
	return c
}

// def replaces a zero or negative setting with its default.
func def[T int | int64 | time.Duration](v *T, d T) {
	if *v <= 0 {
		*v = d
	}
}

// count maps 0 to the default and negative values to 0 (none).
func count(v, d int) int {
	switch {
	case v == 0:
		return d
	case v < 0:
		return 0
	}
	return v
}
