package kernel_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/internal/rawsea"
	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// endless runs until it is cancelled.
const endless = "SELECT count(*) FROM range(1000000000000)"

// isPoll reports whether r is a status poll (GET /statements/{id}).
func isPoll(r *http.Request) (id string, ok bool) {
	rest, ok := strings.CutPrefix(r.URL.Path, sea.APIPrefix+"/statements/")
	if !ok || r.Method != http.MethodGet || strings.Contains(rest, "/") {
		return "", false
	}
	return rest, true
}

// holdPolls holds every status poll of the kernel (not the test's own
// rawsea calls) until its client gives up, and sends the statement id of
// the first one on polling.
func holdPolls(polling chan<- string) func(http.Handler) http.Handler {
	var once sync.Once
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if id, ok := isPoll(r); ok && strings.HasPrefix(r.UserAgent(), "sealane-go/") {
				once.Do(func() { polling <- id })
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// serverSaw waits until the server was sent a cancel and a close of id,
// in that order, and has the statement CANCELED or CLOSED; it returns the
// calls seen for the statement.
func serverSaw(t *testing.T, e *env, id string) []string {
	t.Helper()
	var mine []string
	require.Eventually(t, func() bool {
		for _, r := range e.calls() {
			if strings.Contains(r, "/statements/"+id) {
				mine = append(mine, r)
			}
		}
		return slices.Contains(mine, "DELETE "+sea.APIPrefix+"/statements/"+id)
	}, 10*time.Second, 5*time.Millisecond, "the statement's close never reached the server")
	cancelAt := slices.Index(mine, "POST "+sea.APIPrefix+"/statements/"+id+"/cancel")
	require.GreaterOrEqual(t, cancelAt, 0, "the statement's cancel never reached the server: %v", mine)
	require.Less(t, cancelAt, slices.Index(mine, "DELETE "+sea.APIPrefix+"/statements/"+id), "cancel before close: %v", mine)
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	st, err := raw.Get(context.Background(), id)
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StateCanceled, sea.StateClosed}, st.Status.State)
	require.Zero(t, e.srv.OpenStatements(), "statements still open on the server")
	return mine
}

// TestCancelDuringPollReachesServer ends the context while a status poll
// is in flight (the server holds the poll): the statement must still be
// cancelled and closed on the server.
func TestCancelDuringPollReachesServer(t *testing.T) {
	polling := make(chan string, 1)
	e := newEnvWrapped(t, warehouse.Config{DirectResultsWait: 20 * time.Millisecond}, holdPolls(polling))
	c := connect(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Query(ctx, endless)
		errc <- err
	}()
	id := <-polling
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	serverSaw(t, e, id)
}

// TestPollErrorReleasesStatement fails a status poll (a 400 is not
// retried): the error goes to the caller and the statement is cancelled
// and closed on the server all the same.
func TestPollErrorReleasesStatement(t *testing.T) {
	e := newEnv(t, warehouse.Config{DirectResultsWait: 20 * time.Millisecond, Faults: faults.Config{Errors: []faults.Rule{
		{Call: faults.CallGetStatement, Status: http.StatusBadRequest, Count: 1},
	}}})
	c := connect(t, e)
	_, err := c.Query(context.Background(), endless)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	var ke *kernel.Error
	require.ErrorAs(t, err, &ke)
	require.Equal(t, "get statement", ke.Op)
	require.NotEmpty(t, ke.StatementID)
	serverSaw(t, e, ke.StatementID)
}

// TestContextDuringExecuteReleasesStatement ends the context while the
// execute is in flight: once the server answers, the statement it names
// is cancelled and closed.
func TestContextDuringExecuteReleasesStatement(t *testing.T) {
	held := make(chan string, 1)
	release := make(chan struct{})
	e := newEnvWrapped(t, warehouse.Config{DirectResultsWait: 20 * time.Millisecond}, holdExecute(held, release))
	c := connect(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Query(ctx, endless)
		errc <- err
	}()
	id := <-held
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled, "the caller gets control back while the execute is held")
	close(release)
	serverSaw(t, e, id)
}

// holdExecute lets executes reach the warehouse but holds their answer
// until release is closed or the client gives up; the id of the statement
// whose answer is held goes to held.
func holdExecute(held chan<- string, release <-chan struct{}) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != sea.APIPrefix+"/statements" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var resp sea.StatementResponse
			_ = json.Unmarshal(rec.Body.Bytes(), &resp)
			held <- resp.StatementID
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
	}
}

// TestCloseDoesNotWaitForDetachedExecute closes the connection after a
// query cancelled by its context while the server still holds the execute's
// answer: Close must return while the answer is held (it used to wait for
// the execute, up to RequestTimeout plus the retry budget), and the
// statement must end on the server all the same (the session delete
// closes it: the kernel never learned its id).
func TestCloseDoesNotWaitForDetachedExecute(t *testing.T) {
	held := make(chan string, 1)
	release := make(chan struct{})
	defer close(release)
	e := newEnvWrapped(t, warehouse.Config{DirectResultsWait: 20 * time.Millisecond}, holdExecute(held, release))
	c, err := kernel.Connect(context.Background(), e.config())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Query(ctx, endless)
		errc <- err
	}()
	id := <-held
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)

	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	select {
	case err := <-closed:
		require.NoError(t, err)
	case <-time.After(time.Minute): // a deadlock guard, not a speed check: the answer is held until the test ends
		t.Fatal("Close waited for the held execute")
	}
	require.Contains(t, e.calls(), "DELETE "+sea.APIPrefix+"/sessions/"+c.SessionID())
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	st, err := raw.Get(context.Background(), id)
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StateCanceled, sea.StateClosed}, st.Status.State)
	require.Zero(t, e.srv.OpenStatements())
}

