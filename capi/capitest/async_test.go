package capitest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/faults"
)

// The Sealane* extension functions and AdbcErrorFromArrayStream, called
// through the shared library as a C program (or Python's ctypes) would.

// ADBC status codes the tests expect.
const (
	statusInvalidState = 6
	statusIO           = 10
	statusCancelled    = 11
	statusTimeout      = 12
)

// detailStatementID is the error detail naming the statement.
const detailStatementID = "databricks.statement_id"

const (
	// nSlow makes a cross join DuckDB needs a second or two for, with a
	// known sum (tests/python/test_async.py).
	nSlow   = 15000
	slowSum = int64(nSlow*(nSlow-1)/2) * int64(nSlow*(nSlow-1)/2)
	// longSQL would run for hours.
	longSQL = "SELECT count(*) FROM range(1000000000000)"
	// bigSQL has a result of many chunks (with slowLinks).
	bigSQL = "SELECT id FROM range(3000000)"
)

var slowSQL = fmt.Sprintf("SELECT sum(a.id * b.id) AS s FROM range(%d) a, range(%d) b", nSlow, nSlow)

// slowLinks makes results go through external links, in many small chunks
// that download slowly: a read after the first batch still has chunks to
// fetch.
var slowLinks = warehouse.Config{InlineLimit: 1024, ChunkBytes: 64 << 10, Faults: faults.Config{DownloadLatency: 100 * time.Millisecond}}

// submit submits query on a new statement (released at once: the handle
// is independent of it) and releases the handle at cleanup unless the
// test did.
func submit(t *testing.T, cn *Connection, query string) (Handle, string) {
	t.Helper()
	st, err := cn.NewStatement(query)
	require.NoError(t, err)
	h, err := st.Submit()
	require.NoError(t, err)
	require.NoError(t, st.Close())
	t.Cleanup(func() { _ = h.Release() })
	id, err := h.StatementID()
	require.NoError(t, err)
	require.NotEmpty(t, id)
	return h, id
}

// adbcError asserts that err is an AdbcError with the status and returns it.
func adbcError(t *testing.T, err error, status int) *Error {
	t.Helper()
	var ce *Error
	require.True(t, errors.As(err, &ce), "not an AdbcError: %v", err)
	require.Equal(t, status, ce.Status, "%v", ce)
	return ce
}

// terminal reports a final statement state.
func terminal(state string) bool {
	switch state {
	case "SUCCEEDED", "FAILED", "CANCELED", "CLOSED":
		return true
	}
	return false
}

// readSum imports the stream and returns its row count and the sum of
// column 0 (int64).
func readSum(t *testing.T, s *Stream) (rows, sum int64) {
	t.Helper()
	rdr, err := s.Reader()
	require.NoError(t, err)
	defer rdr.Release()
	for rdr.Next() {
		col := rdr.RecordBatch().Column(0)
		rows += int64(col.Len())
		switch c := col.(type) {
		case *array.Int64:
			for i := range c.Len() {
				sum += c.Value(i)
			}
		case *array.Int32:
			for i := range c.Len() {
				sum += int64(c.Value(i))
			}
		case *array.Decimal128: // sum(BIGINT) is a DECIMAL(38,0)
			for i := range c.Len() {
				sum += c.Value(i).BigInt().Int64()
			}
		default:
			t.Fatalf("column 0 is %s", col.DataType())
		}
	}
	require.NoError(t, rdr.Err())
	return rows, sum
}

func TestSealaneSubmitReturnsStatementIDWhileTheQueryRuns(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	t0 := time.Now()
	h, id := submit(t, cn, slowSQL)
	submitted := time.Since(t0)
	first, err := h.Status()
	require.NoError(t, err)
	require.Contains(t, []string{"PENDING", "RUNNING"}, first)
	// The id is the server's, and the server is still running it.
	require.Contains(t, []string{"PENDING", "RUNNING"}, srv.state(t, id))

	s, err := h.Wait(-1)
	require.NoError(t, err)
	elapsed := time.Since(t0)
	rows, sum := readSum(t, s)
	require.Equal(t, int64(1), rows)
	require.Equal(t, slowSum, sum)
	require.Less(t, submitted, elapsed/2, "submit took %v of %v", submitted, elapsed)
	st, err := h.Status()
	require.NoError(t, err)
	require.Equal(t, "SUCCEEDED", st)
	again, err := h.StatementID()
	require.NoError(t, err)
	require.Equal(t, id, again)
	require.NoError(t, h.Release())
}

