package thriftsrv_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// wire is one decoded Thrift value, read without sealane's own IDL so that
// a test sees exactly which fields went out and with which wire types.
type wire struct {
	typ    thrift.TType
	fields map[int16]*wire // STRUCT
	elems  []*wire         // LIST, SET; MAP as key, value, key, value…
	val    any             // scalars: bool, int8, int16, int32, int64, float64, string (also BINARY)
}

func readWire(ctx context.Context, p thrift.TProtocol, typ thrift.TType) (*wire, error) {
	w := &wire{typ: typ}
	var err error
	switch typ {
	case thrift.STRUCT:
		w.fields = map[int16]*wire{}
		if _, err = p.ReadStructBegin(ctx); err != nil {
			return nil, err
		}
		for {
			_, ft, id, err := p.ReadFieldBegin(ctx)
			if err != nil {
				return nil, err
			}
			if ft == thrift.STOP {
				break
			}
			if w.fields[id], err = readWire(ctx, p, ft); err != nil {
				return nil, err
			}
			if err = p.ReadFieldEnd(ctx); err != nil {
				return nil, err
			}
		}
		err = p.ReadStructEnd(ctx)
	case thrift.LIST, thrift.SET:
		et, n, err := p.ReadListBegin(ctx)
		if err != nil {
			return nil, err
		}
		for range n {
			e, err := readWire(ctx, p, et)
			if err != nil {
				return nil, err
			}
			w.elems = append(w.elems, e)
		}
		if err := p.ReadListEnd(ctx); err != nil {
			return nil, err
		}
	case thrift.MAP:
		kt, vt, n, err := p.ReadMapBegin(ctx)
		if err != nil {
			return nil, err
		}
		for range 2 * n {
			t := kt
			if len(w.elems)%2 == 1 {
				t = vt
			}
			e, err := readWire(ctx, p, t)
			if err != nil {
				return nil, err
			}
			w.elems = append(w.elems, e)
		}
		if err := p.ReadMapEnd(ctx); err != nil {
			return nil, err
		}
	case thrift.BOOL:
		w.val, err = p.ReadBool(ctx)
	case thrift.BYTE:
		w.val, err = p.ReadByte(ctx)
	case thrift.I16:
		w.val, err = p.ReadI16(ctx)
	case thrift.I32:
		w.val, err = p.ReadI32(ctx)
	case thrift.I64:
		w.val, err = p.ReadI64(ctx)
	case thrift.DOUBLE:
		w.val, err = p.ReadDouble(ctx)
	case thrift.STRING:
		w.val, err = p.ReadString(ctx)
	default:
		return nil, fmt.Errorf("wire type %d", typ)
	}
	return w, err
}

// at follows a path of field ids ("0x501.3.1"), list indexes written as
// "[i]" after an id ("0x501.3.3.0x502[0].1").
func (w *wire) at(path string) (*wire, error) {
	cur := w
	for _, tok := range strings.Split(path, ".") {
		idx := -1
		if i := strings.IndexByte(tok, '['); i > 0 {
			n, err := strconv.Atoi(strings.TrimSuffix(tok[i+1:], "]"))
			if err != nil {
				return nil, err
			}
			tok, idx = tok[:i], n
		}
		id, err := strconv.ParseInt(tok, 0, 16)
		if err != nil {
			return nil, err
		}
		if cur.typ != thrift.STRUCT {
			return nil, fmt.Errorf("%s: not a struct", tok)
		}
		next, ok := cur.fields[int16(id)]
		if !ok {
			return nil, fmt.Errorf("field %s absent", tok)
		}
		cur = next
		if idx >= 0 {
			if idx >= len(cur.elems) {
				return nil, fmt.Errorf("%s[%d]: list has %d elements", tok, idx, len(cur.elems))
			}
			cur = cur.elems[idx]
		}
	}
	return cur, nil
}

// wireCall posts one call as the official clients do and decodes the
// reply's success struct (field 0 of the result) generically.
func wireCall[Req any](c *client, method string, req Req) *wire {
	c.t.Helper()
	ctx := context.Background()
	status, body := postCall(c, method, req, token)
	require.Equal(c.t, http.StatusOK, status)
	in := thrift.NewTMemoryBuffer()
	_, _ = in.Write(body)
	p := thrift.NewTBinaryProtocolConf(in, nil)
	name, typ, _, err := p.ReadMessageBegin(ctx)
	require.NoError(c.t, err)
	require.Equal(c.t, method, name)
	require.Equal(c.t, thrift.REPLY, typ)
	res, err := readWire(ctx, p, thrift.STRUCT)
	require.NoError(c.t, err)
	ok, found := res.fields[0]
	require.True(c.t, found, "reply has a success value")
	return ok
}

// pred checks a decoded scalar where the reference fixes a property, not a
// value.
type pred struct {
	name string
	ok   func(v any) bool
}

