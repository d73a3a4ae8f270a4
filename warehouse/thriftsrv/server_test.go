package thriftsrv_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/thrift/lib/go/thrift"
	"github.com/pierrec/lz4/v4"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
	"github.com/sealane/sealane/warehouse/thriftsrv"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

const token = "dapi-test"

// client speaks TCLIService through the codec over real HTTP, as the
// official clients do (binary protocol, one message per POST).
type client struct {
	t    *testing.T
	base string // scheme://host:port
	url  string
	wh   *warehouse.Server
}

func start(t *testing.T, cfg warehouse.Config, opts thriftsrv.Options) *client {
	t.Helper()
	cfg.Tokens = []string{token}
	eng, err := duckengine.Open(context.Background(), duckengine.Config{Threads: 2})
	require.NoError(t, err)
	wh := warehouse.New(eng, cfg)
	thriftsrv.Mount(wh, opts)
	hs := httptest.NewServer(wh.Handler())
	t.Cleanup(func() {
		hs.Close()
		require.NoError(t, wh.Close())
		require.NoError(t, eng.Close())
	})
	return &client{t: t, base: hs.URL, url: hs.URL + "/sql/1.0/warehouses/" + wh.Config().WarehouseID, wh: wh}
}

func call[Req, Resp any](c *client, method string, req Req) Resp {
	c.t.Helper()
	resp, status := post[Req, Resp](c, method, req, token)
	require.Equal(c.t, http.StatusOK, status)
	return resp
}

func post[Req, Resp any](c *client, method string, req Req, tok string) (Resp, int) {
	c.t.Helper()
	var out Resp
	status, body := postCall(c, method, req, tok)
	if status != http.StatusOK {
		return out, status
	}
	in := thrift.NewTMemoryBuffer()
	_, _ = in.Write(body)
	require.NoError(c.t, tcli.ReadReply(context.Background(), thrift.NewTBinaryProtocolConf(in, nil), &out))
	return out, status
}

// postCall writes method's call as the official clients do, posts it with
// the bearer token tok and returns the answer's HTTP status and body
// (checked to be Thrift when the status is 200).
func postCall[Req any](c *client, method string, req Req, tok string) (int, []byte) {
	c.t.Helper()
	buf := thrift.NewTMemoryBuffer()
	require.NoError(c.t, tcli.WriteCall(context.Background(), thrift.NewTBinaryProtocolConf(buf, nil), method, 1, req))
	hreq, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(buf.Bytes()))
	require.NoError(c.t, err)
	hreq.Header.Set("Content-Type", "application/x-thrift")
	hreq.Header.Set("Authorization", "Bearer "+tok)
	hresp, err := http.DefaultClient.Do(hreq)
	require.NoError(c.t, err)
	defer hresp.Body.Close()
	body, err := io.ReadAll(hresp.Body)
	require.NoError(c.t, err)
	if hresp.StatusCode == http.StatusOK {
		require.Equal(c.t, "application/x-thrift", hresp.Header.Get("Content-Type"))
	}
	return hresp.StatusCode, body
}

func ptr[T any](v T) *T { return &v }

func (c *client) open(version tcli.ProtocolVersion) tcli.SessionHandle {
	c.t.Helper()
	resp := call[tcli.OpenSessionReq, tcli.OpenSessionResp](c, "OpenSession", tcli.OpenSessionReq{
		ClientProtocolI64: ptr(int64(version)), CanUseMultipleCatalogs: ptr(true)})
	require.Equal(c.t, tcli.StatusSuccess, resp.Status.StatusCode)
	require.NotNil(c.t, resp.SessionHandle)
	return *resp.SessionHandle
}

func TestOpenSessionNegotiatesV8(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	for asked, want := range map[tcli.ProtocolVersion]tcli.ProtocolVersion{
		tcli.SparkV7: tcli.SparkV7, tcli.SparkV8: tcli.SparkV8, tcli.SparkV9: tcli.SparkV8,
	} {
		resp := call[tcli.OpenSessionReq, tcli.OpenSessionResp](c, "OpenSession", tcli.OpenSessionReq{
			ClientProtocolI64: ptr(int64(asked)), InitialNamespace: &tcli.Namespace{}})
		require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode)
		require.Equal(t, want, resp.ServerProtocolVersion)
		require.Len(t, resp.SessionHandle.SessionID.GUID, 16)
		require.Len(t, resp.SessionHandle.SessionID.Secret, 16)
		require.Equal(t, "main", *resp.InitialNamespace.CatalogName)
		require.True(t, *resp.CanUseMultipleCatalogs)
	}
}

