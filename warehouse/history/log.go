package history

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sealane/sealane/sea"
)

// Status is a statement's state as Query History names it.
type Status string

// The statuses this warehouse reports (Databricks also has STARTED,
// COMPILING and COMPILED, which a local warehouse does not go through).
const (
	StatusQueued   Status = "QUEUED"
	StatusRunning  Status = "RUNNING"
	StatusFinished Status = "FINISHED"
	StatusFailed   Status = "FAILED"
	StatusCanceled Status = "CANCELED"
)

// Terminal reports whether the status is final.
func (s Status) Terminal() bool {
	return s == StatusFinished || s == StatusFailed || s == StatusCanceled
}

// StatusOf maps a statement's SEA state to its Query History status.
func StatusOf(state sea.State) Status {
	switch state {
	case sea.StatePending:
		return StatusQueued
	case sea.StateRunning:
		return StatusRunning
	case sea.StateSucceeded, sea.StateClosed:
		return StatusFinished
	case sea.StateFailed:
		return StatusFailed
	case sea.StateCanceled:
		return StatusCanceled
	}
	return Status(state)
}

// Defaults of Config.
const (
	DefaultSize      = 1000
	DefaultTextBytes = 16 << 10
	// maxManifestChunks and maxManifestColumns bound the manifest a
	// finished entry keeps (the counts stay exact).
	maxManifestChunks  = 100
	maxManifestColumns = 1000
	// maxErrorBytes bounds the error message an entry keeps.
	maxErrorBytes = 4 << 10
)

// Config sizes a Log.
type Config struct {
	// Size is how many statements the ring keeps; older ones are forgotten.
	// Default DefaultSize.
	Size int
	// TextBytes caps the statement text plus parameter values an entry
	// keeps; beyond it the text is cut (on a UTF-8 boundary) and the
	// entry is marked truncated. Default DefaultTextBytes.
	TextBytes int
	// WarehouseID is reported as warehouse_id and endpoint_id.
	WarehouseID string
}

// Start describes a statement when it is submitted.
type Start struct {
	ID         string
	Text       string
	Parameters []sea.Parameter
	SessionID  string
	UserID     int64
	UserName   string
	UserAgent  string
	Time       time.Time
}

// Outcome describes a statement when it reaches a terminal state.
type Outcome struct {
	State    sea.State
	Error    *sea.ServiceError
	Time     time.Time
	Manifest *sea.ResultManifest // nil when there was no result
}

// entry is one statement in the ring. Its fields change under Log.mu only.
type entry struct {
	seq        uint64
	id         string
	text       string
	truncated  bool
	params     []sea.Parameter
	sessionID  string
	userID     int64
	userName   string
	userAgent  string
	status     Status
	start      time.Time
	execStart  time.Time
	end        time.Time
	errMessage string
	sqlState   string
	manifest   *sea.ResultManifest
}

// Log is the bounded Query History.
type Log struct {
	cfg Config

	mu   sync.Mutex
	ring []*entry // oldest first from head
	head int
	byID map[string]*entry
	seq  uint64
}

// New returns an empty Log.
func New(cfg Config) *Log {
	if cfg.Size <= 0 {
		cfg.Size = DefaultSize
	}
	if cfg.TextBytes <= 0 {
		cfg.TextBytes = DefaultTextBytes
	}
	return &Log{cfg: cfg, byID: map[string]*entry{}}
}

// Config returns the effective configuration.
func (l *Log) Config() Config { return l.cfg }

// Len is the number of statements kept.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.ring)
}

// Start records a submitted statement as QUEUED, forgetting the oldest
// one when the ring is full.
func (l *Log) Start(s Start) {
	e := &entry{id: s.ID, sessionID: s.SessionID, userID: s.UserID, userName: s.UserName,
		userAgent: truncate(s.UserAgent, 512), status: StatusQueued, start: s.Time}
	budget := l.cfg.TextBytes
	e.text = strings.Clone(truncate(s.Text, budget))
	e.truncated = len(e.text) < len(s.Text)
	budget -= len(e.text)
	for _, p := range s.Parameters {
		cost := len(p.Name) + len(p.Type) + 16
		if p.Value != nil {
			cost += len(*p.Value)
		}
		if cost > budget {
			e.truncated = true
			break
		}
		budget -= cost
		c := sea.Parameter{Name: strings.Clone(p.Name), Ordinal: p.Ordinal, Type: strings.Clone(p.Type)}
		if p.Value != nil {
			v := strings.Clone(*p.Value)
			c.Value = &v
		}
		e.params = append(e.params, c)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.seq = l.seq
	if len(l.ring) < l.cfg.Size {
		l.ring = append(l.ring, e)
	} else {
		old := l.ring[l.head]
		delete(l.byID, old.id)
		l.ring[l.head] = e
		l.head = (l.head + 1) % len(l.ring)
	}
	l.byID[e.id] = e
}

// Running records that a statement started executing.
func (l *Log) Running(id string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.byID[id]; ok && !e.status.Terminal() {
		e.status, e.execStart = StatusRunning, at
	}
}

// Finish records a statement's outcome. A statement that has already
// finished keeps its first outcome.
func (l *Log) Finish(id string, o Outcome) {
	var m *sea.ResultManifest
	if o.Manifest != nil {
		c := *o.Manifest
		if len(c.Chunks) > maxManifestChunks {
			c.Chunks = slices.Clone(c.Chunks[:maxManifestChunks])
		}
		if len(c.Schema.Columns) > maxManifestColumns {
			c.Schema.Columns = slices.Clone(c.Schema.Columns[:maxManifestColumns])
		}
		m = &c
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.byID[id]
	if !ok || e.status.Terminal() {
		return
	}
	e.status, e.end, e.manifest = StatusOf(o.State), o.Time, m
	if e.status == StatusQueued || e.status == StatusRunning {
		e.status = StatusCanceled // closed before it ran
	}
	if o.Error != nil {
		e.errMessage = strings.Clone(truncate(o.Error.Message, maxErrorBytes))
		e.sqlState = o.Error.SQLState
	}
}

// newestFirst returns the entries, most recently started first, under l.mu.
func (l *Log) newestFirstLocked() []*entry {
	out := make([]*entry, 0, len(l.ring))
	n := len(l.ring)
	for i := n - 1; i >= 0; i-- {
		out = append(out, l.ring[(l.head+i)%n])
	}
	return out
}

// truncate cuts s to at most max bytes on a UTF-8 boundary.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