func TestSealaneStatusGoesFromRunningToSucceeded(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, _ := submit(t, cn, slowSQL)
	var seen []string
	require.Eventually(t, func() bool {
		st, err := h.Status()
		require.NoError(t, err)
		seen = append(seen, st)
		return terminal(st)
	}, 60*time.Second, 20*time.Millisecond)
	require.Contains(t, []string{"PENDING", "RUNNING"}, seen[0], "%v", seen)
	require.Equal(t, "SUCCEEDED", seen[len(seen)-1], "%v", seen)
	s, err := h.Wait(-1)
	require.NoError(t, err)
	_, sum := readSum(t, s)
	require.Equal(t, slowSum, sum)
}

func TestSealaneWaitTimeoutThenResult(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())

	// A statement that runs for hours: the wait gives up, it keeps running.
	h, id := submit(t, cn, longSQL)
	t0 := time.Now()
	_, err := h.Wait(300 * time.Millisecond)
	took := time.Since(t0)
	ce := adbcError(t, err, statusTimeout)
	require.Contains(t, ce.Msg, id)
	require.GreaterOrEqual(t, took, 250*time.Millisecond)
	require.Less(t, took, 3*time.Second)
	st, err := h.Status()
	require.NoError(t, err)
	require.Equal(t, "RUNNING", st)
	require.Equal(t, "RUNNING", srv.state(t, id))
	require.NoError(t, h.Cancel())

	// A slow statement: waits with a timeout until it finishes, then the
	// result stream has the right rows.
	h, _ = submit(t, cn, slowSQL)
	var s *Stream
	timeouts := 0
	for s == nil {
		s, err = h.Wait(100 * time.Millisecond)
		if err != nil {
			adbcError(t, err, statusTimeout)
			timeouts++
			require.Less(t, timeouts, 600, "the slow query never finished")
		}
	}
	require.Positive(t, timeouts, "the first wait should time out on a query that takes a second")
	rows, sum := readSum(t, s)
	require.Equal(t, int64(1), rows)
	require.Equal(t, slowSum, sum)

	// A plain query: many rows, in order.
	h, _ = submit(t, cn, "SELECT id FROM range(100000)")
	s, err = h.Wait(10 * time.Second)
	require.NoError(t, err)
	rows, sum = readSum(t, s)
	require.Equal(t, int64(100000), rows)
	require.Equal(t, int64(100000*99999/2), sum)
	// The result was handed out: a second wait is an error.
	_, err = h.Wait(-1)
	adbcError(t, err, statusInvalidState)
}

func TestSealaneCancelEndsCanceledOnTheServer(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, longSQL)
	require.Eventually(t, func() bool {
		st, err := h.Status()
		require.NoError(t, err)
		return st == "RUNNING"
	}, 10*time.Second, 20*time.Millisecond)
	require.NoError(t, h.Cancel())
	require.Positive(t, srv.cancels.Load(), "the server saw POST …/cancel")
	require.Eventually(t, func() bool { return srv.state(t, id) == "CANCELED" }, 5*time.Second, 20*time.Millisecond)
	require.Eventually(t, func() bool {
		st, err := h.Status()
		require.NoError(t, err)
		return st == "CANCELED"
	}, 5*time.Second, 20*time.Millisecond)

	_, err := h.Wait(-1)
	ce := adbcError(t, err, statusCancelled)
	require.Equal(t, "HY008", ce.SQLState)
	require.Equal(t, id, ce.Details[detailStatementID])
	require.Contains(t, strings.ToLower(ce.Msg), "cancel")

	// The connection is usable afterwards.
	rdr, err := statementC(t, cn, "SELECT 1 AS one").Query()
	require.NoError(t, err)
	n, err := drain(rdr)
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
}

