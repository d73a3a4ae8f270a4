package tcli

import (
	"context"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/stretchr/testify/require"
)

func ptr[T any](v T) *T { return &v }

func roundTrip[T any](t *testing.T, in T) T {
	t.Helper()
	ctx := context.Background()
	buf := thrift.NewTMemoryBuffer()
	require.NoError(t, WriteStruct(ctx, thrift.NewTBinaryProtocolConf(buf, nil), &in))
	var out T
	require.NoError(t, ReadStruct(ctx, thrift.NewTBinaryProtocolConf(buf, nil), &out))
	require.Zero(t, buf.Len(), "bytes left after reading")
	return out
}

func handle() HandleIdentifier {
	return HandleIdentifier{GUID: []byte("0123456789abcdef"), Secret: []byte("fedcba9876543210")}
}

func TestRoundTripEveryMessage(t *testing.T) {
	op := OperationHandle{OperationID: handle(), OperationType: OpGetTables, HasResultSet: true, ModifiedRowCount: ptr(3.0)}
	status := Status{StatusCode: StatusError, InfoMessages: []string{"a", "b"}, SQLState: ptr("42601"), ErrorCode: ptr(int32(7)),
		ErrorMessage: ptr("bad"), DisplayMessage: ptr("bad!"), ErrorDetailsJSON: ptr("{}")}
	meta := &GetResultSetMetadataResp{Status: status, Schema: &TableSchema{Columns: []ColumnDesc{{ColumnName: "d", Position: 1, Comment: ptr("c"),
		TypeDesc: TypeDesc{Types: []TypeEntry{{PrimitiveEntry: &PrimitiveTypeEntry{Type: DecimalType, TypeQualifiers: &TypeQualifiers{
			Qualifiers: map[string]TypeQualifierValue{"precision": {I32Value: ptr(int32(10))}, "x": {StringValue: ptr("y")}}}}}}}}}},
		ResultFormat: ptr(URLBasedSet), LZ4Compressed: ptr(true), ArrowSchema: []byte{0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0},
		UncompressedBytes: ptr(int64(10)), CompressedBytes: ptr(int64(5)), IsStagingOperation: ptr(false)}
	fetch := &FetchResultsResp{Status: Status{}, HasMoreRows: ptr(true), ResultSetMetadata: meta, Results: &RowSet{
		StartRowOffset: 5, Rows: []Row{}, ColumnCount: ptr(int32(8)),
		Columns: []Column{
			{BoolVal: &BoolColumn{Values: []bool{true, false}, Nulls: []byte{2}}},
			{ByteVal: &ByteColumn{Values: []int8{-1, 2}, Nulls: []byte{0}}},
			{I16Val: &I16Column{Values: []int16{-300}, Nulls: []byte{}}},
			{I32Val: &I32Column{Values: []int32{1 << 20}, Nulls: []byte{0}}},
			{I64Val: &I64Column{Values: []int64{1 << 40}, Nulls: []byte{0}}},
			{DoubleVal: &DoubleColumn{Values: []float64{1.5}, Nulls: []byte{0}}},
			{StringVal: &StringColumn{Values: []string{"x", ""}, Nulls: []byte{2}}},
			{BinaryVal: &BinaryColumn{Values: [][]byte{{1, 2}}, Nulls: []byte{0}}},
		},
		ArrowBatches: []ArrowBatch{{Batch: []byte{1, 2, 3}, RowCount: 3}},
		ResultLinks:  []ResultLink{{FileLink: "http://x/y", ExpiryTime: 1743143928085, StartRowOffset: 0, RowCount: 9, BytesNum: 100, HTTPHeaders: map[string]string{"h": "v"}}},
	}}
	opStatus := &GetOperationStatusResp{Status: Status{}, OperationState: ptr(StateError), SQLState: ptr("22012"), ErrorCode: ptr(int32(1)),
		ErrorMessage: ptr("div"), OperationStarted: ptr(int64(1)), OperationCompleted: ptr(int64(2)), HasResultSet: ptr(true),
		NumModifiedRows: ptr(int64(4)), DisplayMessage: ptr("d"), DiagnosticInfo: ptr("i"), ErrorDetailsJSON: ptr("{}")}

	for name, check := range map[string]func(t *testing.T){
		"OpenSessionReq": func(t *testing.T) {
			in := OpenSessionReq{ClientProtocol: ptr(int32(-7)), Username: ptr("u"), Password: ptr("p"), Configuration: map[string]string{"a": "b"},
				GetInfos: []int32{1, 2}, ClientProtocolI64: ptr(int64(SparkV9)), ConnectionProperties: map[string]string{"c": "d"},
				InitialNamespace: &Namespace{CatalogName: ptr("main"), SchemaName: ptr("s")}, CanUseMultipleCatalogs: ptr(true)}
			require.Equal(t, in, roundTrip(t, in))
		},
		"OpenSessionResp": func(t *testing.T) {
			in := OpenSessionResp{Status: status, ServerProtocolVersion: SparkV8, SessionHandle: &SessionHandle{SessionID: handle()},
				Configuration: map[string]string{}, InitialNamespace: &Namespace{}, CanUseMultipleCatalogs: ptr(true)}
			require.Equal(t, in, roundTrip(t, in))
		},
		"CloseSessionReq": func(t *testing.T) {
			in := CloseSessionReq{SessionHandle: SessionHandle{SessionID: handle()}}
			require.Equal(t, in, roundTrip(t, in))
		},
		"StatusResp": func(t *testing.T) {
			require.Equal(t, StatusResp{Status: status}, roundTrip(t, StatusResp{Status: status}))
		},
		"GetInfo": func(t *testing.T) {
			req := GetInfoReq{SessionHandle: SessionHandle{SessionID: handle()}, InfoType: 17}
			require.Equal(t, req, roundTrip(t, req))
			resp := GetInfoResp{InfoValue: GetInfoValue{StringValue: ptr("Spark SQL")}}
			require.Equal(t, resp, roundTrip(t, resp))
			resp = GetInfoResp{InfoValue: GetInfoValue{SmallIntValue: ptr(int16(1)), IntegerBitmask: ptr(int32(2)), IntegerFlag: ptr(int32(3)), BinaryValue: ptr(int32(4)), LenValue: ptr(int64(5))}}
			require.Equal(t, resp, roundTrip(t, resp))
		},
		"ExecuteStatementReq": func(t *testing.T) {
			in := ExecuteStatementReq{SessionHandle: SessionHandle{SessionID: handle()}, Statement: "SELECT :a", ConfOverlay: map[string]string{"k": "v"},
				RunAsync: ptr(true), QueryTimeout: ptr(int64(30)), GetDirectResults: &GetDirectResults{MaxRows: 100000, MaxBytes: ptr(int64(1 << 20))},
				CanReadArrowResult: ptr(true), CanDownloadResult: ptr(true), CanDecompressLZ4Result: ptr(false), MaxBytesPerFile: ptr(int64(9)),
				UseArrowNativeTypes: &ArrowTypes{TimestampAsArrow: ptr(true), DecimalAsArrow: ptr(false), ComplexTypesAsArrow: ptr(true), IntervalTypesAsArrow: ptr(false), NullTypeAsArrow: ptr(true)},
				ResultRowLimit:      ptr(int64(10)), MaxBytesPerBatch: ptr(int64(11)),
				Parameters: []Parameter{
					{Name: ptr("a"), Type: ptr("INT"), Value: &ParameterValue{StringValue: ptr("1")}},
					{Ordinal: ptr(int32(1)), Value: &ParameterValue{DoubleValue: ptr(1.5)}},
					{Value: &ParameterValue{BooleanValue: ptr(true)}, Arguments: []ParameterValueArg{{Type: ptr("INT"), Value: ptr("1"), Arguments: []ParameterValueArg{{}}}}},
				}}
			require.Equal(t, in, roundTrip(t, in))
		},
		"OperationResp": func(t *testing.T) {
			in := OperationResp{Status: Status{}, OperationHandle: &op, DirectResults: &DirectResults{
				OperationStatus: opStatus, ResultSetMetadata: meta, ResultSet: fetch, CloseOperation: &StatusResp{}}}
			require.Equal(t, in, roundTrip(t, in))
		},
		"MetadataReq": func(t *testing.T) {
			in := MetadataReq{SessionHandle: SessionHandle{SessionID: handle()}, Field2: ptr("c"), Field3: ptr("s"), Field4: ptr("t"),
				TableTypes: []string{"TABLE", "VIEW"}, GetDirectResults: &GetDirectResults{MaxRows: 1}, RunAsync: ptr(false)}
			require.Equal(t, in, roundTrip(t, in))
			in = MetadataReq{SessionHandle: SessionHandle{SessionID: handle()}, Field5: ptr("col%"), Field6: ptr("fs"), Field7: ptr("ft")}
			require.Equal(t, in, roundTrip(t, in))
		},
		"GetOperationStatus": func(t *testing.T) {
			req := GetOperationStatusReq{OperationHandle: op, GetProgressUpdate: ptr(false)}
			require.Equal(t, req, roundTrip(t, req))
			require.Equal(t, *opStatus, roundTrip(t, *opStatus))
		},
		"OperationReq": func(t *testing.T) {
			require.Equal(t, OperationReq{OperationHandle: op}, roundTrip(t, OperationReq{OperationHandle: op}))
		},
		"GetResultSetMetadataResp": func(t *testing.T) { require.Equal(t, *meta, roundTrip(t, *meta)) },
		"FetchResults": func(t *testing.T) {
			req := FetchResultsReq{OperationHandle: op, Orientation: FetchFirst, MaxRows: 10, FetchType: ptr(int16(0)),
				MaxBytes: ptr(int64(1)), StartRowOffset: ptr(int64(2)), IncludeResultSetMetadata: ptr(true)}
			require.Equal(t, req, roundTrip(t, req))
			require.Equal(t, *fetch, roundTrip(t, *fetch))
		},
	} {
		t.Run(name, check)
	}
}

