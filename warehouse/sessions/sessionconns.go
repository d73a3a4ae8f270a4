package sessions

import (
	"context"
	"maps"
	"strings"

	"github.com/sealane/sealane/warehouse/engine"
)

// Statements of one session run concurrently, as on the service, while the
// session's state stays the session's. A DuckDB connection runs one query
// at a time, so a session has its own connection (conn, "the primary"),
// which holds its state — the current namespace and time zone, temporary
// views, tables and macros, SQL variables, an open transaction — plus a
// small pool of extra connections:
//
//   - A state statement (USE, SET, RESET, transaction control, anything
//     naming TEMP/TEMPORARY, a macro or a variable, PRAGMA, ATTACH,
//     PREPARE; see isStateStatement) runs on the primary, in submission
//     order with the session's other state statements, and alone: no other
//     statement of the session reads the session's state while it changes
//     it.
//   - Any other statement waits only for the state statements submitted
//     before it, then runs on a pooled connection set to a copy of the
//     session's namespace and time zone — so that a long query never holds
//     up a USE or SET. It takes the primary instead (and waits for it) when
//     the session has a transaction open or has declared variables, or when
//     the statement names one of the session's temporary objects.
//
// Limits: temporary objects are found by name (a statement mentioning a
// word equal to one runs on the primary; false matches only cost
// concurrency), so a statement reaching a temporary object without naming
// it — through a persistent view over a temporary one, which DuckDB does not
// allow anyway — would not find it. Sessions with a transaction or
// variables run one statement at a time, as before. A pooled connection is
// set (USE, SET TimeZone) only when the session's namespace or time zone
// differs from what it was last set to; a session's first query opens one.

// maxIdleConns bounds the pooled connections a session keeps when idle.
const maxIdleConns = 4

// firstWordState are statement openings that change or depend on the state
// held by the session's connection.
var firstWordState = map[string]bool{
	"use": true, "set": true, "reset": true,
	"begin": true, "start": true, "commit": true, "rollback": true, "abort": true, "end": true,
	"pragma": true, "call": true, "attach": true, "detach": true, "declare": true,
	"prepare": true, "execute": true, "deallocate": true, "load": true,
}

// anyWordState are words that make a statement a state statement wherever
// they appear (CREATE TEMP VIEW, DROP TEMPORARY VARIABLE, CREATE MACRO …).
var anyWordState = map[string]bool{
	"temp": true, "temporary": true, "variable": true, "macro": true, "transaction": true,
}

// isStateStatement reports whether a statement must run on the session's
// own connection, in order with the session's other state statements.
func isStateStatement(text string) bool {
	w := words(text)
	if len(w) > 0 && firstWordState[w[0]] {
		return true
	}
	for _, x := range w {
		if anyWordState[x] {
			return true
		}
	}
	return false
}

// words splits statement text into lower-case words: runs of letters,
// digits, underscores and non-ASCII bytes, outside comments. Quotes and
// punctuation separate words, so `name` and "name" give name; words inside
// string literals count too (a false match only costs concurrency).
func words(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		in := i < len(text) && isWordChar(text[i])
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
		switch {
		case strings.HasPrefix(text[i:], "--"):
			if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
				i += n
			} else {
				i = len(text)
			}
		case strings.HasPrefix(text[i:], "/*"):
			if n := strings.Index(text[i+2:], "*/"); n >= 0 {
				i += n + 3
			} else {
				i = len(text)
			}
		}
	}
	return out
}