var (
	bytes16   = pred{"16 bytes", func(v any) bool { s, _ := v.(string); return len(s) == 16 }}
	anyValue  = pred{"present", func(any) bool { return true }}
	positive  = pred{"> 0", func(v any) bool { n, _ := v.(int64); return n > 0 }}
	ipcSchema = pred{"Arrow IPC stream schema message (ff ff ff ff …)", func(v any) bool {
		s, _ := v.(string)
		return strings.HasPrefix(s, "\xff\xff\xff\xff") && len(s) > 8
	}}
	httpURL = pred{"http(s) URL", func(v any) bool { s, _ := v.(string); return strings.HasPrefix(s, "http") }}
	epochMs = pred{"epoch milliseconds in the future", func(v any) bool {
		n, _ := v.(int64)
		now := time.Now().UnixMilli()
		return n > now && n < now+int64(24*time.Hour/time.Millisecond)
	}}
)

func contains(s string) pred {
	return pred{"contains " + s, func(v any) bool { t, _ := v.(string); return strings.Contains(t, s) }}
}

// fieldWant is one field the reference records in a real response: its
// path, wire type and value (a pred, or a fixed value).
type fieldWant struct {
	path string
	typ  thrift.TType
	want any
}

func checkWire(t *testing.T, w *wire, wants []fieldWant) {
	t.Helper()
	for _, f := range wants {
		got, err := w.at(f.path)
		if !assert.NoError(t, err, f.path) {
			continue
		}
		if !assert.Equal(t, f.typ, got.typ, "%s: wire type", f.path) {
			continue
		}
		switch want := f.want.(type) {
		case pred:
			assert.True(t, want.ok(got.val), "%s: want %s, got %v", f.path, want.name, got.val)
		case emptyContainer:
			assert.Empty(t, got.elems, "%s: want empty", f.path)
		default:
			assert.Equal(t, want, got.val, f.path)
		}
	}
}

// emptyContainer wants a list or map with no elements.
type emptyContainer struct{}

// okStatus: TStatus.statusCode SUCCESS_STATUS.
func okStatus(prefix string) fieldWant { return fieldWant{prefix + "1", thrift.I32, int32(0)} }

// Field ids below are TCLIService's (Hive's IDL plus Databricks' 0x5xx
// fields, as thrift-protocol.md gives them); values are those the
// reference records from the real service or requires of a server.
func wantOperationHandle(p string) []fieldWant {
	return []fieldWant{
		{p + "1.1", thrift.STRING, bytes16}, {p + "1.2", thrift.STRING, bytes16},
		{p + "2", thrift.I32, int32(0)}, // EXECUTE_STATEMENT
		{p + "3", thrift.BOOL, true},    // Node fetches only when hasResultSet
	}
}

// wantArrowMetadata is a TGetResultSetMetadataResp of one INT column "a"
// in ARROW_BASED_SET.
func wantArrowMetadata(p string, lz4 bool) []fieldWant {
	return []fieldWant{
		okStatus(p + "1."),
		{p + "2.1[0].1", thrift.STRING, "a"},
		{p + "2.1[0].2.1[0].1.1", thrift.I32, int32(tcli.IntType)},
		{p + "2.1[0].3", thrift.I32, int32(1)},
		{p + "0x501", thrift.I32, int32(tcli.ArrowBasedSet)},
		{p + "0x502", thrift.BOOL, lz4}, // recorded true whenever LZ4 was asked for
		{p + "0x503", thrift.STRING, ipcSchema},
		{p + "0x505", thrift.I64, anyValue}, // uncompressedBytes
		{p + "0x506", thrift.I64, anyValue}, // compressedBytes
	}
}