// wider is OpenSessionReq with fields sealane does not model, of every
// wire type, between and after the known ones.
type wider struct {
	ClientProtocolI64 *int64            `thrift:"0x502"`
	Extra1            map[string][]int8 `thrift:"0x600"`
	Extra2            []Status          `thrift:"0x601"`
	Extra3            *float64          `thrift:"0x602"`
	Configuration     map[string]string `thrift:"4"`
	// Field 0x504 with another wire type than the known Namespace struct.
	WrongType *string `thrift:"0x504"`
	Extra4    *bool   `thrift:"0xD19"`
}

func TestUnknownFieldsAreSkipped(t *testing.T) {
	in := wider{ClientProtocolI64: ptr(int64(SparkV7)), Extra1: map[string][]int8{"a": {1}}, Extra2: []Status{{StatusCode: 1, InfoMessages: []string{"x"}}},
		Extra3: ptr(2.5), Configuration: map[string]string{"a": "b"}, WrongType: ptr("ns"), Extra4: ptr(true)}
	ctx := context.Background()
	buf := thrift.NewTMemoryBuffer()
	require.NoError(t, WriteStruct(ctx, thrift.NewTBinaryProtocolConf(buf, nil), &in))
	var out OpenSessionReq
	require.NoError(t, ReadStruct(ctx, thrift.NewTBinaryProtocolConf(buf, nil), &out))
	require.Equal(t, OpenSessionReq{ClientProtocolI64: ptr(int64(SparkV7)), Configuration: map[string]string{"a": "b"}}, out)
}

