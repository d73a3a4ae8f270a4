package warehouse

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/statements"
	"github.com/sealane/sealane/warehouse/typemap"
)

// maxStatementBytes is the service's limit on statement text.
const maxStatementBytes = 16 << 20

// maxParameters is the service's limit on parameters per statement.
const maxParameters = 256

func (s *Server) handleExecute(w http.ResponseWriter, r *http.Request) {
	var body executeBody
	if err := decodeBody(r, &body, true); err != nil {
		writeAPIError(w, err)
		return
	}
	req, rowLimit := body.request()
	wait, waitPresent, err := s.validateExecute(&req)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	var ss *sessions.Session
	if req.SessionID != "" {
		s.mu.Lock()
		ss = s.sessions[req.SessionID]
		s.mu.Unlock()
		if ss == nil {
			writeAPIError(w, notFound("Session %s not found or already closed", req.SessionID))
			return
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	st := statements.New(newID(), ss, req, rowLimit, cancel)
	s.mu.Lock()
	s.statements[st.ID()] = st
	s.retainLocked()
	s.mu.Unlock()
	s.recordStart(r, st)
	go s.exec.Run(ctx, st)

	if !waitPresent {
		wait = s.cfg.DirectResultsWait
	}
	if wait > 0 {
		timer := time.NewTimer(wait)
		select {
		case <-st.Done():
		case <-timer.C:
			if req.OnWaitTimeout == sea.OnWaitTimeoutCancel {
				st.RequestCancel()
			}
		case <-r.Context().Done():
			// The client went away; the statement goes on, as on the service.
		}
		timer.Stop()
	}
	snap := st.Snapshot()
	if !waitPresent && snap.State == sea.StateSucceeded && snap.Result != nil && directEligible(snap.Result) {
		// Direct results: the whole result in this response, statement already released.
		resp := s.statementResponse(r, st, snap)
		resp.Status.State = sea.StateClosed
		st.Close()
		writeJSON(w, http.StatusOK, resp)
		return
	}
	writeJSON(w, http.StatusOK, s.statementResponse(r, st, snap))
}

// executeBody is the execute request as decoded: sea.ExecuteStatementRequest
// cannot tell "row_limit": 0 (no rows, truncated) from an absent row_limit,
// so the field is read here as well.
type executeBody struct {
	sea.ExecuteStatementRequest
	// RowLimit shadows the embedded field when decoding.
	RowLimit *int64 `json:"row_limit"`
}

// request returns the request and its row limit, -1 when none was given.
func (b executeBody) request() (sea.ExecuteStatementRequest, int64) {
	req := b.ExecuteStatementRequest
	if b.RowLimit == nil {
		return req, -1
	}
	req.RowLimit = *b.RowLimit
	return req, *b.RowLimit
}

// directEligible reports whether the result fits in one response: a single
// inline chunk. An empty INLINE JSON_ARRAY result has no chunk to carry, and
// CLOSED without a result means "results gone" to clients, so it answers
// SUCCEEDED instead.
func directEligible(r *results.Result) bool {
	return r.Inline() && r.NumChunks() == 1
}

// validateExecute checks an execute request and fills in defaults. It
// returns the parsed wait_timeout.
func (s *Server) validateExecute(req *sea.ExecuteStatementRequest) (time.Duration, bool, error) {
	if err := s.checkWarehouse(req.WarehouseID); err != nil {
		return 0, false, err
	}
	if req.Statement == "" {
		return 0, false, badRequest("statement is required")
	}
	if len(req.Statement) > maxStatementBytes {
		return 0, false, badRequest("statement is %d bytes; the limit is 16 MiB", len(req.Statement))
	}
	if req.Disposition == "" {
		req.Disposition = sea.DispositionInline
	}
	if req.Format == "" {
		req.Format = sea.FormatJSONArray
	}
	if !req.Disposition.Valid() {
		return 0, false, badRequest("unknown disposition %q (INLINE, EXTERNAL_LINKS, INLINE_OR_EXTERNAL_LINKS)", req.Disposition)
	}
	if !req.Format.Valid() {
		return 0, false, badRequest("unknown format %q (JSON_ARRAY, ARROW_STREAM, CSV)", req.Format)
	}
	if !req.ResultCompression.Valid() {
		return 0, false, badRequest("unknown result_compression %q (NONE, LZ4_FRAME)", req.ResultCompression)
	}
	if !req.OnWaitTimeout.Valid() {
		return 0, false, badRequest("unknown on_wait_timeout %q (CONTINUE, CANCEL)", req.OnWaitTimeout)
	}
	switch {
	case req.Disposition == sea.DispositionInline && req.Format != sea.FormatJSONArray:
		return 0, false, badRequest("disposition INLINE supports only format JSON_ARRAY, not %s", req.Format)
	case req.Disposition == sea.DispositionInlineOrExternalLinks && req.Format != sea.FormatArrowStream:
		return 0, false, badRequest("disposition INLINE_OR_EXTERNAL_LINKS supports only format ARROW_STREAM, not %s", req.Format)
	}
	if req.RowLimit < 0 || req.ByteLimit < 0 {
		return 0, false, badRequest("row_limit and byte_limit must not be negative")
	}
	wait, present, err := sea.ParseWaitTimeout(req.WaitTimeout)
	if err != nil {
		return 0, false, badRequest("%v", err)
	}
	if err := validateParameters(req.Parameters); err != nil {
		return 0, false, err
	}
	return wait, present, nil
}

func validateParameters(params []sea.Parameter) error {
	if len(params) > maxParameters {
		return badRequest("%d parameters given; at most %d are allowed", len(params), maxParameters)
	}
	names := map[string]bool{}
	ordinals := map[int]bool{}
	for i, p := range params {
		switch {
		case p.Name != "" && p.Ordinal != 0:
			return badRequest("parameter %d has both a name and an ordinal", i)
		case p.Name == "" && p.Ordinal == 0:
			return badRequest("parameter %d has neither a name nor an ordinal: positional parameters must carry an ordinal", i)
		case p.Ordinal < 0:
			return badRequest("parameter %d has ordinal %d; ordinals start at 1", i, p.Ordinal)
		case p.Name != "" && names[p.Name]:
			return badRequest("parameter %q is given twice", p.Name)
		case p.Ordinal != 0 && ordinals[p.Ordinal]:
			return badRequest("parameter ordinal %d is given twice", p.Ordinal)
		}
		if p.Name != "" {
			names[p.Name] = true
		} else {
			ordinals[p.Ordinal] = true
		}
		if _, err := typemap.ParameterCast(p.Type); err != nil {
			return badRequest("parameter %s: %v", paramLabel(p), err)
		}
	}
	if len(names) > 0 && len(ordinals) > 0 {
		return badRequest("named and positional parameters cannot be mixed")
	}
	return nil
}

func paramLabel(p sea.Parameter) string {
	if p.Name != "" {
		return ":" + p.Name
	}
	return fmt.Sprintf("#%d", p.Ordinal)
}
