// Package thriftsrv is the Thrift face of the local warehouse: Databricks'
// TCLIService (HiveServer2 with Databricks' extensions) over HTTP POST with
// the binary protocol, as the official clients speak it in their default
// mode (databricks-sql-go, databricks-sql-connector, @databricks/sql, the
// JDBC driver). It serves the same sessions, statements, results and signed
// links as the SEA API, through the warehouse's transport-neutral API
// (warehouse/protocol.go), on the same port and behind the same
// authentication.
package thriftsrv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// Paths the clients use: a warehouse's HTTP path (and its older
// "endpoints" spelling), and an all-purpose cluster's.
var Paths = []string{
	"POST /sql/1.0/warehouses/{id}",
	"POST /sql/1.0/endpoints/{id}",
	"POST /sql/protocolv1/o/{org}/{cluster}",
}

// maxRequestBytes bounds a request body: a statement may be 16 MiB, plus
// its parameters.
const maxRequestBytes = 64 << 20

// The defaults of Options' zero fields.
const (
	// DefaultCloudFetchThreshold is the default Options.CloudFetchThreshold.
	DefaultCloudFetchThreshold int64 = 4 << 20
	// DefaultAsyncWait is the default Options.AsyncWait.
	DefaultAsyncWait = time.Second
)

// Options tune the endpoint.
type Options struct {
	// CloudFetchThreshold is the result size (uncompressed Arrow bytes)
	// above which a client that accepts CloudFetch gets result links
	// instead of inline Arrow batches. Default 4 MiB.
	CloudFetchThreshold int64
	// AsyncWait is how long an asynchronous (runAsync) call waits for its
	// statement before answering with the handle, so that short statements
	// come back finished, with direct results. Default 1 s, capped by the
	// warehouse's DirectResultsWait. Synchronous calls wait until the
	// statement is done.
	AsyncWait time.Duration
	// Logger receives per-call errors; default slog.Default().
	Logger *slog.Logger
}

// Server serves TCLIService over a warehouse.
type Server struct {
	wh   *warehouse.Server
	opts Options

	mu    sync.Mutex
	ops   map[string]*operation // by statement id
	swept int                   // len(ops) after the last sweep
}

// New returns the Thrift endpoint of wh.
func New(wh *warehouse.Server, opts Options) *Server {
	if opts.CloudFetchThreshold <= 0 {
		opts.CloudFetchThreshold = DefaultCloudFetchThreshold
	}
	if opts.AsyncWait <= 0 {
		opts.AsyncWait = DefaultAsyncWait
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Server{wh: wh, opts: opts, ops: map[string]*operation{}}
}

// Options returns the endpoint's options, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Mount serves the endpoint on wh's handler at every path in Paths, behind
// the warehouse's authentication. Call it before wh.Handler.
func Mount(wh *warehouse.Server, opts Options) *Server {
	s := New(wh, opts)
	for _, p := range Paths {
		wh.Mount(p, s)
	}
	return s
}

// ServeHTTP answers one Thrift call: the body is one binary-protocol
// message, and so is the response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		http.Error(w, "thrift: reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	in := thrift.NewTMemoryBuffer()
	_, _ = in.Write(body)
	out := thrift.NewTMemoryBufferLen(1024)
	iprot := thrift.NewTBinaryProtocolConf(in, &thrift.TConfiguration{MaxMessageSize: maxRequestBytes})
	oprot := thrift.NewTBinaryProtocolConf(out, nil)
	call, err := tcli.ReadCall(ctx, iprot)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.dispatch(ctx, r, call, oprot); err != nil {
		out.Reset()
		kind := int32(thrift.INTERNAL_ERROR)
		if errors.Is(err, tcli.ErrDecode) {
			kind = thrift.PROTOCOL_ERROR
		} else if errors.Is(err, errUnknownMethod) {
			kind = thrift.UNKNOWN_METHOD
		}
		s.opts.Logger.Warn("thrift call failed", "method", call.Method, "err", err)
		if werr := tcli.WriteException(ctx, oprot, call.Method, call.SeqID, kind, err.Error()); werr != nil {
			http.Error(w, werr.Error(), http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "application/x-thrift")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, bytes.NewReader(out.Bytes()))
}

var errUnknownMethod = errors.New("thriftsrv: unknown method")

// handle reads a call's request, runs fn and writes its response.
func handle[Req, Resp any](ctx context.Context, call *tcli.Call, oprot thrift.TProtocol, fn func(*Req) Resp) error {
	var req Req
	if err := tcli.ReadArg(ctx, call, &req); err != nil {
		return err
	}
	return tcli.WriteReply(ctx, oprot, call.Method, call.SeqID, fn(&req))
}

func (s *Server) dispatch(ctx context.Context, r *http.Request, call *tcli.Call, oprot thrift.TProtocol) error {
	switch call.Method {
	case "OpenSession":
		return handle(ctx, call, oprot, func(req *tcli.OpenSessionReq) tcli.OpenSessionResp { return s.openSession(ctx, req) })
	case "CloseSession":
		return handle(ctx, call, oprot, s.closeSession)
	case "GetInfo":
		return handle(ctx, call, oprot, s.getInfo)
	case "ExecuteStatement":
		return handle(ctx, call, oprot, func(req *tcli.ExecuteStatementReq) tcli.OperationResp { return s.executeStatement(r, req) })
	case "GetOperationStatus":
		return handle(ctx, call, oprot, s.getOperationStatus)
	case "GetResultSetMetadata":
		return handle(ctx, call, oprot, func(req *tcli.OperationReq) tcli.GetResultSetMetadataResp {
			return s.getResultSetMetadata(req)
		})
	case "FetchResults":
		return handle(ctx, call, oprot, func(req *tcli.FetchResultsReq) tcli.FetchResultsResp { return s.fetchResults(r, req) })
	case "CancelOperation":
		return handle(ctx, call, oprot, s.cancelOperation)
	case "CloseOperation":
		return handle(ctx, call, oprot, s.closeOperation)
	}
	if _, ok := metadataCalls[call.Method]; ok {
		return handle(ctx, call, oprot, func(req *tcli.MetadataReq) tcli.OperationResp { return s.metadata(r, call.Method, req) })
	}
	return fmt.Errorf("%w %q", errUnknownMethod, call.Method)
}

func ptr[T any](v T) *T { return &v }

func success() tcli.Status { return tcli.Status{StatusCode: tcli.StatusSuccess} }

// errorStatus is an ERROR_STATUS with the message in every field clients read.
func errorStatus(sqlState, msg string) tcli.Status {
	st := tcli.Status{StatusCode: tcli.StatusError, ErrorMessage: ptr(msg), DisplayMessage: ptr(msg)}
	if sqlState != "" {
		st.SQLState = ptr(sqlState)
	}
	return st
}

// invalidSession is the status of a call on an unknown or closed session;
// databricks-sql-go reconnects on this exact phrase.
func invalidSession() tcli.Status {
	return errorStatus("08003", "Invalid SessionHandle: the session does not exist, was closed or expired")
}

func invalidOperation() tcli.Status {
	return errorStatus("08000", "Invalid OperationHandle: the operation does not exist or was closed")
}
