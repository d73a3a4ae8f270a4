package warehouse_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestCreateSessionWithSessionConfs: Python's map name; keys match
// case-insensitively and TIMEZONE reaches the engine.
func TestCreateSessionWithSessionConfs(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{
		SessionConfs: map[string]string{"TIMEZONE": "Asia/Tokyo", "ansi_mode": "true"},
	})
	require.Equal(t, [][]string{{"ansi_mode", "true"}, {"timezone", "Asia/Tokyo"}}, strs(rows(t, c, sid, "SET")))
	require.Equal(t, [][]string{{"Asia/Tokyo"}}, strs(rows(t, c, sid, "SELECT current_setting('TimeZone') AS tz")))
	// 2024-01-01 00:00 UTC is 09:00 in Tokyo.
	require.Equal(t, [][]string{{"9"}}, strs(rows(t, c, sid, "SELECT hour(TIMESTAMPTZ '2024-01-01 00:00:00+00') AS h")))
}

// TestCreateSessionWithSessionConfiguration: the Rust kernel's map name.
func TestCreateSessionWithSessionConfiguration(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{
		SessionConfiguration: map[string]string{"timezone": "Europe/Amsterdam"},
	})
	require.Equal(t, [][]string{{"Europe/Amsterdam"}}, strs(rows(t, c, sid, "SELECT current_setting('TimeZone') AS tz")))
	require.Equal(t, [][]string{{"timezone", "Europe/Amsterdam"}}, strs(rows(t, c, sid, "SET")))
}

func TestCreateSessionWithCatalogAndSchema(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sqlIn(t, c, "", "CREATE SCHEMA main.s1")
	sqlIn(t, c, "", "CREATE TABLE main.s1.only_here AS SELECT 41 + 1 AS v")

	sid := newSession(t, c, sea.CreateSessionRequest{Catalog: "main", Schema: "s1"})
	require.Equal(t, [][]string{{"s1"}}, strs(rows(t, c, sid, "SELECT current_schema() AS s")))
	require.Equal(t, [][]string{{"42"}}, strs(rows(t, c, sid, "SELECT v FROM only_here")))

	// A session without a namespace starts in main.default.
	plain := newSession(t, c, sea.CreateSessionRequest{})
	require.Equal(t, [][]string{{"default"}}, strs(rows(t, c, plain, "SELECT current_schema() AS s")))

	_, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{Catalog: "main", Schema: "no_such_schema"})
	apiError(t, err, http.StatusBadRequest)
}

// TestDeleteSessionForms: no body (Rust), a JSON body (Python) and
// ?warehouse_id= (C#) all close the session.
func TestDeleteSessionForms(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	forms := map[string]func(id string) error{
		"no body": func(id string) error { return c.DeleteSession(t.Context(), id) },
		"json body": func(id string) error {
			return c.Do(t.Context(), http.MethodDelete, "/sessions/"+id, map[string]string{"warehouse_id": c.WarehouseID, "session_id": id}, nil)
		},
		"query": func(id string) error {
			return c.Do(t.Context(), http.MethodDelete, "/sessions/"+id+"?warehouse_id="+c.WarehouseID, nil, nil)
		},
	}
	for name, del := range forms {
		t.Run(name, func(t *testing.T) {
			sid, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{})
			require.NoError(t, err)
			sqlIn(t, c, sid, "SELECT 1")
			require.NoError(t, del(sid))

			_, err = c.Execute(t.Context(), sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT 1"})
			apiError(t, err, http.StatusNotFound)
			apiError(t, del(sid), http.StatusNotFound)
		})
	}
}

// TestDeleteSessionClosesItsStatements: a running statement of a deleted
// session stops, and its id answers CLOSED.
func TestDeleteSessionClosesItsStatements(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{})
	require.NoError(t, err)
	resp := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: longQuery, WaitTimeout: "0s"})
	require.NoError(t, c.DeleteSession(t.Context(), sid))
	got, err := c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateClosed, got.Status.State)
}

func TestUnknownSession(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	_, err := c.Execute(t.Context(), sea.ExecuteStatementRequest{SessionID: "01ee0000-0000-0000-0000-000000000000", Statement: "SELECT 1"})
	he := apiError(t, err, http.StatusNotFound)
	require.Equal(t, sea.ErrorCodeNotFound, he.Body.ErrorCode)

	he = apiError(t, c.DeleteSession(t.Context(), "01ee0000-0000-0000-0000-000000000000"), http.StatusNotFound)
	require.Equal(t, sea.ErrorCodeNotFound, he.Body.ErrorCode)
}

