package thriftsrv

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// operation is the Thrift side of a statement: what the client can read
// and how far it has fetched. The statement itself lives in the warehouse.
type operation struct {
	stmtID    string
	sessionID string
	kind      tcli.OperationType
	arrow     bool // the client reads Arrow (else column-based sets)
	links     bool // the client downloads CloudFetch links
	lz4       bool // chunks are stored, and sent, LZ4-framed
	// reshape turns a metadata command's result into the call's columns.
	reshape func(*table) *table

	mu sync.Mutex
	// decided: format and schema are fixed once the result is known.
	decided   bool
	format    tcli.RowSetType
	arrowHead []byte // the Arrow IPC schema message of the result
	next      int    // next chunk to send
	cols      *table // a column-based result, converted once
	colsSent  bool
}

// sweepAt is the operation count above which addOp forgets operations
// whose statements the warehouse no longer has (sessions that expired,
// statements past retention, clients that never closed).
const sweepAt = 1024

func (s *Server) addOp(op *operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops[op.stmtID] = op
	if len(s.ops) < sweepAt || len(s.ops) < 2*s.swept {
		return
	}
	for id := range s.ops {
		if _, err := s.wh.Status(id); errors.Is(err, warehouse.ErrStatementNotFound) {
			delete(s.ops, id)
		}
	}
	s.swept = len(s.ops)
}

func (s *Server) opOf(h tcli.OperationHandle) (*operation, bool) {
	id := idOf(h.OperationID.GUID)
	s.mu.Lock()
	op, ok := s.ops[id]
	s.mu.Unlock()
	if ok {
		if _, err := s.wh.Status(id); errors.Is(err, warehouse.ErrStatementNotFound) {
			s.dropOp(id)
			return nil, false
		}
	}
	return op, ok
}

func (s *Server) dropOp(id string) {
	s.mu.Lock()
	delete(s.ops, id)
	s.mu.Unlock()
}

func (s *Server) forgetSession(sessionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, op := range s.ops {
		if op.sessionID == sessionID {
			delete(s.ops, id)
		}
	}
}

func (op *operation) handle() *tcli.OperationHandle {
	return &tcli.OperationHandle{OperationID: tcli.HandleIdentifier{GUID: guidOf(op.stmtID), Secret: secret()},
		OperationType: op.kind, HasResultSet: true}
}

// states maps warehouse states to Thrift's; INITIALIZED is never used.
var states = map[sea.State]tcli.OperationState{
	sea.StatePending:   tcli.StatePending,
	sea.StateRunning:   tcli.StateRunning,
	sea.StateSucceeded: tcli.StateFinished,
	sea.StateFailed:    tcli.StateError,
	sea.StateCanceled:  tcli.StateCanceled,
	sea.StateClosed:    tcli.StateClosed,
}

func statusResp(st warehouse.StatementStatus) *tcli.GetOperationStatusResp {
	resp := &tcli.GetOperationStatusResp{Status: success(), OperationState: ptr(states[st.State]), HasResultSet: ptr(true)}
	if e := st.Error; e != nil {
		resp.ErrorMessage, resp.DisplayMessage = ptr(e.Message), ptr(e.Message)
		resp.DiagnosticInfo = ptr("error_code=" + string(e.ErrorCode))
		if e.SQLState != "" {
			resp.SQLState = ptr(e.SQLState)
		}
	}
	if st.State == sea.StateCanceled {
		resp.ErrorMessage = ptr("The operation was canceled")
		resp.DisplayMessage = resp.ErrorMessage
	}
	return resp
}

func (s *Server) getOperationStatus(req *tcli.GetOperationStatusReq) tcli.GetOperationStatusResp {
	op, ok := s.opOf(req.OperationHandle)
	if !ok {
		return tcli.GetOperationStatusResp{Status: invalidOperation()}
	}
	st, err := s.wh.Status(op.stmtID)
	if err != nil {
		return tcli.GetOperationStatusResp{Status: invalidOperation()}
	}
	resp := statusResp(st)
	resp.NumModifiedRows = s.modifiedRows(op, st)
	return *resp
}

