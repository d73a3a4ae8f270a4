package sessions

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealane/sealane/warehouse/engine"
)

// Session is one SEA session: a dedicated engine connection, its namespace
// and confs. Its statements run concurrently: see sessionconns.go for how
// they share the session's state.
type Session struct {
	id      string
	created time.Time

	// primary is held by the statement running on conn.
	primary chan struct{}
	// active counts the statements submitted and not yet done.
	active atomic.Int64

	// state is held exclusively by a state statement while it runs and
	// shared while a statement copies the session's state; it guards the
	// namespace and confs against change, and the fields below.
	state   sync.RWMutex
	temps   map[string]bool // temporary objects on conn, lower case
	hasVars bool            // SQL variables were declared on conn
	pinned  bool            // a transaction, autocommit off or hasVars: every statement runs on conn
	// txn is the session's transaction state (transaction.go), used only
	// by the statement holding the primary; a view has it only then.
	txn *txnState

	mu sync.Mutex // guards the fields below
	// gen is the generation statements submitted now join (see enqueue).
	gen      *gen
	conn     engine.Session
	idle     []*poolConn // pooled connections (sessionconns.go)
	catalog  string
	schema   string
	confs    map[string]string // lower-case keys
	closed   bool
	lastUsed time.Time
}

// timezone returns the Arrow time zone of the session's TIMEZONE conf
// (default Etc/UTC); see parseZone.
func (s *Session) timezone() string {
	z, err := parseZone(s.confs["timezone"])
	if err != nil {
		return "Etc/UTC" // not reached: set and create-session validate the conf
	}
	return z.Arrow
}

// timezoneName returns the session's TIMEZONE as current_timezone() shows
// it: the conf as set, Etc/UTC by default.
func (s *Session) timezoneName() string {
	if tz := s.confs["timezone"]; tz != "" {
		return tz
	}
	return "Etc/UTC"
}

func Open(ctx context.Context, eng engine.Engine, id string) (*Session, error) {
	conn, err := eng.NewSession(ctx)
	if err != nil {
		return nil, fmt.Errorf("warehouse: open session: %w", err)
	}
	now := time.Now()
	return &Session{primary: make(chan struct{}, 1), id: id, created: now, lastUsed: now, conn: withMacros(conn), txn: &txnState{}, catalog: "main", schema: "default", confs: map[string]string{}}, nil
}

// touch records activity; idle sessions are closed by the janitor.
func (s *Session) touch() {
	s.mu.Lock()
	s.lastUsed = time.Now()
	s.mu.Unlock()
}

// idleSince reports how long the session has had no statement, or 0 while
// one is queued or running.
func (s *Session) idleSince(now time.Time) time.Duration {
	if s.active.Load() > 0 {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return now.Sub(s.lastUsed)
}

// enqueue places a statement among the session's statements at
// submission, so that each statement sees the state left by the state
// statements submitted before it and by none submitted after it: a plain
// statement waits for the state statement before it, and a state statement
// waits until every statement submitted before it is done with the state
// (a state statement when it is done, a plain statement once it has copied
// the state and has its connection).
func (s *Session) enqueue(state bool) *Turn {
	s.active.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == nil {
		s.gen = newGen()
		close(s.gen.opener)
	}
	if !state {
		s.gen.join()
		return &Turn{wait: s.gen.opener, gen: s.gen}
	}
	prev := s.gen
	prev.seal()
	s.gen = newGen()
	s.gen.join()
	return &Turn{wait: prev.done, gen: s.gen, state: true}
}

// gen is a generation of a session's statements: the state statement that
// opened it and the plain statements submitted after it, until the next
// state statement. That one waits for done, closed once the generation is
// sealed and every member has left.
type gen struct {
	opener chan struct{} // closed when the opening state statement is done
	done   chan struct{}

	mu      sync.Mutex
	pending int
	sealed  bool
}

func newGen() *gen { return &gen{opener: make(chan struct{}), done: make(chan struct{})} }

func (g *gen) join() {
	g.mu.Lock()
	g.pending++
	g.mu.Unlock()
}

func (g *gen) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pending--
	if g.sealed && g.pending == 0 {
		close(g.done)
	}
}

func (g *gen) seal() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sealed = true
	if g.pending == 0 {
		close(g.done)
	}
}

// Turn is a statement's place among its session's statements.
type Turn struct {
	wait  <-chan struct{} // closed when the statement may go on
	gen   *gen
	state bool
	once  sync.Once
}

// leave tells the statements after this one that it is done with the
// session's state; later calls do nothing.
func (t *Turn) leave() {
	t.once.Do(func() {
		if t.state {
			close(t.gen.opener)
		}
		t.gen.leave()
	})
}