func TestUnauthenticatedIs401(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	_, status := post[tcli.OpenSessionReq, tcli.OpenSessionResp](c, "OpenSession", tcli.OpenSessionReq{ClientProtocolI64: ptr(int64(tcli.SparkV8))}, "wrong")
	require.Equal(t, http.StatusUnauthorized, status)
}

func TestClosedSessionIsInvalidSessionHandle(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.CloseSessionReq, tcli.StatusResp](c, "CloseSession", tcli.CloseSessionReq{SessionHandle: sh})
	require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode)
	exec := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{SessionHandle: sh, Statement: "SELECT 1"})
	require.Equal(t, tcli.StatusError, exec.Status.StatusCode)
	require.Contains(t, *exec.Status.ErrorMessage, "Invalid SessionHandle")
}

func TestUnknownMethodIsAnException(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	ctx := context.Background()
	buf := thrift.NewTMemoryBuffer()
	require.NoError(t, tcli.WriteCall(ctx, thrift.NewTBinaryProtocolConf(buf, nil), "GetDelegationToken", 3, tcli.StatusResp{}))
	hreq, _ := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(buf.Bytes()))
	hreq.Header.Set("Authorization", "Bearer "+token)
	hresp, err := http.DefaultClient.Do(hreq)
	require.NoError(t, err)
	defer hresp.Body.Close()
	body, _ := io.ReadAll(hresp.Body)
	in := thrift.NewTMemoryBuffer()
	_, _ = in.Write(body)
	var out tcli.StatusResp
	err = tcli.ReadReply(ctx, thrift.NewTBinaryProtocolConf(in, nil), &out)
	var exc thrift.TApplicationException
	require.ErrorAs(t, err, &exc)
	require.Equal(t, int32(thrift.UNKNOWN_METHOD), exc.TypeId())
}

// arrowRows decodes inline batches with the metadata's schema, as the
// clients do (schema message, then each batch's messages).
func arrowRows(t *testing.T, schema []byte, batches []tcli.ArrowBatch, compressed bool) int64 {
	t.Helper()
	stream := bytes.Clone(schema)
	for _, b := range batches {
		data := b.Batch
		if compressed {
			var err error
			data, err = io.ReadAll(lz4.NewReader(bytes.NewReader(data)))
			require.NoError(t, err)
		}
		stream = append(stream, data...)
	}
	rdr, err := ipc.NewReader(bytes.NewReader(stream))
	require.NoError(t, err)
	defer rdr.Release()
	var n int64
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	return n
}

func TestDirectResultsInlineArrowLZ4(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV7)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT id FROM range(1000) AS r(id)", RunAsync: ptr(true),
		GetDirectResults: &tcli.GetDirectResults{MaxRows: 100000}, CanReadArrowResult: ptr(true),
		CanDownloadResult: ptr(true), CanDecompressLZ4Result: ptr(true)})
	require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode)
	require.True(t, resp.OperationHandle.HasResultSet)
	dr := resp.DirectResults
	require.Equal(t, tcli.StateFinished, *dr.OperationStatus.OperationState)
	require.Equal(t, tcli.ArrowBasedSet, *dr.ResultSetMetadata.ResultFormat)
	require.True(t, *dr.ResultSetMetadata.LZ4Compressed)
	require.Equal(t, "id", dr.ResultSetMetadata.Schema.Columns[0].ColumnName)
	require.Equal(t, tcli.BigIntType, dr.ResultSetMetadata.Schema.Columns[0].TypeDesc.Types[0].PrimitiveEntry.Type)
	require.False(t, *dr.ResultSet.HasMoreRows)
	require.NotNil(t, dr.CloseOperation, "everything was sent: the operation is closed server-side")
	require.Equal(t, int64(1000), arrowRows(t, dr.ResultSetMetadata.ArrowSchema, dr.ResultSet.Results.ArrowBatches, true))
	require.Zero(t, c.wh.OpenStatements())
	// Closing it again is harmless.
	cl := call[tcli.OperationReq, tcli.StatusResp](c, "CloseOperation", tcli.OperationReq{OperationHandle: *resp.OperationHandle})
	require.Equal(t, tcli.StatusSuccess, cl.Status.StatusCode)
}

