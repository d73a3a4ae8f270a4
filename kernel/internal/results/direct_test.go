package results_test

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// directQuery mixes fixed-width, string, boolean and NULL columns, as
// issue 15's result does.
const directQuery = `SELECT id, CAST(id AS DOUBLE) / 3 AS third,
	CASE WHEN id %% 7 = 0 THEN NULL ELSE 'row_' || CAST(id %% 1000 AS VARCHAR) END AS label,
	id %% 2 = 0 AS even FROM range(%d)`

// keepAll reads every batch of rdr, retained.
func keepAll(t *testing.T, rdr array.RecordReader) []arrow.RecordBatch {
	t.Helper()
	var out []arrow.RecordBatch
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	require.NoError(t, rdr.Err())
	return out
}

// TestUncompressedMatchesLZ4: an uncompressed result, whose batches slice
// the download buffers, reads the same batches as the LZ4 one, whose
// batches slice decompressed copies, passed through or coalesced.
func TestUncompressedMatchesLZ4(t *testing.T) {
	const rows = 200000
	e := newEnv(t, warehouse.Config{ChunkBytes: 256 << 10})
	for _, batchRows := range []int{-1, 0} {
		var got [2][]arrow.RecordBatch
		for i, comp := range []sea.Compression{sea.CompressionLZ4Frame, sea.CompressionNone} {
			resp := e.links(t, fmt.Sprintf(directQuery, rows), comp)
			require.Greater(t, resp.Manifest.TotalChunkCount, 5)
			require.Equal(t, comp == sea.CompressionLZ4Frame, resp.Manifest.ResultCompression == sea.CompressionLZ4Frame)
			cfg := e.config(resp.StatementID)
			cfg.BatchRows = batchRows
			rdr := e.open(t, t.Context(), resp, cfg)
			got[i] = keepAll(t, rdr)
			rdr.Release()
		}
		require.Equal(t, len(got[0]), len(got[1]), "batch rows %d", batchRows)
		var n int64
		for i := range got[0] {
			require.True(t, array.RecordEqual(got[0][i], got[1][i]), "batch rows %d, batch %d", batchRows, i)
			n += got[1][i].NumRows()
			got[0][i].Release()
			got[1][i].Release()
		}
		require.EqualValues(t, rows, n)
	}
}

// TestUncompressedBatchOutlivesReader: a batch kept while the rest of the
// result is read (its chunk's buffer is not reused for later chunks) and
// after the reader is released still holds its rows; a reader released
// half-way leaves no Arrow memory (checked at cleanup) and no goroutine.
func TestUncompressedBatchOutlivesReader(t *testing.T) {
	const rows = 300000
	e := newEnv(t, warehouse.Config{ChunkBytes: 128 << 10})
	resp := e.links(t, fmt.Sprintf(idsQuery, rows), sea.CompressionNone)
	require.Greater(t, resp.Manifest.TotalChunkCount, 10)
	cfg := e.config(resp.StatementID)
	cfg.BatchRows = -1
	rdr := e.open(t, t.Context(), resp, cfg)
	require.True(t, rdr.Next(), "%v", rdr.Err())
	kept := rdr.RecordBatch()
	kept.Retain()
	n := kept.NumRows()
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	require.EqualValues(t, rows, n)
	rdr.Release()
	ids, twice := kept.Column(0).(*array.Int64), kept.Column(1).(*array.Int64)
	for i := range ids.Len() {
		require.Equal(t, int64(i), ids.Value(i))
		require.Equal(t, 2*int64(i), twice.Value(i))
	}
	kept.Release()

	fresh, err := e.c.Get(t.Context(), resp.StatementID)
	require.NoError(t, err)
	half := e.open(t, t.Context(), fresh, cfg)
	var got int64
	for got < rows/2 && half.Next() {
		got += half.RecordBatch().NumRows()
	}
	require.NoError(t, half.Err())
	half.Release()
}
