// Package sessions holds the warehouse's SEA sessions: each one's engine
// connection and pool of extra connections, its namespace, confs and time
// zone, SET/RESET and USE, transactions (BEGIN/COMMIT/ROLLBACK,
// autocommit), the order its statements see its state in (Enqueue, Turn),
// and the lease that gives a statement the connection it runs on.
//
// It knows nothing of HTTP, results or the catalog's answers: the
// warehouse's composition root drives it.
package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// Env is what sessions run against: the engine, and the mapping of
// Databricks catalog names to the engine's databases.
type Env struct {
	eng           engine.Engine
	engineCatalog func(catalog string) string
}

// NewEnv returns the environment of sessions on eng; engineCatalog maps a
// Databricks catalog name to the engine's database name.
func NewEnv(eng engine.Engine, engineCatalog func(catalog string) string) *Env {
	return &Env{eng: eng, engineCatalog: engineCatalog}
}

// NamespaceError is Create's failure to use the catalog and schema asked for.
type NamespaceError struct{ Err error }

func (e *NamespaceError) Error() string { return e.Err.Error() }

// Unwrap returns the failure.
func (e *NamespaceError) Unwrap() error { return e.Err }

// TimezoneError is Create's failure to apply the TIMEZONE conf asked for.
type TimezoneError struct {
	// Value is the conf as given.
	Value string
	Err   error
}

func (e *TimezoneError) Error() string { return fmt.Sprintf("invalid TIMEZONE %q: %v", e.Value, e.Err) }

// Unwrap returns the failure.
func (e *TimezoneError) Unwrap() error { return e.Err }

// Create opens session id with an initial catalog and schema (empty: the
// defaults) and confs. It fails with a *NamespaceError or a *TimezoneError
// for what the request asked, having closed the connection it opened.
func (s *Env) Create(ctx context.Context, id, catalog, schema string, confs map[string]string) (*Session, error) {
	ss, err := Open(ctx, s.eng, id)
	if err != nil {
		return nil, err
	}
	for k, v := range confs {
		ss.confs[strings.ToLower(k)] = v
	}
	if catalog != "" || schema != "" {
		if catalog == "" {
			catalog = ss.catalog
		}
		if schema == "" {
			schema = "default"
		}
		if err := s.useNamespace(ctx, ss, catalog, schema); err != nil {
			_ = ss.conn.Close()
			return nil, &NamespaceError{Err: err}
		}
	}
	if err := s.applyTimezone(ctx, ss); err != nil {
		_ = ss.conn.Close()
		return nil, &TimezoneError{Value: ss.confs["timezone"], Err: err}
	}
	return ss, nil
}

// UseNamespace makes catalog.schema the session's current namespace.
func (s *Env) UseNamespace(ctx context.Context, ss *Session, catalog, schema string) error {
	return s.useNamespace(ctx, ss, catalog, schema)
}

// Set answers SET and RESET on the session.
func (s *Env) Set(ctx context.Context, ss *Session, cmd sqlfront.Command) (array.RecordReader, error) {
	return s.set(ctx, ss, cmd)
}

// Lease gives a statement of ss the session it executes against (see
// lease); release must be called once the statement is done with it.
func (s *Env) Lease(ctx context.Context, ss *Session, text string) (view *Session, release func(), err error) {
	return s.lease(ctx, ss, text)
}

// TransactionStatement answers transaction control and opens the implicit
// transaction of a session with autocommit off (see transactionStatement).
func (s *Env) TransactionStatement(ctx context.Context, ss *Session, text string) (rdr array.RecordReader, handled bool, err error) {
	return s.transactionStatement(ctx, ss, text)
}

// IsStateStatement reports whether text changes its session's state and so
// runs on the session's own connection, alone (see isStateStatement).
func IsStateStatement(text string) bool { return isStateStatement(text) }

// ID is the session's id ("" for a statement's own session).
func (s *Session) ID() string { return s.id }

// Conn is the engine connection the session (or view) runs on.
func (s *Session) Conn() engine.Session { return s.conn }

// Namespace returns the current catalog and schema.
func (s *Session) Namespace() (catalog, schema string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.catalog, s.schema
}

// Conf returns the session conf key (lower case), "" when unset.
func (s *Session) Conf(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confs[key]
}

// Timezone is the Arrow time zone of the session's TIMEZONE conf.
func (s *Session) Timezone() string { return s.timezone() }

// TimezoneName is the session's TIMEZONE as current_timezone() shows it.
func (s *Session) TimezoneName() string { return s.timezoneName() }

// InTransaction reports whether the session has a transaction open.
func (s *Session) InTransaction() bool { return s.txn != nil && s.txn.open }

// Touch records activity; idle sessions are closed by the janitor.
func (s *Session) Touch() { s.touch() }

// IdleSince reports how long the session has had no statement, or 0 while
// one is queued or running.
func (s *Session) IdleSince(now time.Time) time.Duration { return s.idleSince(now) }

// Enqueue places a statement among the session's statements at submission
// (see enqueue); the statement calls Done when it is over.
func (s *Session) Enqueue(state bool) *Turn { return s.enqueue(state) }

// Done counts a statement given a Turn as over.
func (s *Session) Done() { s.active.Add(-1) }

// NoteFailure records that a statement of the session failed (see
// noteFailure); ss may be nil.
func (s *Session) NoteFailure(err error) { s.noteFailure(err) }

// CloseConns closes the session's connections.
func (s *Session) CloseConns() { s.closeConns() }

// Wait is closed when the statement may go on.
func (t *Turn) Wait() <-chan struct{} { return t.wait }

// State reports whether the statement is a state statement.
func (t *Turn) State() bool { return t.state }

// Leave tells the statements after this one that it is done with the
// session's state; later calls do nothing.
func (t *Turn) Leave() { t.leave() }
