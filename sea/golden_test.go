package sea_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
)

// The fixtures in testdata/ are copied verbatim from the protocol
// reference's examples. Each test decodes one into the wire struct, checks
// the fields by hand, and re-encodes it: the JSON must equal the fixture, so
// a misspelt tag or a wrong omitempty shows up even though the server and
// the client share these structs.

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// roundTrip decodes fixture name into a fresh T, lets check inspect it and
// asserts that re-encoding reproduces the fixture's JSON.
func roundTrip[T any](t *testing.T, name string, check func(t *testing.T, v *T)) {
	t.Helper()
	raw := fixture(t, name)
	var v T
	require.NoError(t, json.Unmarshal(raw, &v))
	check(t, &v)
	out, err := json.Marshal(&v)
	require.NoError(t, err)
	require.JSONEq(t, string(raw), string(out))
}

func TestGoldenCreateSession(t *testing.T) {
	roundTrip(t, "create_session_request.json", func(t *testing.T, r *sea.CreateSessionRequest) {
		require.Equal(t, "abc123", r.WarehouseID)
		require.Equal(t, "main", r.Catalog)
		require.Equal(t, map[string]string{"ansi_mode": "true", "timezone": "UTC"}, r.Confs())
	})
	roundTrip(t, "create_session_response.json", func(t *testing.T, r *sea.CreateSessionResponse) {
		require.Equal(t, "01f0a1b2-0000-1111-2222-333344445555", r.SessionID)
	})
}

func TestGoldenExecuteRequest(t *testing.T) {
	roundTrip(t, "execute_request.json", func(t *testing.T, r *sea.ExecuteStatementRequest) {
		require.Equal(t, sea.DispositionInlineOrExternalLinks, r.Disposition)
		require.Equal(t, sea.FormatArrowStream, r.Format)
		require.Equal(t, sea.CompressionLZ4Frame, r.ResultCompression)
		require.Empty(t, r.WaitTimeout, "absent wait_timeout means direct results")
		require.Len(t, r.Parameters, 1)
		require.Equal(t, 1, r.Parameters[0].Ordinal)
		require.Equal(t, "BIGINT", r.Parameters[0].Type)
		require.Equal(t, "42", *r.Parameters[0].Value)
	})
}

func TestGoldenStatementResponses(t *testing.T) {
	roundTrip(t, "statement_succeeded_attachment.json", func(t *testing.T, r *sea.StatementResponse) {
		require.Equal(t, sea.StateSucceeded, r.Status.State)
		m := r.Manifest
		require.Equal(t, sea.FormatArrowStream, m.Format)
		require.Equal(t, 1, m.Schema.ColumnCount)
		require.Equal(t, sea.ColumnInfo{Name: "id", TypeName: "LONG", TypeText: "BIGINT", Position: 0}, m.Schema.Columns[0])
		require.Equal(t, int64(3), m.TotalRowCount)
		require.Equal(t, sea.CompressionLZ4Frame, m.ResultCompression)
		// "BCJNGGBA" is standard base64 of the LZ4 frame magic 04 22 4D 18 plus two bytes.
		require.Equal(t, []byte{0x04, 0x22, 0x4d, 0x18, 0x60, 0x40}, r.Result.Attachment)
	})
	roundTrip(t, "statement_failed.json", func(t *testing.T, r *sea.StatementResponse) {
		require.Equal(t, sea.StateFailed, r.Status.State)
		require.Equal(t, "42601", r.Status.SQLState, "sql_state is a sibling of error")
		require.Equal(t, "BAD_REQUEST", r.Status.Error.ErrorCode)
		require.Empty(t, r.Status.Error.SQLState)
		require.Nil(t, r.Manifest)
	})
	roundTrip(t, "statement_pending.json", func(t *testing.T, r *sea.StatementResponse) {
		require.Equal(t, sea.StatePending, r.Status.State)
		require.Nil(t, r.Result)
	})
}