func TestSealaneCancelInterruptsWait(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, longSQL)
	done := make(chan error, 1)
	go func() {
		s, err := h.Wait(-1)
		if s != nil {
			s.Release()
		}
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	require.NoError(t, h.Cancel())
	select {
	case err := <-done:
		require.Less(t, time.Since(start), 5*time.Second)
		ce := adbcError(t, err, statusCancelled)
		require.Equal(t, "HY008", ce.SQLState)
		require.Equal(t, id, ce.Details[detailStatementID])
	case <-time.After(10 * time.Second):
		t.Fatal("SealaneHandleWait did not return after SealaneHandleCancel")
	}
	// The cancel reached the server; the statement ends CANCELED there, or
	// is already closed (CLOSED, or forgotten) when the kernel closed it
	// after the interrupted wait — under load the close can win the poll.
	require.Positive(t, srv.cancels.Load(), "no POST …/cancel reached the server")
	require.Eventually(t, func() bool {
		st := srv.state(t, id)
		return st == "CANCELED" || st == "CLOSED" || st == "GONE"
	}, 5*time.Second, 20*time.Millisecond)
}

func TestSealaneFailedStatementError(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, "SELECT * FROM no_such_table_async")
	_, err := h.Wait(-1)
	ce := adbcError(t, err, 3) // ADBC_STATUS_NOT_FOUND
	require.Equal(t, "42P01", ce.SQLState)
	require.Equal(t, id, ce.Details[detailStatementID])
	require.NotEmpty(t, ce.Details["databricks.error_code"])
	require.Contains(t, ce.Msg, "no_such_table_async")
	st, err := h.Status()
	require.NoError(t, err)
	require.Equal(t, "FAILED", st)
}

func TestSealaneReleasedHandleIsAnError(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, longSQL)
	require.NoError(t, h.Release())
	// A statement whose result was never exported is closed on the server.
	require.Eventually(t, func() bool {
		st := srv.state(t, id)
		return st == "CLOSED" || st == "GONE" || st == "CANCELED"
	}, 5*time.Second, 20*time.Millisecond)

	check := func(name string, err error) {
		t.Helper()
		ce := adbcError(t, err, statusInvalidState)
		require.Contains(t, ce.Msg, "unknown or released handle", name)
	}
	_, err := h.StatementID()
	check("GetStatementId", err)
	_, err = h.Status()
	check("Status", err)
	_, err = h.Wait(0)
	check("Wait", err)
	check("Cancel", h.Cancel())
	check("Release", h.Release())
	// A handle never handed out.
	_, err = Handle(1 << 62).Status()
	check("made-up handle", err)
}

func TestSealaneConcurrentWaitIsRejected(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, longSQL)
	var wg sync.WaitGroup
	first := make(chan error, 1)
	wg.Go(func() {
		s, err := h.Wait(-1)
		if s != nil {
			s.Release()
		}
		first <- err
	})
	time.Sleep(300 * time.Millisecond)
	// While the first wait runs, a second one on the handle, with or
	// without a timeout, is refused at once.
	for _, timeout := range []time.Duration{-1, 0, time.Second} {
		start := time.Now()
		_, err := h.Wait(timeout)
		ce := adbcError(t, err, statusInvalidState)
		require.Contains(t, ce.Msg, "in progress")
		require.Less(t, time.Since(start), 500*time.Millisecond)
	}
	// The first wait is unaffected: it ends with the cancel.
	require.NoError(t, h.Cancel())
	wg.Wait()
	ce := adbcError(t, <-first, statusCancelled)
	require.Equal(t, id, ce.Details[detailStatementID])

	// Once no wait runs, another is not refused as concurrent (the
	// interrupted wait closed the statement: its result is gone).
	_, err := h.Wait(-1)
	ce = adbcError(t, err, statusInvalidState)
	require.NotContains(t, ce.Msg, "in progress")
	require.Equal(t, id, ce.Details[detailStatementID])
}

