package thriftsrv

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// readRequest decodes a call's argument into the request type dispatch
// gives its method, as the server does before running it.
func readRequest(ctx context.Context, call *tcli.Call) error {
	switch call.Method {
	case "OpenSession":
		return tcli.ReadArg(ctx, call, new(tcli.OpenSessionReq))
	case "CloseSession":
		return tcli.ReadArg(ctx, call, new(tcli.CloseSessionReq))
	case "GetInfo":
		return tcli.ReadArg(ctx, call, new(tcli.GetInfoReq))
	case "ExecuteStatement":
		return tcli.ReadArg(ctx, call, new(tcli.ExecuteStatementReq))
	case "GetOperationStatus":
		return tcli.ReadArg(ctx, call, new(tcli.GetOperationStatusReq))
	case "GetResultSetMetadata", "CancelOperation", "CloseOperation":
		return tcli.ReadArg(ctx, call, new(tcli.OperationReq))
	case "FetchResults":
		return tcli.ReadArg(ctx, call, new(tcli.FetchResultsReq))
	}
	if _, ok := metadataCalls[call.Method]; ok {
		return tcli.ReadArg(ctx, call, new(tcli.MetadataReq))
	}
	return errUnknownMethod
}

// seedCall adds a call of method with req to f's seed corpus.
func seedCall[T any](f *testing.F, method string, req T) {
	buf := thrift.NewTMemoryBuffer()
	if err := tcli.WriteCall(context.Background(), thrift.NewTBinaryProtocolConf(buf, nil), method, 1, req); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
}

// FuzzThriftRequest feeds arbitrary bodies to what the Thrift endpoint
// does with a request before it runs it: the binary protocol with the
// server's size limit, the message header, and the method's argument
// decoded into its request type. It must never panic, every failure is a
// decode error (or an unknown method), and decoding allocates in
// proportion to the body: a list or map header claiming billions of
// entries, or empty elements that each become a large Go value, must not
// turn a small request into gigabytes. The seed corpus is a valid call of
// a few methods (seedCall) and what the fuzzer found, in
// testdata/fuzz/FuzzThriftRequest.
func FuzzThriftRequest(f *testing.F) {
	ctx := context.Background()
	h := tcli.SessionHandle{SessionID: tcli.HandleIdentifier{GUID: []byte("0123456789abcdef"), Secret: []byte("fedcba9876543210")}}
	op := tcli.OperationHandle{OperationID: h.SessionID, OperationType: tcli.OpExecuteStatement, HasResultSet: true}
	seedCall(f, "OpenSession", tcli.OpenSessionReq{ClientProtocolI64: ptr(int64(tcli.SparkV9)), Configuration: map[string]string{"a": "b"}})
	seedCall(f, "ExecuteStatement", tcli.ExecuteStatementReq{SessionHandle: h, Statement: "SELECT ?", Parameters: []tcli.Parameter{{}}})
	seedCall(f, "FetchResults", tcli.FetchResultsReq{OperationHandle: op, MaxRows: 100})
	seedCall(f, "GetTables", tcli.MetadataReq{SessionHandle: h, TableTypes: []string{"TABLE"}})
	seedCall(f, "CloseOperation", tcli.OperationReq{OperationHandle: op})
	f.Fuzz(func(t *testing.T, body []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		in := thrift.NewTMemoryBuffer()
		_, _ = in.Write(body)
		p := thrift.NewTBinaryProtocolConf(in, &thrift.TConfiguration{MaxMessageSize: maxRequestBytes})
		call, err := tcli.ReadCall(ctx, p)
		if err == nil {
			err = readRequest(ctx, call)
		}
		runtime.ReadMemStats(&after)
		if err != nil && !errors.Is(err, tcli.ErrDecode) && !errors.Is(err, errUnknownMethod) {
			t.Fatalf("%q: refusal %v is neither a decode error nor an unknown method", body, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 2<<20+64*uint64(len(body)) {
			t.Fatalf("decoding a %d-byte request allocated %d bytes", len(body), n)
		}
	})
}
