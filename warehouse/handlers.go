package warehouse

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"

	"github.com/sealane/sealane/sea"
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
	ss, err := newSession(r.Context(), s.eng, newID())
	if err != nil {
		writeAPIError(w, err)
		return
	}
	for k, v := range req.Confs() {
		ss.confs[strings.ToLower(k)] = v
	}
	if req.Catalog != "" || req.Schema != "" {
		cat, sch := req.Catalog, req.Schema
		if cat == "" {
			cat = ss.catalog
		}
		if sch == "" {
			sch = "default"
		}
		if err := s.useNamespace(r.Context(), ss, cat, sch); err != nil {
			_ = ss.conn.Close()
			writeAPIError(w, badRequest("%v", err))
			return
		}
	}
	if err := s.applyTimezone(r.Context(), ss); err != nil {
		_ = ss.conn.Close()
		writeAPIError(w, badRequest("invalid TIMEZONE %q: %v", ss.confs["timezone"], err))
		return
	}
	s.mu.Lock()
	s.sessions[ss.id] = ss
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, sea.CreateSessionResponse{SessionID: ss.id})
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
func (s *Server) closeSessionSoon(ss *session) {
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
func (s *Server) closeSession(ss *session) {
	closeConnsAfter(ss, s.closeStatementsOf(ss))
}

// closeConnsAfter closes the connections of session ss once the engine has
// stopped every one of its closed statements stmts.
func closeConnsAfter(ss *session, stmts []*statement) {
	for _, st := range stmts {
		<-st.done
	}
	ss.closeConns()
}

// closeStatementsOf closes the statements of session ss (CLOSED, runs
// cancelled) and returns them.
func (s *Server) closeStatementsOf(ss *session) []*statement {
	s.mu.Lock()
	var mine []*statement
	for _, st := range s.statements {
		if st.sess == ss {
			mine = append(mine, st)
		}
	}
	s.mu.Unlock()
	for _, st := range mine {
		st.close()
	}
	return mine
}

func (s *Server) handleGetStatement(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		writeJSON(w, http.StatusOK, s.statementResponse(r, st, st.snapshot()))
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
	snap := st.snapshot()
	if snap.state != sea.StateSucceeded || snap.res == nil {
		writeAPIError(w, notFound("Statement %s has no result (state %s)", st.id, snap.state))
		return
	}
	if n < 0 || n >= snap.res.NumChunks() {
		writeAPIError(w, badRequest("chunk index %d is out of range: the result has %d chunks", n, snap.res.NumChunks()))
		return
	}
	data, err := s.resultData(r, st, snap.res, n)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, data)
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		st.requestCancel()
		s.recordCancel(st)
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

func (s *Server) handleCloseStatement(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.statementFromRequest(w, r); ok {
		st.close()
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

// statementFromRequest accepts the optional JSON body Python sends on GET,
// cancel and DELETE and finds the statement named in the path; on failure
// it has already answered.
func (s *Server) statementFromRequest(w http.ResponseWriter, r *http.Request) (*statement, bool) {
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
