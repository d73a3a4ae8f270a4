package warehouse

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/catalog"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/faults"
	"github.com/sealane/sealane/warehouse/history"
	"github.com/sealane/sealane/warehouse/history/historyhttp"
	"github.com/sealane/sealane/warehouse/oidc"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/statements"
)

// Server is a local SEA warehouse. Create it with New, serve Handler, and
// Close it to cancel running statements and free results.
type Server struct {
	cfg    Config
	eng    engine.Engine
	store  *results.Store
	oidc   *oidc.Server
	faults *faults.Injector
	// exec runs statements (turns, slots, connections, results).
	exec    *statements.Executor
	linkKey []byte
	history *history.Log
	// mounts are further protocols' handlers (Mount), served behind authenticate.
	mounts []mount

	mu         sync.Mutex
	sessions   map[string]*sessions.Session
	statements map[string]*statements.Statement
	retention  retention
	env        *sessions.Env // what sessions run against

	// draining is set by Drain: new sessions and statements are refused.
	draining atomic.Bool

	stop    chan struct{}
	stopped sync.WaitGroup
	// closing counts sessions whose statements were closed by a request
	// that has answered, and whose connections are freed once the engine
	// has stopped those statements (see closeSessionSoon); Close waits.
	closing sync.WaitGroup
}

// New creates a server on eng. The engine stays owned by the caller.
func New(eng engine.Engine, cfg Config) *Server {
	cfg = cfg.withDefaults()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	clients := make([]oidc.Client, len(cfg.OAuthClients))
	for i, c := range cfg.OAuthClients {
		clients[i] = oidc.Client{ID: c.ID, Secret: c.Secret}
	}
	s := &Server{
		cfg:   cfg,
		eng:   eng,
		store: results.NewStore(cfg.SpillDir, cfg.MemoryBudget),
		oidc: oidc.New(oidc.Config{Clients: clients, PublicClients: cfg.OAuthPublicClients,
			AutoApprove: cfg.OAuthAutoApprove, AccessTokenTTL: cfg.OAuthTokenTTL}),
		faults:     faults.New(cfg.Faults),
		linkKey:    key,
		history:    history.New(history.Config{Size: cfg.HistorySize, TextBytes: cfg.HistoryTextBytes, WarehouseID: cfg.WarehouseID}),
		sessions:   map[string]*sessions.Session{},
		statements: map[string]*statements.Statement{},
		stop:       make(chan struct{}),
	}
	cat := catalog.New(eng)
	s.env = sessions.NewEnv(eng, cat.EngineCatalog)
	s.exec = statements.NewExecutor(statements.Config{
		ChunkRows: cfg.ChunkRows, ChunkBytes: cfg.ChunkBytes, InlineLimit: cfg.InlineLimit,
		MultiChunkInline: cfg.MultiChunkInline, MaxStatementTokens: cfg.MaxStatementTokens,
		MaxConcurrent: cfg.MaxConcurrent, QuickConcurrent: cfg.QuickConcurrent, Logger: cfg.Logger,
	}, eng, s.store, cat, s.env, s.history)
	s.stopped.Add(1)
	go s.janitor()
	return s
}

// Config returns the effective configuration (defaults applied).
func (s *Server) Config() Config { return s.cfg }

// Faults returns the fault injector, for tests that read its statistics.
func (s *Server) Faults() *faults.Injector { return s.faults }

// Handler returns the HTTP handler serving the SEA API, external links,
// the OIDC endpoints and /healthz.
func (s *Server) Handler() http.Handler {
	api := http.NewServeMux()
	api.HandleFunc("POST /sessions", s.handleCreateSession)
	api.HandleFunc("DELETE /sessions/{id}", s.handleDeleteSession)
	api.HandleFunc("POST /statements", s.handleExecute)
	api.HandleFunc("GET /statements/{id}", s.handleGetStatement)
	api.HandleFunc("GET /statements/{id}/result/chunks/{n}", s.handleGetChunk)
	api.HandleFunc("POST /statements/{id}/cancel", s.handleCancel)
	api.HandleFunc("DELETE /statements/{id}", s.handleCloseStatement)
	api.Handle("GET /history/queries", historyhttp.ListHandler(s.history))
	api.Handle("GET /history/queries/{id}", historyhttp.DetailHandler(s.history))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, &apiError{http.StatusNotFound, sea.ErrorCodeEndpointNotFound, fmt.Sprintf("No API found for '%s %s'", r.Method, sea.APIPrefix+r.URL.Path)})
	})

	root := http.NewServeMux()
	root.Handle(sea.APIPrefix+"/", http.StripPrefix(sea.APIPrefix, s.authenticate(s.refuseWhenDraining(api))))
	root.HandleFunc("GET "+linkPrefix+"{id}/{n}", s.handleDownload)
	for _, m := range s.mounts {
		root.Handle(m.pattern, s.authenticate(m.h))
	}
	root.Handle("/oidc/", s.oidc.Handler())
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, &apiError{http.StatusNotFound, sea.ErrorCodeEndpointNotFound, fmt.Sprintf("No API found for '%s %s'", r.Method, r.URL.Path)})
	})
	var h http.Handler = root
	if s.cfg.Faults.Enabled() {
		h = s.faults.Middleware(classifyCall, h)
	}
	return s.logRequests(h)
}

