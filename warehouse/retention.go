package warehouse

import (
	"slices"
	"time"
)

// retention bounds the history of retired statements: finished ones that
// hold no result (CLOSED, FAILED, CANCELED), kept only so that their ids
// keep answering for statementRetention.
type retention struct {
	// checkAt is the number of statements at which retainLocked looks again.
	checkAt int
}

// retainLocked is called, with s.mu held, after a statement is registered.
// Every Config.MaxRetainedStatements/4 registrations it forgets the oldest
// retired statements beyond Config.MaxRetainedStatements, so the history
// holds at most a quarter more than the cap and each registration costs
// O(1) amortised over the scan.
func (s *Server) retainLocked() {
	if len(s.statements) < s.retention.checkAt {
		return
	}
	s.forgetRetiredLocked()
	s.retention.checkAt = len(s.statements) + s.cfg.MaxRetainedStatements/4 + 1
}

// forgetRetiredLocked, with s.mu held, forgets the oldest retired
// statements beyond Config.MaxRetainedStatements. Statements that are
// pending, running or hold a result are never forgotten here.
func (s *Server) forgetRetiredLocked() {
	type aged struct {
		id       string
		finished time.Time
	}
	var retired []aged
	for id, st := range s.statements {
		if finished, ok := st.Retired(); ok {
			retired = append(retired, aged{id, finished})
		}
	}
	excess := len(retired) - s.cfg.MaxRetainedStatements
	if excess <= 0 {
		return
	}
	slices.SortFunc(retired, func(a, b aged) int { return a.finished.Compare(b.finished) })
	for _, r := range retired[:excess] {
		delete(s.statements, r.id)
	}
}
