package warehouse

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/statements"
)

func (s *Server) handleCreateSession(w http.ResponseWriter, r *http.Request) {
	var req sea.CreateSessionRequest
	if err := decodeBody(r, &req, true); err != nil {
		writeAPIError(w, err)
		return
	}
	if err := s.checkWarehouse(req.WarehouseID); err != nil {
		writeAPIError(w, err)
		return
	}
	ss, err := s.env.Create(r.Context(), newID(), req.Catalog, req.Schema, req.Confs())
	var nsErr *sessions.NamespaceError
	var tzErr *sessions.TimezoneError
	switch {
	case errors.As(err, &nsErr):
		writeAPIError(w, badRequest("%v", nsErr.Err))
		return
	case errors.As(err, &tzErr):
		writeAPIError(w, badRequest("%v", tzErr))
		return
	case err != nil:
		writeAPIError(w, err)
		return
	}
	s.mu.Lock()
	s.sessions[ss.ID()] = ss
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, sea.CreateSessionResponse{SessionID: ss.ID()})
}

func (s *Server) checkWarehouse(id string) error {
	if id == "" {
		return badRequest("warehouse_id is required")
	}
	if id != s.cfg.WarehouseID {
		return &apiError{http.StatusNotFound, sea.ErrorCodeResourceDoesNotExist, "Warehouse " + id + " does not exist (this warehouse is " + s.cfg.WarehouseID + ")"}
	}
	return nil
}

// handleDeleteSession accepts all three forms on the wire: no body, a JSON
// body {warehouse_id, session_id}, or ?warehouse_id=.
func (s *Server) handleDeleteSession(w http.ResponseWriter, r *http.Request) {
	var req sea.DeleteSessionRequest
	if err := decodeBody(r, &req, false); err != nil {
		writeAPIError(w, err)
		return
	}
	id := r.PathValue("id")
	if req.SessionID != "" && req.SessionID != id {
		writeAPIError(w, badRequest("session_id %q in the body does not match %q in the path", req.SessionID, id))
		return
	}
	if wid := cmp.Or(req.WarehouseID, r.URL.Query().Get("warehouse_id")); wid != "" {
		if err := s.checkWarehouse(wid); err != nil {
			writeAPIError(w, err)
			return
		}
	}
	s.mu.Lock()
	ss, ok := s.sessions[id]
	delete(s.sessions, id)
	s.mu.Unlock()
	if !ok {
		writeAPIError(w, notFound("Session %s not found", id))
		return
	}
	s.closeSessionSoon(ss)
	writeJSON(w, http.StatusOK, struct{}{})
}

// closeSessionSoon closes the session's statements at once — each is
// CLOSED and its run cancelled before this returns — and frees the
// session's connections in the background once the engine has stopped
// them. A client's DELETE is answered as the service answers it, without
// waiting for DuckDB to notice an interrupt (over a second on a busy
// machine); Close waits for what is left.
func (s *Server) closeSessionSoon(ss *sessions.Session) {
	mine := s.closeStatementsOf(ss)
	s.mu.Lock() // Close waits on closing only after it has held mu with stop closed
	select {
	case <-s.stop:
		s.mu.Unlock()
		closeConnsAfter(ss, mine)
		return
	default:
		s.closing.Add(1)
	}
	s.mu.Unlock()
	go func() {
		defer s.closing.Done()
		closeConnsAfter(ss, mine)
	}()
}

// closeSession closes the session's statements and its connection, and
// returns when both are done.
func (s *Server) closeSession(ss *sessions.Session) {
	closeConnsAfter(ss, s.closeStatementsOf(ss))
}

// closeConnsAfter closes the connections of session ss once the engine has
// stopped every one of its closed statements stmts.
func closeConnsAfter(ss *sessions.Session, stmts []*statements.Statement) {
	for _, st := range stmts {
		<-st.Done()
	}
	ss.CloseConns()
}

// closeStatementsOf closes the statements of session ss (CLOSED, runs
// cancelled) and returns them.
func (s *Server) closeStatementsOf(ss *sessions.Session) []*statements.Statement {
	s.mu.Lock()
	var mine []*statements.Statement
	for _, st := range s.statements {
		if st.Session() == ss {
			mine = append(mine, st)
		}
	}
	s.mu.Unlock()
	for _, st := range mine {
		st.Close()
	}
	return mine
}

func (s *Server) handleGetStatement(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		writeJSON(w, http.StatusOK, s.statementResponse(r, st, st.Snapshot()))
	}
}

func (s *Server) handleGetChunk(w http.ResponseWriter, r *http.Request) {
	st, err := s.lookupStatement(r.PathValue("id"))
	if err != nil {
		writeAPIError(w, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		writeAPIError(w, badRequest("chunk index %q is not an integer", r.PathValue("n")))
		return
	}
	snap := st.Snapshot()
	if snap.State != sea.StateSucceeded || snap.Result == nil {
		writeAPIError(w, notFound("Statement %s has no result (state %s)", st.ID(), snap.State))
		return
	}
	if n < 0 || n >= snap.Result.NumChunks() {
		writeAPIError(w, badRequest("chunk index %d is out of range: the result has %d chunks", n, snap.Result.NumChunks()))
		return
	}
	data, err := s.resultData(r, st, snap.Result, n)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, data)
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		st.RequestCancel()
		s.recordCancel(st)
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

func (s *Server) handleCloseStatement(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		st.Close()
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

// statementFromRequest accepts the optional JSON body Python sends on GET,
// cancel and DELETE and finds the statement named in the path; on failure
// it has already answered.
func (s *Server) statementFromRequest(w http.ResponseWriter, r *http.Request) (*statements.Statement, bool) {
	var req sea.StatementRequest
	if err := decodeBody(r, &req, false); err != nil {
		writeAPIError(w, err)
		return nil, false
	}
	st, err := s.lookupStatement(r.PathValue("id"))
	if err != nil {
		writeAPIError(w, err)
		return nil, false
	}
	return st, true
}