func isWordChar(c byte) bool {
	return c == '_' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// lease gives a statement of session ss the session it executes against:
// ss itself for a state statement (the caller then holds the session's
// state exclusively), or else a copy of the session's state on the primary
// or a pooled connection. release returns the connection; it must be
// called once the statement is done with it.
func (s *Env) lease(ctx context.Context, ss *Session, text string) (view *Session, release func(), err error) {
	if isStateStatement(text) {
		if err := ss.takePrimary(ctx); err != nil {
			return nil, nil, err
		}
		ss.state.Lock()
		return ss, func() {
			s.afterState(context.WithoutCancel(ctx), ss, text)
			ss.state.Unlock()
			ss.releasePrimary()
		}, nil
	}
	ss.state.RLock()
	view = ss.snapshot()
	pinned := ss.pinned || ss.namesTemp(text)
	ss.state.RUnlock()
	if pinned {
		if err := ss.takePrimary(ctx); err != nil {
			return nil, nil, err
		}
		view.conn = ss.conn
		view.txn = ss.txn // the primary is held: the transaction state is this statement's to use
		return view, ss.releasePrimary, nil
	}
	pc, err := ss.pooled(ctx, s.eng)
	if err != nil {
		return nil, nil, err
	}
	view.conn = pc.conn
	if err := s.prepare(ctx, pc, view); err != nil {
		_ = pc.conn.Close()
		return nil, nil, err
	}
	return view, func() {
		// A per-statement catalog/schema is undone on the view; whatever
		// the connection was left in is what the view says.
		view.mu.Lock()
		pc.catalog, pc.schema = view.catalog, view.schema
		view.mu.Unlock()
		ss.putPooled(pc)
	}, nil
}

// poolConn is a pooled connection and the namespace and time zone it was
// last set to.
type poolConn struct {
	conn                engine.Session
	catalog, schema, tz string
	prepared            bool
}

// prepare sets a pooled connection to the view's namespace and time zone
// where they differ from what it was last set to.
func (s *Env) prepare(ctx context.Context, pc *poolConn, view *Session) error {
	if !pc.prepared || pc.catalog != view.catalog || pc.schema != view.schema {
		if err := s.useNamespace(ctx, view, view.catalog, view.schema); err != nil {
			return err
		}
	}
	tz, set := view.confs["timezone"]
	if pc.prepared && pc.tz == tz {
		pc.catalog, pc.schema = view.catalog, view.schema
		return nil
	}
	var err error
	if set {
		err = s.applyTimezone(ctx, view)
	} else {
		err = s.resetTimezone(ctx, view)
	}
	if err != nil {
		return err
	}
	pc.catalog, pc.schema, pc.tz, pc.prepared = view.catalog, view.schema, tz, true
	return nil
}

// afterState records what a state statement may have changed: an open
// transaction, variables, the session's temporary objects.
func (s *Env) afterState(ctx context.Context, ss *Session, text string) {
	w := words(text)
	temps := false
	for _, x := range w {
		switch x {
		case "variable", "declare":
			ss.hasVars = true
		case "temp", "temporary", "macro":
			temps = true
		}
	}
	ss.pinned = ss.txn.open || ss.txn.manual || ss.hasVars
	if !temps {
		return
	}
	rows, err := s.engineRows(ctx, ss, tempObjectsQuery)
	if err != nil {
		ss.pinned = true // cannot tell which names are temporary: stay on the primary
		return
	}
	ss.temps = map[string]bool{}
	for _, r := range rows {
		ss.temps[strings.ToLower(r[0])] = true
	}
}

// tempObjectsQuery lists the temporary objects of the engine connection.
const tempObjectsQuery = `SELECT table_name FROM duckdb_tables() WHERE temporary
UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary
UNION ALL SELECT function_name FROM duckdb_functions() WHERE database_name = 'temp'`

// namesTemp reports whether text mentions one of the session's temporary
// objects. The caller holds state.
func (s *Session) namesTemp(text string) bool {
	if len(s.temps) == 0 {
		return false
	}
	for _, w := range words(text) {
		if s.temps[w] {
			return true
		}
	}
	return false
}

// snapshot copies the session's namespace and confs. The caller holds state.
func (s *Session) snapshot() *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &Session{id: s.id, created: s.created, catalog: s.catalog, schema: s.schema, confs: maps.Clone(s.confs)}
}

// takePrimary waits for the session's own connection.
func (s *Session) takePrimary(ctx context.Context) error {
	select {
	case s.primary <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Session) releasePrimary() { <-s.primary }

// pooled returns an idle pooled connection or opens one.
func (s *Session) pooled(ctx context.Context, eng engine.Engine) (*poolConn, error) {
	s.mu.Lock()
	if n := len(s.idle); n > 0 {
		pc := s.idle[n-1]
		s.idle = s.idle[:n-1]
		s.mu.Unlock()
		return pc, nil
	}
	s.mu.Unlock()
	c, err := eng.NewSession(ctx)
	if err != nil {
		return nil, err
	}
	// Engine sessions start where sessions do: main.default, in UTC.
	return &poolConn{conn: withMacros(c), catalog: "main", schema: "default", prepared: true}, nil
}

// putPooled keeps a pooled connection for the session's next statement, or
// closes it when the session is closed or enough are idle.
func (s *Session) putPooled(pc *poolConn) {
	s.mu.Lock()
	if !s.closed && len(s.idle) < maxIdleConns {
		s.idle = append(s.idle, pc)
		pc = nil
	}
	s.mu.Unlock()
	if pc != nil {
		_ = pc.conn.Close()
	}
}

// closeConns closes the session's connections; statements still holding a
// pooled one close it when they release it.
func (s *Session) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	_ = s.conn.Close()
	for _, pc := range s.idle {
		_ = pc.conn.Close()
	}
	s.idle = nil
}
