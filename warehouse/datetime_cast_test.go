package warehouse_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestLenientDatetimeCasts: strings become DATE and TIMESTAMP as Spark's
// casts read them (the connector e2e suite's test_dates/test_timestamps and
// its inline TIMESTAMP parameter '… +0000'), through CAST, try_cast and the
// DATE(…)/TIMESTAMP(…) forms; malformed text fails with CAST_INVALID_INPUT
// (NULL under try_cast).
func TestLenientDatetimeCasts(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, tc := range []struct{ expr, typ, value string }{
		{"DATE('2021')", "DATE", "2021-01-01"},
		{"DATE('2021-09')", "DATE", "2021-09-01"},
		{"DATE('2021-9-3')", "DATE", "2021-09-03"},
		{"DATE('9999-12-31')", "DATE", "9999-12-31"},
		{"CAST('2021-09-30 11:22:33' AS DATE)", "DATE", "2021-09-30"},
		{"DATE(TIMESTAMP '2021-09-30 11:22:33')", "DATE", "2021-09-30"},
		{"TIMESTAMP('2021-09-30 11')", "TIMESTAMP", "2021-09-30T11:00:00Z"},
		{"TIMESTAMP('2021-09')", "TIMESTAMP", "2021-09-01T00:00:00Z"},
		{"CAST('2021-09-30T11:22' AS TIMESTAMP)", "TIMESTAMP", "2021-09-30T11:22:00Z"},
		{"CAST('2023-09-06 03:14:27.000843 +0000' AS TIMESTAMP)", "TIMESTAMP", "2023-09-06T03:14:27.000843Z"},
		{"TIMESTAMP('2021-09-30 11:22:33-07:00')", "TIMESTAMP", "2021-09-30T18:22:33Z"},
		{"TIMESTAMP('2021-09-30 11:22:33 UTC+01:00')", "TIMESTAMP", "2021-09-30T10:22:33Z"},
		{"try_cast('2021-13-01' AS DATE)", "DATE", ""},
		{"try_cast('nope' AS TIMESTAMP)", "TIMESTAMP", ""},
	} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT " + tc.expr, WaitTimeout: "30s"})
		require.Equal(t, tc.typ, resp.Manifest.Schema.Columns[0].TypeName, tc.expr)
		cell := resp.Result.DataArray[0][0]
		if tc.value == "" {
			require.Nil(t, cell, tc.expr)
			continue
		}
		require.NotNil(t, cell, tc.expr)
		require.Equal(t, tc.value, *cell, tc.expr)
	}
	for _, s := range []string{"SELECT DATE('9999-99-31')", "SELECT CAST('2021-02-30' AS DATE)",
		"SELECT TIMESTAMP('2021-09-30 25:00')", "SELECT CAST('x' AS TIMESTAMP)"} {
		st := failed(t, c, sea.ExecuteStatementRequest{Statement: s, WaitTimeout: "30s"})
		require.Equal(t, "22018", st.SQLState, s)
		require.True(t, strings.HasPrefix(st.Error.Message, "[CAST_INVALID_INPUT] "), "%s: %q", s, st.Error.Message)
	}
}

// TestLenientDatetimeCastsANSIOff: with the session conf ansi_mode=false
// (as the connector e2e suite's test_dates opens its session), malformed
// text cast to DATE or TIMESTAMP is NULL; SET ANSI_MODE = true restores
// the error.
func TestLenientDatetimeCastsANSIOff(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{SessionConfs: map[string]string{"ANSI_MODE": "false"}})
	for _, s := range []string{"SELECT DATE('9999-99-31')", "SELECT CAST('2021-02-30' AS DATE)",
		"SELECT TIMESTAMP('2021-09-30 25:00')", "SELECT CAST('x' AS TIMESTAMP)"} {
		resp := succeed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: s, WaitTimeout: "30s"})
		require.Nil(t, resp.Result.DataArray[0][0], s)
	}
	require.Equal(t, [][]string{{"2021-09-01"}}, strs(rows(t, c, sid, "SELECT DATE('2021-09')")))
	sqlIn(t, c, sid, "SET ANSI_MODE = true")
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT DATE('9999-99-31')", WaitTimeout: "30s"})
	require.Equal(t, "22018", st.SQLState)
}

// TestInsertStringIntoDatetimeColumns: a string literal inserted into a
// DATE or TIMESTAMP column is cast as Spark casts it (the connector e2e's
// inline TIMESTAMP parameter, INSERT … VALUES ('… +0000')).
func TestInsertStringIntoDatetimeColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE dt (id INT, d DATE, ts TIMESTAMP, s STRING)")
	sqlIn(t, c, sid, "INSERT INTO dt (`ts`) VALUES ('2023-09-06 03:14:27.000843 +0000')")
	sqlIn(t, c, sid, "INSERT INTO dt VALUES (2, '2021-9', '2021-09-30 11', '2021-09-30 11 +0000'), (3, '2021', NULL, 'x')")
	require.Equal(t, [][]string{
		{"<null>", "<null>", "2023-09-06T03:14:27.000843Z", "<null>"},
		{"2", "2021-09-01", "2021-09-30T11:00:00Z", "2021-09-30 11 +0000"},
	}, strs(rows(t, c, sid, "SELECT id, d, ts, s FROM dt WHERE id IS NULL OR id = 2 ORDER BY id NULLS FIRST")))
	st := failed(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "INSERT INTO dt (d) VALUES ('2021-02-30')", WaitTimeout: "30s"})
	require.Equal(t, "22018", st.SQLState)
}