// classifyCall names a request for fault injection.
func classifyCall(r *http.Request) faults.Call {
	p := r.URL.Path
	if strings.HasPrefix(p, linkPrefix) {
		return faults.CallDownload
	}
	rest, ok := strings.CutPrefix(p, sea.APIPrefix)
	if !ok {
		return faults.CallOther
	}
	switch {
	case rest == "/sessions" && r.Method == http.MethodPost:
		return faults.CallCreateSession
	case strings.HasPrefix(rest, "/sessions/") && r.Method == http.MethodDelete:
		return faults.CallDeleteSession
	case rest == "/statements" && r.Method == http.MethodPost:
		return faults.CallExecute
	case strings.Contains(rest, "/result/chunks/"):
		return faults.CallGetChunk
	case strings.HasSuffix(rest, "/cancel"):
		return faults.CallCancel
	case strings.HasPrefix(rest, "/statements/") && r.Method == http.MethodDelete:
		return faults.CallCloseStatement
	case strings.HasPrefix(rest, "/statements/") && r.Method == http.MethodGet:
		return faults.CallGetStatement
	}
	return faults.CallOther
}

// authenticate requires a configured PAT or an OAuth token issued by the
// built-in OIDC server.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.NoAuth {
			token, ok := bearerToken(r.Header.Get("Authorization"))
			if !ok {
				writeAPIError(w, &apiError{http.StatusUnauthorized, sea.ErrorCodeUnauthenticated, "Credential was not sent or was of an unsupported type for this API."})
				return
			}
			if !s.validToken(token) {
				writeAPIError(w, &apiError{http.StatusUnauthorized, sea.ErrorCodeUnauthenticated, "Invalid access token."})
				return
			}
			r = r.WithContext(withUser(r.Context(), s.userOf(token)))
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken returns the token of an "Authorization: Bearer <token>"
// header. The scheme is case-insensitive (RFC 9110 §11.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(token, " ")
	return token, token != ""
}

func (s *Server) validToken(token string) bool {
	for _, t := range s.cfg.Tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return true
		}
	}
	return s.oidc.Validate(token)
}

// Close cancels running statements, closes sessions and frees all results.
func (s *Server) Close() error {
	select {
	case <-s.stop:
		return nil
	default:
		close(s.stop)
	}
	s.stopped.Wait()
	s.mu.Lock()
	stmts := make([]*statements.Statement, 0, len(s.statements))
	for _, st := range s.statements {
		stmts = append(stmts, st)
	}
	open := make([]*sessions.Session, 0, len(s.sessions))
	for _, ss := range s.sessions {
		open = append(open, ss)
	}
	s.statements, s.sessions = map[string]*statements.Statement{}, map[string]*sessions.Session{}
	s.mu.Unlock()
	for _, st := range stmts {
		st.Close()
		<-st.Done()
	}
	for _, ss := range open {
		s.closeSession(ss)
	}
	s.closing.Wait()
	return nil
}

// janitor expires results and forgets old statements.
func (s *Server) janitor() {
	defer s.stopped.Done()
	tick := time.NewTicker(min(s.cfg.ResultTTL/4, s.cfg.SessionIdleTTL/4, time.Minute))
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-tick.C:
			s.expire(now)
		}
	}
}

// expire closes statements whose results outlived ResultTTL and forgets
// closed ones after statementRetention.
func (s *Server) expire(now time.Time) {
	s.mu.Lock()
	var toClose []*statements.Statement
	for id, st := range s.statements {
		fin, state := st.Finished()
		if fin.IsZero() {
			continue
		}
		switch {
		case now.Sub(fin) > statementRetention:
			delete(s.statements, id)
		case state != sea.StateClosed && now.Sub(fin) > s.cfg.ResultTTL:
			toClose = append(toClose, st)
		}
	}
	var idle []*sessions.Session
	for id, ss := range s.sessions {
		if ss.IdleSince(now) > s.cfg.SessionIdleTTL {
			delete(s.sessions, id)
			idle = append(idle, ss)
		}
	}
	s.mu.Unlock()
	for _, st := range toClose {
		st.Close()
	}
	for _, ss := range idle {
		s.closeSession(ss)
	}
}

// statementRetention is how long a statement id keeps answering (CLOSED)
// after it finished; afterwards GET returns 404.
const statementRetention = 12 * time.Hour

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	// A version 4 UUID: Thrift handles carry these bytes, and clients
	// (Node's uuid.stringify) check the version and variant bits.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (s *Server) lookupStatement(id string) (*statements.Statement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statements[id]
	if !ok {
		return nil, notFound("Statement %s not found", id)
	}
	return st, nil
}

// OpenStatements counts statements that still hold server resources:
// queued, running, or finished with a result not yet released. Clients that
// clean up after themselves leave it at zero.
func (s *Server) OpenStatements() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, st := range s.statements {
		switch st.Snapshot().State {
		case sea.StatePending, sea.StateRunning, sea.StateSucceeded:
			n++
		}
	}
	return n
}
