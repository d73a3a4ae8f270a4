package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// streamBudget is the result memory budget of the streaming tests: far
// below their results, so most chunks must spill.
const streamBudget = 256 << 10

// TestResultFlowsThroughBudget: a result 30 times the memory budget comes
// back whole (every row, in order), the store never held more than the
// budget in memory, and the rest went to disk — for plain and LZ4 chunks.
func TestResultFlowsThroughBudget(t *testing.T) {
	for _, comp := range []sea.Compression{sea.CompressionNone, sea.CompressionLZ4Frame} {
		t.Run(string(comp), func(t *testing.T) {
			c, srv := newWarehouse(t, warehouse.Config{MemoryBudget: streamBudget, ChunkBytes: 64 << 10})
			const n = 1_000_000 // 8 MB of BIGINT
			resp := succeed(t, c, sea.ExecuteStatementRequest{
				Statement: "SELECT id AS i FROM range(1000000)", WaitTimeout: "30s",
				Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream, ResultCompression: comp,
			})
			require.EqualValues(t, n, resp.Manifest.TotalRowCount)
			require.Equal(t, sequence(n), int64s(t, arrowResult(t, c, resp), 0))
			_, peak, spilled := srv.StoreStats()
			require.LessOrEqual(t, peak, int64(streamBudget), "bytes held in memory at once")
			require.Positive(t, spilled, "chunks beyond the budget spill")
		})
	}
}

// TestChunksStoredWhileStatementRuns: chunks reach the store while the
// engine is still producing the result. The statement fails after 8 MB
// of rows; by then its first chunks were already cut and stored (a
// materialising engine fails before handing out a row, storing nothing).
// The failed statement's chunks are freed.
func TestChunksStoredWhileStatementRuns(t *testing.T) {
	c, srv := newWarehouse(t, warehouse.Config{MemoryBudget: streamBudget, ChunkBytes: 64 << 10})
	st := failed(t, c, sea.ExecuteStatementRequest{
		Statement:   "SELECT CASE WHEN id < 1000000 THEN id ELSE raise_error('late failure') END AS i FROM range(1100000)",
		WaitTimeout: "30s", Disposition: sea.DispositionExternalLinks, Format: sea.FormatArrowStream,
	})
	require.Contains(t, st.Error.Message, "late failure")
	used, peak, spilled := srv.StoreStats()
	require.Positive(t, spilled, "chunks were stored (and spilled) before the statement failed")
	require.LessOrEqual(t, peak, int64(streamBudget))
	require.Zero(t, used, "a failed statement's chunks are released")
}

// TestInlineLimitStopsEarly: an INLINE statement whose result outgrows the
// inline limit fails with INLINE_RESULT_TOO_LARGE without reading the rest
// of a result that would never fit in memory.
func TestInlineLimitStopsEarly(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{InlineLimit: 64 << 10})
	st := failed(t, c, sea.ExecuteStatementRequest{
		Statement:   "SELECT id AS i FROM range(1000000000000)",
		WaitTimeout: "30s", Disposition: sea.DispositionInline, Format: sea.FormatJSONArray,
	})
	require.Contains(t, st.Error.Message, "[INLINE_RESULT_TOO_LARGE]")
}