func TestUnknownRoute(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	for _, path := range []string{"/warehouses", "/statements/x/y/z"} {
		err := c.Do(t.Context(), http.MethodGet, path, nil, nil)
		he := apiError(t, err, http.StatusNotFound)
		require.Equal(t, sea.ErrorCodeEndpointNotFound, he.Body.ErrorCode)
	}
	status, _, body := rawHTTP(t, http.MethodGet, c.BaseURL+"/no/such/route", "", nil)
	require.Equal(t, http.StatusNotFound, status)
	require.Contains(t, string(body), `"error_code":"ENDPOINT_NOT_FOUND"`)
	require.Contains(t, string(body), `"message":`)
}

func TestMalformedJSON(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	auth := map[string]string{"Authorization": "Bearer " + c.Token, "Content-Type": "application/json"}
	for _, tc := range []struct{ path, body string }{
		{"/statements", `{"warehouse_id": "local", "statement": `},
		{"/statements", `{"warehouse_id": 5, "statement": "SELECT 1"}`},
		{"/statements", ``},
		{"/sessions", `not json`},
	} {
		status, _, body := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+tc.path, tc.body, auth)
		require.Equal(t, http.StatusBadRequest, status, "%s %q", tc.path, tc.body)
		require.Regexp(t, `^\{"error_code":"[A-Z_]+","message":"[^"]+`, string(body))
	}
}

// TestJSONBodiesOnStatementCalls: Python sends {"statement_id"} on GET,
// cancel and DELETE.
func TestJSONBodiesOnStatementCalls(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	resp := succeed(t, c, sea.ExecuteStatementRequest{Statement: "SELECT 1 AS one", WaitTimeout: "10s"})
	id := resp.StatementID
	body := map[string]string{"statement_id": id}

	var got sea.StatementResponse
	require.NoError(t, c.Do(t.Context(), http.MethodGet, "/statements/"+id, body, &got))
	require.Equal(t, sea.StateSucceeded, got.Status.State)
	require.NotNil(t, got.Manifest)

	require.NoError(t, c.Do(t.Context(), http.MethodPost, "/statements/"+id+"/cancel", body, nil))
	require.NoError(t, c.Do(t.Context(), http.MethodDelete, "/statements/"+id, body, nil))
	require.NoError(t, c.Do(t.Context(), http.MethodGet, "/statements/"+id, body, &got))
	require.Equal(t, sea.StateClosed, got.Status.State)
}

func TestWrongWarehouseID(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{WarehouseID: "wh1"})
	_, err := c.CreateSession(t.Context(), sea.CreateSessionRequest{WarehouseID: "other"})
	apiError(t, err, http.StatusNotFound)
	_, err = c.Execute(t.Context(), sea.ExecuteStatementRequest{WarehouseID: "other", Statement: "SELECT 1"})
	apiError(t, err, http.StatusNotFound)

	// warehouse_id is required.
	status, _, _ := rawHTTP(t, http.MethodPost, c.BaseURL+sea.APIPrefix+"/statements", `{"statement": "SELECT 1"}`,
		map[string]string{"Authorization": "Bearer " + c.Token})
	require.Equal(t, http.StatusBadRequest, status)

	// A DELETE naming another warehouse does not close this one's session.
	sid := newSession(t, c, sea.CreateSessionRequest{})
	err = c.Do(t.Context(), http.MethodDelete, "/sessions/"+sid+"?warehouse_id=other", nil, nil)
	apiError(t, err, http.StatusNotFound)
	err = c.Do(t.Context(), http.MethodDelete, "/sessions/"+sid, map[string]string{"warehouse_id": "other", "session_id": sid}, nil)
	apiError(t, err, http.StatusNotFound)
	sqlIn(t, c, sid, "SELECT 1")
}

