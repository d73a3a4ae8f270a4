package warehouse

import (
	"log/slog"
	"time"

	"github.com/sealane/sealane/warehouse/faults"
	"github.com/sealane/sealane/warehouse/history"
)

// Config configures a Server. The zero value of every field means its
// documented default; use DefaultConfig to see them.
type Config struct {
	// WarehouseID is the id in http_path /sql/1.0/warehouses/<id>. Default "local".
	WarehouseID string
	// Tokens are the accepted personal access tokens. Empty with NoAuth false
	// means only OAuth tokens issued by the built-in OIDC server are accepted.
	Tokens []string
	// NoAuth accepts every request without a token (local play only).
	NoAuth bool
	// OAuthClients are confidential clients for the client_credentials grant
	// (and, with OAuthAutoApprove, for the authorization code grant).
	OAuthClients []OAuthClient
	// OAuthPublicClients are the client ids (such as "databricks-cli") that
	// may use the authorization code grant without a secret. None by default.
	OAuthPublicClients []string
	// OAuthAutoApprove makes /oidc/v1/authorize approve every valid login of
	// a named client at once (there is no login page). Off by default: then
	// the user-to-machine flow cannot yield a token.
	OAuthAutoApprove bool
	// OAuthTokenTTL is the lifetime of issued OAuth access tokens. Default 1h.
	OAuthTokenTTL time.Duration

	// MaxConcurrent caps statements running at once; the rest wait as PENDING. Default 16.
	MaxConcurrent int
	// QuickConcurrent caps, apart from MaxConcurrent, statements that read
	// no table (SELECT 1, SHOW, SET …: sqlfront.IsQuick), so that they never
	// wait behind long queries. Default 4.
	QuickConcurrent int
	// DirectResultsWait is how long an execute without wait_timeout waits
	// before answering with the current state. Default 10s.
	DirectResultsWait time.Duration
	// ChunkRows caps rows per chunk (0 = no row cap). Default 0.
	ChunkRows int64
	// ChunkBytes caps the uncompressed bytes per chunk. Default 8 MiB.
	ChunkBytes int64
	// InlineLimit is the largest result (uncompressed bytes) returned inline for
	// INLINE_OR_EXTERNAL_LINKS and allowed for INLINE. Default 25 MiB, the
	// service's INLINE limit.
	InlineLimit int64
	// MultiChunkInline splits inline Arrow results over several chunks
	// fetched through the chunk endpoint instead of switching to links.
	MultiChunkInline bool
	// LinkTTL is how long external links stay valid. Default 15m.
	LinkTTL time.Duration
	// LinkHeaders makes links require an echoed http_headers entry.
	LinkHeaders bool
	// ResultTTL is how long results and terminal statements are retained. Default 1h.
	ResultTTL time.Duration
	// SessionIdleTTL closes sessions with no statement for this long. Default 1h.
	SessionIdleTTL time.Duration
	// MemoryBudget bounds result bytes held in memory; beyond it chunks spill
	// to SpillDir. Default 1 GiB.
	MemoryBudget int64
	// SpillDir holds spilled chunks. Default os.TempDir().
	SpillDir string
	// Faults injects latency and errors (see package faults).
	Faults faults.Config
	// Logger receives structured request logs. Default: discard.
	Logger *slog.Logger
	// MaxStatementTokens caps the significant tokens (words, literals,
	// operators; not whitespace or comments) of one statement. DuckDB's
	// parser and binder take about 1 KB per token of an IN list, so a
	// token-dense statement inside the 16 MiB text limit could take many
	// gigabytes; above the cap the statement fails with
	// STATEMENT_TOO_COMPLEX before anything is built from its text.
	// Default 1,000,000 (about 1 GB in DuckDB: the frames warehouse engine
	// sends in-memory sources as VALUES lists of over 500,000 tokens).
	MaxStatementTokens int
	// MaxRetainedStatements caps the finished statements without a result
	// (CLOSED, FAILED, CANCELED) the server remembers so that their ids
	// still answer; beyond it (by up to a quarter) the oldest are forgotten
	// before their 12 hours and answer 404. A retired statement keeps no SQL
	// text and at most 4 KiB of error, so the history stays under about
	// 60 MB. Default 10,000.
	MaxRetainedStatements int
	// HistorySize is how many statements Query History (GET
	// /api/2.0/sql/history/queries and the console) keeps; older ones are
	// forgotten. Default 1000.
	HistorySize int
	// HistoryTextBytes caps the statement text and parameter values Query
	// History keeps per statement (cut beyond, marked truncated), so that
	// the history stays under HistorySize × HistoryTextBytes. Default 16 KiB.
	HistoryTextBytes int
}

// OAuthClient is a client id and secret accepted by the token endpoint.
type OAuthClient struct {
	ID, Secret string
}

// DefaultConfig returns the defaults applied to zero fields.
func DefaultConfig() Config {
	return Config{
		WarehouseID:       "local",
		MaxConcurrent:     16,
		QuickConcurrent:   4,
		DirectResultsWait: 10 * time.Second,
		ChunkBytes:        8 << 20,
		InlineLimit:       25 << 20,
		LinkTTL:           15 * time.Minute,
		ResultTTL:         time.Hour,
		SessionIdleTTL:    time.Hour,
		MemoryBudget:      1 << 30,
		OAuthTokenTTL:     time.Hour,

		MaxStatementTokens:    1_000_000,
		MaxRetainedStatements: 10_000,
		HistorySize:           history.DefaultSize,
		HistoryTextBytes:      history.DefaultTextBytes,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.WarehouseID == "" {
		c.WarehouseID = d.WarehouseID
	}
	orDefault(&c.MaxConcurrent, d.MaxConcurrent)
	orDefault(&c.QuickConcurrent, d.QuickConcurrent)
	orDefault(&c.DirectResultsWait, d.DirectResultsWait)
	orDefault(&c.ChunkBytes, d.ChunkBytes)
	orDefault(&c.InlineLimit, d.InlineLimit)
	orDefault(&c.LinkTTL, d.LinkTTL)
	orDefault(&c.ResultTTL, d.ResultTTL)
	orDefault(&c.SessionIdleTTL, d.SessionIdleTTL)
	orDefault(&c.MemoryBudget, d.MemoryBudget)
	orDefault(&c.OAuthTokenTTL, d.OAuthTokenTTL)
	orDefault(&c.MaxStatementTokens, d.MaxStatementTokens)
	orDefault(&c.MaxRetainedStatements, d.MaxRetainedStatements)
	orDefault(&c.HistorySize, d.HistorySize)
	orDefault(&c.HistoryTextBytes, d.HistoryTextBytes)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// orDefault replaces a zero or negative setting with its default.
func orDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// HTTPPath is the http_path clients configure for this warehouse.
func (c Config) HTTPPath() string { return "/sql/1.0/warehouses/" + c.withDefaults().WarehouseID }