func TestWireFieldsMatchTheReference(t *testing.T) {
	execute := func(c *client, sh tcli.SessionHandle, stmt string, async, direct, links bool) tcli.OperationHandle {
		req := tcli.ExecuteStatementReq{SessionHandle: sh, Statement: stmt, RunAsync: ptr(async),
			CanReadArrowResult: ptr(true), CanDownloadResult: ptr(links)}
		if direct {
			req.GetDirectResults = &tcli.GetDirectResults{MaxRows: 100000}
		}
		resp := call[tcli.ExecuteStatementReq, tcli.OperationResp](c, "ExecuteStatement", req)
		require.Equal(t, tcli.StatusSuccess, resp.Status.StatusCode)
		return *resp.OperationHandle
	}
	fetch := func(c *client, h tcli.OperationHandle) *wire {
		return wireCall(c, "FetchResults", tcli.FetchResultsReq{OperationHandle: h, Orientation: tcli.FetchNext,
			MaxRows: 100000, IncludeResultSetMetadata: ptr(true)})
	}
	const one = "SELECT 1 AS a"
	for _, tc := range []struct {
		name  string
		opts  thriftsrv.Options
		run   func(c *client, sh tcli.SessionHandle) *wire
		wants []fieldWant
	}{{
		name: "OpenSession",
		run: func(c *client, _ tcli.SessionHandle) *wire {
			// JDBC asks for V9 and gets V8 (recording).
			return wireCall(c, "OpenSession", tcli.OpenSessionReq{ClientProtocolI64: ptr(int64(tcli.SparkV8 + 1)), CanUseMultipleCatalogs: ptr(true)})
		},
		wants: []fieldWant{
			okStatus("1."),
			{"2", thrift.I32, int32(tcli.SparkV8)},
			{"3.1.1", thrift.STRING, bytes16}, {"3.1.2", thrift.STRING, bytes16},
			{"4", thrift.MAP, emptyContainer{}},
			{"0x504.1", thrift.STRING, anyValue},
			{"0x504.2", thrift.STRING, "default"},
			{"0x505", thrift.BOOL, true},
		},
	}, {
		name: "ExecuteStatement/direct results, inline Arrow, LZ4",
		run: func(c *client, sh tcli.SessionHandle) *wire {
			return wireCall(c, "ExecuteStatement", tcli.ExecuteStatementReq{SessionHandle: sh, Statement: one, RunAsync: ptr(true),
				GetDirectResults: &tcli.GetDirectResults{MaxRows: 100000}, CanReadArrowResult: ptr(true),
				CanDownloadResult: ptr(true), CanDecompressLZ4Result: ptr(true)})
		},
		wants: append(append([]fieldWant{
			okStatus("1."),
			okStatus("0x501.1.1."),
			{"0x501.1.2", thrift.I32, int32(tcli.StateFinished)},
			okStatus("0x501.3.1."),
			{"0x501.3.2", thrift.BOOL, false},
			{"0x501.3.3.1", thrift.I64, int64(0)},
			{"0x501.3.3.2", thrift.LIST, emptyContainer{}}, // rows: required, empty
			{"0x501.3.3.0x501[0].1", thrift.STRING, anyValue},
			{"0x501.3.3.0x501[0].2", thrift.I64, int64(1)},
			okStatus("0x501.4.1."), // closeOperation: closed server-side
		}, wantOperationHandle("2.")...), wantArrowMetadata("0x501.2.", true)...),
	}, {
		name: "GetResultSetMetadata",
		run: func(c *client, sh tcli.SessionHandle) *wire {
			return wireCall(c, "GetResultSetMetadata", tcli.OperationReq{OperationHandle: execute(c, sh, one, false, false, false)})
		},
		wants: wantArrowMetadata("", false),
	}, {
		name: "FetchResults/inline Arrow",
		run: func(c *client, sh tcli.SessionHandle) *wire {
			return fetch(c, execute(c, sh, one, false, false, false))
		},
		wants: append([]fieldWant{
			okStatus("1."),
			{"2", thrift.BOOL, false},
			{"3.1", thrift.I64, int64(0)},
			{"3.2", thrift.LIST, emptyContainer{}},
			{"3.0x501[0].1", thrift.STRING, anyValue},
			{"3.0x501[0].2", thrift.I64, int64(1)},
		}, wantArrowMetadata("0x501.", false)...),
	}, {
		name: "FetchResults/CloudFetch",
		opts: thriftsrv.Options{CloudFetchThreshold: 1 << 10},
		run: func(c *client, sh tcli.SessionHandle) *wire {
			return fetch(c, execute(c, sh, "SELECT id FROM range(100000) AS r(id)", false, false, true))
		},
		wants: []fieldWant{
			okStatus("1."),
			{"2", thrift.BOOL, false},
			{"3.1", thrift.I64, int64(0)},
			{"3.2", thrift.LIST, emptyContainer{}},
			{"3.0x502[0].1", thrift.STRING, httpURL},
			{"3.0x502[0].2", thrift.I64, epochMs},
			{"3.0x502[0].3", thrift.I64, int64(0)},
			{"3.0x502[0].4", thrift.I64, positive},
			{"3.0x502[0].5", thrift.I64, positive},
			{"3.0x502[0].6", thrift.MAP, emptyContainer{}}, // httpHeaders: {} recorded
			{"0x501.0x501", thrift.I32, int32(tcli.URLBasedSet)},
		},
	}, {
		name: "GetOperationStatus/success",
		run: func(c *client, sh tcli.SessionHandle) *wire {
			return wireCall(c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: execute(c, sh, one, false, false, false)})
		},
		wants: []fieldWant{okStatus("1."), {"2", thrift.I32, int32(tcli.StateFinished)}},
	}, {
		name: "GetOperationStatus/error",
		run: func(c *client, sh tcli.SessionHandle) *wire {
			h := execute(c, sh, "SELECT * FROM no_such_table", true, false, false)
			var w *wire
			require.Eventually(t, func() bool {
				w = wireCall(c, "GetOperationStatus", tcli.GetOperationStatusReq{OperationHandle: h})
				s, err := w.at("2")
				return err == nil && s.val != int32(tcli.StatePending) && s.val != int32(tcli.StateRunning)
			}, 10*time.Second, 10*time.Millisecond)
			return w
		},
		wants: []fieldWant{
			okStatus("1."), // the call worked; the operation failed
			{"2", thrift.I32, int32(tcli.StateError)},
			{"3", thrift.STRING, "42P01"},
			{"5", thrift.STRING, contains("TABLE_OR_VIEW_NOT_FOUND")},
			{"0x501", thrift.STRING, contains("TABLE_OR_VIEW_NOT_FOUND")},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c := start(t, warehouse.Config{}, tc.opts)
			c.t = t
			sh := c.open(tcli.SparkV8)
			checkWire(t, tc.run(c, sh), tc.wants)
		})
	}
}
