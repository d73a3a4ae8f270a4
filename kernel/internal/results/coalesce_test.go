package results_test

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestCoalescedStrings reads string columns (with nulls and empty strings)
// coalesced across many small chunks: their offsets and values come from the
// reader's pool of reused, unzeroed buffers, so every value must still be
// the one the server sent, batch after batch.
func TestCoalescedStrings(t *testing.T) {
	const n = 300000
	e := newEnv(t, warehouse.Config{ChunkBytes: 64 << 10})
	q := fmt.Sprintf(`SELECT id, CASE WHEN id %% 7 = 0 THEN NULL WHEN id %% 5 = 0 THEN ''
		ELSE 'row_' || CAST(id AS VARCHAR) END AS s, CAST(id AS VARCHAR)::BLOB AS b FROM range(%d)`, n)
	for _, comp := range []sea.Compression{sea.CompressionLZ4Frame, sea.CompressionNone} {
		t.Run(string(comp), func(t *testing.T) {
			resp := e.links(t, q, comp)
			require.Greater(t, resp.Manifest.TotalChunkCount, 10)
			rdr := e.open(t, t.Context(), resp, e.config(resp.StatementID))
			defer rdr.Release()
			var next int64
			for rdr.Next() {
				rec := rdr.RecordBatch()
				ids := rec.Column(0).(*array.Int64)
				s, b := rec.Column(1).(*array.String), rec.Column(2).(*array.Binary)
				for i := range ids.Len() {
					id := ids.Value(i)
					require.Equal(t, next, id)
					switch {
					case id%7 == 0:
						require.True(t, s.IsNull(i), "row %d", id)
					case id%5 == 0:
						require.Equal(t, "", s.Value(i), "row %d", id)
					default:
						require.Equal(t, fmt.Sprintf("row_%d", id), s.Value(i), "row %d", id)
					}
					require.Equal(t, fmt.Sprint(id), string(b.Value(i)), "row %d", id)
					next++
				}
			}
			require.NoError(t, rdr.Err())
			require.Equal(t, int64(n), next)
		})
	}
}
