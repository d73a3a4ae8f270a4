package kernel_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/duckengine"
)

// TestServerGoneMidResultIsATransferError makes a warehouse go away after
// the first chunk the hard way: every later download and every chunk-link
// fetch is aborted (no response, the connection closed: the client sees
// EOF) while the listener still accepts. The result must fail as a
// transfer error naming the statement; before the fix, the network's EOF
// passed for the end of a chunk and the reader ended early with a
// row-count mismatch.
func TestServerGoneMidResultIsATransferError(t *testing.T) {
	eng, err := duckengine.Open(context.Background(), duckengine.Config{})
	require.NoError(t, err)
	srv := warehouse.New(eng, warehouse.Config{Tokens: []string{testToken}})
	var aborted atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		laterChunk := strings.HasPrefix(p, "/sealane/results/") && !strings.HasSuffix(p, "/0")
		if laterChunk || strings.Contains(p, "/result/chunks/") {
			aborted.Add(1)
			panic(http.ErrAbortHandler)
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		ts.Close()
		require.NoError(t, srv.Close())
		require.NoError(t, eng.Close())
	})
	cfg := kernel.NewConfig(kernel.WithHost(ts.URL), kernel.WithHTTPPath(srv.Config().HTTPPath()), kernel.WithAccessToken(testToken))
	cfg.Retry.MinWait = 5 * time.Millisecond
	cfg.Retry.MaxWait = 50 * time.Millisecond
	c, err := kernel.Connect(context.Background(), cfg)
	require.NoError(t, err)

	const total = 3_000_000
	rdr, err := c.Query(context.Background(), "SELECT id, id * 2 AS a, CAST(id AS VARCHAR) AS s FROM range(3000000)")
	require.NoError(t, err)
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	err = rdr.Err()
	rdr.Release()
	require.Error(t, err, "read %d of %d rows and reported no error", rows, total)
	require.Less(t, rows, int64(total))
	require.True(t, kernel.IsTransferError(err), "a transfer error: %v", err)
	require.False(t, errors.Is(err, io.EOF), "a failure must not look like the end of the stream: %v", err)
	require.Contains(t, err.Error(), "statement ")
	var re *kernel.ResultError
	require.ErrorAs(t, err, &re, "the statement and chunk are fields, not only text")
	require.NotEmpty(t, re.StatementID)
	require.Contains(t, err.Error(), "statement "+re.StatementID)
	require.Positive(t, re.Chunk, "a later chunk is to blame")
	require.Positive(t, aborted.Load(), "the test must have cut downloads")
	_ = c.Close() // the server is gone: closing the session fails, which is expected here
}