// TestCloseStopsAWaitingQuery closes the connection while a query waits on
// a running statement: the query ends with ErrConnClosed and the statement
// is cancelled and closed on the server.
func TestCloseStopsAWaitingQuery(t *testing.T) {
	polling := make(chan string, 1)
	e := newEnvWrapped(t, warehouse.Config{DirectResultsWait: 20 * time.Millisecond}, holdPolls(polling))
	c, err := kernel.Connect(context.Background(), e.config())
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() {
		_, err := c.Query(context.Background(), endless)
		errc <- err
	}()
	id := <-polling
	require.NoError(t, c.Close())
	require.ErrorIs(t, <-errc, kernel.ErrConnClosed)
	serverSaw(t, e, id)
	_, err = c.Query(context.Background(), "SELECT 1")
	require.ErrorIs(t, err, kernel.ErrConnClosed)
}

// TestCloseWithAServerThatNeverAnswers: a process closing its connection
// to a server that accepts but never answers the session delete gets
// control back after CleanupTimeout, with the deadline as its error.
func TestCloseWithAServerThatNeverAnswers(t *testing.T) {
	e := newEnvWrapped(t, warehouse.Config{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, sea.APIPrefix+"/sessions/") {
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	cfg := e.config()
	cfg.CleanupTimeout = 100 * time.Millisecond
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	require.ErrorIs(t, c.Close(), context.DeadlineExceeded)
	require.NoError(t, c.Close(), "a second Close is a no-op")
}

// TestReaderSurvivesClose reads a multi-chunk result after its connection
// is closed: the reader keeps the session alive until it is released,
// and then the statement and the session are released on the server.
func TestReaderSurvivesClose(t *testing.T) {
	// 50 chunks: more than the links fetched ahead (32), so chunk links
	// are fetched from the server after Close.
	e := newEnv(t, warehouse.Config{ChunkRows: 20_000})
	c, err := kernel.Connect(context.Background(), e.config())
	require.NoError(t, err)
	const n = 1_000_000
	rdr, err := c.Query(context.Background(), "SELECT id FROM range(1000000)")
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rows := rdr.RecordBatch().NumRows()
	require.NoError(t, c.Close())
	_, err = c.Query(context.Background(), "SELECT 1")
	require.ErrorIs(t, err, kernel.ErrConnClosed, "no new statement on a closed connection")
	require.NotContains(t, e.calls(), "DELETE "+sea.APIPrefix+"/sessions/"+c.SessionID(), "the open reader holds the session")

	more, _ := drain(t, rdr) // releases
	require.Equal(t, int64(n), rows+more, "every row after Close")
	require.NoError(t, c.Drain(context.Background()), "the session delete after the last reader succeeded")
	calls := e.calls()
	require.Contains(t, calls, "DELETE "+sea.APIPrefix+"/sessions/"+c.SessionID(), "the session is deleted after its last reader")
	closeAt := slices.IndexFunc(calls, func(r string) bool { return strings.HasPrefix(r, "DELETE "+sea.APIPrefix+"/statements/") })
	require.GreaterOrEqual(t, closeAt, 0, "the statement is closed: %v", calls)
	require.Less(t, closeAt, slices.Index(calls, "DELETE "+sea.APIPrefix+"/sessions/"+c.SessionID()))
	require.Zero(t, e.srv.OpenStatements())
}

// TestSessionLostIsReported: a session deleted on the server makes the
// next statement fail with ErrSessionLost (nothing ran), Lost report it,
// and Close skip the delete.
func TestSessionLostIsReported(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	c, err := kernel.Connect(context.Background(), e.config())
	require.NoError(t, err)
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	require.NoError(t, raw.DeleteSession(context.Background(), c.SessionID()))
	require.False(t, c.Lost())
	_, err = c.Query(context.Background(), "SELECT 1")
	require.ErrorIs(t, err, kernel.ErrSessionLost)
	require.ErrorIs(t, err, kernel.ErrNotFound, "the class of the HTTP status stays")
	require.True(t, c.Lost())
	_, err = c.Query(context.Background(), "SELECT 1")
	require.ErrorIs(t, err, kernel.ErrSessionLost, "refused without a round trip")
	e.calls()
	require.NoError(t, c.Close())
	require.Empty(t, e.calls(), "no delete of a session the server forgot")
}

// TestCloseDeletesTheSessionWhenStatementCallsHang: with a server that
// never answers statement cancels and closes, Close still deletes the
// session (which ends the statement on the server) within CleanupTimeout.
func TestCloseDeletesTheSessionWhenStatementCallsHang(t *testing.T) {
	e := newEnvWrapped(t, warehouse.Config{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := r.URL.Path
			if strings.HasPrefix(p, sea.APIPrefix+"/statements/") && (r.Method == http.MethodDelete || strings.HasSuffix(p, "/cancel")) {
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	cfg := e.config()
	// The hung statement calls use up the whole budget; the session DELETE
	// needs one round trip of its own, which under -race with both cores
	// busy took over 500 ms.
	cfg.CleanupTimeout = 2 * time.Second
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)
	h, err := c.Submit(context.Background(), endless)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.Contains(t, e.calls(), "DELETE "+sea.APIPrefix+"/sessions/"+c.SessionID())
	raw := &rawsea.Client{BaseURL: e.url, Token: testToken}
	st, err := raw.Get(context.Background(), h.ID())
	require.NoError(t, err)
	require.Contains(t, []sea.State{sea.StateCanceled, sea.StateClosed}, st.Status.State)
}
