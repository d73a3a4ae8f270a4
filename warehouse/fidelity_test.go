package warehouse_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// arrowIn runs statement in session sid as INLINE_OR_EXTERNAL_LINKS Arrow
// and returns the manifest and the single batch.
func arrowIn(t *testing.T, c *rawsea.Client, sid, statement string) (*sea.ResultManifest, arrow.RecordBatch) {
	t.Helper()
	resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: statement, WaitTimeout: "10s",
		Disposition: sea.DispositionInlineOrExternalLinks, Format: sea.FormatArrowStream})
	recs := arrowResult(t, c, resp)
	require.Len(t, recs, 1)
	return resp.Manifest, recs[0]
}

// TestBinaryLiteral: X'..' is a BINARY value, not a string.
func TestBinaryLiteral(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	m, rec := arrowIn(t, c, "", "SELECT X'0A0B' AS b, X'1' AS odd, X'' AS empty")
	for i := range 3 {
		require.Equal(t, "BINARY", m.Schema.Columns[i].TypeName)
	}
	require.Equal(t, []byte{0x0a, 0x0b}, rec.Column(0).(*array.Binary).Value(0))
	require.Equal(t, []byte{0x01}, rec.Column(1).(*array.Binary).Value(0))
	require.Empty(t, rec.Column(2).(*array.Binary).Value(0))
	require.Equal(t, [][]string{{"0a0b"}}, strs(rows(t, c, "", "SELECT X'0A0B' AS b")))
	st := failed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT X'0G'", WaitTimeout: "10s"})
	require.Equal(t, "42601", st.SQLState)
}

// TestSetTimeZoneForms: SET TIME ZONE LOCAL, zone offsets and INTERVAL.
func TestSetTimeZoneForms(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	zoneOf := func() string {
		_, rec := arrowIn(t, c, sid, "SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00+00' AS ts")
		return rec.Schema().Field(0).Type.(*arrow.TimestampType).TimeZone
	}

	t.Setenv("TZ", "Asia/Tokyo")
	require.Equal(t, [][]string{{"timezone", "Asia/Tokyo"}}, strs(rows(t, c, sid, "SET TIME ZONE LOCAL")))
	require.Equal(t, "Asia/Tokyo", zoneOf())

	require.Equal(t, [][]string{{"timezone", "+01:00"}}, strs(rows(t, c, sid, "SET TIME ZONE INTERVAL 1 HOUR")))
	require.Equal(t, "+01:00", zoneOf())
	require.Equal(t, [][]string{{"2024-07-01T13:00:00+01:00"}}, strs(rows(t, c, sid, "SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00+00' AS ts")))
	require.Equal(t, [][]string{{"2024-07-01T12:00:00+01:00"}}, strs(rows(t, c, sid, "SELECT TIMESTAMP_LTZ '2024-07-01 12:00:00' AS ts")),
		"a zone-less literal is read at +01:00")
	require.Equal(t, [][]string{{"+01:00"}}, strs(rows(t, c, sid, "SELECT current_timezone() AS tz")))

	sqlIn(t, c, sid, "SET TIME ZONE INTERVAL '-05:00' HOUR TO MINUTE")
	require.Equal(t, "-05:00", zoneOf())
	sqlIn(t, c, sid, "SET TIME ZONE '+02'")
	require.Equal(t, "+02:00", zoneOf())
	sqlIn(t, c, sid, "SET timezone = UTC")
	require.Equal(t, "Etc/UTC", zoneOf())

	for _, bad := range []string{"SET TIME ZONE '+05:30'", "SET TIME ZONE INTERVAL 19 HOURS", "SET TIME ZONE 'Not/AZone'"} {
		st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: bad, WaitTimeout: "10s"})
		require.Equal(t, "22023", st.SQLState, bad)
	}
	require.Equal(t, "Etc/UTC", zoneOf(), "a rejected zone leaves the session's")
}

// TestDescribeQueryParameters: DESCRIBE QUERY binds the statement's
// parameters like execution does, so typed markers describe as their types.
func TestDescribeQueryParameters(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	v := func(s string) *string { return &s }
	resp := succeed(t, c, sea.ExecuteStatementRequest{WaitTimeout: "10s", Statement: "DESCRIBE QUERY SELECT :d AS d, :n + 1 AS n",
		Parameters: []sea.Parameter{{Name: "d", Type: "DATE", Value: v("2024-01-02")}, {Name: "n", Type: "BIGINT", Value: v("7")}}})
	require.Equal(t, [][]string{{"d", "DATE", "<null>"}, {"n", "BIGINT", "<null>"}}, strs(resp.Result.DataArray))
	resp = succeed(t, c, sea.ExecuteStatementRequest{WaitTimeout: "10s", Statement: "DESCRIBE QUERY SELECT ? AS ts",
		Parameters: []sea.Parameter{{Ordinal: 1, Type: "TIMESTAMP", Value: v("2024-01-02 03:04:05")}}})
	require.Equal(t, [][]string{{"ts", "TIMESTAMP", "<null>"}}, strs(resp.Result.DataArray))
	st := failed(t, c, sea.ExecuteStatementRequest{WaitTimeout: "10s", Statement: "DESCRIBE QUERY SELECT :missing AS m"})
	require.Equal(t, "42P02", st.SQLState)
}

// TestTimeZoneDoesNotLeakAcrossSessions: engine connections are pooled; a
// session's SET TIME ZONE must not reach the sessions that reuse its
// connection after it closes.
func TestTimeZoneDoesNotLeakAcrossSessions(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for range 3 {
		sid, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{})
		require.NoError(t, err)
		sqlIn(t, c, sid, "SET TIME ZONE 'Asia/Tokyo'")
		require.NoError(t, c.DeleteSession(t.Context(), sid))
	}
	for range 3 {
		sid := newSession(t, c, sea.CreateSessionRequest{})
		require.Equal(t, [][]string{{"2024-01-02T00:00:00Z"}},
			strs(rows(t, c, sid, "SELECT CAST('2024-01-02 00:00:00' AS TIMESTAMP_LTZ) AS ts")), "read in UTC, not Tokyo")
	}
	require.Equal(t, [][]string{{"2024-01-02T00:00:00Z"}},
		strs(rows(t, c, "", "SELECT CAST('2024-01-02 00:00:00' AS TIMESTAMP_LTZ) AS ts")), "sessionless statements too")
}
