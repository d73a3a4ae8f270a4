package faults

// Call names one kind of request the warehouse serves.
type Call string

// The calls a classifier can report. The first seven are the SEA API
// endpoints; CallDownload is the GET of a presigned external link and
// CallOther is any request that is neither.
const (
	// CallCreateSession is POST /sessions.
	CallCreateSession Call = "create_session"
	// CallDeleteSession is DELETE /sessions/{session_id}.
	CallDeleteSession Call = "delete_session"
	// CallExecute is POST /statements.
	CallExecute Call = "execute"
	// CallGetStatement is GET /statements/{statement_id} (the status poll).
	CallGetStatement Call = "get_statement"
	// CallGetChunk is GET /statements/{statement_id}/result/chunks/{chunk_index}.
	CallGetChunk Call = "get_chunk"
	// CallCancel is POST /statements/{statement_id}/cancel.
	CallCancel Call = "cancel"
	// CallCloseStatement is DELETE /statements/{statement_id}.
	CallCloseStatement Call = "close_statement"
	// CallDownload is the GET of an external link (a presigned URL served by
	// the warehouse). It is not an API call: API latency and rules with an
	// empty Call do not apply to it.
	CallDownload Call = "download"
	// CallOther is any other request (health checks, unknown routes). It
	// counts as an API call.
	CallOther Call = "other"
)

// allCalls lists the known calls in a stable order.
var allCalls = []Call{
	CallCreateSession, CallDeleteSession, CallExecute, CallGetStatement,
	CallGetChunk, CallCancel, CallCloseStatement, CallDownload, CallOther,
}

// Valid reports whether c is one of the named calls (the empty Call, which
// rules use as a wildcard, is not valid here).
func (c Call) Valid() bool {
	for _, k := range allCalls {
		if c == k {
			return true
		}
	}
	return false
}

// IsAPI reports whether c is an API call, that is anything but CallDownload.
func (c Call) IsAPI() bool { return c != CallDownload }
