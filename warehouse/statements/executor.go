// Package statements runs the warehouse's statements: the lifecycle of one
// (Statement: PENDING, RUNNING, SUCCEEDED/FAILED/CANCELED, CLOSED, with
// its Query History outcome) and its execution (Executor: its turn in its
// session, a slot under the concurrency caps, a connection, the forms the
// warehouse answers itself or the translated SQL on the engine, and the
// result built into the store).
//
// It knows nothing of HTTP: the warehouse's composition root registers
// statements, answers for them and serves their results.
package statements

import (
	"context"
	"log/slog"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/catalog"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/history"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/sessions"
)

// Config is what execution takes from the warehouse's configuration; the
// fields mean what warehouse.Config's of the same names do.
type Config struct {
	ChunkRows          int64
	ChunkBytes         int64
	InlineLimit        int64
	MultiChunkInline   bool
	MaxStatementTokens int
	MaxConcurrent      int
	QuickConcurrent    int
	// Logger receives a panicking statement's stack.
	Logger *slog.Logger
}

// Executor runs statements on an engine: within the concurrency caps, on
// their sessions' connections, into the result store, with the catalog
// answering metadata and Query History told of each run.
type Executor struct {
	cfg     Config
	eng     engine.Engine
	store   *results.Store
	catalog *catalog.Catalog
	env     *sessions.Env
	history *history.Log
	slots   chan struct{} // concurrency cap
	// quickSlots caps statements that read no table (sqlfront.IsQuick),
	// admitted apart from the rest.
	quickSlots chan struct{}
	// variants caches whether a table has a VARIANT column (columns.go).
	variants variantTables
}

// NewExecutor returns an executor over its parts.
func NewExecutor(cfg Config, eng engine.Engine, store *results.Store, cat *catalog.Catalog, env *sessions.Env, h *history.Log) *Executor {
	return &Executor{cfg: cfg, eng: eng, store: store, catalog: cat, env: env, history: h,
		slots: make(chan struct{}, cfg.MaxConcurrent), quickSlots: make(chan struct{}, cfg.QuickConcurrent)}
}

// Run drives st from PENDING to a terminal state (see run); ctx is the
// statement's own, cancelled by st's cancel.
func (s *Executor) Run(ctx context.Context, st *Statement) { s.run(ctx, st) }

// Failure is an error that renders itself as a FAILED statement's status
// error (the warehouse's API errors).
type Failure interface {
	error
	StatementFailure() *sea.ServiceError
}
