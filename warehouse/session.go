package warehouse

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// session is one SEA session: a dedicated engine connection, its namespace
// and confs. Statements of a session run one at a time, in order.
type session struct {
	id      string
	created time.Time

	// turn serialises statements on conn: a statement holds it while it runs.
	turn chan struct{}
	// last is closed when the most recently submitted statement is done
	// with the session (see enqueue); guarded by mu.
	last chan struct{}

	mu       sync.Mutex // guards the fields below
	conn     engine.Session
	catalog  string
	schema   string
	confs    map[string]string // lower-case keys
	closed   bool
	lastUsed time.Time

	macroMu sync.Mutex      // guards macros
	macros  map[string]bool // the function catalog's macros created on conn
}

// ensureMacros creates on the session's connection the macros of the
// function catalog that sql calls and that it lacks (see sqlfront.MacrosFor).
func (s *session) ensureMacros(ctx context.Context, sql string) error {
	names := sqlfront.MacrosFor(sql)
	if len(names) == 0 {
		return nil
	}
	s.macroMu.Lock()
	defer s.macroMu.Unlock()
	for _, name := range names {
		if s.macros[name] {
			continue
		}
		rdr, err := s.conn.Query(ctx, sqlfront.MacroSQL(name))
		if err != nil {
			return fmt.Errorf("warehouse: create macro %s: %w", name, err)
		}
		rdr.Release()
		if s.macros == nil {
			s.macros = map[string]bool{}
		}
		s.macros[name] = true
	}
	return nil
}

// timezone returns the Arrow time zone of the session's TIMEZONE conf
// (default Etc/UTC); see parseZone.
func (s *session) timezone() string {
	z, err := parseZone(s.confs["timezone"])
	if err != nil {
		return "Etc/UTC" // not reached: set and create-session validate the conf
	}
	return z.Arrow
}

// timezoneName returns the session's TIMEZONE as current_timezone() shows
// it: the conf as set, Etc/UTC by default.
func (s *session) timezoneName() string {
	if tz := s.confs["timezone"]; tz != "" {
		return tz
	}
	return "Etc/UTC"
}

func newSession(ctx context.Context, eng engine.Engine, id string) (*session, error) {
	conn, err := eng.NewSession(ctx)
	if err != nil {
		return nil, fmt.Errorf("warehouse: open session: %w", err)
	}
	// Spark's NULL order: first when ascending, last when descending.
	rdr, err := conn.Query(ctx, "SET SESSION default_null_order = 'nulls_first_on_asc_last_on_desc'")
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("warehouse: open session: %w", err)
	}
	rdr.Release()
	now := time.Now()
	return &session{turn: make(chan struct{}, 1), id: id, created: now, lastUsed: now, conn: conn, catalog: "main", schema: "default", confs: map[string]string{}}, nil
}

// touch records activity; idle sessions are closed by the janitor.
func (s *session) touch() {
	s.mu.Lock()
	s.lastUsed = time.Now()
	s.mu.Unlock()
}

// idleSince reports how long the session has had no statement, or 0 while
// one is queued or running.
func (s *session) idleSince(now time.Time) time.Duration {
	if len(s.turn) > 0 {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return now.Sub(s.lastUsed)
}

// enqueue puts a statement in line at submission, so that statements run in
// the order they were submitted: prev is closed when every earlier statement
// is done with the session, and the statement closes mine when it is.
func (s *session) enqueue() (prev <-chan struct{}, mine chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		s.last = make(chan struct{})
		close(s.last)
	}
	prev, mine = s.last, make(chan struct{})
	s.last = mine
	return prev, mine
}