func TestGoldenChunks(t *testing.T) {
	roundTrip(t, "chunk_external_links.json", func(t *testing.T, r *sea.ResultData) {
		require.Equal(t, 1, r.ChunkIndex)
		require.Equal(t, 2, *r.NextChunkIndex)
		l := r.ExternalLinks[0]
		require.Equal(t, int64(3407872), l.ByteCount)
		require.True(t, l.Expiration.Equal(time.Date(2026, 8, 7, 12, 15, 0, 0, time.UTC)))
		require.Equal(t, "/api/2.0/sql/statements/01ee.../result/chunks/2", l.NextChunkInternalLink)
	})
	roundTrip(t, "chunk_json_array.json", func(t *testing.T, r *sea.ResultData) {
		require.Len(t, r.DataArray, 2)
		require.Equal(t, "a", *r.DataArray[0][1])
		require.Nil(t, r.DataArray[1][1], "JSON null is SQL NULL")
	})
}

func TestGoldenErrorResponse(t *testing.T) {
	roundTrip(t, "error_response.json", func(t *testing.T, r *sea.ErrorResponse) {
		require.Equal(t, sea.ErrorCodeNotFound, r.ErrorCode)
		require.Equal(t, "type.googleapis.com/google.rpc.RequestInfo", r.Details[0].Type)
	})
}

func TestAttachmentEmptyIsAbsent(t *testing.T) {
	for _, body := range []string{`{"attachment": ""}`, `{"attachment": null}`, `{}`} {
		var r sea.ResultData
		require.NoError(t, json.Unmarshal([]byte(body), &r))
		require.Empty(t, r.Attachment, body)
	}
}

func TestExpirationNeedsZone(t *testing.T) {
	var l sea.ExternalLink
	require.Error(t, json.Unmarshal([]byte(`{"expiration": "2026-08-07T12:15:00"}`), &l))
	require.NoError(t, json.Unmarshal([]byte(`{"expiration": "2026-08-07T14:15:00.5+02:00"}`), &l))
	out, err := json.Marshal(l.Expiration)
	require.NoError(t, err)
	require.Equal(t, `"2026-08-07T12:15:00Z"`, string(out))
}

func TestParseWaitTimeout(t *testing.T) {
	cases := []struct {
		in      string
		d       time.Duration
		present bool
		ok      bool
	}{
		{"", 0, false, true}, {"0s", 0, true, true}, {"5s", 5 * time.Second, true, true},
		{"50s", 50 * time.Second, true, true}, {"4s", 0, true, false}, {"51s", 0, true, false},
		{"10", 0, true, false}, {"xs", 0, true, false},
		// Overflow and non-canonical spellings: before, 92233720368570s
		// wrapped around to 22.24s and was accepted.
		{"92233720368570s", 0, true, false}, {"9223372036854775807s", 0, true, false},
		{"18446744073709551616s", 0, true, false}, {"+5s", 0, true, false}, {"-5s", 0, true, false},
		{"05s", 0, true, false}, {"00s", 0, true, false}, {"5 s", 0, true, false}, {" 5s", 0, true, false},
		{"5.0s", 0, true, false}, {"5ss", 0, true, false}, {"s", 0, true, false}, {"5S", 0, true, false},
		{"５s", 0, true, false}, {"500s", 0, true, false},
	}
	for _, c := range cases {
		d, present, err := sea.ParseWaitTimeout(c.in)
		require.Equal(t, c.present, present, c.in)
		if !c.ok {
			require.ErrorIs(t, err, sea.ErrInvalidWaitTimeout, c.in)
			continue
		}
		require.NoError(t, err, c.in)
		require.Equal(t, c.d, d, c.in)
	}
}

func TestWarehouseIDFromHTTPPath(t *testing.T) {
	for in, want := range map[string]string{
		"/sql/1.0/warehouses/abc":        "abc",
		"/sql/1.0/endpoints/abc?o=123":   "abc",
		"/sql/1.0/warehouses/abc/":       "abc",
		"/sql/1.0/warehouses/abc&x=1":    "abc",
		"/sql/protocolv1/o/123/0123-abc": "",
	} {
		require.Equal(t, want, sea.WarehouseIDFromHTTPPath(in), in)
	}
}