func TestPagedFetchAndFetchFirst(t *testing.T) {
	c := start(t, warehouse.Config{ChunkBytes: 64 << 10}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT id FROM range(100000) AS r(id)", CanReadArrowResult: ptr(true)})
	require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode)
	h := *resp.OperationHandle
	st := call[tcli.GetOperationStatusReq, tcli.GetOperationStatusResp](c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: h})
	require.Equal(t, tcli.StateFinished, *st.OperationState)
	meta := call[tcli.OperationReq, tcli.GetResultSetMetadataResp](c, "GetResultSetMetadata", tcli.OperationReq{OperationHandle: h})
	require.Equal(t, tcli.ArrowBasedSet, *meta.ResultFormat)
	require.False(t, *meta.LZ4Compressed)
	var rows, pages int64
	orientation := tcli.FetchFirst
	for {
		page := call[tcli.FetchResultsReq, tcli.FetchResultsResp](c, "FetchResults", tcli.FetchResultsReq{
			OperationHandle: h, Orientation: orientation, MaxRows: 20000, IncludeResultSetMetadata: ptr(true)})
		require.Equal(t, tcli.StatusSuccess, page.Status.StatusCode)
		require.NotNil(t, page.ResultSetMetadata)
		require.Equal(t, rows, page.Results.StartRowOffset)
		rows += arrowRows(t, meta.ArrowSchema, page.Results.ArrowBatches, false)
		pages++
		orientation = tcli.FetchNext
		if !*page.HasMoreRows {
			break
		}
	}
	require.Equal(t, int64(100000), rows)
	require.Greater(t, pages, int64(2))
	// FETCH_FIRST starts over.
	page := call[tcli.FetchResultsReq, tcli.FetchResultsResp](c, "FetchResults", tcli.FetchResultsReq{OperationHandle: h, Orientation: tcli.FetchFirst, MaxRows: 20000})
	require.Equal(t, int64(0), page.Results.StartRowOffset)
	cl := call[tcli.OperationReq, tcli.StatusResp](c, "CloseOperation", tcli.OperationReq{OperationHandle: h})
	require.Equal(t, tcli.StatusSuccess, cl.Status.StatusCode)
	require.Zero(t, c.wh.OpenStatements())
}

func TestCloudFetchLinks(t *testing.T) {
	c := start(t, warehouse.Config{ChunkBytes: 256 << 10}, thriftsrv.Options{CloudFetchThreshold: 1 << 10})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT id FROM range(200000) AS r(id)", GetDirectResults: &tcli.GetDirectResults{MaxRows: 100000},
		CanReadArrowResult: ptr(true), CanDownloadResult: ptr(true), CanDecompressLZ4Result: ptr(true)})
	dr := resp.DirectResults
	require.Equal(t, tcli.URLBasedSet, *dr.ResultSetMetadata.ResultFormat)
	require.Nil(t, dr.CloseOperation, "links are downloaded later: the operation stays open")
	links := dr.ResultSet.Results.ResultLinks
	require.Greater(t, len(links), 1)
	var rows, bytesNum int64
	for _, l := range links {
		require.Equal(t, rows, l.StartRowOffset)
		require.Greater(t, l.ExpiryTime, time.Now().UnixMilli(), "expiry is in epoch milliseconds")
		require.Less(t, l.ExpiryTime, time.Now().Add(24*time.Hour).UnixMilli())
		hresp, err := http.Get(l.FileLink)
		require.NoError(t, err)
		body, err := io.ReadAll(hresp.Body)
		_ = hresp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, hresp.StatusCode)
		plain, err := io.ReadAll(lz4.NewReader(bytes.NewReader(body)))
		require.NoError(t, err)
		require.Equal(t, l.BytesNum, int64(len(plain)), "bytesNum is the uncompressed size")
		rdr, err := ipc.NewReader(bytes.NewReader(plain)) // a complete stream
		require.NoError(t, err)
		var n int64
		for rdr.Next() {
			n += rdr.RecordBatch().NumRows()
		}
		rdr.Release()
		require.Equal(t, l.RowCount, n)
		rows += n
		bytesNum += l.BytesNum
	}
	require.Equal(t, int64(200000), rows)
	require.False(t, *dr.ResultSet.HasMoreRows)
	// Clients close before they download (databricks-sql-go does): the
	// links outlive the close.
	call[tcli.OperationReq, tcli.StatusResp](c, "CloseOperation", tcli.OperationReq{OperationHandle: *resp.OperationHandle})
	hresp, err := http.Get(links[0].FileLink)
	require.NoError(t, err)
	_ = hresp.Body.Close()
	require.Equal(t, http.StatusOK, hresp.StatusCode)
}

