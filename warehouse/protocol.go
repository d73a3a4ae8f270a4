package warehouse

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/history"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/statements"
)

// This file is the warehouse's transport-neutral API: what a second wire
// protocol (the Thrift endpoint, package warehouse/thriftsrv) needs to serve
// the same sessions, statements, results and signed links as the SEA API.
// It wraps the internals the SEA handlers use; nothing here is specific to
// one protocol.

// Errors of the transport-neutral API.
var (
	// ErrSessionNotFound: no open session has the id (never opened,
	// closed, or expired).
	ErrSessionNotFound = errors.New("warehouse: session not found")
	// ErrStatementNotFound: no statement has the id (never submitted or
	// no longer retained).
	ErrStatementNotFound = errors.New("warehouse: statement not found")
	// ErrNoResult: the statement has no result (not succeeded, or closed).
	ErrNoResult = errors.New("warehouse: statement has no result")
	// ErrDraining: the warehouse is shutting down and starts no new work.
	ErrDraining = errors.New("warehouse: draining")
)

// RequestError is a request the warehouse refused before running it (a bad
// parameter, too long a statement): the message says why.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

// Mount serves h at pattern (an http.ServeMux pattern) on the warehouse's
// handler, behind the same authentication as the SEA API. Call it before
// Handler.
func (s *Server) Mount(pattern string, h http.Handler) {
	s.mounts = append(s.mounts, mount{pattern, h})
}

type mount struct {
	pattern string
	h       http.Handler
}

// OpenSession opens a session with an initial catalog and schema (empty:
// the defaults) and session confs, and returns its id.
func (s *Server) OpenSession(ctx context.Context, catalog, schema string, confs map[string]string) (string, error) {
	if s.draining.Load() {
		return "", ErrDraining
	}
	ss, err := s.env.Create(ctx, newID(), catalog, schema, confs)
	var nsErr *sessions.NamespaceError
	var tzErr *sessions.TimezoneError
	switch {
	case errors.As(err, &nsErr):
		return "", &RequestError{Msg: nsErr.Err.Error()}
	case errors.As(err, &tzErr):
		return "", &RequestError{Msg: tzErr.Error()}
	case err != nil:
		return "", err
	}
	s.mu.Lock()
	s.sessions[ss.ID()] = ss
	s.mu.Unlock()
	return ss.ID(), nil
}

// SessionNamespace returns the session's current catalog and schema.
func (s *Server) SessionNamespace(id string) (catalog, schema string, err error) {
	s.mu.Lock()
	ss := s.sessions[id]
	s.mu.Unlock()
	if ss == nil {
		return "", "", ErrSessionNotFound
	}
	catalog, schema = ss.Namespace()
	return catalog, schema, nil
}

// CloseSession closes a session and its statements.
func (s *Server) CloseSession(id string) error {
	s.mu.Lock()
	ss, ok := s.sessions[id]
	delete(s.sessions, id)
	s.mu.Unlock()
	if !ok {
		return ErrSessionNotFound
	}
	s.closeSessionSoon(ss)
	return nil
}

// Submission is a statement to run in a session.
type Submission struct {
	SessionID  string
	Statement  string
	Parameters []sea.Parameter
	// RowLimit caps the rows kept; negative means no cap.
	RowLimit int64
	// Compression of the stored chunks (sea.CompressionLZ4Frame or none).
	Compression sea.Compression
	// UserAgent is the client's, for Query History.
	UserAgent string
}

// Submit starts a statement and returns its id. Results are Arrow IPC
// streams cut into chunks, each a complete stream (schema, batches, end
// marker), served by ChunkBytes or through a signed link (ChunkLink). ctx
// is the request's: it carries the authenticated user (Query History); the
// statement itself runs on until it finishes, is cancelled or closed.
func (s *Server) Submit(ctx context.Context, sub Submission) (string, error) {
	if s.draining.Load() {
		return "", ErrDraining
	}
	req := sea.ExecuteStatementRequest{
		WarehouseID: s.cfg.WarehouseID, SessionID: sub.SessionID, Statement: sub.Statement, Parameters: sub.Parameters,
		Format: sea.FormatArrowStream, Disposition: sea.DispositionExternalLinks, ResultCompression: sub.Compression,
	}
	rowLimit := sub.RowLimit
	if rowLimit < 0 {
		rowLimit = -1
	} else {
		req.RowLimit = rowLimit
	}
	if _, _, err := s.validateExecute(&req); err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return "", &RequestError{Msg: ae.msg}
		}
		return "", err
	}
	s.mu.Lock()
	ss := s.sessions[sub.SessionID]
	s.mu.Unlock()
	if ss == nil {
		return "", ErrSessionNotFound
	}
	u := userFrom(ctx)
	ctx, cancel := context.WithCancel(context.Background())
	st := statements.New(newID(), ss, req, rowLimit, cancel)
	s.mu.Lock()
	s.statements[st.ID()] = st
	s.retainLocked()
	s.mu.Unlock()
	s.history.Start(history.Start{ID: st.ID(), Text: req.Statement, Parameters: req.Parameters,
		SessionID: ss.ID(), UserID: u.id, UserName: u.name, UserAgent: sub.UserAgent, Time: st.Created()})
	go s.exec.Run(ctx, st)
	return st.ID(), nil
}