// TestSessionStatementsRunConcurrently: as on the service, a statement of a
// session runs while another statement of the same session is running, and
// sees the session's namespace and time zone; a statement naming one of the
// session's temporary views waits for the session's own connection (which
// holds the view) and then sees it.
func TestSessionStatementsRunConcurrently(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE SCHEMA conc")
	sqlIn(t, c, sid, "USE SCHEMA conc")
	sqlIn(t, c, sid, "CREATE TABLE here AS SELECT 'conc' AS s")
	sqlIn(t, c, sid, "SET TIME ZONE 'Asia/Tokyo'")
	sqlIn(t, c, sid, "CREATE TEMPORARY VIEW tv AS SELECT 7 AS seven")
	const probe = "SELECT s, hour(TIMESTAMP '2024-01-02 03:00:00+00:00') AS h FROM here"
	want := [][]string{{"conc", "12"}}
	require.Equal(t, want, strs(rows(t, c, sid, probe)), "on the session's own connection")

	// Naming the view, the long statement runs on the session's own connection.
	first := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: longQueryOn("tv"), WaitTimeout: "0s"})
	waitForState(t, c, first.StatementID, sea.StateRunning, 10*time.Second)
	pinned := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: "SELECT seven FROM tv", WaitTimeout: "0s"})

	require.Equal(t, want, strs(rows(t, c, sid, probe)), "on another connection, with the session's state")
	got, err := c.Get(t.Context(), first.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StateRunning, got.Status.State, "the first statement is still running")
	got, err = c.Get(t.Context(), pinned.StatementID)
	require.NoError(t, err)
	require.Equal(t, sea.StatePending, got.Status.State, "the temporary view lives on the busy connection")

	require.NoError(t, c.Cancel(t.Context(), first.StatementID))
	done := await(t, c, pinned)
	require.Equal(t, sea.StateSucceeded, done.Status.State)
	require.Equal(t, [][]string{{"7"}}, strs(done.Result.DataArray))
}

// TestSessionStateStatementsInOrder: statements submitted asynchronously
// to one session see the state statements (USE, SET) submitted before them
// and none submitted after, whichever connection they run on.
func TestSessionStateStatementsInOrder(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	for _, schema := range []string{"ord_a", "ord_b"} {
		sqlIn(t, c, sid, "CREATE SCHEMA "+schema)
		sqlIn(t, c, sid, fmt.Sprintf("CREATE TABLE %s.t AS SELECT '%s' AS s", schema, schema))
	}
	// A long statement keeps the session's own connection busy, so that
	// the queries go to other connections.
	busy := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: longQuery, WaitTimeout: "0s"})
	defer func() { _ = c.Cancel(t.Context(), busy.StatementID) }()
	waitForState(t, c, busy.StatementID, sea.StateRunning, 10*time.Second)
	type probe struct {
		id   string
		want string
	}
	var probes []probe
	submit := func(sql string) string {
		return execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: sql, WaitTimeout: "0s"}).StatementID
	}
	for i := range 20 {
		schema, zone, hour := "ord_a", "UTC", "3"
		if i%2 == 1 {
			schema, zone, hour = "ord_b", "Asia/Tokyo", "12"
		}
		submit("USE SCHEMA " + schema)
		submit("SET TIME ZONE '" + zone + "'")
		for range 3 {
			id := submit("SELECT s || '/' || hour(TIMESTAMP '2024-01-02 03:00:00+00:00') FROM t")
			probes = append(probes, probe{id, schema + "/" + hour})
		}
	}
	for i, p := range probes {
		done := await(t, c, &sea.StatementResponse{StatementID: p.id, Status: sea.StatementStatus{State: sea.StatePending}})
		require.Equal(t, sea.StateSucceeded, done.Status.State, "%+v", done.Status.Error)
		require.Equal(t, [][]string{{p.want}}, strs(done.Result.DataArray), "probe %d", i)
	}
}

// TestSessionManyStatementsAtOnce: a burst of statements submitted to one
// session all succeed, on however many connections.
func TestSessionManyStatementsAtOnce(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{})
	sqlIn(t, c, sid, "CREATE TABLE burst (a INT)")
	const n = 300
	var ids []string
	for i := range n {
		resp := execute(t, c, sea.ExecuteStatementRequest{SessionID: sid, Statement: fmt.Sprintf("INSERT INTO burst VALUES (%d)", i), WaitTimeout: "0s"})
		ids = append(ids, resp.StatementID)
	}
	for _, id := range ids {
		done := await(t, c, &sea.StatementResponse{StatementID: id, Status: sea.StatementStatus{State: sea.StatePending}})
		require.Equal(t, sea.StateSucceeded, done.Status.State, "%+v", done.Status.Error)
	}
	got := rows(t, c, sid, "SELECT count(DISTINCT a), min(a), max(a) FROM burst")
	require.Equal(t, [][]string{{strconv.Itoa(n), "0", strconv.Itoa(n - 1)}}, strs(got))
}