func TestColumnBasedWithoutArrow(t *testing.T) {
	c := start(t, warehouse.Config{}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT 1 AS i, 'a' AS s, true AS b, 2.5 AS d UNION ALL SELECT NULL, NULL, NULL, NULL",
		GetDirectResults: &tcli.GetDirectResults{MaxRows: 10}})
	dr := resp.DirectResults
	require.Equal(t, tcli.ColumnBasedSet, *dr.ResultSetMetadata.ResultFormat)
	cols := dr.ResultSet.Results.Columns
	require.Len(t, cols, 4)
	require.Equal(t, []int32{1, 0}, cols[0].I32Val.Values)
	require.Equal(t, []byte{2}, cols[0].I32Val.Nulls)
	require.Equal(t, []string{"a", ""}, cols[1].StringVal.Values)
	require.Equal(t, []bool{true, false}, cols[2].BoolVal.Values)
	require.NotNil(t, cols[3].StringVal, "DECIMAL goes out as text")
	require.Equal(t, "2.5", cols[3].StringVal.Values[0])
}

func TestFailureAndCancelStates(t *testing.T) {
	// Asynchronous executes answer after DirectResultsWait at the latest;
	// synchronous ones once the statement is done.
	c := start(t, warehouse.Config{DirectResultsWait: 100 * time.Millisecond}, thriftsrv.Options{})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT 1/0 FROM no_such_table", GetDirectResults: &tcli.GetDirectResults{MaxRows: 10}})
	os := resp.DirectResults.OperationStatus
	require.Equal(t, tcli.StateError, *os.OperationState)
	require.Equal(t, "42P01", *os.SQLState)
	require.Contains(t, *os.ErrorMessage, "TABLE_OR_VIEW_NOT_FOUND")
	require.Equal(t, *os.ErrorMessage, *os.DisplayMessage)

	resp = call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT count(*) FROM range(100000000000) AS a(x)", RunAsync: ptr(true)})
	h := *resp.OperationHandle
	st := call[tcli.GetOperationStatusReq, tcli.GetOperationStatusResp](c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: h})
	require.Contains(t, []tcli.OperationState{tcli.StatePending, tcli.StateRunning}, *st.OperationState, "never INITIALIZED")
	cancel := call[tcli.OperationReq, tcli.StatusResp](c, "CancelOperation", tcli.OperationReq{OperationHandle: h})
	require.Equal(t, tcli.StatusSuccess, cancel.Status.StatusCode)
	st = call[tcli.GetOperationStatusReq, tcli.GetOperationStatusResp](c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: h})
	require.Equal(t, tcli.StateCanceled, *st.OperationState)
	call[tcli.OperationReq, tcli.StatusResp](c, "CloseOperation", tcli.OperationReq{OperationHandle: h})
	require.Eventually(t, func() bool { return c.wh.OpenStatements() == 0 }, 10*time.Second, 20*time.Millisecond)
	st = call[tcli.GetOperationStatusReq, tcli.GetOperationStatusResp](c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: h})
	require.Equal(t, tcli.StatusError, st.Status.StatusCode)
	require.Contains(t, *st.Status.ErrorMessage, "Invalid OperationHandle")
}

// TestLinkedResultReleasedAtExpiry: a result whose links went out is
// released once they expire, though the client closed the operation.
func TestLinkedResultReleasedAtExpiry(t *testing.T) {
	c := start(t, warehouse.Config{ChunkBytes: 256 << 10, LinkTTL: time.Second}, thriftsrv.Options{CloudFetchThreshold: 1 << 10})
	sh := c.open(tcli.SparkV8)
	resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", tcli.ExecuteStatementReq{
		SessionHandle: sh, Statement: "SELECT id FROM range(200000) AS r(id)", GetDirectResults: &tcli.GetDirectResults{MaxRows: 100000},
		CanReadArrowResult: ptr(true), CanDownloadResult: ptr(true)})
	require.Equal(t, tcli.URLBasedSet, *resp.DirectResults.ResultSetMetadata.ResultFormat)
	call[tcli.OperationReq, tcli.StatusResp](c, "CloseOperation", tcli.OperationReq{OperationHandle: *resp.OperationHandle})
	require.Eventually(t, func() bool { return c.wh.OpenStatements() == 0 }, 30*time.Second, 20*time.Millisecond,
		"the result is released when its links expire")
}