// Wait waits up to d for the statement to finish (succeed, fail or be
// cancelled), or until ctx is done; it reports whether it finished.
func (s *Server) Wait(ctx context.Context, id string, d time.Duration) (bool, error) {
	st, err := s.statementByID(id)
	if err != nil {
		return false, err
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-st.Done():
		return true, nil
	case <-timer.C:
	case <-ctx.Done():
	}
	return false, nil
}

// StatementStatus is a statement's state and, once it has succeeded, its
// result's shape.
type StatementStatus struct {
	State sea.State
	// Error is set when State is FAILED.
	Error *sea.ServiceError
	// Result is set when State is SUCCEEDED.
	Result *ResultInfo
}

// ResultInfo describes a result: its columns and chunks.
type ResultInfo struct {
	Columns []sea.ColumnInfo
	// Chunks are in order; ByteCount is the uncompressed size.
	Chunks     []sea.ChunkInfo
	Compressed bool // chunks are LZ4 frames
	TotalRows  int64
	TotalBytes int64
	Truncated  bool
}

// Status returns a statement's state and result shape.
func (s *Server) Status(id string) (StatementStatus, error) {
	st, err := s.statementByID(id)
	if err != nil {
		return StatementStatus{}, err
	}
	snap := st.Snapshot()
	out := StatementStatus{State: snap.State}
	if snap.State == sea.StateFailed && snap.Failure != nil {
		f := *snap.Failure
		out.Error = &f
	}
	if snap.State == sea.StateSucceeded && snap.Result != nil {
		m := snap.Result.Manifest()
		out.Result = &ResultInfo{Columns: m.Schema.Columns, Chunks: m.Chunks, Compressed: snap.Result.Compressed(),
			TotalRows: m.TotalRowCount, TotalBytes: m.TotalByteCount, Truncated: m.Truncated}
	}
	return out, nil
}

// ChunkBytes returns chunk k of a succeeded statement's result as stored
// (an LZ4 frame when the result is compressed).
func (s *Server) ChunkBytes(id string, k int) ([]byte, error) {
	st, err := s.statementByID(id)
	if err != nil {
		return nil, err
	}
	snap := st.Snapshot()
	if snap.State != sea.StateSucceeded || snap.Result == nil || k < 0 || k >= snap.Result.NumChunks() {
		return nil, ErrNoResult
	}
	return snap.Result.ChunkData(k).Bytes()
}

// ChunkLink mints a signed download link for chunk k, on the host and
// scheme r came in on, as the SEA API's external links.
func (s *Server) ChunkLink(r *http.Request, id string, k int) (sea.ExternalLink, error) {
	st, err := s.statementByID(id)
	if err != nil {
		return sea.ExternalLink{}, err
	}
	snap := st.Snapshot()
	if snap.State != sea.StateSucceeded || snap.Result == nil || k < 0 || k >= snap.Result.NumChunks() {
		return sea.ExternalLink{}, ErrNoResult
	}
	return s.externalLink(r, id, snap.Result, k), nil
}

// Cancel cancels a pending or running statement; finished ones are left alone.
func (s *Server) Cancel(id string) error {
	st, err := s.statementByID(id)
	if err != nil {
		return err
	}
	st.RequestCancel()
	s.recordCancel(st)
	return nil
}

// CloseStatement cancels the statement if it runs and releases its result.
func (s *Server) CloseStatement(id string) error {
	st, err := s.statementByID(id)
	if err != nil {
		return err
	}
	st.Close()
	return nil
}

func (s *Server) statementByID(id string) (*statements.Statement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.statements[id]
	if !ok {
		return nil, ErrStatementNotFound
	}
	return st, nil
}
