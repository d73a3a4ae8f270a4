package thriftsrv

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

func isTrue(b *bool) bool { return b != nil && *b }

func (s *Server) executeStatement(r *http.Request, req *tcli.ExecuteStatementReq) tcli.OperationResp {
	sessionID := idOf(req.SessionHandle.SessionID.GUID)
	if _, _, err := s.wh.SessionNamespace(sessionID); err != nil {
		return tcli.OperationResp{Status: invalidSession()}
	}
	params, err := parameters(req.Parameters)
	if err != nil {
		return tcli.OperationResp{Status: errorStatus("42K0E", err.Error())}
	}
	rowLimit := int64(-1)
	if req.ResultRowLimit != nil && *req.ResultRowLimit >= 0 {
		rowLimit = *req.ResultRowLimit
	}
	op := &operation{sessionID: sessionID, kind: tcli.OpExecuteStatement,
		arrow: isTrue(req.CanReadArrowResult), links: isTrue(req.CanDownloadResult), lz4: isTrue(req.CanDecompressLZ4Result)}
	sub := warehouse.Submission{SessionID: sessionID, Statement: req.Statement, Parameters: params, RowLimit: rowLimit}
	return s.start(r, op, sub, !isTrue(req.RunAsync), req.GetDirectResults)
}

// start submits the statement behind op and answers with its handle and,
// when asked, its direct results.
func (s *Server) start(r *http.Request, op *operation, sub warehouse.Submission, sync bool, direct *tcli.GetDirectResults) tcli.OperationResp {
	if op.lz4 {
		sub.Compression = sea.CompressionLZ4Frame
	}
	sub.UserAgent = r.UserAgent()
	id, err := s.wh.Submit(r.Context(), sub)
	var re *warehouse.RequestError
	switch {
	case errors.Is(err, warehouse.ErrSessionNotFound):
		return tcli.OperationResp{Status: invalidSession()}
	case errors.As(err, &re):
		return tcli.OperationResp{Status: errorStatus("42000", re.Msg)}
	case errors.Is(err, warehouse.ErrDraining):
		return tcli.OperationResp{Status: errorStatus("08006", "The warehouse is shutting down")}
	case err != nil:
		return tcli.OperationResp{Status: errorStatus("XX000", err.Error())}
	}
	op.stmtID = id
	s.addOp(op)
	ctx := r.Context()
	for {
		done, _ := s.wh.Wait(ctx, id, s.wait(sync))
		if done || !sync || ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() != nil {
		// The client went away before it had the handle: nobody can
		// fetch, cancel or close the statement now.
		_ = s.wh.CloseStatement(id)
		s.dropOp(id)
		return tcli.OperationResp{Status: errorStatus("HY008", "The request was cancelled")}
	}
	resp := tcli.OperationResp{Status: success(), OperationHandle: op.handle()}
	if direct == nil {
		return resp
	}
	st, err := s.wh.Status(id)
	if err != nil {
		return tcli.OperationResp{Status: invalidOperation()}
	}
	dr := &tcli.DirectResults{OperationStatus: statusResp(st)}
	dr.OperationStatus.NumModifiedRows = s.modifiedRows(op, st)
	resp.DirectResults = dr
	if st.State != sea.StateSucceeded {
		return resp
	}
	first := s.page(r, op, tcli.FetchNext, direct.MaxRows, false)
	if first.Status.StatusCode != tcli.StatusSuccess {
		return resp
	}
	op.mu.Lock()
	meta := s.metadataResp(op, st.Result)
	format := op.format
	op.mu.Unlock()
	dr.ResultSetMetadata, dr.ResultSet = &meta, &first
	if !isTrue(first.HasMoreRows) && format != tcli.URLBasedSet {
		// Everything went out: the operation is closed server-side.
		_ = s.wh.CloseStatement(id)
		s.dropOp(id)
		dr.CloseOperation = &tcli.StatusResp{Status: success()}
	}
	return resp
}

// parameters turns TSparkParameters into the warehouse's: named ones by
// name, positional ones by list order (Go sends no ordinal, Python sends a
// flag, JDBC the position).
func parameters(in []tcli.Parameter) ([]sea.Parameter, error) {
	out := make([]sea.Parameter, 0, len(in))
	pos := 0
	for _, p := range in {
		var sp sea.Parameter
		if p.Name != nil && *p.Name != "" {
			sp.Name = *p.Name
		} else {
			pos++
			sp.Ordinal = pos
		}
		if p.Type != nil {
			sp.Type = *p.Type
		}
		if len(p.Arguments) > 0 {
			return nil, errors.New("parameters of complex types (ARRAY, MAP, STRUCT) are not supported")
		}
		if v := p.Value; v != nil {
			switch {
			case v.StringValue != nil:
				sp.Value = ptr(*v.StringValue)
			case v.DoubleValue != nil:
				sp.Value = ptr(strconv.FormatFloat(*v.DoubleValue, 'g', -1, 64))
			case v.BooleanValue != nil:
				sp.Value = ptr(strconv.FormatBool(*v.BooleanValue))
			}
		}
		if sp.Value == nil && sp.Type == "" {
			sp.Type = "VOID"
		}
		out = append(out, sp)
	}
	return out, nil
}
