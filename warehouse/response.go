package warehouse

import (
	"net/http"
	"strings"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/statements"
)

// jdbcAgent is the User-Agent prefix for which the service returns every
// chunk link in the first response; the Rust kernel sends it on purpose.
const jdbcAgent = "DatabricksJDBCDriverOSS"

// statementResponse renders a statement as execute and GET answer it.
func (s *Server) statementResponse(r *http.Request, st *statements.Statement, snap statements.Snapshot) sea.StatementResponse {
	resp := sea.StatementResponse{StatementID: st.ID(), Status: sea.StatementStatus{State: snap.State}}
	switch snap.State {
	case sea.StateFailed:
		resp.Status.Error = &sea.ServiceError{ErrorCode: snap.Failure.ErrorCode, Message: snap.Failure.Message}
		resp.Status.SQLState = snap.Failure.SQLState
	case sea.StateCanceled:
		// Python builds a result set from a CANCELED answer and needs a manifest.
		resp.Manifest = &sea.ResultManifest{Format: st.Format()}
	case sea.StateSucceeded:
		resp.Manifest = snap.Result.Manifest()
		if snap.Result.NumChunks() > 0 {
			data, err := s.resultData(r, st, snap.Result, 0)
			if err == nil {
				resp.Result = data
			}
		}
	}
	return resp
}

// resultData renders chunk k: its attachment, rows, or external link(s).
func (s *Server) resultData(r *http.Request, st *statements.Statement, res *results.Result, k int) (*sea.ResultData, error) {
	c := res.ChunkInfo(k)
	d := &sea.ResultData{ChunkIndex: k, RowOffset: c.RowOffset, RowCount: c.RowCount, ByteCount: c.ByteCount}
	if k+1 < res.NumChunks() {
		d.NextChunkIndex = sea.IntPtr(k + 1)
		d.NextChunkInternalLink = sea.ChunkPath(st.ID(), k+1)
	}
	switch {
	case res.Inline() && res.Format() == sea.FormatJSONArray:
		d.DataArray = res.Rows()
		if d.DataArray == nil {
			d.DataArray = [][]*string{}
		}
	case res.Inline():
		b, err := res.ChunkData(k).Bytes()
		if err != nil {
			return nil, err
		}
		d.Attachment = b
	default:
		last := k
		if strings.HasPrefix(r.UserAgent(), jdbcAgent) {
			last = res.NumChunks() - 1
		}
		for i := k; i <= last; i++ {
			d.ExternalLinks = append(d.ExternalLinks, s.externalLink(r, st.ID(), res, i))
		}
	}
	return d, nil
}