func TestSealaneConcurrentTimedWaitsOnOneHandle(t *testing.T) {
	srv := startServer(t, warehouse.Config{})
	_, cn := connectC(t, srv.options())
	h, _ := submit(t, cn, slowSQL)
	// Many threads polling one handle with short timeouts: each call either
	// times out, is refused while another runs, or (exactly one) gets the
	// result; nothing crashes or hands the result out twice.
	var (
		mu      sync.Mutex
		results int
		sum     int64
		wg      sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for {
				s, err := h.Wait(50 * time.Millisecond)
				if err == nil {
					_, got := readSum(t, s)
					mu.Lock()
					results++
					sum = got
					mu.Unlock()
					return
				}
				var ce *Error
				if !errors.As(err, &ce) {
					t.Errorf("not an AdbcError: %v", err)
					return
				}
				switch ce.Status {
				case statusTimeout:
				case statusInvalidState:
					if strings.Contains(ce.Msg, "exported already") {
						return
					}
					time.Sleep(5 * time.Millisecond)
				default:
					t.Errorf("unexpected error: %v", ce)
					return
				}
			}
		})
	}
	wg.Wait()
	require.Equal(t, 1, results)
	require.Equal(t, slowSum, sum)
}

// streamError reads s to its end and returns the error of the failed read
// through AdbcErrorFromArrayStream.
func streamError(t *testing.T, s *Stream) *Error {
	t.Helper()
	for {
		rows, errno := s.Next()
		if errno != 0 {
			require.NotEmpty(t, s.LastError())
			ce := s.ErrorFromStream()
			require.NotNil(t, ce, "AdbcErrorFromArrayStream returned NULL after errno %d", errno)
			return ce
		}
		require.GreaterOrEqual(t, rows, int64(0), "the stream ended without the expected error")
	}
}

func TestErrorFromArrayStreamCancelMidStream(t *testing.T) {
	srv := startServer(t, slowLinks)
	_, cn := connectC(t, srv.options())
	h, id := submit(t, cn, bigSQL)
	s, err := h.Wait(-1)
	require.NoError(t, err)
	defer s.Release()
	require.Zero(t, s.Schema())
	require.Nil(t, s.ErrorFromStream(), "no error before a failure")
	rows, errno := s.Next()
	require.Zero(t, errno)
	require.Positive(t, rows)
	require.NoError(t, h.Cancel())
	ce := streamError(t, s)
	require.Equal(t, statusCancelled, ce.Status, "%v", ce)
	require.Equal(t, "HY008", ce.SQLState)
	require.Equal(t, id, ce.Details[detailStatementID])
}

func TestErrorFromArrayStreamServerStopsMidDownload(t *testing.T) {
	srv := startServer(t, slowLinks)
	loadC(t)
	// Not connectC: with the server gone, the session cannot be deleted.
	db, err := OpenDatabase(srv.options("databricks.cloudfetch.max_retries", "1", "databricks.retry.max_retries", "1"))
	require.NoError(t, err)
	cn, err := db.Connect()
	require.NoError(t, err)
	st, err := cn.NewStatement(bigSQL)
	require.NoError(t, err)
	s, err := st.QueryStream()
	require.NoError(t, err)
	t.Cleanup(func() {
		s.Release()
		require.NoError(t, st.Close())
		adbcError(t, cn.Close(), statusIO)
		require.NoError(t, db.Close())
	})
	rows, errno := s.Next()
	require.Zero(t, errno)
	require.Positive(t, rows)
	srv.stop() // the remaining chunks cannot be downloaded
	ce := streamError(t, s)
	require.Equal(t, statusIO, ce.Status, "%v", ce)
	require.Equal(t, "08006", ce.SQLState)
	id := ce.Details[detailStatementID]
	require.NotEmpty(t, id, "details: %v", ce.Details)
	require.Contains(t, ce.Msg, id)
}

func TestExecuteDownloadFailureHasStatementIDDetail(t *testing.T) {
	// Every download fails: ExecuteQuery itself, which fetches the first
	// chunk, fails.
	cfg := slowLinks
	cfg.Faults = faults.Config{Errors: []faults.Rule{{Call: faults.CallDownload, Status: 503}}}
	srv := startServer(t, cfg)
	_, cn := connectC(t, srv.options("databricks.cloudfetch.max_retries", "1"))
	_, err := statementC(t, cn, bigSQL).QueryStream()
	ce := adbcError(t, err, statusIO)
	require.Equal(t, "08006", ce.SQLState)
	id := ce.Details[detailStatementID]
	require.NotEmpty(t, id, "details: %v (message %q)", ce.Details, ce.Msg)
	require.Contains(t, ce.Msg, id)
}

