package sqldriver_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/sqldriver"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// sessionsEnv is a local warehouse that records the ids of the sessions
// it creates, and a one-connection pool on it.
type sessionsEnv struct {
	db  *sql.DB
	raw *rawsea.Client

	mu  sync.Mutex
	ids []string
}

func (e *sessionsEnv) sessions() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.ids...)
}

func newSessionsEnv(t *testing.T, cfg warehouse.Config) *sessionsEnv {
	t.Helper()
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	cfg.Tokens = []string{"dapi-sql"}
	srv := warehouse.New(eng, cfg)
	e := &sessionsEnv{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != sea.APIPrefix+"/sessions" {
			srv.Handler().ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		var resp sea.CreateSessionResponse
		if json.Unmarshal(rec.Body.Bytes(), &resp) == nil && resp.SessionID != "" {
			e.mu.Lock()
			e.ids = append(e.ids, resp.SessionID)
			e.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	e.raw = &rawsea.Client{BaseURL: ts.URL, Token: "dapi-sql", WarehouseID: srv.Config().WarehouseID}
	e.db, err = sql.Open(sqldriver.DriverName, "http://token:dapi-sql@"+ts.Listener.Addr().String()+srv.Config().HTTPPath())
	require.NoError(t, err)
	e.db.SetMaxOpenConns(1)
	t.Cleanup(func() {
		require.NoError(t, e.db.Close())
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
	})
	return e
}

func selectInt(t *testing.T, db *sql.DB, q string) int64 {
	t.Helper()
	var v int64
	require.NoError(t, db.QueryRowContext(context.Background(), q).Scan(&v))
	return v
}

// TestPoolRecoversFromADeletedSession deletes the pooled connection's
// session on the server: the next query through the same *sql.DB must
// succeed on a new session, and so must QueryArrow.
func TestPoolRecoversFromADeletedSession(t *testing.T) {
	e := newSessionsEnv(t, warehouse.Config{})
	require.Equal(t, int64(1), selectInt(t, e.db, "SELECT 1"))
	require.Len(t, e.sessions(), 1)
	require.NoError(t, e.raw.DeleteSession(context.Background(), e.sessions()[0]))

	require.Equal(t, int64(2), selectInt(t, e.db, "SELECT 2"), "the query runs on a fresh session")
	require.Len(t, e.sessions(), 2, "a new session replaced the dead one")

	require.NoError(t, e.raw.DeleteSession(context.Background(), e.sessions()[1]))
	rdr, err := sqldriver.QueryArrow(context.Background(), e.db, "SELECT 3 AS three")
	require.NoError(t, err)
	rdr.Release()
	require.Len(t, e.sessions(), 3)

	_, err = e.db.ExecContext(context.Background(), "SELECT 4")
	require.NoError(t, err, "the healthy pooled session is reused")
	require.Len(t, e.sessions(), 3)
}

// TestPoolRecoversFromAnExpiredSession lets the server expire the pooled
// connection's session (SessionIdleTTL): the next query must succeed on a
// new session.
func TestPoolRecoversFromAnExpiredSession(t *testing.T) {
	e := newSessionsEnv(t, warehouse.Config{SessionIdleTTL: 100 * time.Millisecond})
	require.Equal(t, int64(1), selectInt(t, e.db, "SELECT 1"))
	first := e.sessions()[0]
	// A probe runs on the session while it lives (and so renews it): probe
	// less often than the session expires.
	require.Eventually(t, func() bool {
		_, err := e.raw.Execute(context.Background(), sea.ExecuteStatementRequest{SessionID: first, Statement: "SELECT 1"})
		return err != nil
	}, 20*time.Second, 400*time.Millisecond, "the server expires the idle session")

	require.Equal(t, int64(2), selectInt(t, e.db, "SELECT 2"))
	require.Len(t, e.sessions(), 2)
}