// modifiedRows is the row count of a finished DML statement — its result
// is the one-row num_affected_rows table — which the connector reports as
// cursor.rowcount; nil for anything else.
func (s *Server) modifiedRows(op *operation, st warehouse.StatementStatus) *int64 {
	info := st.Result
	if op.kind != tcli.OpExecuteStatement || info == nil || info.TotalRows != 1 || len(info.Chunks) != 1 ||
		len(info.Columns) == 0 || info.Columns[0].Name != "num_affected_rows" {
		return nil
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	data, err := s.chunk(op, 0)
	if err != nil {
		return nil
	}
	rdr, err := ipc.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	defer rdr.Release()
	if !rdr.Next() || rdr.RecordBatch().NumRows() != 1 {
		return nil
	}
	if v := appendValues(nil, rdr.RecordBatch().Column(0)); len(v) == 1 {
		if n, ok := v[0].(int64); ok {
			return &n
		}
	}
	return nil
}

func (s *Server) cancelOperation(req *tcli.OperationReq) tcli.StatusResp {
	op, ok := s.opOf(req.OperationHandle)
	if !ok {
		return tcli.StatusResp{Status: invalidOperation()}
	}
	_ = s.wh.Cancel(op.stmtID)
	return tcli.StatusResp{Status: success()}
}

// closeOperation is lenient: closing an operation already closed (by
// direct results, or twice) succeeds, as clients close after direct results.
//
// Clients close an operation as soon as they hold every CloudFetch link
// (databricks-sql-go does, before it downloads), and links stay valid
// after the close on Databricks (the files are in cloud storage): a result
// whose links went out is released when they expire, not at the close.
func (s *Server) closeOperation(req *tcli.OperationReq) tcli.StatusResp {
	id := idOf(req.OperationHandle.OperationID.GUID)
	s.mu.Lock()
	op := s.ops[id]
	s.mu.Unlock()
	linked := false
	if op != nil {
		op.mu.Lock()
		linked = op.format == tcli.URLBasedSet && op.next > 0
		op.mu.Unlock()
	}
	s.dropOp(id)
	if linked {
		time.AfterFunc(s.wh.Config().LinkTTL, func() { _ = s.wh.CloseStatement(id) })
		return tcli.StatusResp{Status: success()}
	}
	_ = s.wh.CloseStatement(id)
	return tcli.StatusResp{Status: success()}
}

// decide fixes the result's format on first sight of the result: CloudFetch
// links for a client that takes them when the result is larger than the
// threshold, inline Arrow for an Arrow client, column-based otherwise.
func (s *Server) decide(op *operation, info *warehouse.ResultInfo) error {
	if op.decided {
		return nil
	}
	switch {
	case op.reshape != nil || !op.arrow:
		op.format = tcli.ColumnBasedSet
	case op.links && info.TotalBytes > s.opts.CloudFetchThreshold:
		op.format = tcli.URLBasedSet
	default:
		op.format = tcli.ArrowBasedSet
	}
	if len(info.Chunks) > 0 && op.format != tcli.ColumnBasedSet {
		data, err := s.chunk(op, 0)
		if err != nil {
			return err
		}
		head, _, err := splitSchema(data)
		if err != nil {
			return err
		}
		op.arrowHead = head
	}
	op.decided = true
	return nil
}

// chunk returns chunk k uncompressed.
func (s *Server) chunk(op *operation, k int) ([]byte, error) {
	data, err := s.wh.ChunkBytes(op.stmtID, k)
	if err != nil || !op.lz4 {
		return data, err
	}
	return lz4Decode(data)
}

func (s *Server) metadataResp(op *operation, info *warehouse.ResultInfo) tcli.GetResultSetMetadataResp {
	resp := tcli.GetResultSetMetadataResp{Status: success(), ResultFormat: ptr(op.format), LZ4Compressed: ptr(op.lz4 && op.format != tcli.ColumnBasedSet),
		UncompressedBytes: ptr(info.TotalBytes), CompressedBytes: ptr(info.TotalBytes), IsStagingOperation: ptr(false)}
	cols := info.Columns
	if op.reshape != nil {
		cols = op.cols.columnInfos()
	}
	resp.Schema = tableSchema(cols)
	if op.format != tcli.ColumnBasedSet {
		resp.ArrowSchema = op.arrowHead
	}
	return resp
}

func (s *Server) getResultSetMetadata(req *tcli.OperationReq) tcli.GetResultSetMetadataResp {
	op, ok := s.opOf(req.OperationHandle)
	if !ok {
		return tcli.GetResultSetMetadataResp{Status: invalidOperation()}
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	info, status := s.result(op)
	if info == nil {
		return tcli.GetResultSetMetadataResp{Status: status}
	}
	return s.metadataResp(op, info)
}

// result returns the succeeded statement's result, decided and (for
// column-based results) converted; op.mu is held.
func (s *Server) result(op *operation) (*warehouse.ResultInfo, tcli.Status) {
	st, err := s.wh.Status(op.stmtID)
	switch {
	case err != nil:
		return nil, invalidOperation()
	case st.State == sea.StateFailed && st.Error != nil:
		return nil, errorStatus(st.Error.SQLState, st.Error.Message)
	case st.Result == nil:
		return nil, errorStatus("HY010", "The operation has no result: it is "+string(st.State))
	}
	if err := s.decide(op, st.Result); err != nil {
		return nil, errorStatus("XX000", "reading the result: "+err.Error())
	}
	if op.format == tcli.ColumnBasedSet && op.cols == nil {
		t, err := s.readTable(op, st.Result)
		if err != nil {
			return nil, errorStatus("XX000", "reading the result: "+err.Error())
		}
		if op.reshape != nil {
			t = op.reshape(t)
		}
		op.cols = t
	}
	return st.Result, success()
}

// page builds the next page of results: up to maxRows rows (at least one
// chunk) of inline Arrow, every remaining link (at most maxLinks), or the
// whole column-based result.
func (s *Server) page(r *http.Request, op *operation, orientation tcli.FetchOrientation, maxRows int64, withMeta bool) tcli.FetchResultsResp {
	op.mu.Lock()
	defer op.mu.Unlock()
	info, status := s.result(op)
	if info == nil {
		return tcli.FetchResultsResp{Status: status}
	}
	if orientation == tcli.FetchFirst {
		op.next, op.colsSent = 0, false
	}
	resp := tcli.FetchResultsResp{Status: success(), HasMoreRows: ptr(false)}
	if withMeta {
		m := s.metadataResp(op, info)
		resp.ResultSetMetadata = &m
	}
	rs := &tcli.RowSet{Rows: []tcli.Row{}, StartRowOffset: info.TotalRows}
	if op.next < len(info.Chunks) {
		rs.StartRowOffset = info.Chunks[op.next].RowOffset
	}
	switch op.format {
	case tcli.ColumnBasedSet:
		rs.StartRowOffset = 0
		if op.colsSent {
			rs.StartRowOffset = int64(op.cols.rows)
			rs.Columns = op.cols.slice(op.cols.rows).columns()
		} else {
			rs.Columns = op.cols.columns()
			op.colsSent = true
		}
		op.next = len(info.Chunks) // the whole result went out
		rs.ColumnCount = ptr(int32(len(rs.Columns)))
	case tcli.URLBasedSet:
		rs.ResultLinks = []tcli.ResultLink{}
		for ; op.next < len(info.Chunks) && len(rs.ResultLinks) < maxLinks; op.next++ {
			c := info.Chunks[op.next]
			l, err := s.wh.ChunkLink(r, op.stmtID, op.next)
			if err != nil {
				return tcli.FetchResultsResp{Status: errorStatus("XX000", "minting a result link: "+err.Error())}
			}
			rs.ResultLinks = append(rs.ResultLinks, tcli.ResultLink{FileLink: l.ExternalLink, ExpiryTime: l.Expiration.UnixMilli(),
				StartRowOffset: c.RowOffset, RowCount: c.RowCount, BytesNum: c.ByteCount, HTTPHeaders: orEmpty(l.HTTPHeaders)})
		}
	default:
		rs.ArrowBatches = []tcli.ArrowBatch{}
		var rows int64
		for op.next < len(info.Chunks) && (rows == 0 || maxRows <= 0 || rows+info.Chunks[op.next].RowCount <= maxRows) {
			c := info.Chunks[op.next]
			data, err := s.chunk(op, op.next)
			if err != nil {
				return tcli.FetchResultsResp{Status: errorStatus("XX000", "reading the result: "+err.Error())}
			}
			batch, err := batchesOf(data, op.lz4)
			if err != nil {
				return tcli.FetchResultsResp{Status: errorStatus("XX000", "reading the result: "+err.Error())}
			}
			rs.ArrowBatches = append(rs.ArrowBatches, tcli.ArrowBatch{Batch: batch, RowCount: c.RowCount})
			rows += c.RowCount
			op.next++
		}
	}
	resp.HasMoreRows = ptr(op.next < len(info.Chunks))
	resp.Results = rs
	return resp
}

// maxLinks bounds the links of one page.
const maxLinks = 64

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (s *Server) fetchResults(r *http.Request, req *tcli.FetchResultsReq) tcli.FetchResultsResp {
	op, ok := s.opOf(req.OperationHandle)
	if !ok {
		return tcli.FetchResultsResp{Status: invalidOperation()}
	}
	switch req.Orientation {
	case tcli.FetchNext, tcli.FetchFirst:
	default:
		return tcli.FetchResultsResp{Status: errorStatus("HY106", "sealane serves FETCH_NEXT and FETCH_FIRST only, not orientation "+strconv.Itoa(int(req.Orientation)))}
	}
	withMeta := req.IncludeResultSetMetadata != nil && *req.IncludeResultSetMetadata
	return s.page(r, op, req.Orientation, req.MaxRows, withMeta)
}

// wait is how long a call waits for its statement in one go: synchronous
// calls wait in rounds of DirectResultsWait until it is done.
func (s *Server) wait(sync bool) time.Duration {
	d := s.wh.Config().DirectResultsWait
	if !sync {
		d = min(d, s.opts.AsyncWait)
	}
	return d
}