func TestMessages(t *testing.T) {
	ctx := context.Background()
	buf := thrift.NewTMemoryBuffer()
	p := thrift.NewTBinaryProtocolConf(buf, nil)
	req := CloseSessionReq{SessionHandle: SessionHandle{SessionID: handle()}}
	require.NoError(t, WriteCall(ctx, p, "CloseSession", 7, req))
	call, err := ReadCall(ctx, p)
	require.NoError(t, err)
	require.Equal(t, "CloseSession", call.Method)
	require.Equal(t, int32(7), call.SeqID)
	var got CloseSessionReq
	require.NoError(t, ReadArg(ctx, call, &got))
	require.Equal(t, req, got)

	require.NoError(t, WriteReply(ctx, p, "CloseSession", 7, StatusResp{Status: Status{StatusCode: StatusSuccess}}))
	var resp StatusResp
	require.NoError(t, ReadReply(ctx, p, &resp))
	require.Equal(t, StatusSuccess, resp.Status.StatusCode)

	require.NoError(t, WriteException(ctx, p, "Nope", 8, thrift.UNKNOWN_METHOD, "unknown method Nope"))
	err = ReadReply(ctx, p, &resp)
	var exc thrift.TApplicationException
	require.ErrorAs(t, err, &exc)
	require.Equal(t, int32(thrift.UNKNOWN_METHOD), exc.TypeId())
}

func TestTruncatedInputFails(t *testing.T) {
	ctx := context.Background()
	buf := thrift.NewTMemoryBuffer()
	in := ExecuteStatementReq{Statement: "SELECT 1", ConfOverlay: map[string]string{"a": "b"}}
	require.NoError(t, WriteStruct(ctx, thrift.NewTBinaryProtocolConf(buf, nil), &in))
	b := buf.Bytes()
	for n := 0; n < len(b); n++ {
		short := thrift.NewTMemoryBuffer()
		_, _ = short.Write(b[:n])
		var out ExecuteStatementReq
		require.ErrorIs(t, ReadStruct(ctx, thrift.NewTBinaryProtocolConf(short, nil), &out), ErrDecode, "cut at %d", n)
	}
}