func TestSealaneLogCallback(t *testing.T) {
	const secret = "dapi-LOGBRIDGE-secret-7f3a9c2e5b1d"
	// The first execute is refused once, with Retry-After (an execute is
	// retried only when the server says so): the retry is logged at WARN. (A
	// status poll would not do: a statement finished when its submit
	// answered needs no poll, which a quiet machine shows now and then.)
	srv := startServer(t, warehouse.Config{
		Tokens: []string{secret},
		Faults: faults.Config{Errors: []faults.Rule{{Call: faults.CallExecute, Status: 503, RetryAfter: 10 * time.Millisecond, Count: 1}}},
	})
	opts := srv.options()
	work := func(t *testing.T) string {
		_, cn := connectCToken(t, opts, secret)
		rdr, err := statementC(t, cn, "SELECT 1 AS one").Query()
		require.NoError(t, err)
		_, err = drain(rdr)
		require.NoError(t, err)
		h, id := submit(t, cn, "SELECT 2 AS two")
		_, err = h.Status()
		require.NoError(t, err)
		s, err := h.Wait(-1)
		require.NoError(t, err)
		readSum(t, s)
		require.NoError(t, h.Release())
		_, err = statementC(t, cn, "SELECT * FROM no_such_table_logging").Query()
		require.Error(t, err)
		return id
	}
	loadC(t)
	t.Cleanup(StopLog)
	noSecret := func(recs []LogRecord) {
		t.Helper()
		for _, r := range recs {
			require.NotContains(t, r.Message, secret)
			require.NotContains(t, r.Logger, secret)
		}
	}

	// level switches the level, then drops the records emitted before
	// (the previous subtest's cleanup logs at the old level).
	level := func(set func()) {
		set()
		FlushLog()
		TakeLog()
	}

	// WARNING: the retry warning arrives, no debug record does.
	level(func() { StartLog(30) })
	t.Run("warning", func(t *testing.T) {
		work(t)
		FlushLog()
		recs := TakeLog()
		noSecret(recs)
		require.NotEmpty(t, recs, "no record at WARNING")
		retry := false
		for _, r := range recs {
			require.GreaterOrEqual(t, r.Level, 30, "%+v", r)
			require.Equal(t, "sealane.driver", r.Logger)
			retry = retry || strings.Contains(r.Message, "retrying")
		}
		require.True(t, retry, "%+v", recs)
	})

	// DEBUG (SealaneSetLogLevel): the calls arrive too, naming statements.
	level(func() { SetLogLevel(10) })
	t.Run("debug", func(t *testing.T) {
		id := work(t)
		FlushLog()
		recs := TakeLog()
		noSecret(recs)
		var calls, opened, named bool
		for _, r := range recs {
			require.GreaterOrEqual(t, r.Level, 10)
			calls = calls || r.Level == 10 && strings.Contains(r.Message, "sea call") && strings.Contains(r.Message, "op=execute")
			opened = opened || strings.Contains(r.Message, "session opened")
			named = named || strings.Contains(r.Message, id)
		}
		require.True(t, calls && opened && named, "calls %v, session opened %v, statement named %v in %d records", calls, opened, named, len(recs))
	})

	// INFO: debug records are dropped.
	level(func() { SetLogLevel(20) })
	t.Run("info", func(t *testing.T) {
		work(t)
		FlushLog()
		for _, r := range TakeLog() {
			require.GreaterOrEqual(t, r.Level, 20, "%+v", r)
		}
	})

	// No callback: nothing arrives.
	level(StopLog)
	t.Run("off", func(t *testing.T) {
		work(t)
		FlushLog()
		require.Empty(t, TakeLog())
	})
}

// connectCToken is connectC with another access token (the server accepts
// it too).
func connectCToken(t *testing.T, opts map[string]string, token string) (*Database, *Connection) {
	t.Helper()
	o := map[string]string{}
	for k, v := range opts {
		o[k] = v
	}
	o["databricks.access_token"] = token
	return connectC(t, o)
}
